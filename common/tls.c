/*
 * tls.c - GnuTLS server credentials and sessions (interface: tls.h).
 *
 * Owns: the certificate chain and key read from PEM files, the priority
 * string (TLS 1.2 minimum, RFC 8996 deprecates 1.0 and 1.1), and a server
 * session configured with them plus ALPN (RFC 7301).  The transport of the
 * session is set by stream.c, which owns all I/O.
 *
 * ALPN (RFC 7301 3.2): with GNUTLS_ALPN_MANDATORY, GnuTLS refuses a client
 * whose ALPN list does not contain our protocol (no_application_protocol
 * alert), while a client that sends no ALPN extension at all is accepted;
 * tests/unit/test_stream.c checks both.  This closes the cross-protocol
 * ("ALPACA") hole for clients that do offer ALPN.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "tls.h"

struct tls_creds {
	gnutls_certificate_credentials_t cert;
	gnutls_priority_t prio;
};

/* "what: gnutls text" into err. */
static void set_err(char *err, size_t errlen, const char *what, int gerr)
{
	if (err == NULL || errlen == 0)
		return;
	if (gerr != 0)
		snprintf(err, errlen, "%s: %s", what, gnutls_strerror(gerr));
	else
		snprintf(err, errlen, "%s", what);
}

/* A clearer message than GnuTLS's "Error while reading file" when a file
 * is missing or unreadable.  0 or -1 with err set. */
static int check_readable(const char *what, const char *path, char *err, size_t errlen)
{
	int fd;

	if (path == NULL || path[0] == '\0') {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "no TLS %s file configured", what);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "TLS %s file %s: %s", what, path, strerror(errno));
		return -1;
	}
	close(fd);
	return 0;
}

int tls_creds_load(struct tls_creds **out, const char *cert_file,
		   const char *key_file, const char *priority,
		   char *err, size_t errlen)
{
	struct tls_creds *c;
	const char *errpos = NULL;
	int r;

	*out = NULL;
	if (check_readable("certificate", cert_file, err, errlen) < 0 ||
	    check_readable("key", key_file, err, errlen) < 0)
		return -1;
	if (priority == NULL || priority[0] == '\0')
		priority = ZM_TLS_DEFAULT_PRIORITY;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		set_err(err, errlen, "out of memory", 0);
		return -1;
	}
	r = gnutls_certificate_allocate_credentials(&c->cert);
	if (r < 0) {
		set_err(err, errlen, "TLS credentials", r);
		free(c);
		return -1;
	}
	r = gnutls_certificate_set_x509_key_file2(c->cert, cert_file, key_file,
						  GNUTLS_X509_FMT_PEM, NULL, 0);
	if (r < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "TLS certificate %s / key %s: %s",
				 cert_file, key_file, gnutls_strerror(r));
		goto fail;
	}
	/* RFC 7919 groups for the TLS 1.2 DHE suites. */
	r = gnutls_certificate_set_known_dh_params(c->cert, GNUTLS_SEC_PARAM_MEDIUM);
	if (r < 0) {
		set_err(err, errlen, "TLS DH parameters", r);
		goto fail;
	}
	r = gnutls_priority_init(&c->prio, priority, &errpos);
	if (r < 0) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "TLS priority string \"%s\" (at \"%s\"): %s",
				 priority, errpos != NULL ? errpos : "", gnutls_strerror(r));
		c->prio = NULL;
		goto fail;
	}
	*out = c;
	return 0;
fail:
	tls_creds_free(c);
	return -1;
}

void tls_creds_free(struct tls_creds *creds)
{
	if (creds == NULL)
		return;
	if (creds->prio != NULL)
		gnutls_priority_deinit(creds->prio);
	if (creds->cert != NULL)
		gnutls_certificate_free_credentials(creds->cert);
	free(creds);
}

void *tls_session_new(struct tls_creds *creds, const char *alpn,
		      char *err, size_t errlen)
{
	gnutls_session_t session;
	int r;

	if (creds == NULL) {
		set_err(err, errlen, "no TLS credentials", 0);
		return NULL;
	}
	r = gnutls_init(&session, GNUTLS_SERVER | GNUTLS_NO_SIGNAL);
	if (r < 0) {
		set_err(err, errlen, "TLS session", r);
		return NULL;
	}
	r = gnutls_priority_set(session, creds->prio);
	if (r < 0) {
		set_err(err, errlen, "TLS priority", r);
		goto fail;
	}
	r = gnutls_credentials_set(session, GNUTLS_CRD_CERTIFICATE, creds->cert);
	if (r < 0) {
		set_err(err, errlen, "TLS credentials", r);
		goto fail;
	}
	gnutls_certificate_server_set_request(session, GNUTLS_CERT_IGNORE);
	if (alpn != NULL) {
		gnutls_datum_t proto;
		size_t n = strlen(alpn);

		/* RFC 7301 3.1: a protocol name is 1 to 255 octets. */
		if (n == 0 || n > 255) {
			set_err(err, errlen, "bad ALPN protocol name", 0);
			goto fail;
		}
		proto.data = (unsigned char *)(uintptr_t)alpn;
		proto.size = (unsigned)n;
		r = gnutls_alpn_set_protocols(session, &proto, 1,
					      GNUTLS_ALPN_MANDATORY | GNUTLS_ALPN_SERVER_PRECEDENCE);
		if (r < 0) {
			set_err(err, errlen, "TLS ALPN", r);
			goto fail;
		}
	}
	return session;
fail:
	gnutls_deinit(session);
	return NULL;
}
