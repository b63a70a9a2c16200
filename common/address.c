/*
 * address.c - RFC 5321 paths and mailboxes (see address.h).
 *
 * Grammar (RFC 5321 4.1.2, with RFC 6531 3.3 for SMTPUTF8):
 *   Reverse-path = Path / "<>"          Forward-path = Path
 *   Path         = "<" [ A-d-l ":" ] Mailbox ">"
 *   A-d-l        = At-domain *( "," At-domain )     ; parsed, then dropped
 *   Mailbox      = Local-part "@" ( Domain / address-literal )
 *   Local-part   = Dot-string / Quoted-string
 *   Dot-string   = Atom *( "." Atom ),   Atom = 1*atext  (+ UTF8-non-ascii)
 *   Quoted-string = DQUOTE *( qtextSMTP / "\" %d32-126 ) DQUOTE
 *   Domain       = sub-domain *( "." sub-domain )   ; no trailing dot here
 * plus "<Postmaster>" (4.5.1) when ADDR_ALLOW_POSTMASTER is given.
 *
 * Source routes are recognised and ignored (4.1.1.3, appendix C): the
 * mailbox alone is kept.  Relay tricks stay literal: "user%other@here",
 * "host!user@here" and "\"a@b\"@here" keep "user%other", "host!user" and
 * "a@b" as the local part, which then simply is not a user here.
 *
 * Limits (4.5.3.1): the local part as written at most 64 octets, the domain
 * at most 255, the whole path from "<" to ">" at most 256.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "domain.h"

#define LOCAL_LIMIT 64
#define DOMAIN_LIMIT 255
#define PATH_LIMIT 256

/* RFC 5322 3.2.3 atext, ASCII part. */
static bool is_atext(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	return c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL;
}

static bool is_letdig(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/*
 * Length of one well-formed UTF-8 sequence (RFC 3629: no overlongs, no
 * surrogates, at most U+10FFFF) starting at s[0] (>= 0x80), or 0.
 */
static size_t utf8_seq(const unsigned char *s, size_t len)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (len < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* A non-ASCII octet at in[*p]: a valid UTF-8 sequence, allowed only with
 * SMTPUTF8.  Returns 0 and advances, or a negative address_result. */
static int take_utf8(const unsigned char *in, size_t len, size_t *p, unsigned flags, bool *utf8)
{
	size_t n = utf8_seq(in + *p, len - *p);

	if (n == 0)
		return ADDR_SYNTAX;
	if (!(flags & ADDR_ALLOW_UTF8))
		return ADDR_UTF8_NOT_ALLOWED;
	*p += n;
	*utf8 = true;
	return 0;
}

/* Scan a Domain (not a literal) at in[*p]; stops at the first octet that
 * cannot continue it.  Checks the dot structure and the LDH characters;
 * the rest (IDNA, label lengths) is domain_normalize's. */
static int scan_domain(const unsigned char *in, size_t len, size_t *p, unsigned flags, bool *utf8)
{
	size_t start = *p;
	bool label_empty = true;

	while (*p < len) {
		unsigned char c = in[*p];
		if (c == '.') {
			if (label_empty)
				return ADDR_SYNTAX;
			label_empty = true;
			(*p)++;
		} else if (is_letdig(c) || c == '-') {
			label_empty = false;
			(*p)++;
		} else if (c >= 0x80) {
			int r = take_utf8(in, len, p, flags, utf8);
			if (r < 0)
				return r;
			label_empty = false;
		} else {
			break;
		}
	}
	/* Empty domain, or a trailing dot: not in the SMTP Domain grammar. */
	if (*p == start || label_empty)
		return ADDR_SYNTAX;
	return 0;
}

/* Dot-string test for the canonical (unquoted) form of a local part. */
static bool is_dot_string(const char *s, size_t len)
{
	bool atom_empty = true;

	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '.') {
			if (atom_empty)
				return false;
			atom_empty = true;
		} else if (is_atext(c) || c >= 0x80) {
			atom_empty = false;
		} else {
			return false;
		}
	}
	return !atom_empty;
}

