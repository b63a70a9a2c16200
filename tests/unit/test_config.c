/* test_config.c - config file parsing, defaults, errors, path choice. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "config.h"
#include "tap.h"

static int parse(struct zm_config *c, const char *text, char *err, size_t errlen)
{
	config_defaults(c);
	return config_parse_buffer(c, "t.conf", text, strlen(text), err, errlen);
}

static void test_defaults(void)
{
	struct zm_config c;

	config_defaults(&c);
	CHECK(c.hostname[0] != '\0');
	CHECK_EQ_INT(c.max_line, ZM_DEFAULT_MAX_LINE);
	CHECK_EQ_INT(c.max_recipients, 100);
	CHECK_EQ_INT(c.idle_timeout_s, 300);
	CHECK_EQ_INT(c.recipient_delimiter, '+');
	CHECK_EQ_INT(c.auth_mode, ZM_AUTH_FILE);
	CHECK_EQ_INT(c.local_domain_count, 0);
	CHECK(!c.allow_pipe_aliases);
	CHECK(!c.allow_plaintext_auth_loopback);
}

static void test_values(void)
{
	struct zm_config c;
	char err[256] = "";

	CHECK_EQ_INT(parse(&c,
		"# comment\n"
		"  \n"
		"hostname = mx.Example.ORG\n"
		"local_domains = example.org, Bücher.example  xn--caf-dma.example\n"
		"max_message_size = 10M\n"
		"max_line_length=4096\n"
		"idle_timeout = 5m\r\n"
		"auth_failure_delay = 2s\n"
		"allow_pipe_aliases = yes\n"
		"recipient_delimiter = -\n"
		"auth_mode = system\n"
		"log = stderr\n"
		"pop3_login_delay = 2m\n"
		"pop3_expire_days = 30\n"
		"smtp_auth_on_mx = yes\n"
		"spool_dir = /var/spool/zm\n"
		"tls_cert = /etc/ssl/a b.pem\n", err, sizeof(err)), 0);
	CHECK_EQ_STR(err, "");
	CHECK_EQ_STR(c.hostname, "mx.example.org");
	CHECK_EQ_INT(c.local_domain_count, 3);
	CHECK_EQ_STR(c.local_domains[0], "example.org");
	CHECK_EQ_STR(c.local_domains[1], "xn--bcher-kva.example");
	CHECK_EQ_STR(c.local_domains[2], "xn--caf-dma.example");
	CHECK_EQ_INT(c.max_message_size, 10 * 1024 * 1024);
	CHECK_EQ_INT(c.max_line, 4096);
	CHECK_EQ_INT(c.idle_timeout_s, 300);
	CHECK_EQ_INT(c.auth_fail_delay_ms, 2000);
	CHECK(c.allow_pipe_aliases);
	CHECK_EQ_INT(c.recipient_delimiter, '-');
	CHECK_EQ_INT(c.auth_mode, ZM_AUTH_SYSTEM);
	CHECK_EQ_INT(c.log_target, ZM_LOG_STDERR);
	CHECK_EQ_STR(c.tls_cert, "/etc/ssl/a b.pem");
	CHECK_EQ_INT(c.pop3_login_delay_s, 120);
	CHECK_EQ_INT(c.pop3_expire_days, 30);
	CHECK(c.smtp_auth_on_mx);
	CHECK(!c.smtp_any_sender);
	CHECK_EQ_STR(c.spool_dir, "/var/spool/zm");
}

static void test_errors(void)
{
	struct zm_config c;
	char err[256];

	CHECK_EQ_INT(parse(&c, "hostname = a\nbogus = 1\n", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t.conf:2: unknown key 'bogus'");
	CHECK_EQ_INT(parse(&c, "\n\nmax_recipients\n", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t.conf:3: expected 'key = value'");
	CHECK_EQ_INT(parse(&c, "max_recipients = lots\n", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t.conf:1: max_recipients: 'lots' is not a number");
	CHECK_EQ_INT(parse(&c, "max_line_length = 100\n", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t.conf:1: max_line_length: 100 is outside 512..65536");
	CHECK_EQ_INT(parse(&c, "allow_pipe_aliases = maybe\n", err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t.conf:1: allow_pipe_aliases: 'maybe' is not yes or no");
	CHECK_EQ_INT(parse(&c, "local_domains = a..b\n", err, sizeof(err)), -1);
	CHECK(strstr(err, "t.conf:1: local_domains: invalid domain") == err);
	CHECK_EQ_INT(parse(&c, "auth_mode = ldap\n", err, sizeof(err)), -1);
	CHECK_EQ_INT(parse(&c, "max_recipients = 99999999999999999999999\n", err, sizeof(err)), -1);
	CHECK_EQ_INT(parse(&c, "idle_timeout = 5x\n", err, sizeof(err)), -1);
	CHECK_EQ_INT(parse(&c, "recipient_delimiter = ab\n", err, sizeof(err)), -1);
	CHECK_EQ_INT(parse(&c, "recipient_delimiter =\n", err, sizeof(err)), 0);
	CHECK_EQ_INT(c.recipient_delimiter, '\0');
	{
		char big[5000];

		memset(big, 'a', sizeof(big));
		memcpy(big, "users_file = ", 13);
		big[sizeof(big) - 1] = '\0';
		CHECK_EQ_INT(parse(&c, big, err, sizeof(err)), -1);
	}
	{
		static const char nul[] = "hostname = a\0b\n";

		config_defaults(&c);
		CHECK_EQ_INT(config_parse_buffer(&c, "t.conf", nul, sizeof(nul) - 1, err, sizeof(err)), -1);
	}
}

static void test_local_domain(void)
{
	struct zm_config c;
	char err[256];

	CHECK_EQ_INT(parse(&c, "local_domains = example.org bücher.example [192.0.2.1]\n", err, sizeof(err)), 0);
	CHECK(config_is_local_domain(&c, "example.org"));
	CHECK(config_is_local_domain(&c, "EXAMPLE.org"));
	CHECK(config_is_local_domain(&c, "example.org."));
	CHECK(config_is_local_domain(&c, "xn--bcher-kva.example"));
	CHECK(config_is_local_domain(&c, "BÜCHER.example"));
	CHECK(config_is_local_domain(&c, "[192.0.2.1]"));
	CHECK(!config_is_local_domain(&c, "[192.0.2.2]"));
	CHECK(!config_is_local_domain(&c, "sub.example.org"));
	CHECK(!config_is_local_domain(&c, "example.org.evil"));
	CHECK(!config_is_local_domain(&c, ""));
	CHECK(!config_is_local_domain(&c, NULL));
}

static void test_load_file(void)
{
	char dir[] = "/tmp/zm-XXXXXX", path[128], err[256];
	struct zm_config c;
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/z.conf", dir);
	CHECK_EQ_INT(config_load(&c, path, true, err, sizeof(err)), 0);
	CHECK_EQ_STR(c.path, "");
	CHECK_EQ_INT(config_load(&c, path, false, err, sizeof(err)), -1);
	CHECK(strstr(err, "z.conf: No such file") != NULL);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(fd >= 0);
	CHECK(write(fd, "max_recipients = 7\nfoo\n", 23) == 23);
	close(fd);
	CHECK_EQ_INT(config_load(&c, path, false, err, sizeof(err)), -1);
	CHECK(strstr(err, "z.conf:2: expected") != NULL);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	CHECK(write(fd, "max_recipients = 7\n", 19) == 19);
	close(fd);
	CHECK_EQ_INT(config_load(&c, path, false, err, sizeof(err)), 0);
	CHECK_EQ_INT(c.max_recipients, 7);
	CHECK_EQ_STR(c.path, path);
	CHECK_EQ_INT(config_load(&c, dir, false, err, sizeof(err)), -1);
	unlink(path);
	rmdir(dir);
}

static void test_choose_path(void)
{
	char a0[] = "prog", a1[] = "--config", a2[] = "/x.conf", a3[] = "rcpt", a4[] = "--config=/y.conf";
	char *argv[8] = { a0, a1, a2, a3, NULL };
	int argc = 4;

	unsetenv("ZEROMAIL_CONFIG");
	CHECK_EQ_STR(config_choose_path(&argc, argv, true), "/x.conf");
	CHECK_EQ_INT(argc, 2);
	CHECK_EQ_STR(argv[1], "rcpt");
	CHECK(argv[2] == NULL);

	argv[0] = a0; argv[1] = a4; argv[2] = a3; argv[3] = NULL; argc = 3;
	CHECK(config_choose_path(&argc, argv, false) == NULL);
	CHECK_EQ_INT(argc, 2);
	{
		char d[] = "--config=" ZM_DEFAULT_CONFIG_PATH;

		argv[0] = a0; argv[1] = d; argv[2] = a3; argv[3] = NULL; argc = 3;
		CHECK_EQ_STR(config_choose_path(&argc, argv, false), ZM_DEFAULT_CONFIG_PATH);
	}
	argv[0] = a0; argv[1] = a3; argv[2] = NULL; argc = 2;
	CHECK_EQ_STR(config_choose_path(&argc, argv, false), ZM_DEFAULT_CONFIG_PATH);

	argv[0] = a0; argv[1] = a3; argv[2] = NULL; argc = 2;
	setenv("ZEROMAIL_CONFIG", "/env.conf", 1);
	CHECK_EQ_STR(config_choose_path(&argc, argv, true), "/env.conf");
	CHECK(config_choose_path(&argc, argv, false) == NULL);
	unsetenv("ZEROMAIL_CONFIG");
	CHECK_EQ_STR(config_choose_path(&argc, argv, true), ZM_DEFAULT_CONFIG_PATH);
}

int main(void)
{
	RUN(test_defaults);
	RUN(test_values);
	RUN(test_errors);
	RUN(test_local_domain);
	RUN(test_load_file);
	RUN(test_choose_path);
	return tap_done();
}
