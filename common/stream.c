/*
 * stream.c - the buffered connection stream, plain or over GnuTLS
 * (interface: stream.h).
 *
 * One input buffer and one output buffer over in_fd/out_fd.  Below them is
 * either the plain fds or a GnuTLS session whose transport callbacks (set
 * here, not gnutls_transport_set_int2) read in_fd and write out_fd without
 * ever blocking: they report EAGAIN and this file waits with poll() under
 * the idle timeout and the command deadline (CLOCK_MONOTONIC).  GnuTLS is
 * always asked first, so records it has already read or decrypted are
 * never left behind a poll() that would wait for bytes that already came.
 *
 * Writes to a socket use send(MSG_NOSIGNAL).  A write to a pipe can still
 * raise SIGPIPE: the handlers set SIGPIPE to SIG_IGN (see stream.h).
 *
 * Lines (RFC 5321 2.3.8, RFC 3501 2.2, RFC 1939 3): end at LF, a CR just
 * before it is removed; an over-long line is skipped up to its LF and
 * reported (RFC 5321 4.5.3.1.4 allows refusing it; skipping keeps the
 * session in step).  STARTTLS purges buffered plaintext (RFC 3207 4.2,
 * RFC 2595 3.1, RFC 8314 and RFC 9051 7.1 on the injection hole).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "stream.h"
#include "tls.h"
#include "util.h"

/* Room for a whole TLS record (RFC 8446 5.1: 2^14 bytes of plaintext) so a
 * record is usually decoded in one call. */
#define STREAM_MIN_INBUF  16384
#define STREAM_OUTBUF     16384

struct stream {
	int in_fd;
	int out_fd;
	bool out_is_socket;
	bool eof;        /* the transport reported end of input */
	bool broken;     /* a TLS failure: nothing more may pass */
	bool skipping;   /* inside an over-long line, dropping up to its LF */
	size_t max_line;

	unsigned char *in;
	size_t in_cap;
	size_t in_pos;   /* unread input is in[in_pos .. in_len) */
	size_t in_len;

	unsigned char *out;
	size_t out_cap;
	size_t out_len;

	unsigned idle_ms;
	unsigned long long deadline_ms;

	gnutls_session_t tls;
	bool tls_on;     /* handshake done */

	unsigned long long bytes_in;
	unsigned long long bytes_out;
	char err[256];
};

static int fail(struct stream *s, int result, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct stream *s, int result, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return result;
}

static int fail_errno(struct stream *s, const char *what, int e)
{
	if (e == EPIPE || e == ECONNRESET)
		return fail(s, STREAM_ERROR, "%s: connection closed by peer", what);
	return fail(s, STREAM_ERROR, "%s: %s", what, strerror(e));
}

static int fail_broken(struct stream *s)
{
	return fail(s, STREAM_ERROR, "stream unusable after a TLS failure");
}

/*
 * How long the next wait may last, from a wait that began at start:
 * the smaller of the idle timeout and the deadline.  -1 = forever;
 * 0 = time is up (then *why says which).
 */
static int wait_budget(const struct stream *s, unsigned long long start, const char **why)
{
	unsigned long long now = util_now_ms();
	unsigned long long left = ULLONG_MAX;

	if (s->deadline_ms != 0) {
		if (now >= s->deadline_ms) {
			*why = "command deadline passed";
			return 0;
		}
		left = s->deadline_ms - now;
		*why = "command deadline passed";
	}
	if (s->idle_ms != 0) {
		unsigned long long end = start + s->idle_ms;

		if (now >= end) {
			*why = "idle timeout";
			return 0;
		}
		if (end - now < left) {
			left = end - now;
			*why = "idle timeout";
		}
	}
	if (left == ULLONG_MAX)
		return -1;
	return left > INT_MAX ? INT_MAX : (int)left;
}

/* Wait until fd is ready for events, under the idle timeout and deadline. */
static int wait_fd(struct stream *s, int fd, short events)
{
	unsigned long long start = util_now_ms();

	for (;;) {
		const char *why = "timeout";
		int t = wait_budget(s, start, &why);
		struct pollfd p;
		int r;

		if (t == 0)
			return fail(s, STREAM_TIMEOUT, "%s", why);
		p.fd = fd;
		p.events = events;
		p.revents = 0;
		r = poll(&p, 1, t);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return fail_errno(s, "poll", errno);
		}
		if (r == 0)
			continue; /* wait_budget reports which limit passed */
		if (p.revents & POLLNVAL)
			return fail(s, STREAM_ERROR, "poll: fd %d is not open", fd);
		/* POLLIN/POLLOUT, or POLLHUP/POLLERR that the I/O call reports */
		return STREAM_OK;
	}
}