int address_parse(const char *input, size_t len, unsigned flags,
		  struct mail_address *out, size_t *consumed)
{
	const unsigned char *in = (const unsigned char *)input;
	bool brackets = !(flags & ADDR_NO_BRACKETS);
	bool utf8 = false;
	size_t p = 0, path_start = 0, local_start, local_end, dom_start, dom_end;
	int r;

	memset(out, 0, sizeof(*out));
	if (consumed)
		*consumed = 0;
	if (!input)
		return ADDR_SYNTAX;

	if (brackets) {
		if (len == 0 || in[0] != '<')
			return ADDR_SYNTAX;
		p = 1;
		if (p < len && in[p] == '>') {
			if (!(flags & ADDR_ALLOW_NULL))
				return ADDR_SYNTAX;
			p++;
			goto null_path;
		}
		/* A-d-l ":" : source route, parsed and dropped. */
		if (p < len && in[p] == '@') {
			for (;;) {
				p++;   /* the '@' */
				r = scan_domain(in, len, &p, flags | ADDR_ALLOW_UTF8, &utf8);
				if (r < 0)
					return ADDR_SYNTAX;
				if (p - path_start > PATH_LIMIT)
					return ADDR_TOO_LONG;
				if (p < len && in[p] == ',' && p + 1 < len && in[p + 1] == '@') {
					p++;
					continue;
				}
				if (p < len && in[p] == ':') {
					p++;
					break;
				}
				return ADDR_SYNTAX;
			}
			out->had_source_route = true;
			utf8 = false;   /* a dropped route does not make the address UTF-8 */
		}
	} else if (len == 0 && (flags & ADDR_ALLOW_NULL)) {
		goto null_path;
	}

	/* Local-part */
	local_start = p;
	if (p < len && in[p] == '"') {
		p++;
		for (;;) {
			if (p >= len)
				return ADDR_SYNTAX;
			unsigned char c = in[p];
			if (c == '"') {
				p++;
				break;
			}
			if (c == '\\') {
				if (p + 1 >= len || in[p + 1] < 32 || in[p + 1] > 126)
					return ADDR_SYNTAX;
				p += 2;
			} else if (c >= 0x80) {
				r = take_utf8(in, len, &p, flags, &utf8);
				if (r < 0)
					return r;
			} else if (c >= 32 && c <= 126) {
				p++;
			} else {
				return ADDR_SYNTAX;
			}
			if (p - local_start > LOCAL_LIMIT + 2)
				return ADDR_TOO_LONG;
		}
		out->local_was_quoted = true;
	} else {
		bool atom_empty = true;
		while (p < len) {
			unsigned char c = in[p];
			if (c == '.') {
				if (atom_empty)
					return ADDR_SYNTAX;
				atom_empty = true;
				p++;
			} else if (is_atext(c)) {
				atom_empty = false;
				p++;
			} else if (c >= 0x80) {
				r = take_utf8(in, len, &p, flags, &utf8);
				if (r < 0)
					return r;
				atom_empty = false;
			} else {
				break;
			}
			if (p - local_start > LOCAL_LIMIT)
				return ADDR_TOO_LONG;
		}
		if (atom_empty)
			return ADDR_SYNTAX;
	}
	local_end = p;
	if (local_end - local_start > LOCAL_LIMIT)
		return ADDR_TOO_LONG;

	/* Copy the local part: quoted content unescaped. */
	if (out->local_was_quoted) {
		for (size_t i = local_start + 1; i < local_end - 1; i++) {
			if (in[i] == '\\')
				i++;
			out->local[out->local_len++] = (char)in[i];
		}
	} else {
		memcpy(out->local, in + local_start, local_end - local_start);
		out->local_len = local_end - local_start;
	}
	out->local[out->local_len] = '\0';
	out->local_needs_quotes = !is_dot_string(out->local, out->local_len);

