/*
 * fuzz_smtp_data.c - libFuzzer target for the SMTP DATA filter
 * (smtp-handler/data.c: end of data and dot-unstuffing, RFC 5321 4.5.2).
 *
 * Input: byte 0 seeds the split points, the rest is what a client sends
 * after the 354 reply.  Checks, for every input:
 *   - one feed, random splits and one byte at a time give the same output,
 *     the same number of bytes consumed, the same end and the same flags;
 *   - they agree with a reference written separately, line by line: only
 *     CR LF "." CR LF (or "." CR LF as the first line) ends the data, the
 *     first dot of a line (a line starts only after CR LF) is removed, a CR
 *     not followed by LF, an LF not after a CR and a NUL are flagged;
 *   - the filter writes at most len + 1 bytes per call (out buffers are
 *     exactly that size, so ASan sees any overflow), out_size adds up,
 *     nothing after the end is consumed;
 *   - no smuggling: the input taken as a message M, dot-stuffed and given
 *     its terminator, comes back exactly (never ends early, never late).
 * A table of known answers is checked once at start (data.c has no unit
 * test: the Makefile links unit tests with libzmcommon.a only).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_INPUT (64 * 1024)

struct result {
	unsigned char *out;
	size_t outlen;
	size_t consumed;
	bool done, bare_cr, bare_lf, nul;
};

static void fail(const char *what, const unsigned char *in, size_t len)
{
	fprintf(stderr, "fuzz_smtp_data: %s (input of %zu bytes:", what, len);
	for (size_t i = 0; i < len && i < 64; i++)
		fprintf(stderr, " %02x", in[i]);
	fprintf(stderr, "%s)\n", len > 64 ? " ..." : "");
	abort();
}

/* Feed in[0..len) in pieces: piece sizes from the xorshift state *seed
 * (0 = everything at once, SIZE_MAX-style 1 = one byte at a time). */
static void run_filter(const unsigned char *in, size_t len, int mode, uint32_t seed, struct result *r)
{
	struct data_filter f;
	size_t pos = 0;

	data_filter_init(&f);
	r->out = malloc(len + 1);
	if (!r->out)
		abort();
	r->outlen = 0;
	while (pos < len && !f.done) {
		size_t piece = len - pos, produced = 0, used;
		unsigned char *tmp;

		if (mode == 1) {
			piece = 1;
		} else if (mode == 2) {
			seed ^= seed << 13;
			seed ^= seed >> 17;
			seed ^= seed << 5;
			piece = 1 + seed % 17;
			if (seed & 0x100)
				piece = 1 + seed % 300;
			if (piece > len - pos)
				piece = len - pos;
		}
		/* exactly piece + 1 bytes: the documented bound */
		tmp = malloc(piece + 1);
		if (!tmp)
			abort();
		used = data_filter_feed(&f, in + pos, piece, tmp, &produced);
		if (used > piece || produced > piece + 1)
			fail("feed consumed or produced too much", in, len);
		if (used < piece && !f.done)
			fail("feed stopped early without the end", in, len);
		if (used == 0 && !f.done)
			fail("feed made no progress", in, len);
		if (r->outlen + produced > len + 1)
			fail("more output than input", in, len);
		memcpy(r->out + r->outlen, tmp, produced);
		r->outlen += produced;
		free(tmp);
		pos += used;
	}
	/* a feed after the end consumes nothing */
	if (f.done && len > 0) {
		unsigned char tmp[2];
		size_t produced = 99;

		if (data_filter_feed(&f, in, 1, tmp, &produced) != 0 || produced != 0)
			fail("feed after the end consumed input", in, len);
	}
	if (f.out_size != r->outlen)
		fail("out_size does not add up", in, len);
	r->consumed = pos;
	r->done = f.done;
	r->bare_cr = f.bare_cr;
	r->bare_lf = f.bare_lf;
	r->nul = f.nul;
}

/* The reference, line by line over the whole buffer.  A CR at the very end
 * (or the CR of "." CR at a line start) is held back: not output, not yet
 * known to be bare. */
static void reference(const unsigned char *in, size_t len, struct result *r)
{
	size_t i = 0;
	bool line_start = true;

	memset(r, 0, sizeof(*r));
	r->out = malloc(len + 1);
	if (!r->out)
		abort();
	while (i < len) {
		unsigned char c;

		if (line_start && in[i] == '.') {
			if (len - i >= 3 && in[i + 1] == '\r' && in[i + 2] == '\n') {
				r->done = true;
				r->consumed = i + 3;
				return;
			}
			i++;            /* the transparency dot */
			line_start = false;
			continue;
		}
		c = in[i];
		if (c == '\r') {
			if (i + 1 == len)
				break;  /* held back */
			if (in[i + 1] == '\n') {
				r->out[r->outlen++] = '\r';
				r->out[r->outlen++] = '\n';
				i += 2;
				line_start = true;
				continue;
			}
			r->bare_cr = true;
		} else if (c == '\n') {
			r->bare_lf = true;
		} else if (c == '\0') {
			r->nul = true;
		}
		r->out[r->outlen++] = c;
		i++;
		line_start = false;
	}
	r->consumed = len;
}

static bool same(const struct result *a, const struct result *b)
{
	return a->outlen == b->outlen && memcmp(a->out, b->out, a->outlen) == 0 && a->consumed == b->consumed &&
	       a->done == b->done && a->bare_cr == b->bare_cr && a->bare_lf == b->bare_lf && a->nul == b->nul;
}

/* Dot-stuff M (RFC 5321 4.5.2: a line starts after CR LF) and add the
 * terminator; *expect_r gets what must come out. */
