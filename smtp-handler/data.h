/*
 * data.h - the DATA byte stream: end-of-data and dot-unstuffing.
 *
 * Owns: finding the end of a DATA message and removing the transparency
 * dots (RFC 5321 4.5.2), byte by byte, with no line buffer, so that a
 * message of any size streams through.  The rules, which make every SMTP
 * smuggling sequence harmless:
 *   - Only CR LF "." CR LF ends the message; the first line starts right
 *     after the 354 reply, so "." CR LF there ends an empty message
 *     (RFC 5321 4.1.1.4: a bare LF or bare CR is never end-of-data).
 *   - Lines start only after CR LF: a "." after a bare LF or bare CR is
 *     an ordinary byte, never removed and never an end.
 *   - A bare CR, a bare LF or a NUL is recorded (the caller refuses such a
 *     message: RFC 5321 2.3.8 allows CR and LF only as CR LF, and 8BITMIME
 *     data has no NUL) but never changes where the message ends.
 * Pure code: no I/O, so it can be fuzzed.
 */
#ifndef ZM_SMTP_DATA_H
#define ZM_SMTP_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct data_filter {
	int state;
	bool done;          /* CR LF . CR LF seen */
	bool bare_cr;       /* a CR not followed by LF */
	bool bare_lf;       /* an LF not preceded by CR */
	bool nul;           /* a NUL byte */
	uint64_t out_size;  /* bytes produced so far */
};

void data_filter_init(struct data_filter *f);

/*
 * Feed in[0..len).  Unstuffed message bytes are written to out (room for
 * len + 1 bytes is enough: at most one byte held back from an earlier call
 * is released), *outlen is set.  Returns the number of input bytes
 * consumed: all of them, unless the end of data was reached, in which case
 * the bytes after the final LF are not consumed (with PIPELINING they are
 * the next command) and f->done is true.
 */
size_t data_filter_feed(struct data_filter *f, const unsigned char *in, size_t len,
			unsigned char *out, size_t *outlen);

#endif
