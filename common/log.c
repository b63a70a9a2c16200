/*
 * log.c - one logging call: journal when present, syslog otherwise,
 * stderr only on request and only when stderr is not a socket.
 * Never stdout (it is the protocol stream).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SD_JOURNAL_SUPPRESS_LOCATION 1
#include <systemd/sd-journal.h>

#include "log.h"
#include "util.h"

static const char *log_ident = "zeromail";
static enum zm_log_target log_target = ZM_LOG_SYSLOG;
static bool log_debug_on;
static char log_peer[80];
static char log_user[128];
static bool syslog_opened;

static bool journal_present(void)
{
	return access("/run/systemd/journal/socket", W_OK) == 0;
}

void log_open(const char *ident, enum zm_log_target target, bool debug)
{
	int saved = errno;

	log_ident = ident ? ident : "zeromail";
	log_debug_on = debug;
	if (target == ZM_LOG_AUTO)
		target = journal_present() ? ZM_LOG_JOURNAL : ZM_LOG_SYSLOG;
	if (target == ZM_LOG_JOURNAL && !journal_present())
		target = ZM_LOG_SYSLOG;
	/* Under inetd stderr is the connection: never write there. */
	if (target == ZM_LOG_STDERR && util_fd_is_socket(2))
		target = journal_present() ? ZM_LOG_JOURNAL : ZM_LOG_SYSLOG;
	log_target = target;
	if (target == ZM_LOG_SYSLOG && !syslog_opened) {
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
		syslog_opened = true;
	}
	errno = saved;
}

enum zm_log_target log_target_in_use(void)
{
	return log_target;
}

/* Context fields come from peers (AUTH user names): no control characters,
 * no blanks that would fake "key=value" fields. */
static void set_field(char *dst, size_t len, const char *src)
{
	if (!src) {
		dst[0] = '\0';
		return;
	}
	snprintf(dst, len, "%s", src);
	for (char *p = dst; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			*p = '?';
}

void log_set_peer(const char *peer)
{
	set_field(log_peer, sizeof(log_peer), peer);
}

void log_set_user(const char *user)
{
	set_field(log_user, sizeof(log_user), user);
}

void log_vmsg(int prio, const char *fmt, va_list ap)
{
	char text[2048], line[2400];
	int saved = errno;

	if (prio == LOG_DEBUG && !log_debug_on)
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	/* Make the line safe: no control characters from peers in the log. */
	for (char *p = text; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = '?';
	if (log_peer[0] || log_user[0])
		snprintf(line, sizeof(line), "%s%s%s%s%s", text,
			 log_peer[0] ? " peer=" : "", log_peer,
			 log_user[0] ? " user=" : "", log_user);
	else
		snprintf(line, sizeof(line), "%s", text);

	switch (log_target) {
	case ZM_LOG_JOURNAL:
		if (sd_journal_send("MESSAGE=%s", line, "PRIORITY=%d", prio,
				    "SYSLOG_IDENTIFIER=%s", log_ident,
				    "SYSLOG_FACILITY=%d", LOG_MAIL >> 3,
				    "ZEROMAIL_PEER=%s", log_peer,
				    "ZEROMAIL_USER=%s", log_user, NULL) == 0)
			break;
		/* fall back to syslog */
		if (!syslog_opened) {
			openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_MAIL);
			syslog_opened = true;
		}
		/* fall through */
	case ZM_LOG_SYSLOG:
	case ZM_LOG_AUTO:
		syslog(prio, "%s", line);
		break;
	case ZM_LOG_STDERR:
		fprintf(stderr, "%s[%ld]: %s\n", log_ident, (long)getpid(), line);
		break;
	}
	errno = saved;
}

void log_msg(int prio, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(prio, fmt, ap);
	va_end(ap);
}
