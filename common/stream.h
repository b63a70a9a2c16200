/*
 * stream.h - the one buffered connection stream, with TLS underneath.
 *
 * Owns: reading and writing a connection over an input fd and an output fd
 * (they differ when stdin and stdout are pipes; they are the same socket
 * under systemd or inetd), bounded line reads that recover from an
 * over-long line, exact-length reads (IMAP literals, BDAT chunks), buffered
 * writes, poll-based idle timeout and per-command deadline, and the switch
 * to TLS (implicit, before the first byte; or STARTTLS/STLS, after a
 * command).  Protocol code never knows whether TLS is on.
 *
 * Rules:
 * - Output is buffered; any read that has to wait for input first flushes
 *   pending output (qmail), which makes PIPELINING correct for free.
 * - stream_start_tls() discards every byte of plaintext already buffered
 *   (RFC 3207 4.2, RFC 2595 3.1; the STARTTLS command-injection hole), and
 *   reports how many bytes it discarded.
 * - Errors are returned, never printed; stream_error() describes the last.
 * - SIGPIPE: writes to a socket use send(MSG_NOSIGNAL), but a write(2) to a
 *   pipe cannot avoid the signal, so every handler sets SIGPIPE to SIG_IGN
 *   at start; a closed peer is then an ordinary STREAM_ERROR.
 * - Writes never block without a bound either: they wait with poll() under
 *   the same idle timeout and deadline as reads.
 */
#ifndef ZM_STREAM_H
#define ZM_STREAM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct tls_creds;

enum stream_result {
	STREAM_OK = 0,
	STREAM_EOF = -1,      /* peer closed (at a line boundary or not) */
	STREAM_TIMEOUT = -2,  /* idle timeout or deadline passed */
	STREAM_TOOLONG = -3,  /* line over the maximum: skipped up to its LF */
	STREAM_ERROR = -4,    /* I/O or TLS error; see stream_error() */
};

struct stream;

/* New stream over in_fd/out_fd, lines limited to max_line bytes excluding
 * the line end.  The fds are not closed by stream_free.  NULL on ENOMEM
 * (or EINVAL for an absurd max_line).  The fds' flags are not changed. */
struct stream *stream_new(int in_fd, int out_fd, size_t max_line);

/* Flush pending output and, under TLS, send close_notify (gnutls_bye with
 * GNUTLS_SHUT_WR; the peer's reply is not awaited).  STREAM_OK or an error
 * (best effort: the caller closes the connection either way).  Does not
 * free the stream and does not close the fds. */
int stream_close(struct stream *s);

/* Free the stream and its TLS session.  Does NOT flush and sends nothing:
 * call stream_flush() or stream_close() first.  NULL is accepted. */
void stream_free(struct stream *s);

/* Idle timeout: the longest single wait for input, or for room to write
 * output (ms, 0 = none); each wait starts it afresh. */
void stream_set_idle_timeout(struct stream *s, unsigned ms);
/* Deadline for the current command: absolute CLOCK_MONOTONIC ms, 0 = none.
 * stream_deadline_in(s, ms) sets it ms from now (ms 0 = none). */
void stream_set_deadline(struct stream *s, unsigned long long abs_ms);
void stream_deadline_in(struct stream *s, unsigned ms);
/* The CLOCK_MONOTONIC clock of deadlines, in ms. */
unsigned long long stream_now_ms(void);

/*
 * Read one line.  On STREAM_OK *line points into the stream's buffer (valid
 * until the next read call) and *len excludes the line end.  A line ends at
 * LF; a CR immediately before that LF is removed too; a bare CR elsewhere
 * stays in the line (the protocol decides).  *had_crlf (may be NULL) tells
 * whether the line ended with CRLF rather than a bare LF.
 * On STREAM_TOOLONG the over-long line has been consumed up to and including
 * its LF (the stream is back in step) and nothing is returned.
 * At EOF with a partial line pending, that partial line is discarded and
 * STREAM_EOF returned.
 */
int stream_read_line(struct stream *s, const char **line, size_t *len, bool *had_crlf);

/* Read exactly len bytes into buf (no line handling).  STREAM_OK or error. */
int stream_read_exact(struct stream *s, void *buf, size_t len);

/* Read at least 1 and at most max bytes into buf; *got is set.  For
 * streaming large data (DATA bodies, BDAT chunks) through a small buffer.
 * max == 0 returns STREAM_OK with *got == 0 without reading. */
int stream_read_some(struct stream *s, void *buf, size_t max, size_t *got);

/* Look at buffered input without consuming it, reading more (at least one
 * byte) when none is buffered: *data and *len describe the bytes available
 * (valid until the next call on the stream).  stream_consume() then takes
 * n of them (at most *len).  For readers that must stop at a delimiter
 * exactly and leave what follows for the next command (the end of SMTP
 * DATA with PIPELINING). */
int stream_peek(struct stream *s, const void **data, size_t *len);
void stream_consume(struct stream *s, size_t n);
/* Bytes already received and buffered, not yet consumed by a read
 * (including data GnuTLS has decrypted but not yet handed over). */
size_t stream_buffered_input(const struct stream *s);

/* Buffered output.  Writes never block until the buffer fills or a flush. */
int stream_write(struct stream *s, const void *data, size_t len);
int stream_puts(struct stream *s, const char *str);
int stream_printf(struct stream *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int stream_vprintf(struct stream *s, const char *fmt, va_list ap);
int stream_flush(struct stream *s);

/*
 * Switch to TLS as a server with creds.  Flushes pending output first, then
 * discards buffered plaintext input (its size in *discarded, may be NULL),
 * then runs the handshake under the current idle timeout/deadline.
 * alpn is the protocol name we speak ("smtp", "imap", "pop3") or NULL: when
 * the client offers ALPN and our name is not among its offers, the handshake
 * fails (no cross-protocol confusion, "ALPACA").
 * Returns STREAM_OK, or STREAM_TIMEOUT, STREAM_EOF (the peer left) or
 * STREAM_ERROR (see stream_error()); after any failure every later call
 * on the stream fails and the connection must be closed.  Calling it a
 * second time is an error.
 */
int stream_start_tls(struct stream *s, struct tls_creds *creds,
		     const char *alpn, size_t *discarded);

bool stream_is_tls(const struct stream *s);

/* "TLSv1.3" and "TLS_AES_256_GCM_SHA384"-style names of the session, for
 * logs and Received: headers.  Empty strings when not TLS. */
void stream_tls_info(const struct stream *s, char *version, size_t vlen,
		     char *cipher, size_t clen);

/* Text of the last error (static or stream-owned; never NULL). */
const char *stream_error(const struct stream *s);

/* Bytes read and written so far (after TLS decoding), for logs. */
unsigned long long stream_bytes_in(const struct stream *s);
unsigned long long stream_bytes_out(const struct stream *s);

#endif