/* 1 if fd is ready for events now, 0 if not, -1 on error (errno). */
static int ready_now(int fd, short events)
{
	struct pollfd p;
	int r;

	p.fd = fd;
	p.events = events;
	p.revents = 0;
	do
		r = poll(&p, 1, 0);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	return r > 0;
}

/*
 * One non-blocking write attempt to out_fd: >0 bytes written, or -1 with
 * errno (EAGAIN when it would block).  A socket gets send(MSG_DONTWAIT |
 * MSG_NOSIGNAL); anything else a write of at most PIPE_BUF bytes after poll
 * says there is room (a pipe then takes it without blocking).
 */
static ssize_t nb_write(struct stream *s, const void *p, size_t n)
{
	if (s->out_is_socket)
		return send(s->out_fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	switch (ready_now(s->out_fd, POLLOUT)) {
	case -1:
		return -1;
	case 0:
		errno = EAGAIN;
		return -1;
	}
	return write(s->out_fd, p, n > PIPE_BUF ? PIPE_BUF : n);
}

/* One non-blocking read attempt from in_fd: >=0 bytes, or -1 with errno. */
static ssize_t nb_read(struct stream *s, void *p, size_t n)
{
	switch (ready_now(s->in_fd, POLLIN)) {
	case -1:
		return -1;
	case 0:
		errno = EAGAIN;
		return -1;
	}
	return read(s->in_fd, p, n);
}

/* GnuTLS transport callbacks. */
static ssize_t tls_push(gnutls_transport_ptr_t ptr, const void *p, size_t n)
{
	struct stream *s = ptr;
	ssize_t r = nb_write(s, p, n);

	if (r < 0)
		gnutls_transport_set_errno(s->tls, errno);
	return r;
}

static ssize_t tls_pull(gnutls_transport_ptr_t ptr, void *p, size_t n)
{
	struct stream *s = ptr;
	ssize_t r = nb_read(s, p, n);

	if (r < 0)
		gnutls_transport_set_errno(s->tls, errno);
	return r;
}

/* GnuTLS waits here when it has a timeout of its own (the handshake):
 * never longer than our idle timeout or deadline allow.  >0 ready, 0 timed
 * out, -1 error. */
static int tls_pull_timeout(gnutls_transport_ptr_t ptr, unsigned int ms)
{
	struct stream *s = ptr;
	const char *why = "";
	int t = wait_budget(s, util_now_ms(), &why);
	struct pollfd p;
	int r;

	if (ms != GNUTLS_INDEFINITE_TIMEOUT) {
		int m = ms > INT_MAX ? INT_MAX : (int)ms;

		if (t < 0 || m < t)
			t = m;
	}
	p.fd = s->in_fd;
	p.events = POLLIN;
	p.revents = 0;
	r = poll(&p, 1, t);
	if (r < 0)
		gnutls_transport_set_errno(s->tls, errno);
	return r;
}

/* Map a GnuTLS error to a stream result. */
static int fail_tls(struct stream *s, const char *what, int r)
{
	if (r == GNUTLS_E_TIMEDOUT)
		return fail(s, STREAM_TIMEOUT, "%s: timeout", what);
	s->broken = true;
	if (r == GNUTLS_E_WARNING_ALERT_RECEIVED || r == GNUTLS_E_FATAL_ALERT_RECEIVED)
		return fail(s, STREAM_ERROR, "%s: %s: %s", what, gnutls_strerror(r),
			    gnutls_alert_get_name(gnutls_alert_get(s->tls)));
	return fail(s, STREAM_ERROR, "%s: %s", what, gnutls_strerror(r));
}

/* Wait for the direction a GnuTLS call that returned GNUTLS_E_AGAIN needs. */
static int tls_wait(struct stream *s)
{
	if (gnutls_record_get_direction(s->tls) == 1)
		return wait_fd(s, s->out_fd, POLLOUT);
	return wait_fd(s, s->in_fd, POLLIN);
}

/*
 * Read at most n (>0) bytes from the transport: >0 bytes, STREAM_EOF, or
 * an error.  Waits under the timeouts.  Does not flush.
 */
static ssize_t transport_read(struct stream *s, void *p, size_t n)
{
	if (s->broken)
		return fail_broken(s);
	if (s->eof)
		return STREAM_EOF;
	if (s->tls_on) {
		for (;;) {
			ssize_t r = gnutls_record_recv(s->tls, p, n);
			int w;

			if (r > 0) {
				s->bytes_in += (unsigned long long)r;
				return r;
			}
			if (r == 0 || r == GNUTLS_E_PREMATURE_TERMINATION) {
				/* close_notify, or the peer just closed */
				s->eof = true;
				return STREAM_EOF;
			}
			if (r == GNUTLS_E_AGAIN) {
				w = tls_wait(s);
				if (w != STREAM_OK)
					return w;
				continue;
			}
			if (r == GNUTLS_E_INTERRUPTED)
				continue;
			if (r == GNUTLS_E_REHANDSHAKE) {
				/* RFC 5746: renegotiation is not offered. */
				(void)gnutls_alert_send(s->tls, GNUTLS_AL_WARNING,
							GNUTLS_A_NO_RENEGOTIATION);
				continue;
			}
			if (!gnutls_error_is_fatal((int)r))
				continue; /* a warning alert: records go on */
			return fail_tls(s, "TLS read", (int)r);
		}
	}
	for (;;) {
		ssize_t r;

		if (s->idle_ms != 0 || s->deadline_ms != 0) {
			int w = wait_fd(s, s->in_fd, POLLIN);

			if (w != STREAM_OK)
				return w;
		}
		r = read(s->in_fd, p, n);
		if (r > 0) {
			s->bytes_in += (unsigned long long)r;
			return r;
		}
		if (r == 0) {
			s->eof = true;
			return STREAM_EOF;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			/* a non-blocking fd with no timeout set: wait anyway */
			int w = wait_fd(s, s->in_fd, POLLIN);

			if (w != STREAM_OK)
				return w;
			continue;
		}
		if (errno == ECONNRESET) {
			s->eof = true;
			return STREAM_EOF;
		}
		return fail_errno(s, "read", errno);
	}
}

/* Write all n bytes to the transport, waiting under the timeouts. */
static int transport_write(struct stream *s, const unsigned char *p, size_t n)
{
	if (s->broken)
		return fail_broken(s);
	while (n > 0) {
		ssize_t r;

		if (s->tls_on) {
			r = gnutls_record_send(s->tls, p, n);
			if (r == GNUTLS_E_AGAIN) {
				/* call again with the same data (GnuTLS rule) */
				int w = tls_wait(s);

				if (w != STREAM_OK)
					return w;
				continue;
			}
			if (r == GNUTLS_E_INTERRUPTED)
				continue;
			if (r < 0)
				return fail_tls(s, "TLS write", (int)r);
		} else {
			r = nb_write(s, p, n);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK) {
					int w = wait_fd(s, s->out_fd, POLLOUT);

					if (w != STREAM_OK)
						return w;
					continue;
				}
				return fail_errno(s, "write", errno);
			}
		}
		if (r == 0)
			return fail(s, STREAM_ERROR, "write: no progress");
		p += r;
		n -= (size_t)r;
		s->bytes_out += (unsigned long long)r;
	}
	return STREAM_OK;
}

