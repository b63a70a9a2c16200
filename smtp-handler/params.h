/*
 * params.h - the arguments of MAIL FROM: and RCPT TO:.
 *
 * Owns: splitting "FROM:<path> params" / "TO:<path> params", and the
 * ESMTP parameters zeromail understands (RFC 5321 4.1.2 esmtp-param):
 * SIZE (RFC 1870), BODY=7BIT|8BITMIME|BINARYMIME (RFC 6152, RFC 3030),
 * SMTPUTF8 (RFC 6531), RET and ENVID (RFC 3461 4.3, 4.4), AUTH (RFC 4954 5),
 * NOTIFY and ORCPT (RFC 3461 4.1, 4.2).  Pure functions: no I/O, so they
 * can be fuzzed.  Every refusal carries its reply code, enhanced status
 * code and text.
 */
#ifndef ZM_SMTP_PARAMS_H
#define ZM_SMTP_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "address.h"

/* RFC 3461 4.4: ENVID at most 100 characters; 4.2: ORCPT at most 500. */
#define SMTP_ENVID_MAX 101
#define SMTP_ORCPT_MAX 501

enum smtp_body { BODY_UNSPECIFIED = 0, BODY_7BIT, BODY_8BITMIME, BODY_BINARYMIME };
enum smtp_ret { RET_UNSPECIFIED = 0, RET_FULL, RET_HDRS };
enum smtp_notify {
	NOTIFY_NEVER = 1,
	NOTIFY_SUCCESS = 2,
	NOTIFY_FAILURE = 4,
	NOTIFY_DELAY = 8,
};

struct mail_params {
	bool has_size;
	uint64_t size;
	enum smtp_body body;
	bool smtputf8;
	enum smtp_ret ret;
	char envid[SMTP_ENVID_MAX];   /* xtext as sent, "" = none */
	bool has_auth;                /* AUTH=<...> given (ignored, RFC 4954 5) */
};

struct rcpt_params {
	unsigned notify;              /* enum smtp_notify bits, 0 = not given */
	char orcpt[SMTP_ORCPT_MAX];   /* "rfc822;xtext" as sent, "" = none */
};

/* A refusal: "<code> <enhanced> <text>". */
struct smtp_refusal {
	int code;
	const char *enhanced;
	const char *text;
};

/*
 * Parse the argument of MAIL (arg[0..len) is everything after "MAIL"):
 * " FROM:" (any case; blanks around the colon tolerated as Postfix does),
 * the reverse path, then parameters separated by spaces.  utf8_allowed
 * says whether SMTPUTF8 is offered.  Returns 0 with *addr and *p filled,
 * or -1 with *why set.
 */
int smtp_parse_mail(const char *arg, size_t len, struct mail_address *addr,
		    struct mail_params *p, struct smtp_refusal *why);

/* The same for RCPT (" TO:" forward path, NOTIFY/ORCPT); smtputf8 says
 * whether the transaction's MAIL had SMTPUTF8 (a UTF-8 path needs it). */
int smtp_parse_rcpt(const char *arg, size_t len, bool smtputf8, struct mail_address *addr,
		    struct rcpt_params *p, struct smtp_refusal *why);

/* true when s[0..len) is valid xtext (RFC 3461 4: "+" HEXCHAR HEXCHAR or
 * any of 33..126 but "+" and "="). */
bool smtp_xtext_valid(const char *s, size_t len);

#endif
