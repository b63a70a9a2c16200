/*
 * wire.c - a message file as POP3 sends it.  No I/O: the caller reads the
 * file in chunks and writes what this produces.  Interface: pop3.h.
 *
 * RFC 1939 3: multi-line responses end with CRLF "." CRLF, and a line
 * that begins with "." is byte-stuffed with one more "."; RFC 1939 11:
 * the message is sent with CRLF line ends whatever the local convention.
 * Maildir files usually have LF line ends: every LF not preceded by CR is
 * sent as CRLF, a CR not followed by LF is sent as it is.  This is exactly
 * how deliver counts ",W=" (common/maildir.c), so LIST sizes taken from
 * file names are the octets RETR sends (RFC 1939 5 LIST; RFC 6856 2.1:
 * "not counting byte-stuffing").
 *
 * TOP (RFC 1939 7): the header, the empty line that ends it, then the
 * first n lines of the body.  A line is what ends at an LF; the header
 * ends at the first empty line (nothing, or a single CR, before the LF).
 */
#include <string.h>

#include "pop3.h"

void pop3_wire_init(struct pop3_wire *w, bool stuff, bool limited, uint64_t body_lines)
{
	memset(w, 0, sizeof(*w));
	w->stuff = stuff;
	w->limited = limited;
	w->lines_left = body_lines;
	w->line_start = true;
}

/* One line has ended (its LF was emitted). */
static void end_of_line(struct pop3_wire *w)
{
	bool empty = w->line_bytes == 0;

	w->line_start = true;
	w->prev_cr = false;
	w->line_bytes = 0;
	if (!w->in_body) {
		if (!empty)
			return;
		w->in_body = true;
		if (w->limited && w->lines_left == 0)
			w->done = true;
		return;
	}
	if (w->limited && --w->lines_left == 0)
		w->done = true;
}

#define EMIT(c) do { if (out) out[n] = (unsigned char)(c); n++; } while (0)

size_t pop3_wire_encode(struct pop3_wire *w, const unsigned char *in, size_t len,
			unsigned char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len && !w->done; i++) {
		unsigned char c = in[i];

		if (c == '\n') {
			if (!w->prev_cr)
				EMIT('\r');
			EMIT('\n');
			end_of_line(w);
			continue;
		}
		if (w->line_start && c == '.' && w->stuff)
			EMIT('.');
		EMIT(c);
		w->line_start = false;
		if (w->prev_cr)
			w->line_bytes++;  /* that CR was a lone one */
		if (c == '\r') {
			w->prev_cr = true;
		} else {
			w->prev_cr = false;
			w->line_bytes++;
		}
	}
	return n;
}

size_t pop3_wire_finish(struct pop3_wire *w, unsigned char *out)
{
	size_t n = 0;

	if (w->done || w->line_start)
		return 0;
	if (!w->prev_cr)
		EMIT('\r');
	EMIT('\n');
	w->line_start = true;
	w->prev_cr = false;
	return n;
}
