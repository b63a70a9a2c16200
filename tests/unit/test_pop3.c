/*
 * test_pop3.c - the pure parts of pop3-handler: command-line syntax
 * (parse.c) and the message encoder (wire.c), fed whole and a byte at a
 * time.  The session itself is tested by tests/integration/pop3_*.py.
 *
 * The Makefile links unit tests with libzmcommon only, so the two source
 * files are compiled into this test directly.
 */
#include <stdlib.h>

#include "../../pop3-handler/parse.c"
#include "../../pop3-handler/wire.c"
#include "tap.h"

static int parse(const char *s, struct pop3_line *l)
{
	return pop3_parse_line(s, strlen(s), l);
}

static int tok_eq(const struct pop3_token *t, const char *s)
{
	return t->len == strlen(s) && memcmp(t->p, s, t->len) == 0;
}

static void test_parse_basic(void)
{
	struct pop3_line l;

	CHECK_EQ_INT(parse("STAT", &l), POP3_PARSE_OK);
	CHECK(tok_eq(&l.name, "STAT"));
	CHECK_EQ_INT(l.argc, 0);
	CHECK_EQ_INT(l.rest.len, 0);
	CHECK(pop3_token_is(&l.name, "STAT"));

	CHECK_EQ_INT(parse("top 12 0", &l), POP3_PARSE_OK);
	CHECK(pop3_token_is(&l.name, "TOP"));
	CHECK(!pop3_token_is(&l.name, "TOPS"));
	CHECK_EQ_INT(l.argc, 2);
	CHECK(tok_eq(&l.argv[0], "12"));
	CHECK(tok_eq(&l.argv[1], "0"));

	/* runs of blanks between arguments; rest keeps them verbatim */
	CHECK_EQ_INT(parse("PASS  my secret ", &l), POP3_PARSE_OK);
	CHECK(tok_eq(&l.rest, " my secret "));
	CHECK_EQ_INT(l.argc, 2);
	CHECK(tok_eq(&l.argv[0], "my"));

	CHECK_EQ_INT(parse("LIST 1 2 3 4", &l), POP3_PARSE_OK);
	CHECK(!l.too_many);
	CHECK_EQ_INT(parse("LIST 1 2 3 4 5", &l), POP3_PARSE_OK);
	CHECK(l.too_many);
	CHECK_EQ_INT(l.argc, POP3_MAX_ARGS);
}

static void test_parse_bad(void)
{
	struct pop3_line l;

	CHECK_EQ_INT(parse("", &l), POP3_PARSE_EMPTY);
	CHECK_EQ_INT(parse("   ", &l), POP3_PARSE_EMPTY);
	CHECK_EQ_INT(parse(" STAT", &l), POP3_PARSE_KEYWORD);
	CHECK_EQ_INT(parse("STATS", &l), POP3_PARSE_KEYWORD);
	CHECK_EQ_INT(parse("ST-T", &l), POP3_PARSE_KEYWORD);
	CHECK_EQ_INT(parse("NOOP\tx", &l), POP3_PARSE_CONTROL);
	CHECK_EQ_INT(parse("NOOP\r", &l), POP3_PARSE_CONTROL);
	CHECK_EQ_INT(parse("N\x7fOP", &l), POP3_PARSE_CONTROL);
	CHECK_EQ_INT(pop3_parse_line("ST\0AT", 5, &l), POP3_PARSE_CONTROL);
	CHECK_EQ_INT(parse("USER j\xc3\xb6rg@example.org", &l), POP3_PARSE_OK);
	CHECK_EQ_INT(parse("USER j\xf6rg@example.org", &l), POP3_PARSE_UTF8);
	CHECK_EQ_INT(parse("USER \xed\xa0\x80", &l), POP3_PARSE_UTF8);   /* a surrogate */
	CHECK_EQ_INT(parse("\xc3\xb6\xc3\xb6", &l), POP3_PARSE_KEYWORD);
}

