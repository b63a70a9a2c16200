/*
 * pop3-handler - one POP3 session on stdin/stdout, started per connection
 * by a systemd socket unit (Accept=yes) or inetd.  See pop3-handler(8).
 *
 *   pop3-handler [--config FILE] [--implicit-tls]
 *
 * Port 110: STLS offered.  Port 995: --implicit-tls (RFC 8314).
 * Exit status: 0 session over, 64 usage, 75 a server-side problem
 * (configuration, TLS credentials, privilege drop, memory).
 * The session itself is in session.c; this file only reads the options.
 */
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "pop3.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct handler h;
	bool implicit_tls = false;
	int rc = handler_init(&h, "pop3-handler", &argc, argv, POP3_MIN_IDLE_TIMEOUT_S);

	if (rc == -2)
		return 75;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--implicit-tls") == 0) {
			implicit_tls = true;
			continue;
		}
		log_msg(LOG_ERR, "unknown argument \"%s\"; usage: pop3-handler [--config FILE] [--implicit-tls]",
			argv[i]);
		if (!util_fd_is_socket(2))
			fprintf(stderr, "usage: pop3-handler [--config FILE] [--implicit-tls]\n");
		handler_finish(&h);
		return 64;
	}
	return pop3_session_main(&h, implicit_tls, rc == 0);
}