static unsigned char *stuff(const unsigned char *m, size_t len, size_t *out_len, unsigned char **expect_r,
			    size_t *expect_len)
{
	unsigned char *s = malloc(2 * len + 6), *e = malloc(len + 3);
	size_t o = 0, eo = 0;
	bool line_start = true;

	if (!s || !e)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (line_start && m[i] == '.')
			s[o++] = '.';
		s[o++] = m[i];
		e[eo++] = m[i];
		line_start = m[i] == '\n' && i > 0 && m[i - 1] == '\r';
	}
	if (len > 0 && !(len >= 2 && m[len - 2] == '\r' && m[len - 1] == '\n')) {
		s[o++] = '\r';
		s[o++] = '\n';
		e[eo++] = '\r';
		e[eo++] = '\n';
	}
	s[o++] = '.';
	s[o++] = '\r';
	s[o++] = '\n';
	*out_len = o;
	*expect_r = e;
	*expect_len = eo;
	return s;
}

static void check(const unsigned char *in, size_t len, uint32_t seed)
{
	struct result whole, split, bytes, ref;
	unsigned char *st, *expect;
	size_t st_len, expect_len;

	run_filter(in, len, 0, 0, &whole);
	run_filter(in, len, 2, seed | 1, &split);
	reference(in, len, &ref);
	if (!same(&whole, &split))
		fail("random splits differ from one feed", in, len);
	if (!same(&whole, &ref))
		fail("filter differs from the reference", in, len);
	if (len <= 4096) {
		run_filter(in, len, 1, 0, &bytes);
		if (!same(&whole, &bytes))
			fail("byte-at-a-time differs from one feed", in, len);
		free(bytes.out);
	}
	if (whole.done) {
		size_t c = whole.consumed;

		if (!(c == 3 || (c >= 5 && memcmp(in + c - 5, "\r\n.\r\n", 5) == 0)) ||
		    memcmp(in + c - 3, ".\r\n", 3) != 0)
			fail("ended somewhere else than CR LF . CR LF", in, len);
	} else if (whole.consumed != len) {
		fail("not done but input left over", in, len);
	}
	free(whole.out);
	free(split.out);
	free(ref.out);

	/* no smuggling: the input as a message comes back exactly */
	st = stuff(in, len, &st_len, &expect, &expect_len);
	run_filter(st, st_len, 2, seed ^ 0x9e3779b9u, &split);
	if (!split.done || split.consumed != st_len || split.outlen != expect_len ||
	    memcmp(split.out, expect, expect_len) != 0)
		fail("a dot-stuffed message did not come back exactly", in, len);
	free(split.out);
	free(st);
	free(expect);
}

struct known {
	const char *in;
	size_t len;
	const char *out;
	size_t outlen;
	size_t consumed;
	bool done, bare_cr, bare_lf, nul;
};

#define S(x) x, sizeof(x) - 1

static const struct known table[] = {
	{ S(".\r\n"), S(""), 3, true, false, false, false },
	{ S(".\r\nMAIL"), S(""), 3, true, false, false, false },
	{ S("a\r\n.\r\nNOOP\r\n"), S("a\r\n"), 6, true, false, false, false },
	{ S("..\r\n.\r\n"), S(".\r\n"), 7, true, false, false, false },
	{ S("..x\r\n...\r\n.\r\n"), S(".x\r\n..\r\n"), 13, true, false, false, false },
	{ S("a\n.\nb\r\n.\r\n"), S("a\n.\nb\r\n"), 10, true, false, true, false },
	{ S("a\r.\r\nb\r\n.\r\n"), S("a\r.\r\nb\r\n"), 11, true, true, false, false },
	{ S("a\r\n.\rb\r\n.\r\n"), S("a\r\n\rb\r\n"), 11, true, true, false, false },
	{ S("a\r\n.\nb\r\n.\r\n"), S("a\r\n\nb\r\n"), 11, true, false, true, false },
	{ S("a\r\n.\r\r\n.\r\n"), S("a\r\n\r\r\n"), 10, true, true, false, false },
	{ S("a\x00\r\n.\r\n"), S("a\x00\r\n"), 7, true, false, false, true },
	{ S("a\r\n .\r\n.\r\n"), S("a\r\n .\r\n"), 10, true, false, false, false },
	{ S("no end\r\n."), S("no end\r\n"), 9, false, false, false, false },
	{ S("cr held\r"), S("cr held"), 8, false, false, false, false },
	{ S("x\r\n.\r"), S("x\r\n"), 5, false, false, false, false },
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct known *k = &table[i];
		struct result r;

		run_filter((const unsigned char *)k->in, k->len, 0, 0, &r);
		if (r.outlen != k->outlen || memcmp(r.out, k->out, k->outlen) != 0 || r.consumed != k->consumed ||
		    r.done != k->done || r.bare_cr != k->bare_cr || r.bare_lf != k->bare_lf || r.nul != k->nul) {
			fprintf(stderr, "fuzz_smtp_data: known answer %zu is wrong (outlen %zu consumed %zu done %d cr %d lf %d nul %d)\n",
				i, r.outlen, r.consumed, r.done, r.bare_cr, r.bare_lf, r.nul);
			abort();
		}
		free(r.out);
		check((const unsigned char *)k->in, k->len, (uint32_t)i * 2654435761u);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seed;

	if (size < 1)
		return 0;
	seed = (uint32_t)data[0] * 2654435761u + 1;
	data++;
	size--;
	if (size > MAX_INPUT)
		size = MAX_INPUT;
	check(data, size, seed);
	return 0;
}
