/*
 * address.h - RFC 5321 mailbox and path parsing.
 *
 * Owns: the Reverse-path / Forward-path grammar of RFC 5321 4.1.2
 * ("<" [ A-d-l ":" ] Mailbox ">" and the null path "<>"), with quoted local
 * parts, source routes parsed and ignored (4.1.1.3 and appendix C: never
 * used for routing), SMTPUTF8 local parts and domains (RFC 6531 3.3), and
 * the domain normalised through domain.h.  The local part is preserved as
 * written (case kept), except that a quoted string whose content needs no
 * quoting is unquoted into its canonical dot-string form.
 */
#ifndef ZM_ADDRESS_H
#define ZM_ADDRESS_H

#include <stdbool.h>
#include <stddef.h>
#include "zmlimits.h"

struct mail_address {
	char local[ZM_LOCAL_MAX];    /* as written, unquoted content when quoted */
	size_t local_len;
	char domain[ZM_DOMAIN_MAX];  /* normalised (domain.h); "" for <> and "postmaster" */
	bool is_null;                /* "<>" */
	bool local_was_quoted;
	bool local_needs_quotes;     /* content has specials: quote to print it */
	bool domain_is_literal;
	bool had_source_route;       /* "@a,@b:" was present and dropped */
	bool is_utf8;                /* non-ASCII in local part or domain */
};

enum address_flags {
	ADDR_ALLOW_NULL = 1,         /* "<>" allowed (reverse path) */
	ADDR_ALLOW_UTF8 = 2,         /* SMTPUTF8 in effect */
	ADDR_ALLOW_POSTMASTER = 4,   /* "<Postmaster>" without a domain (4.5.1) */
	ADDR_NO_BRACKETS = 8,        /* parse a bare mailbox "user@domain" */
};

enum address_result {
	ADDR_OK = 0,
	ADDR_SYNTAX = -1,       /* does not match the grammar */
	ADDR_TOO_LONG = -2,     /* local part > 64 octets or path > 256 (4.5.3.1) */
	ADDR_BAD_DOMAIN = -3,   /* domain did not normalise */
	ADDR_UTF8_NOT_ALLOWED = -4,
};

/*
 * Parse a path at in[0..len).  *consumed (may be NULL) gets the number of
 * bytes used, so the caller can parse parameters after it (MAIL FROM:<a>
 * SIZE=...).  Returns ADDR_OK or a negative address_result.
 */
int address_parse(const char *in, size_t len, unsigned flags,
		  struct mail_address *out, size_t *consumed);

/* Print as "local@domain" (quoting the local part if needed; "" for null).
 * Returns the length, or -1 if it does not fit. */
int address_format(const struct mail_address *a, char *out, size_t outlen);

/* Compare: local parts byte-for-byte, domains normalised. */
bool address_equal(const struct mail_address *a, const struct mail_address *b);

#endif
