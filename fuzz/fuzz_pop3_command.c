/*
 * fuzz_pop3_command.c - libFuzzer target for the POP3 command parser and
 * message encoder of pop3-handler (pop3-handler/parse.c, wire.c).
 *
 * The input is split into lines at LF (as the stream does) and each line
 * goes through pop3_parse_line and the argument parsers; the promises of
 * pop3.h are checked: tokens lie inside the line, the keyword is 1-4
 * alphanumerics, arguments hold no blank, rest is the line's tail.  The
 * whole input is then encoded as a message: fed whole and in pieces the
 * output is the same; every LF is preceded by CR; stuffed output never
 * contains the terminator CRLF "." CRLF; the unstuffed count (the LIST
 * size) is the encoded length with stuffing removed; TOP output is a
 * prefix of RETR output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pop3.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_token(const struct pop3_token *t, const char *line, size_t len)
{
	if (t->len > 0 && (t->p < line || t->p + t->len > line + len))
		abort();
}

static void check_line(const char *line, size_t len)
{
	struct pop3_line l;
	uint64_t v;

	if (pop3_parse_line(line, len, &l) != POP3_PARSE_OK)
		return;
	check_token(&l.name, line, len);
	if (l.name.len < 1 || l.name.len > POP3_KEYWORD_MAX || l.name.p != line)
		abort();
	if (l.argc > POP3_MAX_ARGS)
		abort();
	for (size_t i = 0; i < l.argc; i++) {
		check_token(&l.argv[i], line, len);
		if (l.argv[i].len == 0 || memchr(l.argv[i].p, ' ', l.argv[i].len))
			abort();
		if (pop3_parse_number(&l.argv[i], &v) && l.argv[i].len > 20)
			abort();
		(void)pop3_lang_range_valid(&l.argv[i]);
		if (pop3_lang_pick(&l.argv[i]) && !pop3_lang_range_valid(&l.argv[i]))
			abort();
	}
	check_token(&l.rest, line, len);
	if (l.rest.len > 0 && l.rest.p + l.rest.len != line + len)
		abort();
	(void)pop3_token_is(&l.name, "STAT");
}

static size_t encode(const uint8_t *in, size_t len, bool stuff, bool limited, uint64_t lines,
		     size_t piece, unsigned char *out)
{
	struct pop3_wire w;
	size_t n = 0;

	pop3_wire_init(&w, stuff, limited, lines);
	for (size_t i = 0; i < len; i += piece)
		n += pop3_wire_encode(&w, in + i, len - i < piece ? len - i : piece, out + n);
	n += pop3_wire_finish(&w, out + n);
	return n;
}

static void check_wire(const uint8_t *data, size_t size)
{
	unsigned char *a = malloc(2 * size + 8), *b = malloc(2 * size + 8), *c = malloc(2 * size + 8);
	size_t na, nb, nc, count, dots = 0;
	struct pop3_wire w;
	uint64_t lines = size ? data[0] % 8 : 0;

	if (!a || !b || !c)
		abort();
	na = encode(data, size, true, false, 0, size ? size : 1, a);
	nb = encode(data, size, true, false, 0, size > 3 ? 3 : 1, b);
	if (na != nb || memcmp(a, b, na) != 0)
		abort();
	if (na > 2 * size + 2)
		abort();
	for (size_t i = 0; i < na; i++) {
		if (a[i] == '\n' && (i == 0 || a[i - 1] != '\r'))
			abort();
		if (a[i] == '.' && (i == 0 || a[i - 1] == '\n')) {
			/* a stuffed line: "." + the original line, which began with "." */
			if (i + 1 >= na || a[i + 1] != '.')
				abort();
			dots++;
		}
	}
	if (na >= 3 && memcmp(a, ".\r\n", 3) == 0)
		abort();
	if (memmem(a, na, "\r\n.\r\n", 5))
		abort();
	pop3_wire_init(&w, false, false, 0);
	count = pop3_wire_encode(&w, data, size, NULL);
	nc = encode(data, size, false, false, 0, 7, c);
	if (count + pop3_wire_finish(&w, NULL) != nc || na != nc + dots)
		abort();
	/* TOP output is a prefix of RETR output */
	nb = encode(data, size, true, true, lines, 5, b);
	if (nb > na || memcmp(a, b, nb) != 0) {
		/* ... except for the CRLF a cut last line gets */
		if (nb < 2 || nb - 2 > na || memcmp(a, b, nb - 2) != 0 || memcmp(b + nb - 2, "\r\n", 2) != 0)
			abort();
	}
	free(a);
	free(b);
	free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;

	while (p < end) {
		const char *lf = memchr(p, '\n', (size_t)(end - p));
		size_t len = lf ? (size_t)(lf - p) : (size_t)(end - p);

		if (len > 0 && p[len - 1] == '\r')
			check_line(p, len - 1);
		else
			check_line(p, len);
		p += len + 1;
	}
	check_wire(data, size);
	return 0;
}
