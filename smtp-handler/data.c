/*
 * data.c - end-of-data and dot-unstuffing for SMTP DATA.  See data.h.
 */
#include <string.h>

#include "data.h"

enum {
	AT_LINE_START,   /* after CR LF (or at the very start) */
	AT_DOT,          /* "." at a line start */
	AT_DOT_CR,       /* "." CR at a line start: LF next ends the message */
	IN_LINE,
	AFTER_CR,        /* a CR inside a line, held back until we see what follows */
};

void data_filter_init(struct data_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->state = AT_LINE_START;
}

size_t data_filter_feed(struct data_filter *f, const unsigned char *in, size_t len,
			unsigned char *out, size_t *outlen)
{
	size_t i = 0, o = 0;

	while (i < len && !f->done) {
		unsigned char c = in[i++];

		switch (f->state) {
		case IN_LINE:
			if (c == '\r') {
				f->state = AFTER_CR;
				continue;
			}
			break;
		case AT_LINE_START:
			if (c == '.') {
				f->state = AT_DOT;
				continue;
			}
			if (c == '\r') {
				f->state = AFTER_CR;
				continue;
			}
			break;
		case AT_DOT:
			/* RFC 5321 4.5.2: the first dot of a line is removed. */
			if (c == '\r') {
				f->state = AT_DOT_CR;
				continue;
			}
			break;
		case AT_DOT_CR:
			if (c == '\n') {
				f->done = true;
				continue;
			}
			/* ".\r" then something else: the CR was bare. */
			out[o++] = '\r';
			f->bare_cr = true;
			if (c == '\r') {
				f->state = AFTER_CR;
				continue;
			}
			break;
		case AFTER_CR:
			if (c == '\n') {
				out[o++] = '\r';
				out[o++] = '\n';
				f->state = AT_LINE_START;
				continue;
			}
			out[o++] = '\r';
			f->bare_cr = true;
			if (c == '\r')
				continue;  /* this CR is held back in turn */
			break;
		}
		/* An ordinary byte inside a line. */
		if (c == '\n')
			f->bare_lf = true;
		else if (c == '\0')
			f->nul = true;
		out[o++] = c;
		f->state = IN_LINE;
	}
	f->out_size += o;
	*outlen = o;
	return i;
}
