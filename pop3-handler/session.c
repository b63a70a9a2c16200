/*
 * session.c - the POP3 session engine of pop3-handler.  Interface: pop3.h;
 * behaviour: docs/man/pop3-handler.8.
 *
 * One process serves one connection on the handler's stream (fd 0/1).  The
 * command table below is the policy: in which states a command is valid,
 * how many arguments it takes, whether it carries a password (refused
 * before TLS unless handler_plaintext_auth_allowed()), and which function
 * runs it.  The dispatcher does every check before a handler runs, counts
 * refused commands (cfg.max_bad_commands, then the connection is closed),
 * and answers over-long lines (cfg.max_line) with -ERR.  Replies are
 * buffered and flushed before the next blocking read, so pipelined
 * commands (RFC 2449 6.6) are answered in order.
 *
 * States (RFC 1939 3): AUTHORIZATION until a login succeeds, TRANSACTION
 * on the snapshot of the maildrop, UPDATE after QUIT in TRANSACTION.  A
 * connection that ends in any other way (EOF, idle timeout, error) never
 * reaches UPDATE: nothing in the Maildir changes.
 *
 * STLS (RFC 2595 4): "+OK", flush, handler_start_tls() discards whatever
 * plaintext the client pipelined after STLS, and AUTHORIZATION starts over
 * (USER name, UTF8 and LANG forgotten).  With --implicit-tls (RFC 8314 3.3)
 * TLS starts before the greeting.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "pop3.h"
#include "tls.h"

/* Command flags. */
#define P3F_PASSWORD 0x01  /* carries credentials: needs TLS (or loopback) */
#define P3F_REST     0x02  /* one argument: the rest of the line, verbatim */

struct pop3_command {
	const char *name;
	unsigned states;        /* mask of enum pop3_state */
	unsigned flags;
	unsigned min_args, max_args;
	const char *usage;
	void (*run)(struct pop3_session *ps, const struct pop3_line *l);
};

static void cmd_capa(struct pop3_session *ps, const struct pop3_line *l);
static void cmd_stls(struct pop3_session *ps, const struct pop3_line *l);
static void cmd_utf8(struct pop3_session *ps, const struct pop3_line *l);
static void cmd_lang(struct pop3_session *ps, const struct pop3_line *l);
static void cmd_noop(struct pop3_session *ps, const struct pop3_line *l);
static void cmd_quit(struct pop3_session *ps, const struct pop3_line *l);

#define A POP3_AUTHORIZATION
#define T POP3_TRANSACTION
static const struct pop3_command commands[] = {
	{ "USER", A, P3F_PASSWORD | P3F_REST, 1, 1, "USER name", pop3_cmd_user },
	{ "PASS", A, P3F_PASSWORD | P3F_REST, 1, 1, "PASS password", pop3_cmd_pass },
	{ "AUTH", A, P3F_PASSWORD, 0, 2, "AUTH [mechanism [initial-response]]", pop3_cmd_auth },
	{ "STLS", A, 0, 0, 0, "STLS", cmd_stls },
	{ "UTF8", A, 0, 0, 0, "UTF8", cmd_utf8 },
	{ "CAPA", A | T, 0, 0, 0, "CAPA", cmd_capa },
	{ "LANG", A | T, 0, 0, 1, "LANG [language-range]", cmd_lang },
	{ "QUIT", A | T, 0, 0, 0, "QUIT", cmd_quit },
	{ "STAT", T, 0, 0, 0, "STAT", pop3_cmd_stat },
	{ "LIST", T, 0, 0, 1, "LIST [msg]", pop3_cmd_list },
	{ "RETR", T, 0, 1, 1, "RETR msg", pop3_cmd_retr },
	{ "DELE", T, 0, 1, 1, "DELE msg", pop3_cmd_dele },
	{ "NOOP", T, 0, 0, 0, "NOOP", cmd_noop },
	{ "RSET", T, 0, 0, 0, "RSET", pop3_cmd_rset },
	{ "TOP", T, 0, 2, 2, "TOP msg n", pop3_cmd_top },
	{ "UIDL", T, 0, 0, 1, "UIDL [msg]", pop3_cmd_uidl },
};
#undef A
#undef T

/* ---- replies ------------------------------------------------------------ */

static void write_failed(struct pop3_session *ps, int rc)
{
	if (rc == STREAM_OK)
		return;
	ps->io_dead = true;
	pop3_end(ps, rc == STREAM_TIMEOUT ? "write timeout" : "connection lost", 0);
}

