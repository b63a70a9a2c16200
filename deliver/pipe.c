/*
 * pipe.c - "|command" alias targets: the command gets the message on stdin,
 * runs as mail_owner (never root), bounded in time.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "pipe.h"
#include "privdrop.h"
#include "util.h"

struct pipe_sink {
	int fd;
};

static int pipe_write(void *ctx, const void *buf, size_t len)
{
	return util_write_all(((struct pipe_sink *)ctx)->fd, buf, len);
}

enum delivery_status pipe_deliver(const struct zm_config *cfg, const struct recipient_target *t,
				  const struct spool *sp, const char *return_path,
				  char *why, size_t whylen)
{
	uid_t uid;
	gid_t gid;
	int fds[2], wstatus = 0;
	pid_t pid;
	char header[2 * ZM_ADDR_MAX + 64];
	const char *eol = sp->crlf ? "\r\n" : "\n";
	struct pipe_sink ps;
	int hl, copy_failed = 0;
	time_t deadline;

	if (privdrop_lookup_user(cfg->mail_owner, &uid, &gid) != 0 &&
	    privdrop_lookup_user("nobody", &uid, &gid) != 0) {
		snprintf(why, whylen, "no unprivileged user to run the command as");
		return DS_TEMP;
	}
	if (uid == 0) {
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
		char env_sender[ZM_ADDR_MAX + 8], env_rcpt[ZM_ADDR_MAX + 16];
		char *envp[] = { "PATH=/usr/bin:/bin", env_sender, env_rcpt, NULL };

		if (dup2(fds[0], 0) < 0)
			_exit(EX_TEMPFAIL);
		if (geteuid() == 0 && privdrop_to(uid, gid) != 0)
			_exit(EX_TEMPFAIL);
		if (chdir("/") != 0)
			_exit(EX_TEMPFAIL);
		snprintf(env_sender, sizeof(env_sender), "SENDER=%s", return_path);
		snprintf(env_rcpt, sizeof(env_rcpt), "RECIPIENT=%s", t->address);
		execle("/bin/sh", "sh", "-c", t->command, (char *)NULL, envp);
		_exit(EX_TEMPFAIL);
	}
	close(fds[0]);
	ps.fd = fds[1];
	hl = snprintf(header, sizeof(header), "Return-Path: <%s>%sDelivered-To: %s%s",
		      return_path, eol, t->address, eol);
	signal(SIGPIPE, SIG_IGN);
	if (hl < 0 || (size_t)hl >= sizeof(header) || pipe_write(&ps, header, (size_t)hl) != 0 ||
	    spool_copy(sp, pipe_write, &ps) != 0)
		copy_failed = 1;
	close(fds[1]);

	deadline = time(NULL) + (time_t)cfg->command_timeout_s;
	for (;;) {
		pid_t w = waitpid(pid, &wstatus, WNOHANG);

		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			snprintf(why, whylen, "waitpid: %s", strerror(errno));
			return DS_TEMP;
		}
		if (time(NULL) >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &wstatus, 0);
			snprintf(why, whylen, "alias command timed out after %us", cfg->command_timeout_s);
			return DS_TEMP;
		}
		usleep(20000);
	}
	if (!WIFEXITED(wstatus)) {
		snprintf(why, whylen, "alias command killed by signal %d", WTERMSIG(wstatus));
		return DS_TEMP;
	}
	if (WEXITSTATUS(wstatus) == 0)
		return DS_OK;
	snprintf(why, whylen, "alias command exited with status %d", WEXITSTATUS(wstatus));
	if (WEXITSTATUS(wstatus) == EX_TEMPFAIL || copy_failed)
		return DS_TEMP;
	return DS_REFUSED;
}
