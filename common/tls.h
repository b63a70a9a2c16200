/*
 * tls.h - GnuTLS server credentials.
 *
 * Owns: loading the certificate chain and key from configured PEM files,
 * the priority string (TLS 1.2 minimum), and making a server session for
 * stream.c.  Credentials are loaded only when a session will use TLS, so a
 * plain connection pays nothing for them (start-up is the hot path).
 *
 * Default priority (documented in docs/config.md; accepted by
 * gnutls_priority_init on GnuTLS 3.7, checked by tests/unit/test_stream.c):
 *   "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE"
 * i.e. GnuTLS's 128-bit-secure set, TLS 1.2 and 1.3 only, server's order.
 *
 * GnuTLS needs no explicit global initialisation (3.7 initialises itself
 * when the library is loaded); nothing here runs until tls_creds_load().
 */
#ifndef ZM_TLS_H
#define ZM_TLS_H

#include <stddef.h>

#define ZM_TLS_DEFAULT_PRIORITY \
	"SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:%SERVER_PRECEDENCE"

struct tls_creds;

/* Load cert (PEM chain) and key (PEM) with priority (NULL or "" = default).
 * Returns 0 and *out, or -1 with a message in err. */
int tls_creds_load(struct tls_creds **out, const char *cert_file,
		   const char *key_file, const char *priority,
		   char *err, size_t errlen);
void tls_creds_free(struct tls_creds *creds);

/* For stream.c: a configured gnutls server session (gnutls_session_t as
 * void*; the caller owns it and frees it with gnutls_deinit), or NULL with
 * a message.  creds must outlive the session.  alpn (NULL = none): our one
 * protocol, set with GNUTLS_ALPN_MANDATORY, so a client that offers ALPN
 * without it is refused and a client that offers none is accepted.  The
 * transport is not set: stream.c does that. */
void *tls_session_new(struct tls_creds *creds, const char *alpn,
		      char *err, size_t errlen);

#endif
