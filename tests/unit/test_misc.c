/* test_misc.c - exitcodes table, connection facts, privilege drop, logging. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <fcntl.h>

#include "conn.h"
#include "exitcodes.h"
#include "log.h"
#include "privdrop.h"
#include "tap.h"

static void test_exitcodes(void)
{
	CHECK_EQ_STR(delivery_status_info(DS_OK)->enhanced, "2.0.0");
	CHECK_EQ_INT(delivery_status_info(DS_NO_USER)->sysexit, 67);
	CHECK_EQ_INT(delivery_status_info(DS_NO_USER)->smtp_code, 550);
	CHECK_EQ_INT(delivery_status_info(DS_FULL)->sysexit, 75);
	/* Every temporary result exits 75: other programs bounce on 73/74. */
	CHECK_EQ_INT(delivery_status_info(DS_CANT_CREATE)->sysexit, 75);
	CHECK_EQ_INT(delivery_status_info(DS_IO)->sysexit, 75);
	for (int i = 0; i < DS_COUNT; i++)
		if (delivery_status_is_temporary(i))
			CHECK_EQ_INT(delivery_status_info(i)->sysexit, 75);
	CHECK_EQ_INT(delivery_status_info(DS_USAGE)->sysexit, 64);
	CHECK_EQ_INT(delivery_status_info(DS_DATA)->sysexit, 65);
	CHECK(delivery_status_is_temporary(DS_FULL));
	CHECK(delivery_status_is_temporary(DS_TEMP));
	CHECK(!delivery_status_is_temporary(DS_NO_USER));
	CHECK(!delivery_status_is_temporary(DS_OK));
	for (int i = 0; i < DS_COUNT; i++) {
		const struct delivery_status_info *d = delivery_status_info(i);

		CHECK_EQ_INT(delivery_status_from_name(d->name), i);
		/* The SMTP code's class matches the enhanced code's class. */
		CHECK_EQ_INT(d->smtp_code / 100, d->enhanced[0] - '0');
	}
	CHECK_EQ_INT(delivery_status_from_name("nonsense"), -1);
	CHECK(delivery_status_info((enum delivery_status)999) == delivery_status_info(DS_TEMP));
}

static void test_conn_env(void)
{
	struct conn_facts f;

	setenv("REMOTE_ADDR", "192.0.2.7", 1);
	setenv("REMOTE_PORT", "40000", 1);
	conn_facts_read(&f);
	CHECK_EQ_INT(f.source, CONN_SYSTEMD);
	CHECK_EQ_STR(f.peer_addr, "192.0.2.7");
	CHECK(!f.loopback);
	CHECK_EQ_STR(conn_peer_label(&f), "[192.0.2.7]:40000");
	setenv("REMOTE_ADDR", "::ffff:127.0.0.5", 1);
	conn_facts_read(&f);
	CHECK_EQ_STR(f.peer_addr, "127.0.0.5");
	CHECK(f.loopback);
	setenv("REMOTE_ADDR", "::1", 1);
	conn_facts_read(&f);
	CHECK(f.loopback);
	unsetenv("REMOTE_ADDR");
	unsetenv("REMOTE_PORT");
	setenv("TCPREMOTEIP", "2001:db8::1", 1);
	setenv("TCPREMOTEPORT", "25", 1);
	conn_facts_read(&f);
	CHECK_EQ_INT(f.source, CONN_UCSPI);
	CHECK_EQ_STR(conn_peer_label(&f), "[2001:db8::1]:25");
	/* Junk in the variables is ignored. */
	setenv("TCPREMOTEIP", "127.0.0.1\r\nX-Evil: 1", 1);
	setenv("TCPREMOTEPORT", "25x", 1);
	conn_facts_read(&f);
	CHECK(strchr(f.peer_addr, '\r') == NULL);
	CHECK_EQ_STR(f.peer_port, "");
	CHECK(!f.loopback || strcmp(f.peer_addr, "127.0.0.1") != 0 || f.source != CONN_UCSPI);
	unsetenv("TCPREMOTEIP");
	unsetenv("TCPREMOTEPORT");
}

