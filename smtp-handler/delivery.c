/*
 * delivery.c - run deliver(8) for one message and read its report.
 * See delivery.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "delivery.h"
#include "exitcodes.h"
#include "util.h"

#define REPORT_LINE_MAX 1024

int delivery_parse_report(const char *line, size_t len, size_t *index, struct delivery_result *r)
{
	char buf[REPORT_LINE_MAX];
	char enh[16], name[32];
	int code, text_at = 0;
	unsigned long idx;

	if (len >= sizeof(buf) || memchr(line, '\0', len))
		return -1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (sscanf(buf, "rcpt %lu %15s %d %31s %n", &idx, enh, &code, name, &text_at) != 4 || text_at == 0)
		return -1;
	if (code < 200 || code > 599 || enh[0] < '2' || enh[0] > '5' || (enh[0] - '0') != code / 100)
		return -1;
	*index = idx;
	r->code = code;
	snprintf(r->enhanced, sizeof(r->enhanced), "%s", enh);
	snprintf(r->text, sizeof(r->text), "%s", buf + text_at);
	/* the text goes into an SMTP reply: printable ASCII only */
	for (char *p = r->text; *p; p++)
		if ((unsigned char)*p < 32 || (unsigned char)*p > 126)
			*p = '?';
	r->reported = true;
	return 0;
}

static void set_all(struct delivery_result *results, size_t n, enum delivery_status ds, const char *text)
{
	const struct delivery_status_info *info = delivery_status_info(ds);

	for (size_t i = 0; i < n; i++) {
		if (results[i].reported)
			continue;
		results[i].code = info->smtp_code;
		snprintf(results[i].enhanced, sizeof(results[i].enhanced), "%s", info->enhanced);
		snprintf(results[i].text, sizeof(results[i].text), "%s", text);
	}
}

/* In the child: stdin = spool, stdout = report pipe, stderr = /dev/null,
 * nothing else open; then exec.  Never returns. */
static void child(const char *path, char **argv, int spool_fd, int out_fd)
{
	static char *const envp[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);

	if (dup2(spool_fd, 0) < 0 || dup2(out_fd, 1) < 0 || devnull < 0 || dup2(devnull, 2) < 0)
		_exit(EX_TEMPFAIL);
	close_range(3, ~0U, 0);
	/* its own process group, so a time-out can stop its children too */
	setpgid(0, 0);
	signal(SIGPIPE, SIG_DFL);
	execve(path, argv, envp);
	_exit(EX_TEMPFAIL);
}

int delivery_run(const struct zm_config *cfg, int spool_fd, uint64_t size,
		 const char *sender, char *const *rcpts, size_t n,
		 struct delivery_result *results, char *err, size_t errlen)
{
	char size_arg[24], sender_arg[ZM_ADDR_MAX + 2];
	char **argv;
	size_t argc = 0, got = 0;
	int pipefd[2], status = 0, rc = -1;
	pid_t pid;
	char buf[REPORT_LINE_MAX + 1];
	unsigned long long deadline;
	bool timed_out = false;

	memset(results, 0, n * sizeof(*results));
	if (lseek(spool_fd, 0, SEEK_SET) != 0) {
		util_set_error(err, errlen, "spool: %s", strerror(errno));
		set_all(results, n, DS_TEMP, "cannot read the spooled message");
		return -1;
	}
	argv = calloc(n + 12, sizeof(*argv));
	if (!argv) {
		util_set_error(err, errlen, "out of memory");
		set_all(results, n, DS_TEMP, "out of memory");
		return -1;
	}
	snprintf(size_arg, sizeof(size_arg), "%" PRIu64, size);
	snprintf(sender_arg, sizeof(sender_arg), "<%s>", sender);
	argv[argc++] = (char *)"deliver";
	if (cfg->path[0] && strcmp(cfg->path, ZM_DEFAULT_CONFIG_PATH) != 0) {
		argv[argc++] = (char *)"--config";
		argv[argc++] = (char *)cfg->path;
	}
	argv[argc++] = (char *)"-r";
	argv[argc++] = (char *)"-S";
	argv[argc++] = size_arg;
	argv[argc++] = (char *)"-f";
	argv[argc++] = sender_arg;
	argv[argc++] = (char *)"--";
	for (size_t i = 0; i < n; i++)
		argv[argc++] = rcpts[i];
	argv[argc] = NULL;

	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		util_set_error(err, errlen, "pipe: %s", strerror(errno));
		set_all(results, n, DS_TEMP, "cannot run deliver");
		free(argv);
		return -1;
	}
	pid = fork();
	if (pid == 0)
		child(cfg->deliver_path, argv, spool_fd, pipefd[1]);
	close(pipefd[1]);
	free(argv);
	if (pid < 0) {
		util_set_error(err, errlen, "fork: %s", strerror(errno));
		close(pipefd[0]);
		set_all(results, n, DS_TEMP, "cannot run deliver");
		return -1;
	}

	/* Read the report, line by line, within command_timeout. */
	deadline = util_now_ms() + (unsigned long long)cfg->command_timeout_s * 1000ULL;
	for (;;) {
		struct pollfd pfd = { .fd = pipefd[0], .events = POLLIN };
		unsigned long long now = util_now_ms();
		ssize_t r;
		char *nl;
		int pr;

		if (now >= deadline) {
			timed_out = true;
			break;
		}
		pr = poll(&pfd, 1, (int)(deadline - now > 60000 ? 60000 : deadline - now));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			continue;
		r = read(pipefd[0], buf + got, sizeof(buf) - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		while ((nl = memchr(buf, '\n', got)) != NULL) {
			size_t linelen = (size_t)(nl - buf), idx;
			struct delivery_result one;

			memset(&one, 0, sizeof(one));
			if (delivery_parse_report(buf, linelen, &idx, &one) == 0 && idx < n &&
			    !results[idx].reported)
				results[idx] = one;
			got -= linelen + 1;
			memmove(buf, nl + 1, got);
		}
		if (got == sizeof(buf) - 1)
			got = 0;  /* an absurd line: drop it */
	}
	close(pipefd[0]);
	/* deliver closed its report; it exits at once.  Still, never wait
	 * past the deadline: then the whole group is killed. */
	for (;;) {
		pid_t w;

		if (timed_out) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
				;
			break;
		}
		w = waitpid(pid, &status, WNOHANG);
		if (w == pid || (w < 0 && errno != EINTR))
			break;
		if (util_now_ms() >= deadline)
			timed_out = true;
		else
			usleep(2000);
	}
	if (timed_out) {
		util_set_error(err, errlen, "deliver did not finish within %u s", cfg->command_timeout_s);
		set_all(results, n, DS_TEMP, "delivery timed out");
		return -1;
	}
	if (WIFEXITED(status)) {
		rc = WEXITSTATUS(status);
		if (rc != 0)
			util_set_error(err, errlen, "deliver exited with %d", rc);
	} else {
		util_set_error(err, errlen, "deliver died (signal %d)", WIFSIGNALED(status) ? WTERMSIG(status) : 0);
		rc = -1;
	}
	/* Recipients deliver did not report: it failed as a whole. */
	set_all(results, n, DS_TEMP,
		rc == EX_NOPERM ? "delivery agent refused to run (configuration)" : "delivery agent failed");
	return rc;
}
