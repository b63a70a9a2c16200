/*
 * tls.h - GnuTLS server credentials.
 *
 * Owns: loading the certificate chain and key from configured PEM files,
 * the priority string (TLS 1.2 minimum), and making a server session for
 * stream.c.  Credentials are loaded only when a session will use TLS, so a
 * plain connection pays nothing for them (start-up is the hot path).
 *
 * Default priority (documented in docs/config.md):
 *   "SECURE128:-VERS-ALL:+VERS-TLS1.3:+VERS-TLS1.2:-VERS-SSL3.0:%SERVER_PRECEDENCE"
 * i.e. GnuTLS's 128-bit-secure set, TLS 1.2 and 1.3 only.
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
 * void*), or NULL with a message. */
void *tls_session_new(struct tls_creds *creds, const char *alpn,
		      char *err, size_t errlen);

#endif