static void reply(struct pop3_session *ps, const char *status, enum pop3_code code,
		  const char *fmt, va_list ap)
{
	char text[512];
	const char *cn = pop3_code_name(code);
	int rc;

	if (ps->io_dead)
		return;
	vsnprintf(text, sizeof(text), fmt, ap);
	if (cn)
		rc = stream_printf(ps->h->s, "%s [%s] %s\r\n", status, cn, text);
	else if (text[0])
		rc = stream_printf(ps->h->s, "%s %s\r\n", status, text);
	else
		rc = stream_printf(ps->h->s, "%s\r\n", status);
	write_failed(ps, rc);
}

void pop3_ok(struct pop3_session *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply(ps, "+OK", P3C_NONE, fmt, ap);
	va_end(ap);
}

void pop3_err(struct pop3_session *ps, enum pop3_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	reply(ps, "-ERR", code, fmt, ap);
	va_end(ap);
}

void pop3_write(struct pop3_session *ps, const void *data, size_t len)
{
	if (ps->io_dead)
		return;
	write_failed(ps, stream_write(ps->h->s, data, len));
}

void pop3_puts(struct pop3_session *ps, const char *text)
{
	pop3_write(ps, text, strlen(text));
}

void pop3_bad(struct pop3_session *ps, enum pop3_code code, const char *fmt, ...)
{
	unsigned max = ps->h->cfg.max_bad_commands ? ps->h->cfg.max_bad_commands : ZM_DEFAULT_MAX_BAD_COMMANDS;
	va_list ap;

	if (++ps->bad_commands >= max) {
		pop3_err(ps, P3C_NONE, "too many bad commands, closing connection");
		pop3_end(ps, "too many bad commands", 0);
		return;
	}
	va_start(ap, fmt);
	reply(ps, "-ERR", code, fmt, ap);
	va_end(ap);
}

void pop3_end(struct pop3_session *ps, const char *reason, int exit_code)
{
	if (ps->end)
		return;
	ps->end = reason;
	ps->exit_code = exit_code;
}

/* ---- commands handled here ---------------------------------------------- */

