/*
 * mailbox.c - one copy into one Maildir, as its owner, in a child process.
 * The child reports back through a pipe: one status byte, the file name or
 * the reason.  RFC 5321 4.4: the final delivery adds Return-Path:.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "maildir.h"
#include "mailbox.h"
#include "privdrop.h"

struct sink_ctx {
	struct maildir_delivery *d;
};

static int sink_write(void *ctx, const void *buf, size_t len)
{
	struct sink_ctx *c = ctx;

	return maildir_delivery_write(c->d, buf, len) == MAILDIR_OK ? 0 : -1;
}

static enum delivery_status status_of(int mr)
{
	switch (mr) {
	case MAILDIR_OK: return DS_OK;
	case MAILDIR_FULL: return DS_FULL;
	case MAILDIR_UNSAFE:
	case MAILDIR_NOT_FOUND:
	case MAILDIR_BAD_NAME: return DS_CANT_CREATE;
	default: return DS_IO;
	}
}

/* The child's work; returns the status and fills msg. */
static enum delivery_status write_copy(const struct recipient_target *t, const struct spool *sp,
				       const char *return_path, char *msg, size_t msglen)
{
	struct maildir md;
	struct maildir_delivery d;
	struct sink_ctx ctx = { &d };
	char header[2 * ZM_ADDR_MAX + 64];
	int r, hl;

	/* Never write a mailbox as root: a root-owned Maildir would have us
	 * follow whatever the path's parents point to with every right. */
	if (t->user.uid == 0 || t->user.gid == 0) {
		snprintf(msg, msglen, "the mailbox of %s is owned by root or group 0: refused", t->address);
		return DS_CANT_CREATE;
	}
	if (geteuid() == 0) {
		if (privdrop_to(t->user.uid, t->user.gid) != 0) {
			snprintf(msg, msglen, "cannot become uid %u: %s", (unsigned)t->user.uid, strerror(errno));
			return DS_TEMP;
		}
	} else if (geteuid() != t->user.uid) {
		snprintf(msg, msglen, "deliver is not setuid root and the mailbox of %s belongs to uid %u",
			 t->address, (unsigned)t->user.uid);
		return DS_CANT_CREATE;
	}
	umask(077);

	r = maildir_open(&md, t->user.maildir, true, t->user.uid);
	if (r != MAILDIR_OK) {
		snprintf(msg, msglen, "Maildir %s: %s", t->user.maildir,
			 r == MAILDIR_UNSAFE ? "unsafe (symlink, not a directory, or wrong owner)" : strerror(errno));
		return status_of(r);
	}
	/* user+folder: that folder when it exists, else the inbox. */
	if (t->folder[0]) {
		char path[ZM_PATH_MAX];
		struct maildir fmd;

		if (maildir_folder_path(t->user.maildir, t->folder, path, sizeof(path)) == MAILDIR_OK &&
		    maildir_open(&fmd, path, false, t->user.uid) == MAILDIR_OK) {
			maildir_close(&md);
			md = fmd;
		}
	}

	r = maildir_delivery_begin(&md, &d);
	if (r != MAILDIR_OK) {
		snprintf(msg, msglen, "%s/tmp: %s", md.path, strerror(errno));
		maildir_close(&md);
		return status_of(r);
	}
	hl = spool_trace_header(sp, return_path, t->address, header, sizeof(header));
	if (hl < 0)
		r = MAILDIR_IO;
	else
		r = maildir_delivery_write(&d, header, (size_t)hl);
	if (r == MAILDIR_OK && spool_copy(sp, sink_write, &ctx) != 0)
		r = errno == ENOSPC || errno == EDQUOT ? MAILDIR_FULL : MAILDIR_IO;
	if (r != MAILDIR_OK) {
		int saved = errno;

		maildir_delivery_abort(&md, &d);
		snprintf(msg, msglen, "writing %s/tmp: %s", md.path, strerror(saved));
		maildir_close(&md);
		return r == MAILDIR_FULL || saved == ENOSPC || saved == EDQUOT ? DS_FULL : status_of(r);
	}
	r = maildir_delivery_commit(&md, &d, msg, msglen);
	if (r != MAILDIR_OK) {
		snprintf(msg, msglen, "committing to %s/new: %s", md.path, strerror(errno));
		maildir_close(&md);
		return status_of(r);
	}
	/* Best effort, after the message is safe: files of deliveries that
	 * died long ago (kill -9, power loss) leave tmp/. */
	(void)maildir_clean_tmp(&md, MAILDIR_TMP_MAX_AGE);
	maildir_close(&md);
	return DS_OK;
}

enum delivery_status mailbox_deliver(const struct recipient_target *t, const struct spool *sp,
				     const char *return_path, unsigned timeout_s,
				     char *name_out, size_t name_outlen, char *why, size_t whylen)
{
	time_t deadline = time(NULL) + (time_t)timeout_s;
	bool timed_out = false;
	int fds[2], wstatus;
	pid_t pid;
	char buf[1 + ZM_PATH_MAX + 256];
	size_t got = 0;
	enum delivery_status ds;

	why[0] = '\0';
	if (name_out && name_outlen)
		name_out[0] = '\0';
	if (pipe2(fds, O_CLOEXEC) != 0) {
		snprintf(why, whylen, "pipe: %s", strerror(errno));
		return DS_TEMP;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(why, whylen, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return DS_TEMP;
	}
	if (pid == 0) {
		char msg[ZM_PATH_MAX + 256] = "";

		close(fds[0]);
		buf[0] = (char)write_copy(t, sp, return_path, msg, sizeof(msg));
		size_t ml = strlen(msg);

		memcpy(buf + 1, msg, ml);
		(void)!write(fds[1], buf, ml + 1);
		_exit(0);
	}
	close(fds[1]);
	/* The child runs as the recipient, who could stop it: wait no longer
	 * than command_timeout for its report. */
	while (got < sizeof(buf)) {
		struct pollfd pfd = { fds[0], POLLIN, 0 };
		time_t left = deadline - time(NULL);
		ssize_t n;
		int pr;

		if (left <= 0) {
			timed_out = true;
			break;
		}
		pr = poll(&pfd, 1, (int)(left > 60 ? 60000 : left * 1000));
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr < 0)
			break;
		if (pr == 0)
			continue;
		n = read(fds[0], buf + got, sizeof(buf) - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fds[0]);
	if (timed_out)
		kill(pid, SIGKILL);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		snprintf(why, whylen, "delivery process timed out after %us", timeout_s);
		return DS_TEMP;
	}
	if (got == 0 || !WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0) {
		snprintf(why, whylen, "delivery process failed");
		return DS_TEMP;
	}
	ds = (enum delivery_status)(unsigned char)buf[0];
	if (ds >= DS_COUNT)
		return DS_TEMP;
	if (ds == DS_OK) {
		if (name_out && name_outlen)
			snprintf(name_out, name_outlen, "%.*s", (int)(got - 1), buf + 1);
	} else {
		snprintf(why, whylen, "%.*s", (int)(got - 1), buf + 1);
	}
	return ds;
}
