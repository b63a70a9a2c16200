/* bench/greeter.c - what every zeromail handler does before its first reply
 * (config, log, connection facts, stream, greeting), and nothing more; so
 * bench/startup can show the cost the common library adds per connection
 * before the handlers exist, and beside them afterwards. */
#include <signal.h>
#include <stdio.h>

#include "config.h"
#include "conn.h"
#include "log.h"
#include "stream.h"

int main(int argc, char **argv)
{
	static struct zm_config cfg;
	struct conn_facts facts;
	struct stream *s;
	const char *line;
	size_t len;
	char err[512];
	const char *path = config_choose_path(&argc, argv, true);

	signal(SIGPIPE, SIG_IGN);
	if (config_load(&cfg, path, true, err, sizeof(err)) != 0)
		return 75;
	log_open("greeter", cfg.log_target, cfg.log_debug);
	conn_facts_read(&facts);
	log_set_peer(conn_peer_label(&facts));
	s = stream_new(0, 1, cfg.max_line);
	if (!s)
		return 75;
	stream_set_idle_timeout(s, cfg.idle_timeout_s * 1000);
	stream_printf(s, "220 %s greeter ready\r\n", cfg.hostname);
	(void)stream_read_line(s, &line, &len, NULL);
	stream_puts(s, "221 bye\r\n");
	stream_flush(s);
	stream_free(s);
	return 0;
}
