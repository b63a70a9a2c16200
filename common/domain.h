/*
 * domain.h - domain names, normalised through libidn2.
 *
 * Owns: turning any spelling of a domain (U-labels, A-labels, any case, a
 * trailing dot) into one canonical form: lower-case A-labels, no trailing
 * dot, so that comparisons are a plain strcmp.  Address literals
 * ("[192.0.2.1]", "[IPv6:...]", RFC 5321 4.1.3) are kept as literals in a
 * canonical spelling and flagged.
 */
#ifndef ZM_DOMAIN_H
#define ZM_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

enum domain_result {
	DOMAIN_OK = 0,
	DOMAIN_LITERAL = 1,     /* OK, and it is an address literal */
	DOMAIN_INVALID = -1,    /* bad syntax, bad IDN, too long */
};

/*
 * Normalise in[0..len) into out (outlen bytes, NUL-terminated; at least
 * 256 bytes).  Accepts UTF-8 U-labels (IDNA2008 via libidn2, with
 * transitional mapping off and lower-casing on), A-labels, and literals.
 * A single trailing dot is removed ("example.org." is "example.org").
 * Returns DOMAIN_OK, DOMAIN_LITERAL or DOMAIN_INVALID.
 */
int domain_normalize(const char *in, size_t len, char *out, size_t outlen);

/* U-label form of an already normalised domain, for display; falls back to
 * a copy on failure. */
void domain_to_unicode(const char *ascii, char *out, size_t outlen);

/* Compare two domains in any spelling; invalid ones never match. */
bool domain_equal(const char *a, const char *b);

#endif
