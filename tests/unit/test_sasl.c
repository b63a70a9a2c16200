/*
 * test_sasl.c - SASL PLAIN (RFC 4616) and LOGIN decoding, the authzid
 * rule, strict UTF-8 validation, and wiping.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sasl.h"
#include "tap.h"

/* Base64 of raw[0..len) in a static buffer (big enough for the tests). */
static const char *b64(const void *raw, size_t len)
{
	static char out[8192];

	if (base64_encoded_len(len) >= sizeof(out))
		abort();
	base64_encode(raw, len, out);
	return out;
}

static int plain_raw(const void *raw, size_t len, struct sasl_credentials *c)
{
	const char *s = b64(raw, len);

	return sasl_plain_decode(s, strlen(s), c);
}

/* Literal with embedded NULs: its size without the final NUL. */
#define PLAIN(lit, c) plain_raw(lit, sizeof(lit) - 1, c)

static void test_plain_rfc4616_examples(void)
{
	struct sasl_credentials c;
	/* RFC 4616 4: "\0tim\0tanstaaftanstaaf" as sent on the wire. */
	const char *wire = "AHRpbQB0YW5zdGFhZnRhbnN0YWFm";

	CHECK_EQ_INT(sasl_plain_decode(wire, strlen(wire), &c), SASL_OK);
	CHECK_EQ_STR(c.authzid, "");
	CHECK_EQ_STR(c.authcid, "tim");
	CHECK_EQ_STR(c.passwd, "tanstaaftanstaaf");
	CHECK_EQ_INT(c.passwd_len, 16);
	CHECK(sasl_authzid_allowed(&c));
	sasl_credentials_wipe(&c);

	CHECK_EQ_INT(PLAIN("Ursel\0Kurt\0xipj3plmq", &c), SASL_OK);
	CHECK_EQ_STR(c.authzid, "Ursel");
	CHECK_EQ_STR(c.authcid, "Kurt");
	CHECK_EQ_STR(c.passwd, "xipj3plmq");
	CHECK_EQ_INT(c.passwd_len, 9);
	CHECK(!sasl_authzid_allowed(&c));   /* no proxy authorisation */
	sasl_credentials_wipe(&c);
}

static void test_plain_utf8_fields(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("\0j\xc3\xb6rg@b\xc3\xbc" "cher.example\0p\xc3\xa4ss \xe2\x82\xac\xf0\x9f\x94\x91", &c), SASL_OK);
	CHECK_EQ_STR(c.authcid, "j\xc3\xb6rg@b\xc3\xbc" "cher.example");
	CHECK_EQ_STR(c.passwd, "p\xc3\xa4ss \xe2\x82\xac\xf0\x9f\x94\x91");
	CHECK_EQ_INT(c.passwd_len, strlen(c.passwd));
	sasl_credentials_wipe(&c);
}