static void test_conn_socket(void)
{
	int sv[2], saved = dup(0);
	struct conn_facts f;

	/* Under inetd fd 0 is the socket and no variable is set. */
	CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	dup2(sv[0], 0);
	conn_facts_read(&f);
	CHECK(f.stdin_is_socket);
	CHECK_EQ_STR(f.peer_addr, "local");
	CHECK(!f.loopback);
	dup2(saved, 0);
	close(saved);
	close(sv[0]);
	close(sv[1]);
	/* A pipe: a test session or a local program. */
	{
		int p[2];

		CHECK(pipe(p) == 0);
		saved = dup(0);
		dup2(p[0], 0);
		conn_facts_read(&f);
		CHECK_EQ_INT(f.source, CONN_LOCAL);
		CHECK(!f.stdin_is_socket);
		CHECK_EQ_STR(conn_peer_label(&f), "local");
		dup2(saved, 0);
		close(saved);
		close(p[0]);
		close(p[1]);
	}
}

static void test_privdrop(void)
{
	uid_t u;
	gid_t g;
	pid_t pid;
	int st;

	CHECK_EQ_INT(privdrop_lookup_user("root", &u, &g), 0);
	CHECK_EQ_INT(u, 0);
	CHECK_EQ_INT(privdrop_lookup_user("60001", &u, &g), 0);
	CHECK_EQ_INT(u, 60001);
	CHECK_EQ_INT(privdrop_lookup_user("no-such-user-zm", &u, &g), -1);
	CHECK_EQ_INT(privdrop_lookup_user("", &u, &g), -1);
	CHECK_EQ_INT(privdrop_lookup_user("12x", &u, &g), -1);
	CHECK_EQ_INT(privdrop_lookup_group("0", &g), 0);
	CHECK_EQ_INT(g, 0);
	CHECK_EQ_INT(privdrop_lookup_group("no-such-group-zm", &g), -1);
	if (geteuid() != 0) {
		printf("# not root: drop test skipped\n");
		return;
	}
	pid = fork();
	if (pid == 0) {
		uid_t r, e, s;

		if (privdrop_to(60001, 60002) != 0)
			_exit(1);
		if (getresuid(&r, &e, &s) != 0 || r != 60001 || e != 60001 || s != 60001)
			_exit(2);
		if (getgid() != 60002 || getegid() != 60002)
			_exit(3);
		if (setuid(0) == 0 || seteuid(0) == 0)
			_exit(4);
		if (getgroups(0, NULL) != 1)
			_exit(5);
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void test_log_stderr(void)
{
	int p[2], saved = dup(2);
	char buf[512] = "";
	ssize_t n;

	CHECK(pipe(p) == 0);
	dup2(p[1], 2);
	log_open("zmtest", ZM_LOG_STDERR, false);
	CHECK_EQ_INT(log_target_in_use(), ZM_LOG_STDERR);
	log_set_peer("[192.0.2.1]:25");
	log_set_user("al ice\r\nx");
	log_msg(LOG_INFO, "hello\r\nworld %d", 42);
	log_msg(LOG_DEBUG, "not shown");
	log_set_peer(NULL);
	log_set_user(NULL);
	dup2(saved, 2);
	close(saved);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	CHECK(n > 0);
	buf[n > 0 ? n : 0] = '\0';
	CHECK(strstr(buf, "zmtest[") == buf);
	CHECK(strstr(buf, "hello??world 42 peer=[192.0.2.1]:25 user=al?ice??x\n") != NULL);
	CHECK(strstr(buf, "not shown") == NULL);

	/* When stderr is a socket (inetd), stderr logging is refused. */
	{
		int sv[2];

		CHECK(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
		saved = dup(2);
		dup2(sv[0], 2);
		log_open("zmtest", ZM_LOG_STDERR, false);
		CHECK(log_target_in_use() != ZM_LOG_STDERR);
		dup2(saved, 2);
		close(saved);
		close(sv[0]);
		close(sv[1]);
	}
}

int main(void)
{
	RUN(test_exitcodes);
	RUN(test_conn_env);
	RUN(test_conn_socket);
	RUN(test_privdrop);
	RUN(test_log_stderr);
	return tap_done();
}
