/*
 * sasl.c - SASL PLAIN (RFC 4616) and LOGIN decoding (interface: sasl.h).
 *
 * RFC 4616 2: message = [authzid] UTF8NUL authcid UTF8NUL passwd, where each
 * field is 1*SAFE (UTF-8 per RFC 3629 without NUL), so a valid message has
 * exactly two NULs, and authcid and passwd are not empty.  We accept fields
 * up to SASL_FIELD_MAX-1 octets (the RFC asks for at least 255).
 * LOGIN (draft-murchison-sasl-login) is one base64 answer per prompt.
 * Every buffer that held decoded bytes is wiped before it goes out of scope.
 */
#include <string.h>

#include "base64.h"
#include "domain.h"
#include "sasl.h"

/* The longest PLAIN message: three full fields and two NULs. */
#define PLAIN_MAX (3 * (SASL_FIELD_MAX - 1) + 2)

/* RFC 4954 4, RFC 5034 4: "=" alone is an empty initial response. */
static bool is_empty_response(const char *b64, size_t len)
{
	return len == 0 || (len == 1 && b64[0] == '=');
}

/* RFC 3629 4 (UTF8-octets), with the tighter second-byte ranges that rule
 * out overlong forms, surrogates and code points above U+10FFFF. */
bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		unsigned char lo = 0x80, hi = 0xbf;
		size_t n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			if (c == 0xe0)
				lo = 0xa0;      /* overlong below U+0800 */
			else if (c == 0xed)
				hi = 0x9f;      /* surrogates U+D800..U+DFFF */
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			if (c == 0xf0)
				lo = 0x90;      /* overlong below U+10000 */
			else if (c == 0xf4)
				hi = 0x8f;      /* above U+10FFFF */
		} else {
			return false;           /* 0x80..0xc1 (continuation, overlong), 0xf5.. */
		}
		if (len - i - 1 < n)
			return false;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return false;
		for (k = 2; k <= n; k++)
			if (p[i + k] < 0x80 || p[i + k] > 0xbf)
				return false;
		i += n + 1;
	}
	return true;
}

void sasl_credentials_wipe(struct sasl_credentials *creds)
{
	if (creds)
		explicit_bzero(creds, sizeof(*creds));
}

/* One PLAIN field: 1..SASL_FIELD_MAX-1 octets (0 allowed when may_be_empty),
 * valid UTF-8; the caller has already split at the NULs. */
static bool field_ok(const unsigned char *f, size_t len, bool may_be_empty)
{
	if (len == 0)
		return may_be_empty;
	return len <= SASL_FIELD_MAX - 1 && utf8_valid((const char *)f, len);
}

int sasl_plain_decode(const char *b64, size_t len, struct sasl_credentials *out)
{
	unsigned char buf[PLAIN_MAX];
	const unsigned char *nul1, *nul2;
	size_t zlen, clen, plen, n;
	long dlen;
	int rc = SASL_BAD_FORMAT;

	explicit_bzero(out, sizeof(*out));
	if (is_empty_response(b64, len))
		return SASL_BAD_FORMAT;
	if (len > base64_encoded_len(PLAIN_MAX))
		return SASL_BAD_FORMAT;
	dlen = base64_decode(b64, len, buf, sizeof(buf));
	if (dlen < 0) {
		/* Malformed, or valid but decoding to more than PLAIN_MAX. */
		rc = base64_decoded_len(b64, len) < 0 ? SASL_BAD_BASE64 : SASL_BAD_FORMAT;
		goto out;
	}
	n = (size_t)dlen;
	nul1 = memchr(buf, '\0', n);
	if (!nul1)
		goto out;
	nul2 = memchr(nul1 + 1, '\0', n - (size_t)(nul1 + 1 - buf));
	if (!nul2)
		goto out;
	/* Exactly two NULs: none in the passwd. */
	if (memchr(nul2 + 1, '\0', n - (size_t)(nul2 + 1 - buf)))
		goto out;
	zlen = (size_t)(nul1 - buf);
	clen = (size_t)(nul2 - nul1 - 1);
	plen = n - (size_t)(nul2 + 1 - buf);
	if (!field_ok(buf, zlen, true) || !field_ok(nul1 + 1, clen, false) ||
	    !field_ok(nul2 + 1, plen, false))
		goto out;
	memcpy(out->authzid, buf, zlen);
	out->authzid[zlen] = '\0';
	memcpy(out->authcid, nul1 + 1, clen);
	out->authcid[clen] = '\0';
	memcpy(out->passwd, nul2 + 1, plen);
	out->passwd[plen] = '\0';
	out->passwd_len = plen;
	rc = SASL_OK;
out:
	explicit_bzero(buf, sizeof(buf));
	if (rc != SASL_OK)
		explicit_bzero(out, sizeof(*out));
	return rc;
}

int sasl_login_decode(const char *b64, size_t len, char *out, size_t outmax, size_t *outlen)
{
	long want, dlen;
	int rc = SASL_BAD_FORMAT;

	*outlen = 0;
	if (outmax == 0)
		return SASL_BAD_FORMAT;
	explicit_bzero(out, outmax);
	if (is_empty_response(b64, len))
		return SASL_BAD_FORMAT;
	want = base64_decoded_len(b64, len);
	if (want < 0)
		return SASL_BAD_BASE64;
	if ((size_t)want > outmax - 1)
		return SASL_BAD_FORMAT;
	dlen = base64_decode(b64, len, out, outmax - 1);
	if (dlen != want) {
		rc = SASL_BAD_BASE64;
		goto fail;
	}
	if (dlen == 0 || memchr(out, '\0', (size_t)dlen) || !utf8_valid(out, (size_t)dlen))
		goto fail;
	out[dlen] = '\0';
	*outlen = (size_t)dlen;
	return SASL_OK;
fail:
	explicit_bzero(out, outmax);
	return rc;
}

/* ASCII-only case-insensitive equality (independent of the locale). */
static bool ascii_case_equal(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
		if (x == '\0')
			return true;
	}
}

bool sasl_authzid_allowed(const struct sasl_credentials *creds)
{
	const char *z = creds->authzid, *c = creds->authcid;
	const char *zat, *cat;

	if (z[0] == '\0')
		return true;
	zat = strrchr(z, '@');
	cat = strrchr(c, '@');
	if (!zat || !cat)
		return strcmp(z, c) == 0;
	/* Local parts exact (RFC 5321 2.4: the local part may be case
	 * sensitive); domains in any case or IDN spelling. */
	if (zat - z != cat - c || memcmp(z, c, (size_t)(zat - z)) != 0)
		return false;
	if (ascii_case_equal(zat + 1, cat + 1))
		return true;
	return domain_equal(zat + 1, cat + 1);
}