static void test_plain_empty_response(void)
{
	struct sasl_credentials c;

	/* "=" is how RFC 4954 sends an empty initial response: PLAIN needs a
	 * non-empty authcid, so it is a format error, as is "". */
	CHECK_EQ_INT(sasl_plain_decode("=", 1, &c), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(&c, sizeof(c)));
	CHECK_EQ_INT(sasl_plain_decode("", 0, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(sasl_plain_decode("==", 2, &c), SASL_BAD_BASE64);
}

static void test_plain_malformed_base64(void)
{
	static const char *bad[] = {
		"AHRpbQB0YW5zdGFhZn!hbnN0YWFm",   /* bad letter */
		"AHRpbQB0YW5zdGFhZnRhbnN0YWF",    /* length not a multiple of 4 */
		"AHRpbQB0 YW5zdGFhZnRhbnN0YWFm",  /* blank */
		"AHRpbQB0YW5zdGFhZnRhbnN0YWFm\r\n", /* CRLF left on */
		"AHRpbQ==B0YW5zdGFhZnRhbnN0YWFm", /* '=' in the middle */
		"AHRpbQB0YW5zdGFhZnRhbnN0YWFn",   /* fine letters ... */
		"AHRpbQB0YW5zdGFhZnRhbnN0YWF=",   /* ... wrong pad bits */
		"AHRpbQB0YW5zdGFhZnRhbnN0YQ=",    /* wrong padding count */
		"*",
	};
	struct sasl_credentials c;
	size_t i;

	/* Entry 5 is valid base64 (different passwd); skip it in the loop. */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (i == 5)
			continue;
		memset(&c, 0x55, sizeof(c));
		CHECK_EQ_INT(sasl_plain_decode(bad[i], strlen(bad[i]), &c), SASL_BAD_BASE64);
		CHECK(tap_all_zero(&c, sizeof(c)));
	}
	CHECK_EQ_INT(sasl_plain_decode(bad[5], strlen(bad[5]), &c), SASL_OK);
	sasl_credentials_wipe(&c);
}

static void test_plain_nul_count(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("timtanstaaf", &c), SASL_BAD_FORMAT);        /* no NUL */
	CHECK_EQ_INT(PLAIN("tim\0tanstaaf", &c), SASL_BAD_FORMAT);      /* one NUL */
	CHECK_EQ_INT(PLAIN("\0tim\0tan\0staaf", &c), SASL_BAD_FORMAT);  /* three NULs */
	CHECK_EQ_INT(PLAIN("\0tim\0tanstaaf\0", &c), SASL_BAD_FORMAT);  /* trailing NUL */
	CHECK_EQ_INT(PLAIN("\0\0tim\0pw", &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(PLAIN("\0\0\0", &c), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(&c, sizeof(c)));
}

static void test_plain_empty_fields(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("\0\0pw", &c), SASL_BAD_FORMAT);     /* empty authcid */
	CHECK_EQ_INT(PLAIN("\0tim\0", &c), SASL_BAD_FORMAT);    /* empty passwd */
	CHECK_EQ_INT(PLAIN("\0\0", &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(PLAIN("z\0\0", &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(PLAIN("\0a\0b", &c), SASL_OK);            /* one octet each */
	CHECK_EQ_STR(c.authcid, "a");
	CHECK_EQ_STR(c.passwd, "b");
	sasl_credentials_wipe(&c);
}

/* Build "z NUL c NUL p" with fields of the given lengths ('x' filled). */
static int plain_sizes(size_t zl, size_t cl, size_t pl, struct sasl_credentials *c)
{
	size_t n = zl + cl + pl + 2;
	char *raw = malloc(n);
	int rc;

	if (!raw)
		abort();
	memset(raw, 'x', n);
	raw[zl] = '\0';
	raw[zl + 1 + cl] = '\0';
	rc = plain_raw(raw, n, c);
	free(raw);
	return rc;
}

static void test_plain_field_lengths(void)
{
	struct sasl_credentials c;
	const size_t max = SASL_FIELD_MAX - 1;

	CHECK_EQ_INT(plain_sizes(max, max, max, &c), SASL_OK);
	CHECK_EQ_INT(strlen(c.authzid), max);
	CHECK_EQ_INT(strlen(c.authcid), max);
	CHECK_EQ_INT(c.passwd_len, max);
	CHECK_EQ_INT(strlen(c.passwd), max);
	sasl_credentials_wipe(&c);
	CHECK_EQ_INT(plain_sizes(max + 1, 3, 3, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(plain_sizes(0, max + 1, 3, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(plain_sizes(0, 3, max + 1, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(plain_sizes(0, 3, 3 * max, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(plain_sizes(max, max, max + 1, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(plain_sizes(0, 3, 4000, &c), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(&c, sizeof(c)));
	/* 255 octets each, the RFC's minimum. */
	CHECK_EQ_INT(plain_sizes(255, 255, 255, &c), SASL_OK);
	sasl_credentials_wipe(&c);
}

static void test_plain_too_long_base64(void)
{
	struct sasl_credentials c;
	size_t n = 100000, i;
	char *s = malloc(n);

	if (!s)
		abort();
	for (i = 0; i < n; i++)
		s[i] = 'A';
	CHECK_EQ_INT(sasl_plain_decode(s, n, &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(sasl_plain_decode(s, 2048, &c), SASL_BAD_FORMAT);  /* 1536 bytes */
	s[2047] = '=';
	s[2046] = '=';  /* 1534 zero bytes: valid length, many NULs */
	CHECK_EQ_INT(sasl_plain_decode(s, 2048, &c), SASL_BAD_FORMAT);
	free(s);
}

static void test_plain_invalid_utf8(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("\xff\0tim\0pw", &c), SASL_BAD_FORMAT);
	CHECK_EQ_INT(PLAIN("\0t\xc3\0pw", &c), SASL_BAD_FORMAT);           /* truncated */
	CHECK_EQ_INT(PLAIN("\0tim\0p\xc0\xafw", &c), SASL_BAD_FORMAT);     /* overlong '/' */
	CHECK_EQ_INT(PLAIN("\0tim\0\xed\xa0\x80", &c), SASL_BAD_FORMAT);   /* surrogate */
	CHECK_EQ_INT(PLAIN("\0tim\0\xf4\x90\x80\x80", &c), SASL_BAD_FORMAT); /* > U+10FFFF */
	CHECK_EQ_INT(PLAIN("\0tim\0\x80", &c), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(&c, sizeof(c)));
}

static void test_plain_failure_zeroes_output(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("\0tim\0secret", &c), SASL_OK);
	/* A later failure must not leave the earlier password behind. */
	CHECK_EQ_INT(PLAIN("\0tim\0sec\0ret", &c), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(&c, sizeof(c)));
}

static void test_wipe(void)
{
	struct sasl_credentials c;

	CHECK_EQ_INT(PLAIN("a@b.example\0a@b.example\0hunter2", &c), SASL_OK);
	CHECK(!tap_all_zero(&c, sizeof(c)));
	sasl_credentials_wipe(&c);
	CHECK(tap_all_zero(&c, sizeof(c)));
	sasl_credentials_wipe(NULL);   /* harmless */
}

static void test_login_decode(void)
{
	char out[SASL_FIELD_MAX];
	size_t n = 99;
	const char *s;

	s = b64("tim", 3);
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_OK);
	CHECK_EQ_STR(out, "tim");
	CHECK_EQ_INT(n, 3);
	/* The classic LOGIN exchange strings. */
	CHECK_EQ_INT(sasl_login_decode("dXNlcm5hbWU=", 12, out, sizeof(out), &n), SASL_OK);
	CHECK_EQ_STR(out, "username");
	s = b64("p\xc3\xa4ss w\xc3\xb6rd", 11);
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_OK);
	CHECK_EQ_INT(n, 11);
	explicit_bzero(out, sizeof(out));
}

static void test_login_bad(void)
{
	char out[16];
	size_t n = 99;
	const char *s;

	CHECK_EQ_INT(sasl_login_decode("=", 1, out, sizeof(out), &n), SASL_BAD_FORMAT);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(sasl_login_decode("", 0, out, sizeof(out), &n), SASL_BAD_FORMAT);
	CHECK_EQ_INT(sasl_login_decode("dGlt!", 5, out, sizeof(out), &n), SASL_BAD_BASE64);
	CHECK_EQ_INT(sasl_login_decode("dGl", 3, out, sizeof(out), &n), SASL_BAD_BASE64);
	CHECK_EQ_INT(sasl_login_decode("dGltdA=\n", 8, out, sizeof(out), &n), SASL_BAD_BASE64);
	CHECK_EQ_INT(sasl_login_decode("Zh==", 4, out, sizeof(out), &n), SASL_BAD_BASE64);
	s = b64("ti\0m", 4);                          /* NUL inside */
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(out, sizeof(out)));
	s = b64("tim\xe2\x82", 5);                    /* truncated UTF-8 */
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_BAD_FORMAT);
	CHECK(tap_all_zero(out, sizeof(out)));
	s = b64("0123456789abcdef", 16);              /* needs 17 with the NUL */
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_BAD_FORMAT);
	s = b64("0123456789abcde", 15);               /* exact fit */
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, sizeof(out), &n), SASL_OK);
	CHECK_EQ_INT(n, 15);
	CHECK_EQ_STR(out, "0123456789abcde");
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, 0, &n), SASL_BAD_FORMAT);
	CHECK_EQ_INT(sasl_login_decode(s, strlen(s), out, 1, &n), SASL_BAD_FORMAT);
	CHECK_EQ_INT(n, 0);
}

static bool authz(const char *z, const char *c)
{
	struct sasl_credentials cr;
	bool r;

	memset(&cr, 0, sizeof(cr));
	strcpy(cr.authzid, z);
	strcpy(cr.authcid, c);
	r = sasl_authzid_allowed(&cr);
	sasl_credentials_wipe(&cr);
	return r;
}

static void test_authzid_rule(void)
{
	CHECK(authz("", "tim@example.org"));
	CHECK(authz("tim@example.org", "tim@example.org"));
	CHECK(authz("tim@EXAMPLE.Org", "tim@example.org"));
	CHECK(!authz("Tim@example.org", "tim@example.org"));      /* local part exact */
	CHECK(!authz("tom@example.org", "tim@example.org"));
	CHECK(!authz("tim@example.com", "tim@example.org"));
	CHECK(!authz("tim@example.org", "tim"));                  /* one without '@' */
	CHECK(!authz("tim", "tim@example.org"));
	CHECK(authz("tim", "tim"));
	CHECK(!authz("TIM", "tim"));
	CHECK(!authz("ti", "tim"));
	CHECK(!authz("tim@", "tim@example.org"));
	CHECK(!authz("@example.org", "tim@example.org"));
	/* The last '@' splits. */
	CHECK(authz("\"a@b\"@Example.org", "\"a@b\"@example.org"));
	CHECK(!authz("\"a@B\"@example.org", "\"a@b\"@example.org"));
	/* IDN: U-label and A-label spellings of one domain. */
	CHECK(authz("tim@b\xc3\xbc" "cher.example", "tim@xn--bcher-kva.example"));
	CHECK(authz("tim@XN--BCHER-KVA.example", "tim@b\xc3\xbc" "cher.example"));
	CHECK(!authz("tim@bucher.example", "tim@b\xc3\xbc" "cher.example"));
}

static void test_utf8_valid(void)
{
	static const struct { const char *s; size_t len; bool ok; } cases[] = {
		{ "", 0, true },
		{ "plain ascii", 11, true },
		{ "\x00", 1, true },                  /* NUL is UTF-8 */
		{ "\x7f", 1, true },
		{ "\xc2\x80", 2, true },              /* U+0080 */
		{ "\xdf\xbf", 2, true },              /* U+07FF */
		{ "\xe0\xa0\x80", 3, true },          /* U+0800 */
		{ "\xed\x9f\xbf", 3, true },          /* U+D7FF */
		{ "\xee\x80\x80", 3, true },          /* U+E000 */
		{ "\xef\xbf\xbd", 3, true },          /* U+FFFD */
		{ "\xef\xbf\xbf", 3, true },          /* U+FFFF (noncharacter, valid) */
		{ "\xf0\x90\x80\x80", 4, true },      /* U+10000 */
		{ "\xf4\x8f\xbf\xbf", 4, true },      /* U+10FFFF */
		{ "\x80", 1, false },                 /* lone continuation */
		{ "\xbf", 1, false },
		{ "\xc0\x80", 2, false },             /* overlong NUL */
		{ "\xc1\xbf", 2, false },             /* overlong U+007F */
		{ "\xe0\x80\x80", 3, false },         /* overlong */
		{ "\xe0\x9f\xbf", 3, false },         /* overlong U+07FF */
		{ "\xf0\x80\x80\x80", 4, false },     /* overlong */
		{ "\xf0\x8f\xbf\xbf", 4, false },     /* overlong U+FFFF */
		{ "\xed\xa0\x80", 3, false },         /* U+D800 */
		{ "\xed\xbf\xbf", 3, false },         /* U+DFFF */
		{ "\xed\xa0\xbd\xed\xb2\xa9", 6, false }, /* CESU-8 pair */
		{ "\xf4\x90\x80\x80", 4, false },     /* U+110000 */
		{ "\xf5\x80\x80\x80", 4, false },
		{ "\xf8\x88\x80\x80\x80", 5, false }, /* 5-byte form */
		{ "\xfe", 1, false },
		{ "\xff", 1, false },
		{ "\xc2", 1, false },                 /* truncated */
		{ "\xe2\x82", 2, false },
		{ "\xf0\x9f\x94", 3, false },
		{ "\xc2\x41", 2, false },             /* bad continuation */
		{ "\xe2\x28\xa1", 3, false },
		{ "\xf0\x9f\x94\x41", 4, false },
		{ "a\xc3\xa9z\xe2\x82\xac\xf0\x9f\x98\x80", 11, true },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool got = utf8_valid(cases[i].s, cases[i].len);

		if (got != cases[i].ok)
			printf("#   utf8 case %zu: got %d\n", i, got);
		CHECK(got == cases[i].ok);
	}
}

static void test_utf8_exhaustive_two_bytes(void)
{
	/* Every 2-byte sequence: valid exactly when lead C2..DF and trail 80..BF. */
	unsigned a, b;
	int wrong = 0;

	for (a = 0x80; a < 0x100; a++)
		for (b = 0; b < 0x100; b++) {
			char s[2] = { (char)a, (char)b };
			bool want = a >= 0xc2 && a <= 0xdf && b >= 0x80 && b <= 0xbf;

			if (utf8_valid(s, 2) != want)
				wrong++;
		}
	CHECK_EQ_INT(wrong, 0);
}

int main(void)
{
	RUN(test_plain_rfc4616_examples);
	RUN(test_plain_utf8_fields);
	RUN(test_plain_empty_response);
	RUN(test_plain_malformed_base64);
	RUN(test_plain_nul_count);
	RUN(test_plain_empty_fields);
	RUN(test_plain_field_lengths);
	RUN(test_plain_too_long_base64);
	RUN(test_plain_invalid_utf8);
	RUN(test_plain_failure_zeroes_output);
	RUN(test_wipe);
	RUN(test_login_decode);
	RUN(test_login_bad);
	RUN(test_authzid_rule);
	RUN(test_utf8_valid);
	RUN(test_utf8_exhaustive_two_bytes);
	return tap_done();
}
