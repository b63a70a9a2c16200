/*
 * session.c - the SMTP command loop and every command but DATA and BDAT.
 *
 * Owns: the command table (verb, states where it is allowed, handler), the
 * replies with enhanced status codes (RFC 2034, RFC 3463) on every line but
 * the greeting, the EHLO extension list for the current state, STARTTLS
 * (RFC 3207), AUTH (RFC 4954), relay control at RCPT and the sender check
 * for authenticated users, and the limits on bad commands, recipients and
 * AUTH failures.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "log.h"
#include "saslserver.h"
#include "smtp.h"
#include "stream.h"
#include "util.h"

struct smtp_command {
	const char *verb;
	unsigned states;         /* enum smtp_state bits where it is allowed */
	void (*run)(struct smtp_session *ss, const char *arg, size_t len);
};

void smtp_reply(struct smtp_session *ss, int code, const char *enhanced, const char *fmt, ...)
{
	va_list ap;

	stream_printf(ss->h.s, "%d %s ", code, enhanced);
	va_start(ap, fmt);
	stream_vprintf(ss->h.s, fmt, ap);
	va_end(ap);
	stream_puts(ss->h.s, "\r\n");
}

/* A command that makes no progress; false (after 421) once there were too
 * many (max_junk_commands). */
static bool junk(struct smtp_session *ss)
{
	if (++ss->junk_commands <= ss->h.cfg.max_junk_commands)
		return true;
	smtp_reply(ss, 421, "4.7.0", "%s Too many commands without mail, closing connection", ss->h.cfg.hostname);
	log_msg(LOG_NOTICE, "closing after %u commands without progress", ss->junk_commands);
	ss->quit = true;
	return false;
}

void smtp_bad(struct smtp_session *ss, int code, const char *enhanced, const char *text)
{
	ss->bad_commands++;
	smtp_reply(ss, code, enhanced, "%s", text);
}

void smtp_timeout(struct smtp_session *ss, const char *when)
{
	/* RFC 5321 4.5.3.2: the server closes with 421 */
	smtp_reply(ss, 421, "4.4.2", "%s Timeout, closing connection", ss->h.cfg.hostname);
	log_msg(LOG_INFO, "timeout %s", when);
	ss->quit = true;
}

void smtp_reset_transaction(struct smtp_session *ss)
{
	ss->sender[0] = '\0';
	memset(&ss->mail, 0, sizeof(ss->mail));
	ss->nrcpt = 0;
	smtp_spool_close(&ss->spool);
	ss->bdat_too_big = false;
	ss->bdat_error = NULL;
	if (ss->state & (ST_MAIL | ST_RCPT | ST_BDAT))
		ss->state = ST_READY;
}

static bool auth_offered(const struct smtp_session *ss)
{
	return ss->mode != MODE_MX || ss->h.cfg.smtp_auth_on_mx;
}

/* AUTH is usable now: offered in this mode, not done yet, and a password
 * may cross this connection (TLS, or loopback when allowed). */
static bool auth_usable(const struct smtp_session *ss)
{
	return auth_offered(ss) && !ss->authenticated && handler_plaintext_auth_allowed(&ss->h);
}

static bool starttls_usable(const struct smtp_session *ss)
{
	return !stream_is_tls(ss->h.s) && handler_tls_configured(&ss->h);
}

/* The EHLO/HELO argument: a domain or an address literal in form (letters,
 * digits, "-", ".", "_", and ":" "[" "]" for literals), kept for the
 * Received: field; RFC 5321 4.1.4 says not to refuse a name that does not
 * match the peer, so it is not looked up. */
static bool take_helo(struct smtp_session *ss, const char *arg, size_t len)
{
	while (len && arg[0] == ' ') {
		arg++;
		len--;
	}
	while (len && arg[len - 1] == ' ')
		len--;
	if (len == 0 || len >= sizeof(ss->helo))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)arg[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '.' || c == '_' || c == ':' || c == '[' || c == ']'))
			return false;
	}
	memcpy(ss->helo, arg, len);
	ss->helo[len] = '\0';
	return true;
}

