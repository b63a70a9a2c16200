/*
 * domain.c - domain names, normalised through libidn2.
 *
 * Owns: the one canonical spelling of a domain (lower-case A-labels, no
 * trailing dot) and of an address literal (RFC 5321 4.1.3).  See domain.h.
 *
 * Rules:
 *  - A name that is pure ASCII and has no "xn--" label is checked against
 *    the LDH grammar of RFC 5321 4.1.2 (sub-domain = Let-dig [Ldh-str]),
 *    labels of 1..63 octets (RFC 1035 2.3.4), and lower-cased.  libidn2 is
 *    not used for it, so that legacy names with "--" in positions 3-4 (which
 *    IDNA2008 reserves but which exist) stay usable.
 *  - Any other name (U-labels, A-labels) goes through idn2_lookup_u8() with
 *    IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL (IDNA2008 + UTS #46 mapping,
 *    which lower-cases), and its output is checked with the same LDH rule.
 *    A name mixing U-labels with a reserved "ab--c" label is refused.
 *  - One trailing dot is removed first; the whole result is at most 255
 *    octets (RFC 5321 4.5.3.1.2).
 *  - Literals: "[a.b.c.d]" (IPv4, inet_pton) and "[IPv6:...]" (tag in any
 *    case, inet_pton); printed back with inet_ntop, so "[IPv6:2001:DB8:0::1]"
 *    becomes "[IPv6:2001:db8::1]".  General-address-literal is refused.
 */
#include <arpa/inet.h>
#include <idn2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain.h"

/* Longest input considered at all (a U-label domain can be longer than its
 * A-label form, but not by more than 4x per code point). */
#define DOMAIN_INPUT_MAX 1024
#define DOMAIN_OUT_MAX 255

static bool is_alnum_ascii(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* LDH check of s[0..len): labels 1..63 octets of letters, digits and
 * hyphens, not starting or ending with a hyphen. */
static bool ldh_valid(const char *s, size_t len)
{
	size_t label = 0;

	if (len == 0 || len > DOMAIN_OUT_MAX)
		return false;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == '.') {
			if (label == 0 || label > 63)
				return false;
			if (s[i - 1] == '-')
				return false;
			label = 0;
			continue;
		}
		unsigned char c = (unsigned char)s[i];
		if (c == '-') {
			if (label == 0)
				return false;
		} else if (!is_alnum_ascii(c)) {
			return false;
		}
		label++;
	}
	return true;
}

static void lower_ascii(char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Does s[0..len) need IDNA processing: any non-ASCII octet, or a label
 * beginning with "xn--" (any case)? */
static bool needs_idna(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)s[i] >= 0x80)
			return true;
		if ((i == 0 || s[i - 1] == '.') && len - i >= 4 && strncasecmp(s + i, "xn--", 4) == 0)
			return true;
	}
	return false;
}

static int literal_normalize(const char *in, size_t len, char *out, size_t outlen)
{
	char buf[64];
	unsigned char addr[16];
	char txt[INET6_ADDRSTRLEN];
	const char *body = in + 1;
	size_t blen = len - 2;
	int af = AF_INET;
	int n;

	if (len < 3 || in[len - 1] != ']')
		return DOMAIN_INVALID;
	if (blen >= 5 && strncasecmp(body, "IPv6:", 5) == 0) {
		af = AF_INET6;
		body += 5;
		blen -= 5;
	}
	if (blen == 0 || blen >= sizeof(buf) || memchr(body, '\0', blen))
		return DOMAIN_INVALID;
	memcpy(buf, body, blen);
	buf[blen] = '\0';
	if (inet_pton(af, buf, addr) != 1 || !inet_ntop(af, addr, txt, sizeof(txt)))
		return DOMAIN_INVALID;
	n = snprintf(out, outlen, af == AF_INET6 ? "[IPv6:%s]" : "[%s]", txt);
	if (n < 0 || (size_t)n >= outlen)
		return DOMAIN_INVALID;
	return DOMAIN_LITERAL;
}

int domain_normalize(const char *in, size_t len, char *out, size_t outlen)
{
	char buf[DOMAIN_INPUT_MAX + 1];

	if (!out || outlen == 0)
		return DOMAIN_INVALID;
	out[0] = '\0';
	if (!in || len == 0 || len > DOMAIN_INPUT_MAX || memchr(in, '\0', len))
		return DOMAIN_INVALID;
	if (in[0] == '[')
		return literal_normalize(in, len, out, outlen);
	/* One trailing dot (the root) is dropped: "example.org." */
	if (in[len - 1] == '.')
		len--;
	if (len == 0)
		return DOMAIN_INVALID;
	memcpy(buf, in, len);
	buf[len] = '\0';

	if (!needs_idna(buf, len)) {
		if (!ldh_valid(buf, len) || len >= outlen)
			return DOMAIN_INVALID;
		memcpy(out, buf, len + 1);
		lower_ascii(out);
		return DOMAIN_OK;
	}

	uint8_t *ascii = NULL;
	int rc = idn2_lookup_u8((const uint8_t *)buf, &ascii, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
	if (rc != IDN2_OK || !ascii)
		return DOMAIN_INVALID;
	size_t alen = strlen((const char *)ascii);
	/* UTS #46 may itself leave a trailing dot (a mapped full stop). */
	if (alen > 0 && ascii[alen - 1] == '.')
		alen--;
	if (!ldh_valid((const char *)ascii, alen) || alen >= outlen) {
		free(ascii);
		return DOMAIN_INVALID;
	}
	memcpy(out, ascii, alen);
	out[alen] = '\0';
	free(ascii);
	lower_ascii(out);
	return DOMAIN_OK;
}

void domain_to_unicode(const char *ascii, char *out, size_t outlen)
{
	char *u = NULL;

	if (!out || outlen == 0)
		return;
	out[0] = '\0';
	if (!ascii)
		return;
	if (ascii[0] != '[' && idn2_to_unicode_8z8z(ascii, &u, 0) == IDN2_OK && u &&
	    strlen(u) < outlen) {
		memcpy(out, u, strlen(u) + 1);
		free(u);
		return;
	}
	free(u);
	snprintf(out, outlen, "%s", ascii);
}

bool domain_equal(const char *a, const char *b)
{
	char na[DOMAIN_OUT_MAX + 1], nb[DOMAIN_OUT_MAX + 1];

	if (!a || !b)
		return false;
	if (domain_normalize(a, strlen(a), na, sizeof(na)) == DOMAIN_INVALID ||
	    domain_normalize(b, strlen(b), nb, sizeof(nb)) == DOMAIN_INVALID)
		return false;
	return strcmp(na, nb) == 0;
}
