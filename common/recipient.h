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

/* Check the aliases file for syntax; returns 0 or -1 with "file:line: ..." */
int aliases_check(const struct zm_config *cfg, char *err, size_t errlen);

#endif
