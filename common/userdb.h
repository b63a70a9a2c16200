/*
 * userdb.h - who the mail users are and where their mail lives.
 *
 * Owns: the users file format and system-account lookup, without any
 * password checking (deliver links this, not auth.c, so its setuid surface
 * stays small).
 *
 * Users file (auth_mode = file), one user a line, '#' comments:
 *     address:hash:owner:group:maildir
 *   address  full address, user@domain (domain compared case-insensitively,
 *            IDN forms equal); the local part is matched exactly
 *   hash     crypt(3) hash (yescrypt "$y$..." recommended); "" or one
 *            starting with '!' or '*' = cannot log in, still receives mail
 *   owner    system user (name or number) owning the Maildir
 *   group    system group (name or number); "" = owner's primary group
 *   maildir  absolute path of the Maildir
 * System accounts (auth_mode = system): the local part is a login name from
 * passwd (uid >= 1000 or listed...), Maildir at $HOME/<system_maildir>,
 * hash from shadow.
 */
#ifndef ZM_USERDB_H
#define ZM_USERDB_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "config.h"

struct mail_user {
	char address[ZM_ADDR_MAX];  /* canonical: local@normalised-domain */
	char login[ZM_ADDR_MAX];    /* what the user logs in as */
	uid_t uid;
	gid_t gid;
	char maildir[ZM_PATH_MAX];
	char hash[256];             /* crypt hash; "" = cannot log in */
};

enum userdb_result { USERDB_OK = 0, USERDB_NOT_FOUND = 1, USERDB_TEMPFAIL = -1 };

/*
 * Find the user whose address is local@domain (domain NULL or "" in system
 * mode matches any local domain).  Returns USERDB_OK and fills *out,
 * USERDB_NOT_FOUND, or USERDB_TEMPFAIL (file unreadable, malformed line for
 * that user: err gets "file:line: ...").
 */
int userdb_lookup(const struct zm_config *cfg, const char *local,
		  const char *domain, struct mail_user *out,
		  char *err, size_t errlen);

/* Lookup by login name as typed at AUTH/USER/LOGIN ("user@domain" in file
 * mode, or a bare name in system mode). */
int userdb_lookup_login(const struct zm_config *cfg, const char *login,
			struct mail_user *out, char *err, size_t errlen);

/* Wipe the hash field. */
void mail_user_wipe(struct mail_user *u);

#endif
