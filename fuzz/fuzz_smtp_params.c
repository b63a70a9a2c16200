/*
 * fuzz_smtp_params.c - libFuzzer target for smtp_parse_mail and
 * smtp_parse_rcpt (smtp-handler/params.c: MAIL FROM / RCPT TO arguments and
 * their ESMTP parameters, RFC 5321 4.1.2, RFC 1870, 3461, 4954, 6152, 6531).
 *
 * Input: byte 0 picks SMTPUTF8 for RCPT and a prefix (" FROM:", " TO:", or
 * none), the rest is the argument after the verb.  Checks:
 *   - a refusal is one of the documented codes (501, 553, 555) with a
 *     matching enhanced code and a printable one-line text;
 *   - an accepted MAIL has a printable path, valid xtext ENVID (at most 100)
 *     and AUTH, a UTF-8 path only with SMTPUTF8; an accepted RCPT has a
 *     UTF-8 path only with SMTPUTF8, NOTIFY NEVER alone or a set of the
 *     others, ORCPT "type;value" of at most 500;
 *   - written back in canonical form, an accepted argument parses again to
 *     the same address and parameters;
 *   - the parsers read only arg[0..len) (the input is an exact-size buffer).
 * A table of known answers is checked once at start (params.c has no unit
 * test: the Makefile links unit tests with libzmcommon.a only).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static void fail(const char *what, const char *in, size_t len)
{
	fprintf(stderr, "fuzz_smtp_params: %s: \"", what);
	for (size_t i = 0; i < len && i < 200; i++) {
		unsigned char c = (unsigned char)in[i];

		if (c >= 32 && c < 127)
			fputc(c, stderr);
		else
			fprintf(stderr, "\\x%02x", c);
	}
	fprintf(stderr, "\"\n");
	abort();
}

static void check_refusal(const struct smtp_refusal *why, const char *in, size_t len)
{
	const char *e = why->enhanced;

	if (!e || !why->text || !why->text[0])
		fail("refusal without codes or text", in, len);
	for (const char *p = why->text; *p; p++)
		if ((unsigned char)*p < 32 || (unsigned char)*p > 126)
			fail("refusal text not printable", in, len);
	switch (why->code) {
	case 501:
		if (strcmp(e, "5.5.4") && strcmp(e, "5.1.7") && strcmp(e, "5.1.3"))
			fail("501 with an unexpected enhanced code", in, len);
		break;
	case 553:
		if (strcmp(e, "5.6.7"))
			fail("553 with an unexpected enhanced code", in, len);
		break;
	case 555:
		if (strcmp(e, "5.5.4"))
			fail("555 with an unexpected enhanced code", in, len);
		break;
	default:
		fail("refusal code not 501, 553 or 555", in, len);
	}
}

/* Append s to buf (cap bytes); false when it does not fit. */
static bool put(char *buf, size_t cap, size_t *o, const char *s)
{
	size_t n = strlen(s);

	if (*o + n >= cap)
		return false;
	memcpy(buf + *o, s, n);
	*o += n;
	buf[*o] = '\0';
	return true;
}

/* is_utf8 may differ: a U-label domain is printed as its A-label. */
static bool same_address(const struct mail_address *a, const struct mail_address *b)
{
	return a->is_null == b->is_null && a->local_len == b->local_len &&
	       memcmp(a->local, b->local, a->local_len) == 0 && strcmp(a->domain, b->domain) == 0 &&
	       a->domain_is_literal == b->domain_is_literal;
}

