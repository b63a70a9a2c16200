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
 * Lines may carry leading/trailing blanks and a CR; fields are taken
 * verbatim (no blanks inside).  ANY malformed line (wrong field count, bad
 * address, relative maildir, line longer than USERDB_LINE_MAX, NUL byte)
 * makes every lookup fail with USERDB_TEMPFAIL "file:line: ...", so a broken
 * file is noticed instead of half-used.  Two lines for the address being
 * looked up are also an error.  owner/group are resolved (privdrop_lookup_*)
 * only for the matching line; an unknown owner there is USERDB_TEMPFAIL.
 * The file is re-read on every call, at most USERDB_FILE_MAX bytes.
 *
 * System accounts (auth_mode = system): the local part is a login name from
 * passwd, compared exactly as getpwnam does; Maildir at
 * $HOME/<system_maildir>, owner/group from passwd, hash from shadow
 * (getspnam; when shadow is unreadable, e.g. not root, the hash is "" and
 * logins fail closed while delivery still works).  uid 0 is never a mail
 * user: root is USERDB_NOT_FOUND (alias root to a person instead).
 * Shells such as /usr/sbin/nologin are not checked: such accounts receive
 * mail like any other.
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

#define USERDB_LINE_MAX 4096                 /* longer line = malformed */
#define USERDB_FILE_MAX (4UL * 1024 * 1024)  /* larger users/aliases file = tempfail */

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
 * mode, domain in any IDN form/case; a bare name in system mode, or
 * "name@local-domain").  Same returns as userdb_lookup. */
int userdb_lookup_login(const struct zm_config *cfg, const char *login,
			struct mail_user *out, char *err, size_t errlen);

/* userdb_lookup in users-file format over text[0..len) already in memory
 * (tests, fuzzing, and recipient.c which reads the file once per
 * resolution).  name is used in "name:line: ..." errors.  local NULL only
 * validates the whole text and returns USERDB_NOT_FOUND or TEMPFAIL. */
int userdb_lookup_buffer(const char *name, const char *text, size_t len,
			 const char *local, const char *domain,
			 struct mail_user *out, char *err, size_t errlen);

/* Validate the whole users file (file mode; 0 in system mode).  Returns 0
 * or -1 with "file:line: ..." in err. */
int userdb_check(const struct zm_config *cfg, char *err, size_t errlen);

/* Read a whole regular file of at most max bytes into a new NUL-terminated
 * buffer (*buf_r, free() it; *len_r excludes the NUL).  Returns 0, or -1
 * with "path: reason" in err.  Shared with recipient.c for the aliases
 * file. */
int userdb_read_file(const char *path, size_t max, char **buf_r, size_t *len_r,
		     char *err, size_t errlen);

/* Wipe the hash field. */
void mail_user_wipe(struct mail_user *u);

#endif
