/*
 * saslserver.c - SASL PLAIN and LOGIN exchanges over the stream.
 * See saslserver.h.
 */
#include <string.h>
#include <strings.h>

#include "saslserver.h"

enum sasl_mech sasl_mech_parse(const char *name, size_t len)
{
	if (len == 5 && strncasecmp(name, "PLAIN", 5) == 0)
		return SASL_MECH_PLAIN;
	if (len == 5 && strncasecmp(name, "LOGIN", 5) == 0)
		return SASL_MECH_LOGIN;
	return SASL_MECH_UNKNOWN;
}

/* Send one challenge and read the answer.  SASLX_OK with the answer in line and len. */
static int challenge(struct stream *s, const char *prompt, const char *b64,
		     const char **line, size_t *len, int *stream_rc)
{
	int rc;

	if ((rc = stream_printf(s, "%s%s\r\n", prompt, b64)) != STREAM_OK ||
	    (rc = stream_flush(s)) != STREAM_OK) {
		*stream_rc = rc;
		return SASLX_IO;
	}
	rc = stream_read_line(s, line, len, NULL);
	if (rc == STREAM_TOOLONG)
		return SASLX_TOOLONG;
	if (rc != STREAM_OK) {
		*stream_rc = rc;
		return SASLX_IO;
	}
	/* RFC 4954 4, RFC 5034 4, RFC 9051 6.2.2: "*" cancels. */
	if (*len == 1 && (*line)[0] == '*')
		return SASLX_CANCELLED;
	return SASLX_OK;
}

/* "=" is an explicitly empty initial response (RFC 4954 4). */
static bool empty_response(const char *r, size_t len)
{
	return len == 0 || (len == 1 && r[0] == '=');
}

static int login_exchange(struct stream *s, const char *prompt, const char *initial,
			  size_t initial_len, struct sasl_credentials *out, int *stream_rc)
{
	const char *line;
	size_t len, got;
	int rc;

	if (initial && !empty_response(initial, initial_len)) {
		line = initial;
		len = initial_len;
	} else if ((rc = challenge(s, prompt, "VXNlcm5hbWU6", &line, &len, stream_rc)) != SASLX_OK) {
		return rc;  /* "Username:" */
	}
	if (sasl_login_decode(line, len, out->authcid, sizeof(out->authcid), &got) != SASL_OK)
		return SASLX_MALFORMED;
	if ((rc = challenge(s, prompt, "UGFzc3dvcmQ6", &line, &len, stream_rc)) != SASLX_OK)
		return rc;  /* "Password:" */
	if (sasl_login_decode(line, len, out->passwd, sizeof(out->passwd), &out->passwd_len) != SASL_OK)
		return SASLX_MALFORMED;
	return SASLX_OK;
}

int sasl_server_exchange(struct stream *s, const char *prompt, enum sasl_mech mech,
			 const char *initial, size_t initial_len,
			 struct sasl_credentials *out, int *stream_rc)
{
	const char *line;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	*stream_rc = STREAM_OK;
	switch (mech) {
	case SASL_MECH_PLAIN:
		if (initial) {
			line = initial;
			len = initial_len;
		} else if ((rc = challenge(s, prompt, "", &line, &len, stream_rc)) != SASLX_OK) {
			return rc;
		}
		if (sasl_plain_decode(line, len, out) != SASL_OK)
			return SASLX_MALFORMED;
		if (!sasl_authzid_allowed(out)) {
			sasl_credentials_wipe(out);
			return SASLX_AUTHZID;
		}
		return SASLX_OK;
	case SASL_MECH_LOGIN:
		rc = login_exchange(s, prompt, initial, initial_len, out, stream_rc);
		if (rc != SASLX_OK)
			sasl_credentials_wipe(out);
		return rc;
	default:
		return SASLX_MALFORMED;
	}
}