static void check_mail(const char *in, size_t len)
{
	struct mail_address a, b;
	struct mail_params p, q;
	struct smtp_refusal why;
	char printed[ZM_ADDR_MAX], canon[ZM_ADDR_MAX + 512];
	size_t o = 0;
	int r;

	memset(&why, 0, sizeof(why));
	r = smtp_parse_mail(in, len, &a, &p, &why);
	if (r != 0) {
		if (r != -1)
			fail("MAIL: return not 0 or -1", in, len);
		check_refusal(&why, in, len);
		return;
	}
	if (address_format(&a, printed, sizeof(printed)) < 0)
		fail("MAIL: accepted path cannot be printed", in, len);
	if (a.is_utf8 && !p.smtputf8)
		fail("MAIL: UTF-8 path accepted without SMTPUTF8", in, len);
	if (strlen(p.envid) >= SMTP_ENVID_MAX || !smtp_xtext_valid(p.envid, strlen(p.envid)))
		fail("MAIL: bad ENVID accepted", in, len);
	if (p.body > BODY_BINARYMIME || p.ret > RET_HDRS)
		fail("MAIL: BODY or RET out of range", in, len);
	if (a.had_source_route)
		return;  /* dropped on parsing: the canonical form differs */

	/* canonical form, parsed again */
	if (!put(canon, sizeof(canon), &o, " FROM:<") || !put(canon, sizeof(canon), &o, printed) ||
	    !put(canon, sizeof(canon), &o, ">"))
		return;
	if (p.has_size) {
		char n[40];

		snprintf(n, sizeof(n), " SIZE=%llu", (unsigned long long)p.size);
		put(canon, sizeof(canon), &o, n);
	}
	if (p.body)
		put(canon, sizeof(canon), &o,
		    p.body == BODY_7BIT ? " BODY=7BIT" : p.body == BODY_8BITMIME ? " BODY=8BITMIME" : " BODY=BINARYMIME");
	if (p.smtputf8)
		put(canon, sizeof(canon), &o, " SMTPUTF8");
	if (p.ret)
		put(canon, sizeof(canon), &o, p.ret == RET_FULL ? " RET=FULL" : " RET=HDRS");
	if (p.envid[0]) {
		put(canon, sizeof(canon), &o, " ENVID=");
		put(canon, sizeof(canon), &o, p.envid);
	}
	if (p.has_auth)
		put(canon, sizeof(canon), &o, " AUTH=<>");
	r = smtp_parse_mail(canon, o, &b, &q, &why);
	if (r == -1 && why.code == 501 && !strcmp(why.text, "Sender address too long"))
		return;  /* quoting or an A-label made it longer than the limit */
	if (r != 0 || !same_address(&a, &b) || p.has_size != q.has_size || p.size != q.size || p.body != q.body ||
	    p.smtputf8 != q.smtputf8 || p.ret != q.ret || strcmp(p.envid, q.envid) != 0 || p.has_auth != q.has_auth)
		fail("MAIL: canonical form does not parse to the same", in, len);
}

static void check_rcpt(const char *in, size_t len, bool utf8)
{
	struct mail_address a, b;
	struct rcpt_params p, q;
	struct smtp_refusal why;
	char printed[ZM_ADDR_MAX], canon[ZM_ADDR_MAX + 1024];
	size_t o = 0;
	unsigned n;
	int r;

	memset(&why, 0, sizeof(why));
	r = smtp_parse_rcpt(in, len, utf8, &a, &p, &why);
	if (r != 0) {
		if (r != -1)
			fail("RCPT: return not 0 or -1", in, len);
		check_refusal(&why, in, len);
		return;
	}
	if (a.is_null)
		fail("RCPT: null path accepted", in, len);
	if (address_format(&a, printed, sizeof(printed)) < 0)
		fail("RCPT: accepted path cannot be printed", in, len);
	if (a.is_utf8 && !utf8)
		fail("RCPT: UTF-8 path accepted without SMTPUTF8", in, len);
	n = p.notify;
	if (n & ~(unsigned)(NOTIFY_NEVER | NOTIFY_SUCCESS | NOTIFY_FAILURE | NOTIFY_DELAY))
		fail("RCPT: NOTIFY bits out of range", in, len);
	if ((n & NOTIFY_NEVER) && n != NOTIFY_NEVER)
		fail("RCPT: NOTIFY=NEVER with others accepted", in, len);
	if (strlen(p.orcpt) >= SMTP_ORCPT_MAX || (p.orcpt[0] && !strchr(p.orcpt + 1, ';')))
		fail("RCPT: bad ORCPT accepted", in, len);
	if (a.had_source_route || !a.domain[0])
		return;  /* source route dropped, or <Postmaster>: canonical form differs */

	if (!put(canon, sizeof(canon), &o, " TO:<") || !put(canon, sizeof(canon), &o, printed) ||
	    !put(canon, sizeof(canon), &o, ">"))
		return;
	if (n) {
		put(canon, sizeof(canon), &o, " NOTIFY=");
		if (n & NOTIFY_NEVER)
			put(canon, sizeof(canon), &o, "NEVER");
		else {
			bool first = true;

			if (n & NOTIFY_SUCCESS) {
				put(canon, sizeof(canon), &o, "SUCCESS");
				first = false;
			}
			if (n & NOTIFY_FAILURE) {
				put(canon, sizeof(canon), &o, first ? "FAILURE" : ",FAILURE");
				first = false;
			}
			if (n & NOTIFY_DELAY)
				put(canon, sizeof(canon), &o, first ? "DELAY" : ",DELAY");
		}
	}
	if (p.orcpt[0]) {
		put(canon, sizeof(canon), &o, " ORCPT=");
		put(canon, sizeof(canon), &o, p.orcpt);
	}
	r = smtp_parse_rcpt(canon, o, utf8, &b, &q, &why);
	if (r == -1 && why.code == 501 && !strcmp(why.text, "Recipient address too long"))
		return;
	if (r != 0 || !same_address(&a, &b) || p.notify != q.notify || strcmp(p.orcpt, q.orcpt) != 0)
		fail("RCPT: canonical form does not parse to the same", in, len);
}

struct known {
	bool rcpt, utf8;
	const char *arg;
	int code;              /* 0 = accepted */
	const char *enhanced;
};

