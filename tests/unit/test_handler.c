/* test_handler.c - handler start (config errors), TLS offer and the
 * plaintext password policy. */
#include <stdlib.h>

#include "handler.h"
#include "tap.h"

static void test_init_bad_config(void)
{
	struct handler h;
	char *argv[] = { "x", "--config", "/nonexistent/zeromail.conf", NULL };
	int argc = 3;

	CHECK_EQ_INT(handler_init(&h, "test", &argc, argv, 0), -1);
	CHECK(h.s != NULL);
	CHECK(strstr(h.error, "/nonexistent/zeromail.conf") != NULL);
	CHECK_EQ_INT(argc, 1);
	handler_finish(&h);
	CHECK(h.s == NULL);
}

static void test_init_idle_minimum(void)
{
	struct handler h;
	char path[] = "/tmp/zm-handler-XXXXXX";
	int fd = mkstemp(path);
	char *argv[] = { "x", "--config", path, NULL };
	int argc = 3;
	static const char conf[] = "hostname = mx.example.org\nidle_timeout = 30\n";

	CHECK(fd >= 0);
	CHECK_EQ_INT(write(fd, conf, sizeof(conf) - 1), (long)(sizeof(conf) - 1));
	close(fd);
	CHECK_EQ_INT(handler_init(&h, "test", &argc, argv, 600), 0);
	CHECK_EQ_STR(h.cfg.hostname, "mx.example.org");
	CHECK_EQ_INT(h.cfg.idle_timeout_s, 30);
	CHECK(!handler_tls_configured(&h));
	handler_finish(&h);
	unlink(path);
}

static void test_plaintext_policy(void)
{
	struct handler h;

	memset(&h, 0, sizeof(h));
	config_defaults(&h.cfg);
	h.s = stream_new(0, 1, 512);
	h.facts.source = CONN_SYSTEMD;
	h.facts.loopback = true;
	CHECK(!handler_plaintext_auth_allowed(&h));   /* not allowed by default */
	h.cfg.allow_plaintext_auth_loopback = true;
	CHECK(handler_plaintext_auth_allowed(&h));
	h.facts.loopback = false;
	CHECK(!handler_plaintext_auth_allowed(&h));   /* never for a remote peer */
	h.facts.source = CONN_LOCAL;
	h.facts.stdin_is_socket = false;
	CHECK(handler_plaintext_auth_allowed(&h));    /* pipes: nothing on a network */
	h.facts.stdin_is_socket = true;
	CHECK(!handler_plaintext_auth_allowed(&h));
	snprintf(h.cfg.tls_cert, sizeof(h.cfg.tls_cert), "/c.pem");
	CHECK(!handler_tls_configured(&h));
	snprintf(h.cfg.tls_key, sizeof(h.cfg.tls_key), "/k.pem");
	CHECK(handler_tls_configured(&h));
	stream_free(h.s);
}

int main(void)
{
	RUN(test_init_bad_config);
	RUN(test_init_idle_minimum);
	RUN(test_plaintext_policy);
	return tap_done();
}
