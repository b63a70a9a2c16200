/*
 * test_address.c - RFC 5321 4.1.2 paths: null path, quoted local parts,
 * quoted-pairs, source routes (dropped), <Postmaster>, 4.5.3.1 limits,
 * SMTPUTF8 (RFC 6531 3.3), relay tricks kept literal, consumed offsets,
 * formatting with quoting.
 */
#include <string.h>

#include "address.h"
#include "tap.h"

static struct mail_address A;

static int P(const char *s, unsigned flags)
{
	return address_parse(s, strlen(s), flags, &A, NULL);
}

static const char *F(void)
{
	static char buf[ZM_ADDR_MAX];
	if (address_format(&A, buf, sizeof(buf)) < 0)
		return "(format failed)";
	return buf;
}

static void test_simple(void)
{
	CHECK_EQ_INT(P("<User.Name@Example.ORG>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "User.Name");   /* case kept */
	CHECK_EQ_INT(A.local_len, 9);
	CHECK_EQ_STR(A.domain, "example.org");
	CHECK(!A.is_null && !A.local_was_quoted && !A.local_needs_quotes);
	CHECK_EQ_STR(F(), "User.Name@example.org");
	CHECK_EQ_INT(P("<a@b>", 0), ADDR_OK);
	CHECK_EQ_INT(P("a@b.example", ADDR_NO_BRACKETS), ADDR_OK);
	CHECK_EQ_STR(F(), "a@b.example");
}

static void test_syntax_errors(void)
{
	const char *bad[] = {
		"", "<", ">", "<>x", "a@b", "<a@b", "<a@b>>", "<@>", "<a@>", "<@b>",
		"<a>", "<.a@b>", "<a.@b>", "<a..b@c>", "<a b@c>", "<a@b c>",
		"<\"unterminated@b>", "<\"a\\\x01\"@b>", "<\"a\x7f\"@b>", "<a@b..c>",
		"<a@.b>", "<a@b_c.d>", "<a@b@c>", "<a(b)@c>", " <a@b>", "<a@b >",
		"<a@[192.0.2.1>", "<a@b,c>", "<@a:>", "<@a,b:c@d>", "<@a;c@d>",
		"<a@b\r\n>", "<\"a\"b@c>",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int r = P(bad[i], ADDR_ALLOW_NULL);
		if (r == ADDR_OK)
			printf("# accepted: %s\n", bad[i]);
		CHECK(r != ADDR_OK);
	}
}

static void test_null_path(void)
{
	CHECK_EQ_INT(P("<>", ADDR_ALLOW_NULL), ADDR_OK);
	CHECK(A.is_null);
	CHECK_EQ_STR(F(), "");
	CHECK_EQ_INT(P("<>", 0), ADDR_SYNTAX);   /* not a forward path */
	CHECK_EQ_INT(P("", ADDR_ALLOW_NULL | ADDR_NO_BRACKETS), ADDR_OK);
	CHECK(A.is_null);
	CHECK_EQ_INT(P("", ADDR_NO_BRACKETS), ADDR_SYNTAX);
}

static void test_quoted(void)
{
	CHECK_EQ_INT(P("<\"john doe\"@example.org>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "john doe");
	CHECK(A.local_was_quoted && A.local_needs_quotes);
	CHECK_EQ_STR(F(), "\"john doe\"@example.org");
	/* Quoted but needing no quotes: canonical dot-string form. */
	CHECK_EQ_INT(P("<\"john.doe\"@example.org>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "john.doe");
	CHECK(A.local_was_quoted && !A.local_needs_quotes);
	CHECK_EQ_STR(F(), "john.doe@example.org");
	CHECK_EQ_INT(P("<\"\"@example.org>", 0), ADDR_OK);
	CHECK_EQ_INT(A.local_len, 0);
	CHECK_EQ_STR(F(), "\"\"@example.org");
	CHECK_EQ_INT(P("<\"a..b\"@x.org>", 0), ADDR_OK);
	CHECK(A.local_needs_quotes);
}

static void test_quoted_pairs(void)
{
	CHECK_EQ_INT(P("<\"a\\\"b\\\\c\"@x.org>", 0), ADDR_OK);   /* "a\"b\\c" */
	CHECK_EQ_STR(A.local, "a\"b\\c");
	CHECK_EQ_STR(F(), "\"a\\\"b\\\\c\"@x.org");
	CHECK_EQ_INT(P("<\"\\a\"@x.org>", 0), ADDR_OK);   /* \a is just a */
	CHECK_EQ_STR(A.local, "a");
	CHECK(!A.local_needs_quotes);
	/* Round trip through format and parse. */
	char buf[ZM_ADDR_MAX + 2];
	CHECK_EQ_INT(P("<\"x y\\\"z\"@x.org>", 0), ADDR_OK);
	struct mail_address first = A;
	buf[0] = '<';
	CHECK(address_format(&first, buf + 1, sizeof(buf) - 2) > 0);
	strcat(buf, ">");
	CHECK_EQ_INT(P(buf, 0), ADDR_OK);
	CHECK(address_equal(&first, &A));
}

static void test_source_route(void)
{
	CHECK_EQ_INT(P("<@relay1.example,@relay2.example:joe@target.example>", 0), ADDR_OK);
	CHECK(A.had_source_route);
	CHECK_EQ_STR(A.local, "joe");
	CHECK_EQ_STR(A.domain, "target.example");   /* the route is not used */
	CHECK_EQ_STR(F(), "joe@target.example");
	CHECK_EQ_INT(P("<@a.example:joe@b.example>", 0), ADDR_OK);
	CHECK_EQ_STR(A.domain, "b.example");
	CHECK_EQ_INT(P("@a:joe@b.example", ADDR_NO_BRACKETS), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<@a:Postmaster>", ADDR_ALLOW_POSTMASTER), ADDR_SYNTAX);
}

static void test_postmaster(void)
{
	CHECK_EQ_INT(P("<Postmaster>", ADDR_ALLOW_POSTMASTER), ADDR_OK);
	CHECK_EQ_STR(A.local, "Postmaster");
	CHECK_EQ_STR(A.domain, "");
	CHECK_EQ_STR(F(), "Postmaster");
	CHECK_EQ_INT(P("<POSTMASTER>", ADDR_ALLOW_POSTMASTER), ADDR_OK);
	CHECK_EQ_INT(P("<Postmaster>", 0), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<\"Postmaster\">", ADDR_ALLOW_POSTMASTER), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<postmistress>", ADDR_ALLOW_POSTMASTER), ADDR_SYNTAX);
	CHECK_EQ_INT(P("postmaster", ADDR_ALLOW_POSTMASTER | ADDR_NO_BRACKETS), ADDR_OK);
	/* With a domain it is an ordinary mailbox. */
	CHECK_EQ_INT(P("<Postmaster@Example.org>", ADDR_ALLOW_POSTMASTER), ADDR_OK);
	CHECK_EQ_STR(A.domain, "example.org");
}

static void test_limits(void)
{
	char buf[600];

	/* local part: 64 ok, 65 too long */
	buf[0] = '<';
	memset(buf + 1, 'a', 64);
	strcpy(buf + 65, "@x.org>");
	CHECK_EQ_INT(P(buf, 0), ADDR_OK);
	memset(buf + 1, 'a', 65);
	strcpy(buf + 66, "@x.org>");
	CHECK_EQ_INT(P(buf, 0), ADDR_TOO_LONG);
	/* quoted local part counts as written */
	strcpy(buf, "<\"");
	memset(buf + 2, 'b', 63);
	strcpy(buf + 65, "\"@x.org>");
	CHECK_EQ_INT(P(buf, 0), ADDR_TOO_LONG);
	/* domain > 255 */
	strcpy(buf, "<a@");
	for (int i = 0; i < 5; i++) {
		memset(buf + 3 + i * 60, 'c', 59);
		buf[3 + i * 60 + 59] = '.';
	}
	strcpy(buf + 3 + 300, "org>");
	CHECK_EQ_INT(P(buf, 0), ADDR_TOO_LONG);
	/* path > 256 with a 64-octet local part and a 192-octet domain */
	buf[0] = '<';
	memset(buf + 1, 'a', 64);
	buf[65] = '@';
	for (int i = 0; i < 3; i++) {
		memset(buf + 66 + i * 64, 'd', 63);
		buf[66 + i * 64 + 63] = '.';
	}
	strcpy(buf + 66 + 192, "org>");
	CHECK_EQ_INT(P(buf, 0), ADDR_TOO_LONG);
	/* a long source route also counts toward the path */
	strcpy(buf, "<");
	for (int i = 0; i < 5; i++)
		strcat(buf, "@relay-relay-relay-relay-relay-relay-relay-relay.example,");
	strcat(buf, "@r.example:a@b.example>");
	CHECK_EQ_INT(P(buf, 0), ADDR_TOO_LONG);
}

static void test_utf8(void)
{
	CHECK_EQ_INT(P("<jösé@example.org>", 0), ADDR_UTF8_NOT_ALLOWED);
	CHECK_EQ_INT(P("<jösé@example.org>", ADDR_ALLOW_UTF8), ADDR_OK);
	CHECK(A.is_utf8);
	CHECK_EQ_STR(A.local, "jösé");
	CHECK(!A.local_needs_quotes);
	CHECK_EQ_INT(P("<a@bücher.example>", 0), ADDR_UTF8_NOT_ALLOWED);
	CHECK_EQ_INT(P("<a@bücher.example>", ADDR_ALLOW_UTF8), ADDR_OK);
	CHECK_EQ_STR(A.domain, "xn--bcher-kva.example");
	CHECK(A.is_utf8);
	CHECK_EQ_INT(P("<a@xn--bcher-kva.example>", 0), ADDR_OK);
	CHECK(!A.is_utf8);
	CHECK_EQ_INT(P("<\"ü x\"@example.org>", ADDR_ALLOW_UTF8), ADDR_OK);
	CHECK_EQ_INT(P("<\"ü x\"@example.org>", 0), ADDR_UTF8_NOT_ALLOWED);
	/* invalid UTF-8: overlong, lone continuation, surrogate, truncated */
	CHECK_EQ_INT(P("<\xc0\xafx@example.org>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<\x80x@example.org>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<\xed\xa0\x80@example.org>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<a\xc3@example.org>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<a@b\xc3>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<\xf4\x90\x80\x80@example.org>", ADDR_ALLOW_UTF8), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<\xf0\x9f\x98\x80@example.org>", ADDR_ALLOW_UTF8), ADDR_OK);
}

static void test_relay_tricks(void)
{
	CHECK_EQ_INT(P("<user%other.example@local.example>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "user%other.example");
	CHECK_EQ_STR(A.domain, "local.example");
	CHECK_EQ_INT(P("<other.example!user@local.example>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "other.example!user");
	CHECK_EQ_STR(A.domain, "local.example");
	CHECK_EQ_INT(P("<\"user@other.example\"@local.example>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "user@other.example");
	CHECK_EQ_STR(A.domain, "local.example");
	CHECK(A.local_needs_quotes);
	CHECK_EQ_STR(F(), "\"user@other.example\"@local.example");
	CHECK_EQ_INT(P("<user@other.example@local.example>", 0), ADDR_SYNTAX);
	CHECK_EQ_INT(P("<@local.example:user@other.example>", 0), ADDR_OK);
	CHECK_EQ_STR(A.domain, "other.example");   /* routed by the mailbox only */
	CHECK_EQ_INT(P("<user%other@[192.0.2.1]>", 0), ADDR_OK);
	CHECK_EQ_STR(A.local, "user%other");
}

static void test_domains(void)
{
	CHECK_EQ_INT(P("<a@example.org.>", 0), ADDR_SYNTAX);   /* no trailing dot in a path */
	CHECK_EQ_INT(P("<a@-x.org>", 0), ADDR_BAD_DOMAIN);
	CHECK_EQ_INT(P("<a@x-.org>", 0), ADDR_BAD_DOMAIN);
	CHECK_EQ_INT(P("<a@xn--zz.org>", 0), ADDR_BAD_DOMAIN);
	CHECK_EQ_INT(P("<a@[192.0.2.1]>", 0), ADDR_OK);
	CHECK(A.domain_is_literal);
	CHECK_EQ_STR(A.domain, "[192.0.2.1]");
	CHECK_EQ_INT(P("<a@[IPv6:2001:DB8::1]>", 0), ADDR_OK);
	CHECK_EQ_STR(A.domain, "[IPv6:2001:db8::1]");
	CHECK_EQ_STR(F(), "a@[IPv6:2001:db8::1]");
	CHECK_EQ_INT(P("<a@[300.0.2.1]>", 0), ADDR_BAD_DOMAIN);
	CHECK_EQ_INT(P("<a@[tag:foo]>", 0), ADDR_BAD_DOMAIN);
	CHECK_EQ_INT(P("<a@[1.2.3.4 ]>", 0), ADDR_SYNTAX);
}

static void test_consumed(void)
{
	const char *s = "<a@b.example> SIZE=10 BODY=8BITMIME";
	size_t used = 99;

	CHECK_EQ_INT(address_parse(s, strlen(s), 0, &A, &used), ADDR_OK);
	CHECK_EQ_INT(used, 13);
	CHECK_EQ_INT(P(s, 0), ADDR_SYNTAX);   /* without consumed: all of it */
	s = "<> SIZE=10";
	CHECK_EQ_INT(address_parse(s, strlen(s), ADDR_ALLOW_NULL, &A, &used), ADDR_OK);
	CHECK_EQ_INT(used, 2);
	CHECK(A.is_null);
	s = "<Postmaster> X";
	CHECK_EQ_INT(address_parse(s, strlen(s), ADDR_ALLOW_POSTMASTER, &A, &used), ADDR_OK);
	CHECK_EQ_INT(used, 12);
	s = "a@b.example rest";
	CHECK_EQ_INT(address_parse(s, strlen(s), ADDR_NO_BRACKETS, &A, &used), ADDR_OK);
	CHECK_EQ_INT(used, 11);
	/* the length given is respected: no reading past it */
	s = "<a@b.example>";
	CHECK_EQ_INT(address_parse(s, 12, 0, &A, &used), ADDR_SYNTAX);
	CHECK_EQ_INT(address_parse(s, 5, 0, &A, NULL), ADDR_SYNTAX);
}

static void test_format_small_buffer(void)
{
	char buf[8];
	CHECK_EQ_INT(P("<abcdef@example.org>", 0), ADDR_OK);
	CHECK_EQ_INT(address_format(&A, buf, sizeof(buf)), -1);
	CHECK_EQ_STR(buf, "");
	char big[32];
	CHECK_EQ_INT(address_format(&A, big, sizeof(big)), 18);
}

static void test_equal(void)
{
	struct mail_address a, b;
	CHECK_EQ_INT(address_parse("<Joe@Bücher.example>", 21, ADDR_ALLOW_UTF8, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(P("<Joe@XN--BCHER-KVA.example>", 0), ADDR_OK);
	b = A;
	CHECK(address_equal(&a, &b));
	CHECK_EQ_INT(P("<joe@xn--bcher-kva.example>", 0), ADDR_OK);
	CHECK(!address_equal(&a, &A));   /* local part is case-sensitive */
	CHECK_EQ_INT(P("<\"Joe\"@xn--bcher-kva.example>", 0), ADDR_OK);
	CHECK(address_equal(&a, &A));    /* quoting does not matter */
}

int main(void)
{
	RUN(test_simple);
	RUN(test_syntax_errors);
	RUN(test_null_path);
	RUN(test_quoted);
	RUN(test_quoted_pairs);
	RUN(test_source_route);
	RUN(test_postmaster);
	RUN(test_limits);
	RUN(test_utf8);
	RUN(test_relay_tricks);
	RUN(test_domains);
	RUN(test_consumed);
	RUN(test_format_small_buffer);
	RUN(test_equal);
	return tap_done();
}