static const struct known table[] = {
	{ false, false, " FROM:<a@example.org>", 0, NULL },
	{ false, false, " from:<a@example.org>", 0, NULL },
	{ false, false, " FROM: <a@example.org>", 0, NULL },
	{ false, false, " FROM:<>", 0, NULL },
	{ false, false, " FROM:<> SIZE=0 BODY=8BITMIME RET=HDRS ENVID=x+2By AUTH=<>", 0, NULL },
	{ false, false, " FROM:<a@example.org> BODY=binarymime SMTPUTF8", 0, NULL },
	{ false, false, " FROM:<a@example.org> SIZE=18446744073709551615", 0, NULL },
	{ false, false, " FROM:<a@example.org> SIZE=18446744073709551616", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> SIZE=1 SIZE=1", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> SIZE", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> SIZE=", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> BODY=8BIT", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> SMTPUTF8=1", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> RET=NONE", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> ENVID=a+2", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> ENVID=a+2g", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> ENVID=" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	  0, NULL },
	{ false, false, " FROM:<a@example.org> ENVID=" "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	  501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> AUTH=a+zz", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> X-UNKNOWN=1", 555, "5.5.4" },
	{ false, false, " FROM:<a@example.org> NOTIFY=NEVER", 555, "5.5.4" },
	{ false, false, " FROM:<a@example.org>SIZE=1", 501, "5.5.4" },
	{ false, false, " FROM:<a@example.org> -x", 501, "5.5.4" },
	{ false, false, " FROM:a@example.org", 501, "5.1.7" },
	{ false, false, " FROM:<a@example.org.>", 501, "5.1.7" },
	{ false, false, " FROM:<j\xc3\xb6rg@example.org>", 553, "5.6.7" },
	{ false, false, " FROM:<j\xc3\xb6rg@example.org> SMTPUTF8", 0, NULL },
	{ false, false, " TO:<a@example.org>", 501, "5.5.4" },
	{ false, false, "", 501, "5.5.4" },
	{ false, false, " FROM", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org>", 0, NULL },
	{ true, false, " TO:<Postmaster>", 0, NULL },
	{ true, false, " TO:<>", 501, "5.1.3" },
	{ true, false, " TO:<@a.example,@b.example:a@example.org>", 0, NULL },
	{ true, false, " TO:<a@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;a+40example.org", 0, NULL },
	{ true, false, " TO:<a@example.org> NOTIFY=never", 0, NULL },
	{ true, false, " TO:<a@example.org> NOTIFY=NEVER,DELAY", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> NOTIFY=SUCCESS,", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> NOTIFY=,SUCCESS", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> NOTIFY=DELAY NOTIFY=DELAY", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> ORCPT=a@example.org", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> ORCPT=x400;a", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> ORCPT=rfc822;", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> ORCPT=rfc822;a ORCPT=rfc822;a", 501, "5.5.4" },
	{ true, false, " TO:<a@example.org> SIZE=1", 555, "5.5.4" },
	{ true, false, " TO:<j\xc3\xb6rg@example.org>", 553, "5.6.7" },
	{ true, true, " TO:<j\xc3\xb6rg@example.org> ORCPT=utf-8;j\xc3\xb6rg@example.org", 0, NULL },
	{ true, false, " TO:<a@example.org.>", 501, "5.1.3" },
	{ true, false, " FROM:<a@example.org>", 501, "5.5.4" },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct known *k = &table[i];
		struct mail_address a;
		struct mail_params mp;
		struct rcpt_params rp;
		struct smtp_refusal why;
		size_t len = strlen(k->arg);
		int r;

		memset(&why, 0, sizeof(why));
		r = k->rcpt ? smtp_parse_rcpt(k->arg, len, k->utf8, &a, &rp, &why)
			    : smtp_parse_mail(k->arg, len, &a, &mp, &why);
		if (k->code == 0 ? r != 0 : (r != -1 || why.code != k->code || strcmp(why.enhanced, k->enhanced) != 0)) {
			fprintf(stderr, "fuzz_smtp_params: known answer %zu (%s) is wrong: %d %d %s %s\n", i, k->arg, r,
				why.code, why.enhanced ? why.enhanced : "-", why.text ? why.text : "-");
			abort();
		}
		if (k->rcpt)
			check_rcpt(k->arg, len, k->utf8);
		else
			check_mail(k->arg, len);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = { "", " FROM:<", " TO:<", " FROM:<a@example.org> ",
						" TO:<a@example.org> " };
	char *buf;
	size_t plen, len;
	unsigned mode;

	if (size < 1 || size > 4096)
		return 0;
	mode = data[0];
	plen = strlen(prefixes[mode % 5]);
	len = plen + size - 1;
	/* exactly len bytes, no NUL after them: an over-read is an ASan error */
	buf = malloc(len ? len : 1);
	if (!buf)
		abort();
	memcpy(buf, prefixes[mode % 5], plen);
	memcpy(buf + plen, data + 1, size - 1);
	check_mail(buf, len);
	check_rcpt(buf, len, (mode & 0x80) != 0);
	free(buf);
	return 0;
}