static void cmd_ehlo(struct smtp_session *ss, const char *arg, size_t len)
{
	struct stream *s = ss->h.s;

	if (!junk(ss))
		return;
	if (!take_helo(ss, arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: EHLO hostname");
		return;
	}
	smtp_reset_transaction(ss);
	ss->state = ST_READY;
	ss->esmtp = true;
	stream_printf(s, "250-%s greets %s\r\n", ss->h.cfg.hostname, ss->helo);
	stream_puts(s, "250-PIPELINING\r\n");
	stream_printf(s, "250-SIZE %llu\r\n", (unsigned long long)ss->size_limit);
	stream_puts(s, "250-8BITMIME\r\n");
	stream_puts(s, "250-SMTPUTF8\r\n");
	stream_puts(s, "250-ENHANCEDSTATUSCODES\r\n");
	stream_puts(s, "250-CHUNKING\r\n");
	stream_puts(s, "250-BINARYMIME\r\n");
	stream_puts(s, "250-DSN\r\n");
	if (starttls_usable(ss))
		stream_puts(s, "250-STARTTLS\r\n");
	if (auth_usable(ss))
		stream_puts(s, "250-AUTH PLAIN LOGIN\r\n");
	stream_puts(s, "250 HELP\r\n");
}

static void cmd_helo(struct smtp_session *ss, const char *arg, size_t len)
{
	if (!junk(ss))
		return;
	if (!take_helo(ss, arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: HELO hostname");
		return;
	}
	smtp_reset_transaction(ss);
	ss->state = ST_READY;
	ss->esmtp = false;
	smtp_reply(ss, 250, "2.0.0", "%s", ss->h.cfg.hostname);
}

/* What an address resolves to, as MAIL and RCPT need to know it.  One
 * resolution (recipient_db: users and aliases read once per session) into
 * a buffer kept for the session; the targets are wiped before returning. */
struct resolution {
	int result;             /* enum resolve_result */
	bool remote_target;     /* some target is an external address */
	bool own_mailbox;       /* some target is the authenticated user's mailbox */
	char err[256];
};

static void resolve(struct smtp_session *ss, const struct mail_address *a, struct resolution *res)
{
	size_t n = 0;

	memset(res, 0, sizeof(*res));
	if (!ss->targets && !(ss->targets = calloc(ZM_MAX_ALIAS_TARGETS, sizeof(*ss->targets)))) {
		res->result = RESOLVE_TEMPFAIL;
		snprintf(res->err, sizeof(res->err), "out of memory");
		return;
	}
	res->result = recipient_db_resolve(&ss->rdb, a, ss->targets, ZM_MAX_ALIAS_TARGETS, &n, res->err,
					   sizeof(res->err));
	for (size_t i = 0; i < n; i++) {
		const struct recipient_target *t = &ss->targets[i];

		if (t->kind == RCPT_EXTERNAL)
			res->remote_target = true;
		if (ss->authenticated && t->kind == RCPT_MAILBOX && strcmp(t->user.address, ss->auth_user) == 0)
			res->own_mailbox = true;
		mail_user_wipe(&ss->targets[i].user);
	}
}

/* May the authenticated user send as this address?  Their own address,
 * or any address (alias, subaddress) that resolves to their mailbox (a
 * shared alias counts for each of its members).  1 yes, 0 no, -1 the
 * users or aliases could not be read now. */
static int sender_owned(struct smtp_session *ss, const struct mail_address *a)
{
	struct resolution res;

	if (ss->h.cfg.smtp_any_sender || a->is_null)
		return 1;
	resolve(ss, a, &res);
	if (res.result == RESOLVE_TEMPFAIL) {
		log_msg(LOG_ERR, "sender check: %s", res.err);
		return -1;
	}
	return res.result == RESOLVE_OK && res.own_mailbox;
}

static void cmd_mail(struct smtp_session *ss, const char *arg, size_t len)
{
	struct mail_address a;
	struct mail_params p;
	struct smtp_refusal why;

	if (ss->state != ST_READY) {
		smtp_bad(ss, 503, "5.5.1", ss->state == ST_CONNECTED ? "Send EHLO or HELO first"
								: "Nested MAIL command");
		return;
	}
	if (ss->mode != MODE_MX && !ss->authenticated) {
		/* RFC 6409 4.3, RFC 4954 6 */
		smtp_bad(ss, 530, "5.7.0", "Authentication required");
		return;
	}
	if (smtp_parse_mail(arg, len, &a, &p, &why) != 0) {
		smtp_bad(ss, why.code, why.enhanced, why.text);
		return;
	}
	if (p.has_size && p.size > ss->size_limit) {
		/* RFC 1870 6 */
		ss->bad_commands++;
		smtp_reply(ss, 552, "5.3.4", "Message size exceeds the limit of %llu bytes",
			   (unsigned long long)ss->size_limit);
		return;
	}
	if (ss->authenticated) {
		int owned = sender_owned(ss, &a);

		if (owned < 0) {
			smtp_reply(ss, 451, "4.3.0", "Temporary local problem, try again later");
			return;
		}
		if (owned == 0) {
			smtp_bad(ss, 553, "5.7.1", "Sender address is not owned by the authenticated user");
			return;
		}
	}
	if (address_format(&a, ss->sender, sizeof(ss->sender)) < 0) {
		smtp_bad(ss, 501, "5.1.7", "Sender address too long");
		return;
	}
	ss->mail = p;
	ss->state = ST_MAIL;
	smtp_reply(ss, 250, "2.1.0", "Sender OK");
}

/* Local parts that ask us to route the mail on: "user%host", "host!user",
 * a quoted "user@host" (RFC 5321 3.6.1 and appendix C; never honoured). */
static bool relay_trick(const struct mail_address *a)
{
	return a->had_source_route || memchr(a->local, '%', a->local_len) ||
	       memchr(a->local, '!', a->local_len) || memchr(a->local, '@', a->local_len);
}

static bool add_rcpt(struct smtp_session *ss, const char *printed, const struct rcpt_params *p)
{
	for (size_t i = 0; i < ss->nrcpt; i++)
		if (strcmp(ss->rcpts[i].address, printed) == 0)
			return true;  /* the same recipient twice: deliver once */
	if (ss->nrcpt == ss->rcpt_cap &&
	    util_grow((void **)&ss->rcpts, &ss->rcpt_cap, ss->nrcpt + 1, sizeof(*ss->rcpts)) != 0)
		return false;
	snprintf(ss->rcpts[ss->nrcpt].address, ZM_ADDR_MAX, "%s", printed);
	ss->rcpts[ss->nrcpt].params = *p;
	ss->nrcpt++;
	return true;
}

static void cmd_rcpt(struct smtp_session *ss, const char *arg, size_t len)
{
	struct mail_address a;
	struct rcpt_params p;
	struct smtp_refusal why;
	struct resolution res;
	char printed[ZM_ADDR_MAX];

	if (!(ss->state & (ST_MAIL | ST_RCPT))) {
		smtp_bad(ss, 503, "5.5.1", ss->state == ST_CONNECTED ? "Send EHLO or HELO first" : "Need MAIL first");
		return;
	}
	if (ss->nrcpt >= ss->h.cfg.max_recipients) {
		/* RFC 5321 4.5.3.1.10: 452, the client sends the rest later */
		smtp_reply(ss, 452, "4.5.3", "Too many recipients (at most %zu per message)",
			   ss->h.cfg.max_recipients);
		return;
	}
	if (smtp_parse_rcpt(arg, len, ss->mail.smtputf8, &a, &p, &why) != 0) {
		smtp_bad(ss, why.code, why.enhanced, why.text);
		return;
	}
	if (relay_trick(&a)) {
		smtp_bad(ss, 550, "5.7.1", "Relay access denied: source routes and %, ! or @ in the local part are not accepted");
		return;
	}
	if (address_format(&a, printed, sizeof(printed)) < 0) {
		smtp_bad(ss, 501, "5.1.3", "Recipient address too long");
		return;
	}
	resolve(ss, &a, &res);
	switch (res.result) {
	case RESOLVE_OK:
		if (res.remote_target) {
			/* deliver cannot forward yet: refuse now rather than
			 * answer for a copy that would never leave */
			smtp_bad(ss, 550, "5.7.1", "This address forwards to a remote address, which is not available yet");
			return;
		}
		if (!add_rcpt(ss, printed, &p)) {
			smtp_reply(ss, 451, "4.3.0", "Out of memory, try again later");
			return;
		}
		ss->state = ST_RCPT;
		smtp_reply(ss, 250, "2.1.5", "Recipient OK");
		return;
	case RESOLVE_NOT_LOCAL:
		if (ss->authenticated)
			smtp_bad(ss, 550, "5.7.1", "Remote delivery is not available yet (no outbound queue)");
		else
			smtp_bad(ss, 550, "5.7.1", "Relay access denied");
		return;
	case RESOLVE_NO_USER:
		smtp_bad(ss, 550, "5.1.1", "No such user here");
		return;
	case RESOLVE_LOOP:
		log_msg(LOG_WARNING, "recipient %s: %s", printed, res.err);
		smtp_bad(ss, 550, "5.4.6", "Alias loop");
		return;
	case RESOLVE_REFUSED:
		log_msg(LOG_WARNING, "recipient %s: %s", printed, res.err);
		smtp_bad(ss, 550, "5.7.1", "Recipient refused by local policy");
		return;
	default:
		log_msg(LOG_ERR, "recipient %s: %s", printed, res.err);
		smtp_reply(ss, 451, "4.3.0", "Temporary local problem, try again later");
		return;
	}
}

bool smtp_no_args(const char *arg, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (arg[i] != ' ')
			return false;
	return true;
}

static void cmd_rset(struct smtp_session *ss, const char *arg, size_t len)
{
	if (!junk(ss))
		return;
	if (!smtp_no_args(arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: RSET");
		return;
	}
	smtp_reset_transaction(ss);
	smtp_reply(ss, 250, "2.0.0", "Reset OK");
}

static void cmd_noop(struct smtp_session *ss, const char *arg, size_t len)
{
	(void)arg;
	(void)len;  /* RFC 5321 4.1.1.9: a parameter is allowed and ignored */
	if (!junk(ss))
		return;
	smtp_reply(ss, 250, "2.0.0", "OK");
}

static void cmd_quit(struct smtp_session *ss, const char *arg, size_t len)
{
	if (!smtp_no_args(arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: QUIT");
		return;
	}
	smtp_reply(ss, 221, "2.0.0", "%s closing connection", ss->h.cfg.hostname);
	ss->quit = true;
}

static void cmd_vrfy(struct smtp_session *ss, const char *arg, size_t len)
{
	if (!junk(ss))
		return;
	if (smtp_no_args(arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: VRFY address");
		return;
	}
	/* RFC 5321 3.5.3: 252, disclosing nothing about who exists */
	smtp_reply(ss, 252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
}

static void cmd_expn(struct smtp_session *ss, const char *arg, size_t len)
{
	(void)arg;
	(void)len;
	smtp_bad(ss, 502, "5.5.1", "EXPN is not available");
}

static void cmd_help(struct smtp_session *ss, const char *arg, size_t len)
{
	(void)arg;
	(void)len;
	if (!junk(ss))
		return;
	smtp_reply(ss, 214, "2.0.0",
		   "Commands: EHLO HELO MAIL RCPT DATA BDAT RSET NOOP QUIT VRFY HELP STARTTLS AUTH; see smtp-handler(8)");
}

static void cmd_starttls(struct smtp_session *ss, const char *arg, size_t len)
{
	bool failed;

	if (!smtp_no_args(arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: STARTTLS (no parameters)");
		return;
	}
	if (stream_is_tls(ss->h.s)) {
		smtp_bad(ss, 503, "5.5.1", "TLS is already active");
		return;
	}
	if (ss->state & (ST_MAIL | ST_RCPT | ST_BDAT)) {
		smtp_bad(ss, 503, "5.5.1", "STARTTLS is not allowed during a mail transaction");
		return;
	}
	if (handler_tls_prepare(&ss->h) != 0) {
		/* not configured, or the certificate or key cannot be used */
		smtp_reply(ss, 454, "4.7.0", "TLS not available");
		return;
	}
	smtp_reply(ss, 220, "2.0.0", "Ready to start TLS");
	/* handler_start_tls flushes the reply, then throws away anything the
	 * client pipelined after STARTTLS (RFC 3207 4.2: command injection). */
	if (handler_start_tls(&ss->h, "smtp", &failed) != 0) {
		if (failed) {
			ss->quit = true;
			return;
		}
		/* TLS never started (credentials unusable): stay in plaintext */
		smtp_reply(ss, 454, "4.7.0", "TLS not available");
		return;
	}
	/* RFC 3207 4.2: forget everything learned before TLS. */
	smtp_reset_transaction(ss);
	ss->state = ST_CONNECTED;
	ss->helo[0] = '\0';
	ss->esmtp = false;
	ss->authenticated = false;
	ss->auth_user[0] = '\0';
	log_set_user(NULL);
}

static void cmd_auth(struct smtp_session *ss, const char *arg, size_t len)
{
	const char *mech, *initial = NULL;
	size_t mlen, ilen = 0, i = 0;
	enum sasl_mech m;
	struct sasl_credentials creds;
	struct mail_user user;
	int src, r;
	bool weak = false;

	if (!auth_offered(ss)) {
		smtp_bad(ss, 503, "5.5.1", "AUTH is not offered on this port");
		return;
	}
	if (ss->authenticated) {
		smtp_bad(ss, 503, "5.5.1", "Already authenticated");
		return;
	}
	if (ss->state & (ST_MAIL | ST_RCPT | ST_BDAT)) {
		smtp_bad(ss, 503, "5.5.1", "AUTH is not allowed during a mail transaction");
		return;
	}
	if (!handler_plaintext_auth_allowed(&ss->h)) {
		/* RFC 3207 4, RFC 4954 4: no password before TLS */
		smtp_bad(ss, 530, "5.7.0", "Must issue a STARTTLS command first");
		return;
	}
	if (auth_session_locked(&ss->auth)) {
		smtp_reply(ss, 421, "4.7.0", "Too many authentication failures");
		ss->quit = true;
		return;
	}
	while (i < len && arg[i] == ' ')
		i++;
	mech = arg + i;
	while (i < len && arg[i] != ' ')
		i++;
	mlen = (size_t)(arg + i - mech);
	while (i < len && arg[i] == ' ')
		i++;
	if (i < len) {
		initial = arg + i;
		ilen = len - i;
		if (memchr(initial, ' ', ilen)) {
			smtp_bad(ss, 501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
			return;
		}
	}
	if (mlen == 0) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: AUTH mechanism [initial-response]");
		return;
	}
	m = sasl_mech_parse(mech, mlen);
	if (m == SASL_MECH_UNKNOWN) {
		smtp_bad(ss, 504, "5.5.4", "Unrecognized authentication mechanism (use PLAIN or LOGIN)");
		return;
	}
	r = sasl_server_exchange(ss->h.s, "334 ", m, initial, ilen, &creds, &src);
	switch (r) {
	case SASLX_OK:
		break;
	case SASLX_CANCELLED:
		smtp_bad(ss, 501, "5.0.0", "Authentication cancelled");
		return;
	case SASLX_TOOLONG:
		smtp_bad(ss, 500, "5.5.6", "Authentication exchange line is too long");
		return;
	case SASLX_IO:
		if (src == STREAM_TIMEOUT)
			smtp_timeout(ss, "in an AUTH exchange");
		ss->quit = true;
		return;
	case SASLX_AUTHZID:
		/* acting as someone else is refused like a wrong password */
		memset(&creds, 0, sizeof(creds));
		snprintf(creds.authcid, sizeof(creds.authcid), "-");
		break;
	default:
		smtp_bad(ss, 501, "5.5.2", "Cannot decode the authentication response");
		return;
	}
	r = auth_verify(&ss->auth, &ss->h.cfg, creds.authcid, r == SASLX_OK ? creds.passwd : "",
			r == SASLX_OK ? creds.passwd_len : 0, &user, &weak);
	switch (r) {
	case AUTH_OK:
		ss->authenticated = true;
		snprintf(ss->auth_user, sizeof(ss->auth_user), "%s", user.address);
		log_set_user(ss->auth_user);
		log_msg(LOG_INFO, "authenticated as %s%s", user.address, weak ? " (weak password hash)" : "");
		mail_user_wipe(&user);
		sasl_credentials_wipe(&creds);
		smtp_reply(ss, 235, "2.7.0", "Authentication successful");
		return;
	case AUTH_TEMPFAIL:
		sasl_credentials_wipe(&creds);
		smtp_reply(ss, 454, "4.7.0", "Temporary authentication failure");
		return;
	default:
		log_msg(LOG_NOTICE, "authentication failed for '%s'", creds.authcid);
		sasl_credentials_wipe(&creds);
		if (auth_session_locked(&ss->auth)) {
			smtp_reply(ss, 421, "4.7.0", "Too many authentication failures, closing connection");
			ss->quit = true;
			return;
		}
		smtp_reply(ss, 535, "5.7.8", "Authentication credentials invalid");
		return;
	}
}

static const struct smtp_command commands[] = {
	{ "EHLO", ST_ANY & ~ST_BDAT, cmd_ehlo },
	{ "HELO", ST_ANY & ~ST_BDAT, cmd_helo },
	{ "MAIL", ST_ANY & ~ST_BDAT, cmd_mail },
	{ "RCPT", ST_ANY & ~ST_BDAT, cmd_rcpt },
	{ "DATA", ST_ANY & ~ST_BDAT, smtp_cmd_data },
	{ "BDAT", ST_ANY, smtp_cmd_bdat },
	{ "RSET", ST_ANY, cmd_rset },
	{ "NOOP", ST_ANY, cmd_noop },
	{ "QUIT", ST_ANY, cmd_quit },
	{ "VRFY", ST_ANY & ~ST_BDAT, cmd_vrfy },
	{ "EXPN", ST_ANY & ~ST_BDAT, cmd_expn },
	{ "HELP", ST_ANY, cmd_help },
	{ "STARTTLS", ST_CONNECTED | ST_READY, cmd_starttls },
	{ "AUTH", ST_READY, cmd_auth },
};

static const struct smtp_command *find_command(const char *verb, size_t len)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strlen(commands[i].verb) == len && strncasecmp(commands[i].verb, verb, len) == 0)
			return &commands[i];
	return NULL;
}

/* Read and run one command.  Returns false when the session must end. */
static bool one_command(struct smtp_session *ss)
{
	const char *line;
	size_t len, vlen = 0;
	const struct smtp_command *cmd;
	int rc = handler_read_command(&ss->h, ss->h.cfg.command_timeout_s, &line, &len);

	switch (rc) {
	case STREAM_OK:
		break;
	case STREAM_TOOLONG:
		/* RFC 5321 4.5.3.1.4 (and 4.2.2: 500 5.5.6 for a long line) */
		smtp_bad(ss, 500, "5.5.6", "Line too long");
		return true;
	case STREAM_TIMEOUT:
		smtp_timeout(ss, "waiting for a command");
		return false;
	case STREAM_EOF:
		log_msg(LOG_INFO, "client left without QUIT");
		return false;
	default:
		log_msg(LOG_INFO, "connection error: %s", stream_error(ss->h.s));
		return false;
	}
	if (memchr(line, '\0', len)) {
		smtp_bad(ss, 500, "5.5.2", "NUL byte in command");
		return true;
	}
	while (vlen < len && line[vlen] != ' ')
		vlen++;
	cmd = find_command(line, vlen);
	if (!cmd) {
		smtp_bad(ss, 500, "5.5.2", "Command not recognized");
		return true;
	}
	if (!(cmd->states & ss->state)) {
		if (ss->state == ST_BDAT)
			smtp_bad(ss, 503, "5.5.1", "Only BDAT, RSET, NOOP, HELP or QUIT during BDAT");
		else if (ss->state == ST_CONNECTED)
			smtp_bad(ss, 503, "5.5.1", "Send EHLO or HELO first");
		else
			smtp_bad(ss, 503, "5.5.1", "Bad sequence of commands");
		return true;
	}
	cmd->run(ss, line + vlen, len - vlen);
	return !ss->quit;
}

int smtp_session_run(struct smtp_session *ss)
{
	struct stream *s = ss->h.s;

	recipient_db_init(&ss->rdb, &ss->h.cfg);
	auth_session_init(&ss->auth, &ss->h.cfg);
	ss->state = ST_CONNECTED;
	ss->spool.fd = -1;
	ss->spool.buf = NULL;
	stream_printf(s, "220 %s ESMTP zeromail\r\n", ss->h.cfg.hostname);
	while (one_command(ss)) {
		if (ss->bad_commands >= ss->h.cfg.max_bad_commands) {
			smtp_reply(ss, 421, "4.7.0", "%s Too many errors, closing connection", ss->h.cfg.hostname);
			log_msg(LOG_NOTICE, "closing after %u bad commands", ss->bad_commands);
			break;
		}
	}
	smtp_reset_transaction(ss);
	recipient_db_close(&ss->rdb);
	free(ss->rcpts);
	ss->rcpts = NULL;
	free(ss->targets);
	ss->targets = NULL;
	return 0;
}
