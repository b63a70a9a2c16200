/*
 * main.c - smtp-handler: one SMTP session on stdin/stdout.
 *
 *   smtp-handler [--config FILE] [--mode mx|submission|submissions]
 *
 * Started by a systemd socket (Accept=yes), inetd, or with pipes by a test.
 * Everything else is in session.c and message.c; see smtp-handler(8).
 */
#include <stdio.h>
#include <string.h>
#include <sysexits.h>

#include "log.h"
#include "smtp.h"

static int usage(void)
{
	fprintf(stderr, "usage: smtp-handler [--config FILE] [--mode mx|submission|submissions]\n");
	return EX_USAGE;
}

static int parse_mode(const char *v, enum smtp_mode *mode)
{
	if (strcmp(v, "mx") == 0)
		*mode = MODE_MX;
	else if (strcmp(v, "submission") == 0)
		*mode = MODE_SUBMISSION;
	else if (strcmp(v, "submissions") == 0)
		*mode = MODE_SUBMISSIONS;
	else
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct smtp_session ss;
	enum smtp_mode mode = MODE_MX;
	int rc;

	/* Options first (--config is taken out by handler_init). */
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--mode") == 0 && i + 1 < argc) {
			if (parse_mode(argv[++i], &mode) != 0)
				return usage();
		} else if (strncmp(argv[i], "--mode=", 7) == 0) {
			if (parse_mode(argv[i] + 7, &mode) != 0)
				return usage();
		} else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
			i++;
		} else if (strncmp(argv[i], "--config=", 9) != 0) {
			return usage();
		}
	}
	rc = handler_init(&ss.h, "smtp-handler", &argc, argv, 0);
	if (rc == -2)
		return EX_OSERR;
	ss.mode = mode;
	if (rc != 0) {
		/* RFC 5321 3.1: a server that cannot serve answers 421 or 554 */
		stream_printf(ss.h.s, "421 4.3.0 %s Configuration error, try again later\r\n", ss.h.cfg.hostname);
		handler_finish(&ss.h);
		return EX_CONFIG;
	}
	ss.size_limit = ss.h.cfg.max_message_size > 4 * SMTP_TRACE_HEADROOM
				? ss.h.cfg.max_message_size - SMTP_TRACE_HEADROOM
				: ss.h.cfg.max_message_size * 3 / 4;
	if (mode == MODE_SUBMISSIONS) {
		bool failed;

		/* RFC 8314 3.3: TLS from the first byte */
		if (handler_start_tls(&ss.h, "smtp", &failed) != 0) {
			handler_finish(&ss.h);
			return failed ? 0 : EX_CONFIG;
		}
	}
	log_msg(LOG_DEBUG, "session start, mode %s",
		mode == MODE_MX ? "mx" : mode == MODE_SUBMISSION ? "submission" : "submissions");
	smtp_session_run(&ss);
	handler_finish(&ss.h);
	return 0;
}
