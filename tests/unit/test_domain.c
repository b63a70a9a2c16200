/*
 * test_domain.c - domain_normalize / domain_equal / domain_to_unicode:
 * IDN equivalence (RFC 5890/5891 via libidn2), case, trailing dot, LDH
 * rules, label and name lengths, address literals (RFC 5321 4.1.3).
 */
#include <string.h>

#include "domain.h"
#include "tap.h"

static int norm(const char *in, char *out)
{
	return domain_normalize(in, strlen(in), out, 256);
}

static void test_ascii_lowercase(void)
{
	char o[256];
	CHECK_EQ_INT(norm("Example.ORG", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "example.org");
	CHECK_EQ_INT(norm("a", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "a");
	CHECK_EQ_INT(norm("mx-1.sub.example.com", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "mx-1.sub.example.com");
}

static void test_idn_ulabel(void)
{
	char o[256];
	CHECK_EQ_INT(norm("Bücher.example", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "xn--bcher-kva.example");
	CHECK_EQ_INT(norm("BÜCHER.EXAMPLE", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "xn--bcher-kva.example");
	/* Non-transitional: ß stays ß (IDNA2008), it is not mapped to "ss". */
	CHECK_EQ_INT(norm("straße.de", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "xn--strae-oqa.de");
}

static void test_idn_alabel(void)
{
	char o[256];
	CHECK_EQ_INT(norm("XN--BCHER-KVA.Example", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "xn--bcher-kva.example");
	CHECK_EQ_INT(norm("xn--zz.com", o), DOMAIN_INVALID);   /* bad punycode */
	CHECK_EQ_INT(norm("xn--.com", o), DOMAIN_INVALID);
}

static void test_equal(void)
{
	CHECK(domain_equal("Bücher.example", "xn--bcher-kva.example"));
	CHECK(domain_equal("xn--bcher-kva.EXAMPLE", "bücher.example."));
	CHECK(domain_equal("EXAMPLE.org", "example.org."));
	CHECK(!domain_equal("example.org", "example.com"));
	CHECK(!domain_equal("a..b", "a..b"));           /* invalid never matches */
	CHECK(!domain_equal(NULL, "a"));
	CHECK(domain_equal("[192.0.2.1]", "[192.0.2.1]"));
	CHECK(domain_equal("[IPv6:2001:DB8:0::1]", "[ipv6:2001:db8::1]"));
}

static void test_trailing_dot(void)
{
	char o[256];
	CHECK_EQ_INT(norm("example.org.", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "example.org");
	CHECK_EQ_INT(norm("example.org..", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm(".", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("bücher.example.", o), DOMAIN_OK);
	CHECK_EQ_STR(o, "xn--bcher-kva.example");
}

static void test_invalid_labels(void)
{
	char o[256];
	CHECK_EQ_INT(norm("a..b", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm(".a", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("-a.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("a-.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("ä-.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("a_b.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("a b.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("a@b.com", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("\xc3\x28.com", o), DOMAIN_INVALID);   /* bad UTF-8 */
	CHECK_EQ_INT(domain_normalize("a\0b", 3, o, sizeof(o)), DOMAIN_INVALID);
	/* A legacy ASCII label with "--" at 3-4 is not an IDN: allowed. */
	CHECK_EQ_INT(norm("r3---sn-abc.example", o), DOMAIN_OK);
}

static void test_lengths(void)
{
	char in[400], o[256];

	memset(in, 'a', 63);
	strcpy(in + 63, ".com");
	CHECK_EQ_INT(norm(in, o), DOMAIN_OK);
	memset(in, 'a', 64);
	strcpy(in + 64, ".com");
	CHECK_EQ_INT(norm(in, o), DOMAIN_INVALID);
	/* 4 labels of 63 + 3 dots = 255: the limit. */
	for (int i = 0; i < 4; i++) {
		memset(in + i * 64, 'b', 63);
		in[i * 64 + 63] = '.';
	}
	in[255] = '\0';
	CHECK_EQ_INT(norm(in, o), DOMAIN_OK);
	CHECK_EQ_INT(strlen(o), 255);
	in[255] = '.';
	in[256] = '\0';
	CHECK_EQ_INT(norm(in, o), DOMAIN_OK);   /* trailing dot dropped */
	in[256] = 'c';
	in[257] = '\0';
	CHECK_EQ_INT(norm(in, o), DOMAIN_INVALID);
	/* Output buffer too small. */
	CHECK_EQ_INT(domain_normalize("example.org", 11, o, 5), DOMAIN_INVALID);
}

static void test_literals(void)
{
	char o[256];
	CHECK_EQ_INT(norm("[192.0.2.1]", o), DOMAIN_LITERAL);
	CHECK_EQ_STR(o, "[192.0.2.1]");
	CHECK_EQ_INT(norm("[IPv6:2001:db8::1]", o), DOMAIN_LITERAL);
	CHECK_EQ_STR(o, "[IPv6:2001:db8::1]");
	CHECK_EQ_INT(norm("[ipv6:2001:DB8:0:0:0:0:0:1]", o), DOMAIN_LITERAL);
	CHECK_EQ_STR(o, "[IPv6:2001:db8::1]");
	CHECK_EQ_INT(norm("[192.0.2.256]", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[192.0.2]", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[2001:db8::1]", o), DOMAIN_INVALID);   /* tag required */
	CHECK_EQ_INT(norm("[IPv6:192.0.2.1]", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[x-tag:foo]", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[]", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[192.0.2.1", o), DOMAIN_INVALID);
	CHECK_EQ_INT(norm("[192.0.2.1].", o), DOMAIN_INVALID);
}

static void test_to_unicode(void)
{
	char o[256];
	domain_to_unicode("xn--bcher-kva.example", o, sizeof(o));
	CHECK_EQ_STR(o, "bücher.example");
	domain_to_unicode("example.org", o, sizeof(o));
	CHECK_EQ_STR(o, "example.org");
	domain_to_unicode("[192.0.2.1]", o, sizeof(o));
	CHECK_EQ_STR(o, "[192.0.2.1]");
	domain_to_unicode("xn--zz", o, sizeof(o));   /* falls back to a copy */
	CHECK_EQ_STR(o, "xn--zz");
}

int main(void)
{
	RUN(test_ascii_lowercase);
	RUN(test_idn_ulabel);
	RUN(test_idn_alabel);
	RUN(test_equal);
	RUN(test_trailing_dot);
	RUN(test_invalid_labels);
	RUN(test_lengths);
	RUN(test_literals);
	RUN(test_to_unicode);
	return tap_done();
}