static void cmd_capa(struct pop3_session *ps, const struct pop3_line *l)
{
	const struct zm_config *cfg = &ps->h->cfg;
	struct stream *s = ps->h->s;
	bool auth = ps->state == POP3_AUTHORIZATION;
	char line[64];

	(void)l;
	/* RFC 2449 5/6: one capability a line.  We list what can be used in
	 * the current state: STLS, USER, SASL and UTF8 only before login, and
	 * USER and SASL only where a password may be sent now. */
	pop3_ok(ps, "Capability list follows");
	pop3_puts(ps, "TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
	if (cfg->pop3_expire_days)
		snprintf(line, sizeof(line), "EXPIRE %u\r\n", cfg->pop3_expire_days);
	else
		snprintf(line, sizeof(line), "EXPIRE NEVER\r\n");
	pop3_puts(ps, line);
	if (cfg->pop3_login_delay_s) {
		snprintf(line, sizeof(line), "LOGIN-DELAY %u\r\n", cfg->pop3_login_delay_s);
		pop3_puts(ps, line);
	}
	if (auth) {
		if (handler_tls_configured(ps->h) && !stream_is_tls(s) && !ps->utf8)
			pop3_puts(ps, "STLS\r\n");
		if (handler_plaintext_auth_allowed(ps->h)) {
			pop3_puts(ps, "USER\r\n");
			snprintf(line, sizeof(line), "SASL%s\r\n", pop3_sasl_mechs(ps));
			pop3_puts(ps, line);
		}
		pop3_puts(ps, "UTF8 USER\r\n");
	}
	pop3_puts(ps, "LANG\r\nIMPLEMENTATION " POP3_IMPLEMENTATION "\r\n.\r\n");
}

/* Load the TLS credentials before saying "+OK" to STLS, so a broken
 * certificate gives an -ERR instead of a client waiting for a handshake
 * that never comes. */
static void cmd_stls(struct pop3_session *ps, const struct pop3_line *l)
{
	bool failed;

	(void)l;
	if (stream_is_tls(ps->h->s)) {
		pop3_bad(ps, P3C_NONE, "TLS is already active");
		return;
	}
	if (ps->utf8) {
		/* RFC 6856 2.1: clients must not issue STLS after UTF8. */
		pop3_bad(ps, P3C_NONE, "STLS is not allowed after UTF8");
		return;
	}
	if (!handler_tls_configured(ps->h)) {
		pop3_bad(ps, P3C_NONE, "TLS is not available");
		return;
	}
	if (handler_tls_prepare(ps->h) != 0) {
		pop3_err(ps, P3C_SYS_TEMP, "TLS is not available now");
		return;
	}
	pop3_ok(ps, "Begin TLS negotiation");
	if (ps->end)
		return;
	/* flushes our +OK, then drops pipelined plaintext (RFC 2595 3.1) */
	if (handler_start_tls(ps->h, "pop3", &failed) != 0) {
		pop3_end(ps, failed ? "TLS handshake failed" : "TLS start failed", 0);
		return;
	}
	/* RFC 2595 4: forget what the client told us before TLS. */
	explicit_bzero(ps->user, sizeof(ps->user));
	ps->utf8 = false;
}

static void cmd_utf8(struct pop3_session *ps, const struct pop3_line *l)
{
	(void)l;
	ps->utf8 = true;
	pop3_ok(ps, "UTF8 enabled");
}

static void cmd_lang(struct pop3_session *ps, const struct pop3_line *l)
{
	const char *tag;

	if (l->argc == 0) {
		pop3_ok(ps, "Language listing follows");
		pop3_puts(ps, "en English\r\n.\r\n");
		return;
	}
	if (!pop3_lang_range_valid(&l->argv[0])) {
		pop3_bad(ps, P3C_NONE, "invalid language range");
		return;
	}
	tag = pop3_lang_pick(&l->argv[0]);
	if (!tag) {
		pop3_err(ps, P3C_NONE, "unsupported language, only en is available");
		return;
	}
	pop3_ok(ps, "%s Language is English", tag);
}

static void cmd_noop(struct pop3_session *ps, const struct pop3_line *l)
{
	(void)l;
	pop3_puts(ps, "+OK\r\n");
}

static void cmd_quit(struct pop3_session *ps, const struct pop3_line *l)
{
	(void)l;
	if (ps->state == POP3_AUTHORIZATION) {
		pop3_ok(ps, "Bye");
		pop3_end(ps, "QUIT", 0);
		return;
	}
	/* RFC 1939 6: QUIT in TRANSACTION enters UPDATE. */
	ps->state = POP3_UPDATE;
	if (pop3_maildrop_update(ps)) {
		if (ps->drop.live == 0)
			pop3_ok(ps, "Bye (maildrop empty)");
		else
			pop3_ok(ps, "Bye (%zu message%s left)", ps->drop.live, ps->drop.live == 1 ? "" : "s");
	} else {
		pop3_err(ps, P3C_SYS_TEMP, "some deleted messages were not removed");
	}
	pop3_end(ps, "QUIT", 0);
}

/* ---- the dispatcher ----------------------------------------------------- */

static const struct pop3_command *find_command(const struct pop3_token *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (pop3_token_is(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void dispatch(struct pop3_session *ps, const char *line, size_t len)
{
	const struct pop3_command *cmd;
	struct pop3_line l;
	size_t argc;

	switch (pop3_parse_line(line, len, &l)) {
	case POP3_PARSE_OK:
		break;
	case POP3_PARSE_EMPTY:
		pop3_bad(ps, P3C_NONE, "empty command");
		return;
	case POP3_PARSE_CONTROL:
		pop3_bad(ps, P3C_NONE, "control characters or NUL in command");
		return;
	case POP3_PARSE_UTF8:
		pop3_bad(ps, P3C_NONE, "command is not valid UTF-8");
		return;
	default:
		pop3_bad(ps, P3C_NONE, "unknown command");
		return;
	}
	cmd = find_command(&l.name);
	if (!cmd) {
		pop3_bad(ps, P3C_NONE, "unknown command");
		return;
	}
	if (!(cmd->states & ps->state)) {
		pop3_bad(ps, P3C_NONE, "%s is not valid in the %s state", cmd->name,
			 ps->state == POP3_AUTHORIZATION ? "AUTHORIZATION" : "TRANSACTION");
		return;
	}
	if (cmd->flags & P3F_REST)
		argc = l.rest.len > 0 ? 1 : 0;
	else
		argc = l.too_many ? POP3_MAX_ARGS + 1 : l.argc;
	if (argc < cmd->min_args || argc > cmd->max_args) {
		pop3_bad(ps, P3C_NONE, "syntax: %s", cmd->usage);
		return;
	}
	/* A password never crosses the network in clear (RFC 2595 2.1,
	 * RFC 8314 4): USER, PASS and AUTH with a mechanism need TLS, or
	 * loopback where the config allows it.  Refused at USER already, so
	 * a client never sends its password. */
	if ((cmd->flags & P3F_PASSWORD) && argc > 0 && !handler_plaintext_auth_allowed(ps->h)) {
		pop3_bad(ps, P3C_AUTH, "Plaintext authentication disallowed on non-TLS connections: use STLS");
		return;
	}
	cmd->run(ps, &l);
}

/* ---- the session -------------------------------------------------------- */

static void end_log(struct pop3_session *ps)
{
	if (ps->login[0])
		log_msg(LOG_INFO, "logout: retrieved=%u/%llu deleted=%u expired=%u reason=%s",
			ps->drop.retrieved, (unsigned long long)ps->drop.retrieved_octets,
			ps->drop.removed, ps->drop.expired, ps->end ? ps->end : "end");
	else
		log_msg(LOG_INFO, "disconnect: no login, reason=%s", ps->end ? ps->end : "end");
}

static void run_loop(struct pop3_session *ps)
{
	struct stream *s = ps->h->s;

	/* A command line, and the AUTH exchange it may start, must complete
	 * within command_timeout (never under the 10 minutes of RFC 1939 3);
	 * idle_timeout bounds each single wait. */
	unsigned limit_s = ps->h->cfg.command_timeout_s;

	if (limit_s < POP3_MIN_IDLE_TIMEOUT_S)
		limit_s = POP3_MIN_IDLE_TIMEOUT_S;
	while (!ps->end) {
		const char *line;
		size_t len;
		int rc;

		rc = handler_read_command(ps->h, limit_s, &line, &len);
		switch (rc) {
		case STREAM_OK:
			if (ps->state == POP3_AUTHORIZATION &&
			    ++ps->prelogin_commands > ps->h->cfg.max_junk_commands) {
				pop3_err(ps, P3C_NONE, "too many commands before login, closing connection");
				pop3_end(ps, "too many commands before login", 0);
				break;
			}
			dispatch(ps, line, len);
			break;
		case STREAM_TOOLONG:
			pop3_bad(ps, P3C_NONE, "line too long (over %zu octets)", ps->h->cfg.max_line);
			break;
		case STREAM_EOF:
			pop3_end(ps, "client closed the connection", 0);
			break;
		case STREAM_TIMEOUT:
			/* RFC 1939 3: autologout closes without a reply and
			 * without UPDATE. */
			pop3_end(ps, "idle timeout", 0);
			break;
		default:
			log_msg(LOG_INFO, "read: %s", stream_error(s));
			pop3_end(ps, "connection lost", 0);
			break;
		}
	}
}

int pop3_session_main(struct handler *h, bool implicit_tls, bool config_ok)
{
	struct pop3_session *ps;
	int code;

	ps = calloc(1, sizeof(*ps));
	if (!ps) {
		log_msg(LOG_ERR, "out of memory");
		handler_finish(h);
		return 75;
	}
	ps->h = h;
	ps->state = POP3_AUTHORIZATION;
	ps->drop.lock_fd = -1;
	auth_session_init(&ps->as, &h->cfg);

	if (implicit_tls) {
		bool failed;

		/* RFC 8314 3.3: the whole connection is TLS. */
		if (!config_ok || handler_start_tls(h, "pop3", &failed) != 0) {
			pop3_end(ps, config_ok ? "TLS start failed" : "configuration error", config_ok ? 0 : 75);
			if (config_ok && !failed)
				ps->exit_code = 75;  /* no credentials: the server's fault */
		}
	} else if (!config_ok) {
		pop3_err(ps, P3C_SYS_TEMP, "server configuration error, try again later");
		pop3_end(ps, "configuration error", 75);
	}
	if (!ps->end) {
		pop3_ok(ps, "%s POP3 server ready", POP3_IMPLEMENTATION);
		run_loop(ps);
	}
	end_log(ps);
	pop3_maildrop_close(ps);
	handler_finish(h);
	code = ps->exit_code;
	explicit_bzero(ps, sizeof(*ps));
	free(ps);
	return code;
}
