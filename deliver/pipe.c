/*
 * pipe.c - "|command" alias targets: the command gets the message on stdin,
 * runs as mail_owner (never root) in a session of its own, with stdout and
 * stderr on /dev/null (it must not write into deliver's report), and the
 * whole exchange, writing included, is bounded by command_timeout.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pipe.h"
#include "privdrop.h"

struct pipe_sink {
	int fd;
	time_t deadline;
	bool timed_out;
};

/* Write to the non-blocking pipe, waiting with poll until the deadline. */
static int pipe_write(void *ctx, const void *buf, size_t len)
{
	struct pipe_sink *ps = ctx;
	const char *p = buf;

	while (len) {
		ssize_t n = write(ps->fd, p, len);

		if (n > 0) {
			p += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pfd = { ps->fd, POLLOUT, 0 };
			time_t left = ps->deadline - time(NULL);

			if (left <= 0) {
				ps->timed_out = true;
				return -1;
			}
			if (poll(&pfd, 1, (int)(left > 60 ? 60000 : left * 1000)) < 0 && errno != EINTR)
				return -1;
			continue;
		}
		return -1;
	}
	return 0;
}

static void child_run(const struct recipient_target *t, const char *return_path,
		      int in_fd, uid_t uid, gid_t gid)
{
	char env_sender[ZM_ADDR_MAX + 8], env_rcpt[ZM_ADDR_MAX + 16];
	char *envp[] = { "PATH=/usr/bin:/bin", env_sender, env_rcpt, NULL };
	int null_fd = open("/dev/null", O_WRONLY);

	if (null_fd < 0 || dup2(in_fd, 0) < 0 || dup2(null_fd, 1) < 0 || dup2(null_fd, 2) < 0)
		_exit(EX_TEMPFAIL);
	/* Its own session: a timeout kills the command and all it started. */
	if (setsid() < 0)
		_exit(EX_TEMPFAIL);
	signal(SIGPIPE, SIG_DFL);
	if (geteuid() == 0 && privdrop_to(uid, gid) != 0)
		_exit(EX_TEMPFAIL);
	if (chdir("/") != 0)
		_exit(EX_TEMPFAIL);
	snprintf(env_sender, sizeof(env_sender), "SENDER=%s", return_path);
	snprintf(env_rcpt, sizeof(env_rcpt), "RECIPIENT=%s", t->address);
	execle("/bin/sh", "sh", "-c", t->command, (char *)NULL, envp);
	_exit(EX_TEMPFAIL);
}

enum delivery_status pipe_deliver(const struct zm_config *cfg, const struct recipient_target *t,
				  const struct spool *sp, const char *return_path,
				  char *why, size_t whylen)
{
	uid_t uid;
	gid_t gid;
	int fds[2], wstatus = 0, hl;
	pid_t pid;
	char header[2 * ZM_ADDR_MAX + 64];
	struct pipe_sink ps;
	bool copy_failed = false;
	int copy_errno = 0;
	void (*old_sigpipe)(int);

	if (privdrop_lookup_user(cfg->mail_owner, &uid, &gid) != 0) {
		if (privdrop_lookup_user("nobody", &uid, &gid) != 0) {
			snprintf(why, whylen, "no unprivileged user to run the command as");
			return DS_TEMP;
		}
		log_msg(LOG_WARNING, "mail_owner %s does not exist: running alias commands as nobody",
			cfg->mail_owner);
	}
	if (uid == 0 || gid == 0) {
		snprintf(why, whylen, "refusing to run an alias command as root");
		return DS_REFUSED;
	}
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return DS_TEMP;
	}
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		snprintf(why, whylen, "fork: %s", strerror(errno));
		return DS_TEMP;
	}
	if (pid == 0) {
		close(fds[1]);
		child_run(t, return_path, fds[0], uid, gid);
	}
	close(fds[0]);
	ps.fd = fds[1];
	ps.deadline = time(NULL) + (time_t)cfg->command_timeout_s;
	ps.timed_out = false;
	fcntl(ps.fd, F_SETFL, fcntl(ps.fd, F_GETFL) | O_NONBLOCK);
	old_sigpipe = signal(SIGPIPE, SIG_IGN);
	hl = spool_trace_header(sp, return_path, t->address, header, sizeof(header));
	if (hl < 0 || pipe_write(&ps, header, (size_t)hl) != 0 || spool_copy(sp, pipe_write, &ps) != 0) {
		copy_failed = true;
		copy_errno = errno;
	}
	close(fds[1]);
	signal(SIGPIPE, old_sigpipe);

	for (;;) {
		pid_t w = waitpid(pid, &wstatus, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return DS_TEMP;
		}
		if (ps.timed_out || time(NULL) >= ps.deadline) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, &wstatus, 0);
			snprintf(why, whylen, "alias command timed out after %us", cfg->command_timeout_s);
			return DS_TEMP;
		}
		usleep(10000);
	}
	if (!WIFEXITED(wstatus)) {
		snprintf(why, whylen, "alias command killed by signal %d", WTERMSIG(wstatus));
		return DS_TEMP;
	}
	if (WEXITSTATUS(wstatus) == EX_TEMPFAIL) {
		snprintf(why, whylen, "alias command exited with status %d", WEXITSTATUS(wstatus));
		return DS_TEMP;
	}
	if (WEXITSTATUS(wstatus) != 0) {
		snprintf(why, whylen, "alias command exited with status %d", WEXITSTATUS(wstatus));
		return DS_REFUSED;
	}
	/* Exit 0 counts only if the whole message went in, or the command
	 * chose to stop reading (EPIPE); a spool read error is ours. */
	if (copy_failed && copy_errno != EPIPE) {
		snprintf(why, whylen, "could not hand the whole message to the alias command");
		return DS_TEMP;
	}
	return DS_OK;
}
