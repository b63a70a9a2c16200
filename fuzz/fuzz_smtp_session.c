/*
 * fuzz_smtp_session.c - libFuzzer target for a whole SMTP session
 * (smtp-handler/session.c and message.c: the command table and states,
 * EHLO/MAIL/RCPT/DATA/BDAT/RSET/AUTH/STARTTLS without certificate, limits,
 * the DATA filter and BDAT chunking driven through the real stream).
 *
 * Input: byte 0 picks the mode (mx or submission) and whether plaintext
 * AUTH is allowed; the rest is what the client sends, read by the session
 * from a file (the stream reads it like a socket, to its end).  Replies go
 * to /dev/null.  The users file has one user who cannot log in, so AUTH
 * always fails (with the constant-time dummy hash); deliver_path is
 * /bin/true, which reports nothing, so every complete message gets a
 * temporary failure after the whole spool and delivery path has run.
 * ASan/UBSan find the bugs; the session must also always end.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "smtp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char users_path[64] = "/tmp/zm-fuzz-users.XXXXXX";
static int null_fd = -1;

static void remove_users(void)
{
	unlink(users_path);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char users[] = "alice@example.org:!:60001:60001:/nonexistent/Maildir\n";
	int fd = mkstemp(users_path);

	(void)argc;
	(void)argv;
	if (fd < 0 || write(fd, users, sizeof(users) - 1) != (ssize_t)(sizeof(users) - 1))
		abort();
	close(fd);
	atexit(remove_users);
	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0)
		abort();
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct smtp_session ss;
	int in_fd;

	if (size < 1)
		return 0;
	in_fd = memfd_create("smtp-input", MFD_CLOEXEC);
	if (in_fd < 0)
		abort();
	if (size > 1 && write(in_fd, data + 1, size - 1) != (ssize_t)(size - 1))
		abort();
	lseek(in_fd, 0, SEEK_SET);

	memset(&ss, 0, sizeof(ss));
	config_defaults(&ss.h.cfg);
	snprintf(ss.h.cfg.hostname, sizeof(ss.h.cfg.hostname), "mx.example.org");
	snprintf(ss.h.cfg.local_domains[0], ZM_DOMAIN_MAX, "example.org");
	ss.h.cfg.local_domain_count = 1;
	snprintf(ss.h.cfg.users_file, sizeof(ss.h.cfg.users_file), "%s", users_path);
	snprintf(ss.h.cfg.deliver_path, sizeof(ss.h.cfg.deliver_path), "/bin/true");
	snprintf(ss.h.cfg.spool_dir, sizeof(ss.h.cfg.spool_dir), "/tmp");
	ss.h.cfg.auth_fail_delay_ms = 0;
	ss.h.cfg.max_recipients = 5;
	ss.h.cfg.command_timeout_s = 5;
	ss.h.cfg.allow_plaintext_auth_loopback = data[0] & 2;
	ss.h.facts.source = CONN_LOCAL;
	ss.mode = (data[0] & 1) ? MODE_SUBMISSION : MODE_MX;
	ss.size_limit = 4096;
	ss.h.s = stream_new(in_fd, null_fd, 512);
	if (!ss.h.s)
		abort();
	stream_set_idle_timeout(ss.h.s, 5000);
	smtp_session_run(&ss);
	stream_free(ss.h.s);
	close(in_fd);
	return 0;
}
