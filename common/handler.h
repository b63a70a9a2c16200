/*
 * handler.h - what every protocol handler does around its protocol.
 *
 * Owns: the start of a handler process (config from --config or
 * $ZEROMAIL_CONFIG, the log, the connection facts, SIGPIPE ignored, the
 * stream on fd 0/1 with the configured line limit and idle timeout), the
 * switch to TLS (credentials loaded on first use, implicit or STARTTLS/STLS),
 * the one policy of when a password may be sent (TLS, or a loopback/pipe
 * peer when allow_plaintext_auth_loopback says so), and the clean end
 * (flush, close_notify, free).  Protocol code stays in each handler.
 */
#ifndef ZM_HANDLER_H
#define ZM_HANDLER_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "conn.h"
#include "stream.h"

struct tls_creds;

struct handler {
	const char *ident;          /* program name for logs */
	struct zm_config cfg;
	struct conn_facts facts;
	struct stream *s;           /* fd 0 in, fd 1 out */
	struct tls_creds *creds;    /* NULL until the first TLS start */
	char error[512];            /* why the last call failed */
};

/*
 * Start: choose and load the config (removing --config from argv), open the
 * log, read the connection facts, ignore SIGPIPE, make the stream with
 * cfg.max_line and an idle timeout of max(cfg.idle_timeout_s,
 * min_idle_timeout_s) seconds.
 * Returns 0.  Returns -1 when the config cannot be used: the reason is
 * logged and in h->error, and h->s is still a usable stream (on built-in
 * defaults) so the caller can answer with its protocol's temporary error.
 * Returns -2 only when not even a stream could be made (out of memory).
 */
int handler_init(struct handler *h, const char *ident, int *argc, char **argv,
		 unsigned min_idle_timeout_s);

/* true when tls_cert and tls_key are both configured (TLS can be offered). */
bool handler_tls_configured(const struct handler *h);

/* Load the TLS credentials now (once), so that a STARTTLS/STLS command can
 * answer an error before its go-ahead reply.  Returns 0, or -1 with the
 * reason logged and in h->error (not configured, or unusable files). */
int handler_tls_prepare(struct handler *h);

/*
 * Switch the stream to TLS as a server, speaking alpn ("smtp", "pop3",
 * "imap").  Loads the credentials on first use.  Plaintext the client had
 * pipelined is discarded (and logged).  Returns 0, or -1 with the reason
 * logged and in h->error.  *handshake_failed tells which failure: true
 * means the handshake started and failed, the stream is dead and the caller
 * must end the session; false means TLS never started (no credentials) and
 * the session may go on in plaintext.
 */
int handler_start_tls(struct handler *h, const char *alpn, bool *handshake_failed);

/* true when a password may be accepted now: under TLS, or when the config
 * allows plaintext auth on loopback and the peer is loopback or the session
 * runs on local pipes (a test or a local program; nothing crosses a
 * network). */
bool handler_plaintext_auth_allowed(const struct handler *h);

/* "TLSv1.3 TLS_AES_256_GCM_SHA384" into buf, or "" when not TLS. */
void handler_tls_label(const struct handler *h, char *buf, size_t len);

/*
 * Read the next command line: the wait for its first byte is bounded by
 * the idle timeout alone; from that byte on, the line and whatever the
 * command then reads (an AUTH exchange) must complete within limit_s
 * seconds (a slow client cannot hold the session).  The deadline stays set
 * after the call; a command with its own budget (DATA) sets another.
 * Same returns as stream_read_line.
 */
int handler_read_command(struct handler *h, unsigned limit_s, const char **line, size_t *len);

/* Flush, close TLS, free the stream and the credentials. */
void handler_finish(struct handler *h);

#endif
