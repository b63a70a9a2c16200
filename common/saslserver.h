/*
 * saslserver.h - the server side of a SASL PLAIN or LOGIN exchange.
 *
 * Owns: the challenge/response loop over the stream that SMTP AUTH
 * (RFC 4954), POP3 AUTH (RFC 5034) and IMAP AUTHENTICATE (RFC 9051 6.2.2)
 * share: the initial response ("=" is an empty one), the prompts (each
 * protocol gives its prefix: "334 " or "+ "), "*" to cancel, and decoding
 * into credentials with sasl.c.  Verifying the password is auth.c's job;
 * the replies that follow are each protocol's.
 */
#ifndef ZM_SASLSERVER_H
#define ZM_SASLSERVER_H

#include <stdbool.h>
#include <stddef.h>

#include "sasl.h"
#include "stream.h"

enum sasl_mech { SASL_MECH_UNKNOWN = 0, SASL_MECH_PLAIN, SASL_MECH_LOGIN };

/* The mechanism named by name[0..len), any case. */
enum sasl_mech sasl_mech_parse(const char *name, size_t len);

enum saslx_result {
	SASLX_OK = 0,        /* *out holds the credentials */
	SASLX_CANCELLED,     /* the client answered "*" */
	SASLX_MALFORMED,     /* not base64, or not a valid response */
	SASLX_AUTHZID,       /* PLAIN asked to act as someone else: refused */
	SASLX_TOOLONG,       /* a response line over the stream's line limit */
	SASLX_IO,            /* EOF, timeout or I/O error: end the session */
};

/*
 * Run one exchange for mech.  initial (NULL = none was given) is the
 * initial response from the command line.  Prompts are written as
 * "<prompt><base64 challenge>\r\n" and flushed.  On SASLX_OK the caller
 * passes out->authcid and out->passwd to auth_verify and wipes *out.
 * On SASLX_IO *stream_rc holds the stream result.
 */
int sasl_server_exchange(struct stream *s, const char *prompt, enum sasl_mech mech,
			 const char *initial, size_t initial_len,
			 struct sasl_credentials *out, int *stream_rc);

#endif
