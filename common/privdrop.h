/*
 * privdrop.h - giving up root for good.
 *
 * Owns: the one order of the drop (setgroups, setresgid, setresuid) and its
 * verification with getresuid/getresgid, so a failed or partial drop is
 * always detected (OpenSMTPD, tinyssh).
 */
#ifndef ZM_PRIVDROP_H
#define ZM_PRIVDROP_H

#include <sys/types.h>

/* Become uid/gid with supplementary groups [gid] only.  Returns 0, or -1
 * with errno set; on -1 the caller must exit: it may be half-dropped.
 * If we already are exactly uid/gid (not root), succeeds without change. */
int privdrop_to(uid_t uid, gid_t gid);

/* Look up a user by name or by decimal number ("1000").  Returns 0 or -1. */
int privdrop_lookup_user(const char *name, uid_t *uid, gid_t *gid);
int privdrop_lookup_group(const char *name, gid_t *gid);

#endif