	/* "<Postmaster>" without a domain (4.5.1), unquoted, no route. */
	if ((flags & ADDR_ALLOW_POSTMASTER) && !out->local_was_quoted && !out->had_source_route &&
	    out->local_len == 10 && strncasecmp(out->local, "postmaster", 10) == 0 &&
	    (brackets ? (p < len && in[p] == '>') : (p >= len || in[p] != '@'))) {
		if (brackets)
			p++;
		out->is_utf8 = false;
		goto done;
	}

	if (p >= len || in[p] != '@')
		return ADDR_SYNTAX;
	p++;

	/* Domain / address-literal */
	dom_start = p;
	if (p < len && in[p] == '[') {
		while (p < len && in[p] != ']') {
			if (in[p] < 33 || in[p] > 126 || p - dom_start > DOMAIN_LIMIT)
				return in[p] >= 33 && in[p] <= 126 ? ADDR_TOO_LONG : ADDR_SYNTAX;
			p++;
		}
		if (p >= len)
			return ADDR_SYNTAX;
		p++;
	} else {
		r = scan_domain(in, len, &p, flags, &utf8);
		if (r < 0)
			return r;
	}
	dom_end = p;
	if (dom_end - dom_start > DOMAIN_LIMIT)
		return ADDR_TOO_LONG;
	if (brackets) {
		if (p >= len || in[p] != '>')
			return ADDR_SYNTAX;
		p++;
	}
	if (brackets && p - path_start > PATH_LIMIT)
		return ADDR_TOO_LONG;
	/* Without brackets the mailbox itself is held to the path limit minus
	 * the two brackets. */
	if (!brackets && p - local_start > PATH_LIMIT - 2)
		return ADDR_TOO_LONG;

	r = domain_normalize((const char *)in + dom_start, dom_end - dom_start,
			     out->domain, sizeof(out->domain));
	if (r == DOMAIN_INVALID) {
		out->domain[0] = '\0';
		return ADDR_BAD_DOMAIN;
	}
	if ((r == DOMAIN_LITERAL) != (in[dom_start] == '['))
		return ADDR_BAD_DOMAIN;
	out->domain_is_literal = r == DOMAIN_LITERAL;
	out->is_utf8 = utf8;

done:
	/* Without consumed, the whole input must be the path. */
	if (!consumed && p != len) {
		memset(out, 0, sizeof(*out));
		return ADDR_SYNTAX;
	}
	if (consumed)
		*consumed = p;
	return ADDR_OK;

null_path:
	out->is_null = true;
	if (!consumed && p != len) {
		memset(out, 0, sizeof(*out));
		return ADDR_SYNTAX;
	}
	if (consumed)
		*consumed = p;
	return ADDR_OK;
}

int address_format(const struct mail_address *a, char *out, size_t outlen)
{
	size_t o = 0;

#define PUT(ch) do { if (o + 1 >= outlen) goto toolong; out[o++] = (char)(ch); } while (0)
	if (!out || outlen == 0)
		return -1;
	if (a->is_null) {
		out[0] = '\0';
		return 0;
	}
	if (a->local_needs_quotes) {
		PUT('"');
		for (size_t i = 0; i < a->local_len; i++) {
			/* quoted-pairSMTP for the two octets qtextSMTP lacks */
			if (a->local[i] == '"' || a->local[i] == '\\')
				PUT('\\');
			PUT(a->local[i]);
		}
		PUT('"');
	} else {
		for (size_t i = 0; i < a->local_len; i++)
			PUT(a->local[i]);
	}
	if (a->domain[0]) {
		PUT('@');
		for (const char *d = a->domain; *d; d++)
			PUT(*d);
	}
	out[o] = '\0';
	return (int)o;
toolong:
	out[0] = '\0';
	return -1;
#undef PUT
}

bool address_equal(const struct mail_address *a, const struct mail_address *b)
{
	if (a->is_null || b->is_null)
		return a->is_null && b->is_null;
	return a->local_len == b->local_len &&
	       memcmp(a->local, b->local, a->local_len) == 0 &&
	       strcmp(a->domain, b->domain) == 0;
}