static void test_numbers_and_codes(void)
{
	struct pop3_token t;
	uint64_t v;

	t.p = "42"; t.len = 2;
	CHECK(pop3_parse_number(&t, &v) && v == 42);
	t.p = "007"; t.len = 3;
	CHECK(pop3_parse_number(&t, &v) && v == 7);
	t.p = "-1"; t.len = 2;
	CHECK(!pop3_parse_number(&t, &v));
	t.p = "99999999999999999999"; t.len = 20;
	CHECK(!pop3_parse_number(&t, &v));
	t.p = ""; t.len = 0;
	CHECK(!pop3_parse_number(&t, &v));

	CHECK(pop3_code_name(P3C_NONE) == NULL);
	CHECK_EQ_STR(pop3_code_name(P3C_AUTH), "AUTH");
	CHECK_EQ_STR(pop3_code_name(P3C_SYS_TEMP), "SYS/TEMP");
	CHECK_EQ_STR(pop3_code_name(P3C_SYS_PERM), "SYS/PERM");
	CHECK_EQ_STR(pop3_code_name(P3C_IN_USE), "IN-USE");
	CHECK_EQ_STR(pop3_code_name(P3C_LOGIN_DELAY), "LOGIN-DELAY");
	CHECK(pop3_code_name((enum pop3_code)99) == NULL);
}

static void test_lang(void)
{
	static const char *const valid[] = { "*", "en", "EN", "en-GB", "de-CH-1901", "x-klingon", "abcdefgh" };
	static const char *const invalid[] = { "", "-", "en-", "en_US", "abcdefghi", "en-abcdefghi", "1en", "en--x" };
	struct pop3_token t;

	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		t.p = valid[i]; t.len = strlen(valid[i]);
		CHECK(pop3_lang_range_valid(&t));
	}
	for (size_t i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		t.p = invalid[i]; t.len = strlen(invalid[i]);
		CHECK(!pop3_lang_range_valid(&t));
	}
	t.p = "*"; t.len = 1;
	CHECK_EQ_STR(pop3_lang_pick(&t), "en");
	t.p = "En-gb"; t.len = 5;
	CHECK_EQ_STR(pop3_lang_pick(&t), "en");
	t.p = "eng"; t.len = 3;
	CHECK(pop3_lang_pick(&t) == NULL);
	t.p = "fr"; t.len = 2;
	CHECK(pop3_lang_pick(&t) == NULL);
}

/* Encode in[0..len) whole (or one byte at a time) and finish; the result
 * in a malloc'd buffer. */
static unsigned char *encode(const char *in, size_t len, bool stuff, bool limited, uint64_t lines,
			     bool bytewise, size_t *outlen)
{
	unsigned char *out = malloc(2 * len + 4);
	struct pop3_wire w;
	size_t n = 0;

	pop3_wire_init(&w, stuff, limited, lines);
	if (bytewise)
		for (size_t i = 0; i < len; i++)
			n += pop3_wire_encode(&w, (const unsigned char *)in + i, 1, out + n);
	else
		n = pop3_wire_encode(&w, (const unsigned char *)in, len, out);
	n += pop3_wire_finish(&w, out + n);
	*outlen = n;
	return out;
}

static void check_enc(const char *in, bool stuff, bool limited, uint64_t lines, const char *want)
{
	for (int bytewise = 0; bytewise < 2; bytewise++) {
		size_t n;
		unsigned char *out = encode(in, strlen(in), stuff, limited, lines, bytewise, &n);

		CHECK_MEM(out, n, want, strlen(want));
		if (n != strlen(want) || memcmp(out, want, n) != 0)
			printf("#   input \"%s\" bytewise %d\n", in, bytewise);
		free(out);
	}
}