struct stream *stream_new(int in_fd, int out_fd, size_t max_line)
{
	struct stream *s;
	struct stat st;

	if (max_line > SIZE_MAX / 4) {
		errno = EINVAL;
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->in_fd = in_fd;
	s->out_fd = out_fd;
	s->out_is_socket = fstat(out_fd, &st) == 0 && S_ISSOCK(st.st_mode);
	s->max_line = max_line;
	/* A whole line plus CR LF must fit, to tell a line of exactly
	 * max_line bytes from a longer one. */
	s->in_cap = max_line + 2 > STREAM_MIN_INBUF ? max_line + 2 : STREAM_MIN_INBUF;
	s->out_cap = STREAM_OUTBUF;
	s->in = malloc(s->in_cap);
	s->out = malloc(s->out_cap);
	if (s->in == NULL || s->out == NULL) {
		stream_free(s);
		return NULL;
	}
	snprintf(s->err, sizeof(s->err), "no error");
	return s;
}

void stream_free(struct stream *s)
{
	if (s == NULL)
		return;
	if (s->tls != NULL)
		gnutls_deinit(s->tls);
	free(s->in);
	free(s->out);
	free(s);
}

int stream_close(struct stream *s)
{
	int r = stream_flush(s);

	if (r != STREAM_OK)
		return r;
	if (s->tls_on && !s->broken) {
		for (;;) {
			int b = gnutls_bye(s->tls, GNUTLS_SHUT_WR);

			if (b == GNUTLS_E_SUCCESS)
				break;
			if (b == GNUTLS_E_INTERRUPTED)
				continue;
			if (b == GNUTLS_E_AGAIN) {
				int w = tls_wait(s);

				if (w != STREAM_OK)
					return w;
				continue;
			}
			return fail_tls(s, "TLS close", b);
		}
	}
	return STREAM_OK;
}

void stream_set_idle_timeout(struct stream *s, unsigned ms)
{
	s->idle_ms = ms;
}

void stream_set_deadline(struct stream *s, unsigned long long abs_ms)
{
	s->deadline_ms = abs_ms;
}

void stream_deadline_in(struct stream *s, unsigned ms)
{
	if (ms == 0) {
		s->deadline_ms = 0;
		return;
	}
	s->deadline_ms = util_now_ms() + ms;
	if (s->deadline_ms == 0)
		s->deadline_ms = 1;
}

unsigned long long stream_now_ms(void)
{
	return util_now_ms();
}

/*
 * Read more input into the buffer (making room first).  Flushes pending
 * output before it may block: the peer may be waiting for our replies
 * (qmail's rule; makes PIPELINING, RFC 2920, correct).
 */
static int fill(struct stream *s)
{
	ssize_t r;

	if (s->in_pos == s->in_len) {
		s->in_pos = 0;
		s->in_len = 0;
	} else if (s->in_len == s->in_cap && s->in_pos > 0) {
		memmove(s->in, s->in + s->in_pos, s->in_len - s->in_pos);
		s->in_len -= s->in_pos;
		s->in_pos = 0;
	}
	if (s->in_len == s->in_cap)
		return fail(s, STREAM_ERROR, "input buffer full");
	if (s->out_len > 0) {
		int f = stream_flush(s);

		if (f != STREAM_OK)
			return f;
	}
	r = transport_read(s, s->in + s->in_len, s->in_cap - s->in_len);
	if (r < 0)
		return (int)r;
	s->in_len += (size_t)r;
	return STREAM_OK;
}

int stream_read_line(struct stream *s, const char **line, size_t *len, bool *had_crlf)
{
	size_t scanned = 0;

	for (;;) {
		unsigned char *start = s->in + s->in_pos;
		size_t avail = s->in_len - s->in_pos;
		unsigned char *lf = NULL;
		int r;

		if (avail > scanned)
			lf = memchr(start + scanned, '\n', avail - scanned);
		if (lf != NULL) {
			size_t n = (size_t)(lf - start);
			bool crlf = n > 0 && start[n - 1] == '\r';

			s->in_pos += n + 1;
			if (crlf)
				n--;
			if (s->skipping || n > s->max_line) {
				s->skipping = false;
				return fail(s, STREAM_TOOLONG, "line longer than %zu bytes", s->max_line);
			}
			*line = (const char *)start;
			*len = n;
			if (had_crlf != NULL)
				*had_crlf = crlf;
			return STREAM_OK;
		}
		if (s->skipping) {
			/* drop what we have of the over-long line */
			s->in_pos = s->in_len;
			scanned = 0;
		} else if (avail >= s->max_line + 2) {
			/* max_line + 2 bytes and no LF: even with CR LF next
			 * the line is too long (RFC 5321 4.5.3.1.4) */
			s->skipping = true;
			s->in_pos = s->in_len;
			scanned = 0;
		} else {
			scanned = avail;
		}
		/* fill() moves the partial line to the front only when the
		 * buffer end is reached (it fits: in_cap >= max_line + 2), so
		 * a line fed a byte at a time costs no quadratic copying */
		r = fill(s);
		if (r == STREAM_EOF) {
			/* a partial line at EOF is discarded */
			s->in_pos = s->in_len;
			s->skipping = false;
		}
		if (r != STREAM_OK)
			return r;
	}
}

int stream_read_exact(struct stream *s, void *buf, size_t len)
{
	unsigned char *p = buf;

	while (len > 0) {
		size_t avail = s->in_len - s->in_pos;

		if (avail > 0) {
			size_t n = avail < len ? avail : len;

			memcpy(p, s->in + s->in_pos, n);
			s->in_pos += n;
			p += n;
			len -= n;
			continue;
		}
		if (len >= s->in_cap) {
			/* large: straight into the caller's buffer */
			ssize_t r;

			if (s->out_len > 0) {
				int f = stream_flush(s);

				if (f != STREAM_OK)
					return f;
			}
			r = transport_read(s, p, len);
			if (r < 0)
				return (int)r;
			p += r;
			len -= (size_t)r;
			continue;
		}
		{
			int r = fill(s);

			if (r != STREAM_OK)
				return r;
		}
	}
	return STREAM_OK;
}

int stream_read_some(struct stream *s, void *buf, size_t max, size_t *got)
{
	size_t avail;

	*got = 0;
	if (max == 0)
		return STREAM_OK;
	if (s->in_pos == s->in_len) {
		if (max >= s->in_cap) {
			ssize_t r;

			if (s->out_len > 0) {
				int f = stream_flush(s);

				if (f != STREAM_OK)
					return f;
			}
			r = transport_read(s, buf, max);
			if (r < 0)
				return (int)r;
			*got = (size_t)r;
			return STREAM_OK;
		}
		{
			int r = fill(s);

			if (r != STREAM_OK)
				return r;
		}
	}
	avail = s->in_len - s->in_pos;
	if (avail > max)
		avail = max;
	memcpy(buf, s->in + s->in_pos, avail);
	s->in_pos += avail;
	*got = avail;
	return STREAM_OK;
}

int stream_peek(struct stream *s, const void **data, size_t *len)
{
	*data = NULL;
	*len = 0;
	if (s->in_pos == s->in_len) {
		int r = fill(s);

		if (r != STREAM_OK)
			return r;
	}
	*data = s->in + s->in_pos;
	*len = s->in_len - s->in_pos;
	return STREAM_OK;
}

void stream_consume(struct stream *s, size_t n)
{
	size_t avail = s->in_len - s->in_pos;

	s->in_pos += n < avail ? n : avail;
}

size_t stream_buffered_input(const struct stream *s)
{
	size_t n = s->in_len - s->in_pos;

	if (s->tls_on && !s->broken)
		n += gnutls_record_check_pending(s->tls);
	return n;
}

int stream_write(struct stream *s, const void *data, size_t len)
{
	if (s->broken)
		return fail_broken(s);
	if (len <= s->out_cap - s->out_len) {
		memcpy(s->out + s->out_len, data, len);
		s->out_len += len;
		return STREAM_OK;
	}
	{
		int r = stream_flush(s);

		if (r != STREAM_OK)
			return r;
	}
	if (len >= s->out_cap)
		return transport_write(s, data, len);
	memcpy(s->out, data, len);
	s->out_len = len;
	return STREAM_OK;
}

int stream_puts(struct stream *s, const char *str)
{
	return stream_write(s, str, strlen(str));
}

int stream_vprintf(struct stream *s, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t room = s->out_cap - s->out_len;
	char *big;
	int n;
	int r;

	if (s->broken)
		return fail_broken(s);
	va_copy(ap2, ap);
	n = vsnprintf((char *)s->out + s->out_len, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return fail(s, STREAM_ERROR, "printf: bad format");
	if ((size_t)n < room) {
		s->out_len += (size_t)n;
		return STREAM_OK;
	}
	/* did not fit: format into a buffer of its own */
	big = malloc((size_t)n + 1);
	if (big == NULL)
		return fail(s, STREAM_ERROR, "printf: out of memory");
	va_copy(ap2, ap);
	vsnprintf(big, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	r = stream_write(s, big, (size_t)n);
	free(big);
	return r;
}

int stream_printf(struct stream *s, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = stream_vprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

int stream_flush(struct stream *s)
{
	size_t n = s->out_len;
	int r;

	if (n == 0)
		return s->broken ? fail_broken(s) : STREAM_OK;
	r = transport_write(s, s->out, n);
	/* on error the output is dropped: the connection is finished */
	s->out_len = 0;
	return r;
}

int stream_start_tls(struct stream *s, struct tls_creds *creds,
		     const char *alpn, size_t *discarded)
{
	char err[200];
	size_t junk;
	int r;

	if (discarded != NULL)
		*discarded = 0;
	if (s->broken)
		return fail_broken(s);
	if (s->tls != NULL)
		return fail(s, STREAM_ERROR, "TLS already started");
	r = stream_flush(s);
	if (r != STREAM_OK)
		return r;
	/* RFC 3207 4.2: forget everything the client sent before the
	 * handshake; it is not protected and may be an injected command. */
	junk = s->in_len - s->in_pos;
	s->in_pos = 0;
	s->in_len = 0;
	s->skipping = false;
	if (discarded != NULL)
		*discarded = junk;
	if (s->eof)
		return fail(s, STREAM_EOF, "TLS: peer closed before the handshake");

	s->tls = tls_session_new(creds, alpn, err, sizeof(err));
	if (s->tls == NULL) {
		s->broken = true;
		return fail(s, STREAM_ERROR, "%s", err);
	}
	gnutls_transport_set_ptr(s->tls, s);
	gnutls_transport_set_push_function(s->tls, tls_push);
	gnutls_transport_set_pull_function(s->tls, tls_pull);
	gnutls_transport_set_pull_timeout_function(s->tls, tls_pull_timeout);
	/* An overall cap; the idle timeout and deadline cut each wait. */
	gnutls_handshake_set_timeout(s->tls, GNUTLS_DEFAULT_HANDSHAKE_TIMEOUT);

	for (;;) {
		r = gnutls_handshake(s->tls);
		if (r == GNUTLS_E_SUCCESS)
			break;
		if (r == GNUTLS_E_AGAIN) {
			int w = tls_wait(s);

			if (w != STREAM_OK) {
				s->broken = true;
				return w;
			}
			continue;
		}
		if (r == GNUTLS_E_INTERRUPTED || !gnutls_error_is_fatal(r))
			continue;
		if (r == GNUTLS_E_TIMEDOUT) {
			s->broken = true;
			return fail(s, STREAM_TIMEOUT, "TLS handshake: timeout");
		}
		if (r == GNUTLS_E_PREMATURE_TERMINATION || r == GNUTLS_E_PULL_ERROR) {
			s->broken = true;
			s->eof = true;
			return fail(s, STREAM_EOF, "TLS handshake: %s", gnutls_strerror(r));
		}
		/* tell the client why (best effort: never waits) */
		(void)gnutls_alert_send_appropriate(s->tls, r);
		return fail_tls(s, "TLS handshake", r);
	}
	s->tls_on = true;
	return STREAM_OK;
}

bool stream_is_tls(const struct stream *s)
{
	return s->tls_on;
}

void stream_tls_info(const struct stream *s, char *version, size_t vlen,
		     char *cipher, size_t clen)
{
	const char *v = NULL;
	const char *c = NULL;

	if (s->tls_on) {
		v = gnutls_protocol_get_name(gnutls_protocol_get_version(s->tls));
#if GNUTLS_VERSION_NUMBER >= 0x030704
		c = gnutls_ciphersuite_get(s->tls);
#else
		c = gnutls_cipher_suite_get_name(gnutls_kx_get(s->tls),
						 gnutls_cipher_get(s->tls),
						 gnutls_mac_get(s->tls));
#endif
	}
	if (version != NULL && vlen > 0) {
		/* GnuTLS says "TLS1.3"; logs and Received: say "TLSv1.3" */
		if (v != NULL && strncmp(v, "TLS", 3) == 0 && v[3] >= '0' && v[3] <= '9')
			snprintf(version, vlen, "TLSv%s", v + 3);
		else
			snprintf(version, vlen, "%s", v != NULL ? v : "");
	}
	if (cipher != NULL && clen > 0)
		snprintf(cipher, clen, "%s", c != NULL ? c : "");
}

const char *stream_error(const struct stream *s)
{
	return s->err;
}

unsigned long long stream_bytes_in(const struct stream *s)
{
	return s->bytes_in;
}

unsigned long long stream_bytes_out(const struct stream *s)
{
	return s->bytes_out;
}
