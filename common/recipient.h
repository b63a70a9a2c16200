/*
 * recipient.h - aliases, local domains, and the one recipient resolution.
 *
 * Owns: the aliases file format (docs/config.md) and resolve_recipient(),
 * which deliver uses to find mailboxes and the SMTP handler uses to refuse
 * unknown users at RCPT time.  Both therefore always agree.
 *
 * Aliases file, one alias a line, '#' comments, continuation lines start
 * with a blank:
 *     name: target, target, ...
 *   name     "local" (applies in every local domain) or "local@domain"
 *   target   "user" (a local part in the same domain), "user@domain"
 *            (local or external), "|command" (only when
 *            allow_pipe_aliases = yes; refused otherwise), or "/path"
 *            (refused: file targets are not supported).
 * Aliases may point to aliases, up to ZM_MAX_ALIAS_DEPTH; a cycle is a loop.
 * Subaddressing: "user+folder@domain" resolves as "user@domain" with folder
 * "folder" (recipient_delimiter, default '+'); an alias for the full
 * "user+folder" wins over the split.
 *
 * Details of the file format:
 *   - '#' lines (after blanks) are ignored wherever they are; a blank line
 *     ends an entry, so a continuation must follow its entry directly.
 *   - targets are separated by commas; empty targets (a trailing comma
 *     before a continuation line) are ignored; a target may be written in
 *     double quotes, e.g. "|/bin/cmd a, b" for a command with a comma.
 *   - a name given twice (same local part and domain) is an error.
 *   - any syntax error makes resolution fail with RESOLVE_TEMPFAIL
 *     "file:line: ..." (a broken file is noticed, not half-used).  The file
 *     is re-read on every call, at most USERDB_FILE_MAX bytes.
 *
 * Resolution order for local@domain (domain must be local, else
 * RESOLVE_NOT_LOCAL):
 *   1. alias "local@domain", then alias "local";
 *   2. user local@domain (userdb_lookup);
 *   3. with a delimiter in local: base = up to the FIRST delimiter, folder =
 *      the rest; alias for base (folder dropped), else user base with the
 *      folder (a folder that is empty, starts with '.', or holds '/', ".."
 *      or control characters is dropped: the mail goes to the inbox);
 *   4. "postmaster" (any case, RFC 5321 4.5.1): an alias for "root";
 *   5. RESOLVE_NO_USER.
 * Local parts are compared exactly, except "postmaster" in any case.
 * "<Postmaster>" without a domain resolves in the first local domain.
 * An alias target naming the alias itself ("alice: alice, bob") is the user
 * of that name, not a loop; any other cycle is RESOLVE_LOOP.  An alias
 * target that names no user or alias makes the whole recipient
 * RESOLVE_NO_USER.  Resolution does at most 4 * ZM_MAX_ALIAS_TARGETS steps
 * (else RESOLVE_REFUSED).  Mailbox targets carry no password hash (wiped).
 */
#ifndef ZM_RECIPIENT_H
#define ZM_RECIPIENT_H

#include <stdbool.h>
#include <stddef.h>
#include "address.h"
#include "config.h"
#include "userdb.h"

enum recipient_kind { RCPT_MAILBOX, RCPT_EXTERNAL, RCPT_PIPE };

struct recipient_target {
	enum recipient_kind kind;
	struct mail_user user;          /* RCPT_MAILBOX: the owner and Maildir */
	char folder[ZM_LOCAL_MAX];      /* RCPT_MAILBOX: subaddress folder or "" */
	char address[ZM_ADDR_MAX];      /* final address (mailbox: user's; external: target) */
	char command[ZM_PATH_MAX];      /* RCPT_PIPE */
};

enum resolve_result {
	RESOLVE_OK = 0,
	RESOLVE_NOT_LOCAL = 1,     /* domain is not one of ours */
	RESOLVE_NO_USER = 2,       /* local domain, no such user or alias */
	RESOLVE_LOOP = 3,          /* alias cycle or too deep */
	RESOLVE_REFUSED = 4,       /* a target kind that is not allowed (pipe, file) */
	RESOLVE_TEMPFAIL = -1,     /* a file could not be read */
};

/*
 * Resolve one recipient to up to max targets (out[0..*n)).  Duplicate
 * targets are removed.  err gets a message on RESOLVE_TEMPFAIL/REFUSED/LOOP.
 */
int resolve_recipient(const struct zm_config *cfg, const struct mail_address *rcpt,
		      struct recipient_target *out, size_t max, size_t *n,
		      char *err, size_t errlen);

/*
 * The same resolution for many recipients (deliver's arguments, an SMTP
 * session's RCPTs): the aliases and users files are read once, at the
 * first local recipient, and kept until recipient_db_close (which wipes
 * the users text, it holds password hashes).  resolve_recipient() is this
 * with a db of one recipient.
 */
struct recipient_db {
	const struct zm_config *cfg;
	bool loaded;
	char *aliases, *users;
	size_t aliases_len, users_len;
};

void recipient_db_init(struct recipient_db *db, const struct zm_config *cfg);
int recipient_db_resolve(struct recipient_db *db, const struct mail_address *rcpt,
			 struct recipient_target *out, size_t max, size_t *n,
			 char *err, size_t errlen);
void recipient_db_close(struct recipient_db *db);

/* Check the aliases file for syntax; returns 0 or -1 with "file:line: ..."
 * (0 when aliases_file is ""). */
int aliases_check(const struct zm_config *cfg, char *err, size_t errlen);

/* Check aliases text in memory; name is used in "name:line: ..." errors.
 * Returns 0 or -1. */
int aliases_parse_buffer(const char *name, const char *text, size_t len,
			 char *err, size_t errlen);

/*
 * resolve_recipient with the files given in memory (tests, fuzzing):
 * aliases NULL = no aliases; users NULL = cfg's users source (the users
 * file, or system accounts), else users-file text.  Same returns.
 */
int resolve_recipient_buffers(const struct zm_config *cfg,
			      const char *aliases, size_t aliases_len,
			      const char *users, size_t users_len,
			      const struct mail_address *rcpt,
			      struct recipient_target *out, size_t max, size_t *n,
			      char *err, size_t errlen);

#endif