static void test_wire_retr(void)
{
	check_enc("a\nb\n", true, false, 0, "a\r\nb\r\n");
	check_enc("a\r\nb\r\n", true, false, 0, "a\r\nb\r\n");
	check_enc("a\rb\n", true, false, 0, "a\rb\r\n");
	check_enc(".\n..x\n.\r\n", true, false, 0, "..\r\n...x\r\n..\r\n");
	check_enc(".\n", false, false, 0, ".\r\n");
	check_enc("x.\n", true, false, 0, "x.\r\n");
	check_enc("no newline", true, false, 0, "no newline\r\n");
	check_enc(".last", true, false, 0, "..last\r\n");
	check_enc("ends in CR\r", true, false, 0, "ends in CR\r\n");
	check_enc("", true, false, 0, "");
	check_enc("\n\n", true, false, 0, "\r\n\r\n");
}

static void test_wire_top(void)
{
	const char *msg = "A: 1\nB: 2\n\nl1\n.l2\nl3\n";

	check_enc(msg, true, true, 0, "A: 1\r\nB: 2\r\n\r\n");
	check_enc(msg, true, true, 1, "A: 1\r\nB: 2\r\n\r\nl1\r\n");
	check_enc(msg, true, true, 2, "A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\n");
	check_enc(msg, true, true, 99, "A: 1\r\nB: 2\r\n\r\nl1\r\n..l2\r\nl3\r\n");
	/* the empty line may be CRLF; a line of one lone CR is not empty */
	check_enc("A: 1\r\n\r\nbody\r\n", true, true, 0, "A: 1\r\n\r\n");
	check_enc("A: 1\n\r\r\nx\n\nbody\n", true, true, 0, "A: 1\r\n\r\r\nx\r\n\r\n");
	/* no empty line: it is all header */
	check_enc("A: 1\nB: 2", true, true, 0, "A: 1\r\nB: 2\r\n");
	/* body without a final line end */
	check_enc("A: 1\n\nonly", true, true, 5, "A: 1\r\n\r\nonly\r\n");
}

/* The size count equals what deliver writes as W= (maildir.c), for
 * random data from an alphabet that stresses line ends and dots. */
static void test_wire_size_matches_maildir(void)
{
	static const char alphabet[] = "a.\r\n";
	char tmpl[] = "/tmp/zm-test-pop3.XXXXXX";
	char buf[512];
	struct maildir md;
	unsigned seed = 12345;

	if (!mkdtemp(tmpl)) {
		CHECK(0);
		return;
	}
	CHECK_EQ_INT(maildir_open(&md, tmpl, true, (uid_t)-1), MAILDIR_OK);
	for (int round = 0; round < 300; round++) {
		struct maildir_delivery d;
		struct pop3_wire w;
		size_t len = (size_t)(rand_r(&seed) % sizeof(buf)), got;
		unsigned char *out;

		for (size_t i = 0; i < len; i++)
			buf[i] = alphabet[rand_r(&seed) % 4];
		CHECK_EQ_INT(maildir_delivery_begin(&md, &d), MAILDIR_OK);
		CHECK_EQ_INT(maildir_delivery_write(&d, buf, len), MAILDIR_OK);
		pop3_wire_init(&w, false, false, 0);
		CHECK_EQ_INT(pop3_wire_encode(&w, (const unsigned char *)buf, len, NULL), d.crlf_size);
		maildir_delivery_abort(&md, &d);
		/* stuffed output un-stuffed is the unstuffed output */
		out = encode(buf, len, true, false, 0, round % 2, &got);
		CHECK(got >= d.crlf_size);
		free(out);
	}
	maildir_close(&md);
	tap_rm_rf_at(AT_FDCWD, tmpl);
}

int main(void)
{
	RUN(test_parse_basic);
	RUN(test_parse_bad);
	RUN(test_numbers_and_codes);
	RUN(test_lang);
	RUN(test_wire_retr);
	RUN(test_wire_top);
	RUN(test_wire_size_matches_maildir);
	return tap_done();
}
