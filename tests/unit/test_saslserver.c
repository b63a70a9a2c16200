/* test_saslserver.c - SASL PLAIN/LOGIN exchanges over a piped stream. */
#include <stdlib.h>

#include "saslserver.h"
#include "tap.h"

/* Run one exchange with the client's lines already in the input pipe;
 * returns the result and the server's output in out (NUL-terminated). */
static int run(enum sasl_mech mech, const char *initial, const char *client,
	       struct sasl_credentials *creds, char *out, size_t outlen)
{
	int in[2], o[2], rc, src;
	struct stream *s;
	ssize_t n;

	if (pipe(in) || pipe(o))
		abort();
	if (write(in[1], client, strlen(client)) != (ssize_t)strlen(client))
		abort();
	close(in[1]);
	s = stream_new(in[0], o[1], 512);
	rc = sasl_server_exchange(s, "334 ", mech, initial, initial ? strlen(initial) : 0, creds, &src);
	stream_flush(s);
	stream_free(s);
	close(o[1]);
	n = read(o[0], out, outlen - 1);
	out[n > 0 ? n : 0] = '\0';
	close(in[0]);
	close(o[0]);
	return rc;
}

static void test_mech(void)
{
	CHECK_EQ_INT(sasl_mech_parse("plain", 5), SASL_MECH_PLAIN);
	CHECK_EQ_INT(sasl_mech_parse("LOGIN", 5), SASL_MECH_LOGIN);
	CHECK_EQ_INT(sasl_mech_parse("CRAM-MD5", 8), SASL_MECH_UNKNOWN);
	CHECK_EQ_INT(sasl_mech_parse("PLAINX", 6), SASL_MECH_UNKNOWN);
}

static void test_plain(void)
{
	struct sasl_credentials c;
	char out[256];

	/* "\0alice\0secret" */
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, "AGFsaWNlAHNlY3JldA==", "", &c, out, sizeof(out)), SASLX_OK);
	CHECK_EQ_STR(c.authcid, "alice");
	CHECK_EQ_STR(c.passwd, "secret");
	CHECK_EQ_STR(out, "");
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, NULL, "AGFsaWNlAHNlY3JldA==\r\n", &c, out, sizeof(out)), SASLX_OK);
	CHECK_EQ_STR(out, "334 \r\n");
	CHECK_EQ_STR(c.authcid, "alice");
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, NULL, "*\r\n", &c, out, sizeof(out)), SASLX_CANCELLED);
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, "=", "", &c, out, sizeof(out)), SASLX_MALFORMED);
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, "!!!", "", &c, out, sizeof(out)), SASLX_MALFORMED);
	/* "bob\0alice\0secret": acting as another user is refused */
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, "Ym9iAGFsaWNlAHNlY3JldA==", "", &c, out, sizeof(out)), SASLX_AUTHZID);
	CHECK(tap_all_zero(&c, sizeof(c)));
	CHECK_EQ_INT(run(SASL_MECH_PLAIN, NULL, "", &c, out, sizeof(out)), SASLX_IO);
}

static void test_login(void)
{
	struct sasl_credentials c;
	char out[256];

	CHECK_EQ_INT(run(SASL_MECH_LOGIN, NULL, "YWxpY2U=\r\nc2VjcmV0\r\n", &c, out, sizeof(out)), SASLX_OK);
	CHECK_EQ_STR(out, "334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n");
	CHECK_EQ_STR(c.authcid, "alice");
	CHECK_EQ_STR(c.passwd, "secret");
	CHECK_EQ_INT(c.passwd_len, 6);
	CHECK_EQ_INT(run(SASL_MECH_LOGIN, "YWxpY2U=", "c2VjcmV0\r\n", &c, out, sizeof(out)), SASLX_OK);
	CHECK_EQ_STR(out, "334 UGFzc3dvcmQ6\r\n");
	CHECK_EQ_INT(run(SASL_MECH_LOGIN, NULL, "YWxpY2U=\r\n*\r\n", &c, out, sizeof(out)), SASLX_CANCELLED);
	CHECK(tap_all_zero(&c, sizeof(c)));
	CHECK_EQ_INT(run(SASL_MECH_LOGIN, NULL, "%%%\r\n", &c, out, sizeof(out)), SASLX_MALFORMED);
	CHECK_EQ_INT(run(SASL_MECH_LOGIN, NULL, "YWxpY2U=\r\n", &c, out, sizeof(out)), SASLX_IO);
}

int main(void)
{
	RUN(test_mech);
	RUN(test_plain);
	RUN(test_login);
	return tap_done();
}
