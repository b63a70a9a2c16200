/*
 * message.c - receiving a message (DATA, BDAT) and handing it to deliver.
 *
 * Owns: the spool of each message with our Received: field first
 * (RFC 5321 4.4), DATA through the dot filter (data.h) and BDAT chunks
 * read exactly (RFC 3030), the size limit while streaming (an over-size
 * message is read to its end, then refused with 552), the one final reply
 * from deliver's per-recipient results, and the one log line per message.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "data.h"
#include "delivery.h"
#include "log.h"
#include "smtp.h"
#include "stream.h"
#include "util.h"

#define CHUNK 16384

static void new_message_id(struct smtp_session *ss)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	snprintf(ss->msg_id, sizeof(ss->msg_id), "%llX%05lX%X%02X", (unsigned long long)tv.tv_sec,
		 (unsigned long)tv.tv_usec, (unsigned)getpid(), ss->messages & 0xff);
	ss->messages++;
}

/* RFC 3848 and RFC 6531 3.7.3 protocol names for "with". */
static const char *with_protocol(const struct smtp_session *ss)
{
	bool tls = stream_is_tls(ss->h.s), auth = ss->authenticated;

	if (!ss->esmtp)
		return "SMTP";
	if (ss->mail.smtputf8)
		return tls ? (auth ? "UTF8SMTPSA" : "UTF8SMTPS") : (auth ? "UTF8SMTPA" : "UTF8SMTP");
	return tls ? (auth ? "ESMTPSA" : "ESMTPS") : (auth ? "ESMTPA" : "ESMTP");
}

/* Copy s into a header comment: no parentheses, backslashes or controls. */
static void comment_safe(char *out, size_t outlen, const char *s)
{
	size_t o = 0;

	for (; *s && o + 1 < outlen; s++) {
		unsigned char c = (unsigned char)*s;

		out[o++] = (c < 32 || c == 127 || c == '(' || c == ')' || c == '\\') ? '?' : (char)c;
	}
	out[o] = '\0';
}

int smtp_received_header(const struct smtp_session *ss, const char *id, char *out, size_t outlen)
{
	char tcpinfo[96], tls[160], user[ZM_ADDR_MAX], extra[ZM_ADDR_MAX + 200], forclause[ZM_ADDR_MAX + 16];
	char date[64];
	const struct conn_facts *f = &ss->h.facts;
	time_t now = time(NULL);
	struct tm tm;
	int n;

	if (f->source == CONN_LOCAL)
		snprintf(tcpinfo, sizeof(tcpinfo), "local");
	else if (strchr(f->peer_addr, ':'))
		snprintf(tcpinfo, sizeof(tcpinfo), "[IPv6:%s]", f->peer_addr);
	else
		snprintf(tcpinfo, sizeof(tcpinfo), "[%s]", f->peer_addr);
	handler_tls_label(&ss->h, tls, sizeof(tls));
	comment_safe(user, sizeof(user), ss->auth_user);
	extra[0] = '\0';
	if (tls[0] && ss->authenticated)
		snprintf(extra, sizeof(extra), "\r\n\t(using %s; authenticated as %s)", tls, user);
	else if (tls[0])
		snprintf(extra, sizeof(extra), "\r\n\t(using %s)", tls);
	else if (ss->authenticated)
		snprintf(extra, sizeof(extra), "\r\n\t(authenticated as %s)", user);
	/* "for" only with one recipient: do not disclose the others */
	forclause[0] = '\0';
	if (ss->nrcpt == 1)
		snprintf(forclause, sizeof(forclause), "\r\n\tfor <%s>", ss->rcpts[0].address);
	localtime_r(&now, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S %z", &tm);
	n = snprintf(out, outlen, "Received: from %s (%s)\r\n\tby %s (zeromail) with %s id %s%s%s;\r\n\t%s\r\n",
		     ss->helo[0] ? ss->helo : "unknown", tcpinfo, ss->h.cfg.hostname, with_protocol(ss), id,
		     extra, forclause, date);
	return n < 0 || (size_t)n >= outlen ? -1 : n;
}

/* Open the spool and write our Received: field.  Returns -1 on failure,
 * after a 451 reply when reply is true. */
static int begin_message(struct smtp_session *ss, bool reply)
{
	char hdr[2048];
	int n;

	new_message_id(ss);
	if (smtp_spool_open(&ss->spool, ss->h.cfg.spool_dir) != 0) {
		log_msg(LOG_ERR, "cannot create a spool file in %s: %s", ss->h.cfg.spool_dir, strerror(errno));
		if (reply)
			smtp_reply(ss, 451, "4.3.0", "Local problem, try again later");
		return -1;
	}
	n = smtp_received_header(ss, ss->msg_id, hdr, sizeof(hdr));
	if (n < 0) {
		log_msg(LOG_WARNING, "message %s: Received: field longer than %zu bytes, left out", ss->msg_id,
			sizeof(hdr));
		n = 0;
	}
	smtp_spool_write(&ss->spool, hdr, (size_t)n);
	ss->trace_len = (uint64_t)n;
	return 0;
}

/* Message bytes so far (without our Received: field). */
static uint64_t message_size(const struct smtp_session *ss)
{
	return ss->spool.size - ss->trace_len;
}

static void log_message(struct smtp_session *ss, const struct delivery_result *res, int final_code)
{
	char *buf;
	size_t cap = 512 + ss->nrcpt * (ZM_ADDR_MAX + 240), o = 0;
	char tls[160];

	buf = malloc(cap);
	if (!buf)
		return;
	handler_tls_label(&ss->h, tls, sizeof(tls));
	o += (size_t)snprintf(buf + o, cap - o, "message id=%s size=%llu from=<%s> final=%d", ss->msg_id,
			      (unsigned long long)message_size(ss), ss->sender, final_code);
	for (size_t i = 0; i < ss->nrcpt && o < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, " to=<%s>:%d %s %s", ss->rcpts[i].address, res[i].code,
				      res[i].enhanced, res[i].text);
	if (o < cap)
		o += (size_t)snprintf(buf + o, cap - o, " tls=%s", tls[0] ? tls : "no");
	if (o < cap && (ss->mail.ret || ss->mail.envid[0]))
		snprintf(buf + o, cap - o, " dsn-ret=%s envid=%s",
			 ss->mail.ret == RET_FULL ? "FULL" : ss->mail.ret == RET_HDRS ? "HDRS" : "-",
			 ss->mail.envid[0] ? ss->mail.envid : "-");
	log_msg(LOG_INFO, "%s", buf);
	free(buf);
}

/* The message is complete in the spool: deliver it and send the one reply.
 * RFC 5321 4.2.5: 250 only once every recipient's copy is on disk. */
static void finish_message(struct smtp_session *ss)
{
	struct delivery_result *res;
	char **rcpts;
	char err[256] = "";
	size_t delivered = 0, temp = 0, perm = 0, first_temp = 0, first_perm = 0;

	if (smtp_spool_flush(&ss->spool) != 0) {
		log_msg(LOG_ERR, "spool write failed: %s", strerror(ss->spool.error));
		if (ss->spool.error == ENOSPC || ss->spool.error == EDQUOT)
			smtp_reply(ss, 452, "4.3.1", "Insufficient system storage, try again later");
		else
			smtp_reply(ss, 451, "4.3.0", "Local problem, try again later");
		return;
	}
	res = calloc(ss->nrcpt, sizeof(*res));
	rcpts = calloc(ss->nrcpt, sizeof(*rcpts));
	if (!res || !rcpts) {
		free(res);
		free(rcpts);
		smtp_reply(ss, 451, "4.3.0", "Out of memory, try again later");
		return;
	}
	for (size_t i = 0; i < ss->nrcpt; i++)
		rcpts[i] = ss->rcpts[i].address;
	if (delivery_run(&ss->h.cfg, ss->spool.fd, ss->spool.size, ss->sender, rcpts, ss->nrcpt, res, err,
			 sizeof(err)) != 0 && err[0])
		log_msg(LOG_WARNING, "message %s: %s", ss->msg_id, err);
	for (size_t i = 0; i < ss->nrcpt; i++) {
		if (res[i].code >= 200 && res[i].code < 300) {
			delivered++;
		} else if (res[i].code >= 400 && res[i].code < 500) {
			if (!temp++)
				first_temp = i;
		} else if (!perm++) {
			first_perm = i;
		}
	}
	if (temp) {
		/* Someone has no copy yet: the client must try again (those
		 * who have one may get a second: never lose, at worst repeat). */
		smtp_reply(ss, 451, "4.3.0", "Delivery to <%s> failed temporarily (%s %s), try again later",
			   ss->rcpts[first_temp].address, res[first_temp].enhanced, res[first_temp].text);
		log_message(ss, res, 451);
	} else if (perm) {
		/* One reply for all (RFC 5321 3.3): a refusal the sender hears
		 * about beats a copy silently missing. */
		const struct delivery_result *r = &res[first_perm];

		if (delivered)
			smtp_reply(ss, r->code, r->enhanced, "Delivered to %zu of %zu recipients; <%s>: %s", delivered,
				   ss->nrcpt, ss->rcpts[first_perm].address, r->text);
		else
			smtp_reply(ss, r->code, r->enhanced, "<%s>: %s", ss->rcpts[first_perm].address, r->text);
		log_message(ss, res, r->code);
	} else {
		smtp_reply(ss, 250, "2.0.0", "OK: delivered as %s", ss->msg_id);
		ss->junk_commands = 0;  /* progress: a message was accepted */
		log_message(ss, res, 250);
	}
	free(res);
	free(rcpts);
}

/* A stream failure in the middle of a message: end the session. */
static void stream_failed(struct smtp_session *ss, int rc)
{
	if (rc == STREAM_TIMEOUT)
		smtp_timeout(ss, "while receiving a message");
	else
		log_msg(LOG_INFO, "connection lost while receiving message %s", ss->msg_id);
	ss->quit = true;
}

void smtp_cmd_data(struct smtp_session *ss, const char *arg, size_t len)
{
	struct data_filter f;
	unsigned char out[CHUNK + 1];  /* the filter writes at most its input + 1 */
	bool too_big = false;
	int rc = STREAM_OK;

	if (!smtp_no_args(arg, len)) {
		smtp_bad(ss, 501, "5.5.4", "Syntax: DATA (no parameters)");
		return;
	}
	if (ss->state != ST_RCPT) {
		if (ss->state == ST_MAIL)
			smtp_bad(ss, 554, "5.5.1", "No valid recipients");
		else
			smtp_bad(ss, 503, "5.5.1", "Need MAIL and RCPT first");
		return;
	}
	if (ss->mail.body == BODY_BINARYMIME) {
		/* RFC 3030 3: BINARYMIME only with BDAT */
		smtp_bad(ss, 503, "5.5.1", "BODY=BINARYMIME requires BDAT");
		return;
	}
	if (begin_message(ss, true) != 0)
		return;
	smtp_reply(ss, 354, "2.0.0", "End data with <CR><LF>.<CR><LF>");
	/* RFC 5321 4.5.3.2.5/6: the whole transfer gets command_timeout */
	stream_deadline_in(ss->h.s, ss->h.cfg.command_timeout_s * 1000u);
	data_filter_init(&f);
	while (!f.done) {
		const void *in;
		size_t avail, used, produced;

		rc = stream_peek(ss->h.s, &in, &avail);
		if (rc != STREAM_OK)
			break;
		if (avail > CHUNK)
			avail = CHUNK;
		used = data_filter_feed(&f, in, avail, out, &produced);
		stream_consume(ss->h.s, used);
		if (!too_big && message_size(ss) + produced > ss->size_limit)
			too_big = true;  /* read on to the end, keep nothing more */
		if (!too_big)
			smtp_spool_write(&ss->spool, out, produced);
	}
	stream_deadline_in(ss->h.s, 0);
	if (rc != STREAM_OK) {
		stream_failed(ss, rc);
		smtp_reset_transaction(ss);
		return;
	}
	if (too_big) {
		smtp_reply(ss, 552, "5.3.4", "Message exceeds the size limit of %llu bytes",
			   (unsigned long long)ss->size_limit);
		log_msg(LOG_NOTICE, "message %s from <%s> refused: over %llu bytes", ss->msg_id, ss->sender,
			(unsigned long long)ss->size_limit);
	} else if (f.bare_cr || f.bare_lf || f.nul) {
		/* RFC 5321 2.3.8 and 4.1.1.4: CR and LF only as CRLF; no NUL */
		smtp_reply(ss, 554, "5.6.0", "Message refused: %s (lines must end with CRLF)",
			   f.nul ? "NUL byte in the data" : f.bare_lf ? "bare LF in the data" : "bare CR in the data");
		log_msg(LOG_NOTICE, "message %s from <%s> refused: %s", ss->msg_id, ss->sender,
			f.nul ? "NUL" : f.bare_lf ? "bare LF" : "bare CR");
	} else {
		finish_message(ss);
	}
	smtp_reset_transaction(ss);
}

/* "BDAT" SP chunk-size [SP "LAST"] (RFC 3030 2). */
static int parse_bdat(const char *arg, size_t len, uint64_t *size, bool *last)
{
	size_t i = 0, start;

	if (i >= len || arg[i] != ' ')
		return -1;
	while (i < len && arg[i] == ' ')
		i++;
	start = i;
	while (i < len && arg[i] >= '0' && arg[i] <= '9')
		i++;
	if (!util_parse_u64(arg + start, i - start, size))
		return -1;
	while (i < len && arg[i] == ' ')
		i++;
	*last = false;
	if (i < len) {
		if (len - i != 4 || strncasecmp(arg + i, "LAST", 4) != 0)
			return -1;
		*last = true;
	}
	return 0;
}

void smtp_cmd_bdat(struct smtp_session *ss, const char *arg, size_t len)
{
	uint64_t size, left;
	bool last, keep;
	unsigned char buf[CHUNK];
	int rc = STREAM_OK;
	int code = 0;
	const char *enh = NULL, *text = NULL;

	if (parse_bdat(arg, len, &size, &last) != 0) {
		/* We cannot know where the chunk ends: the rest of the
		 * connection could be message data, so it ends here. */
		smtp_reply(ss, 501, "5.5.4", "Syntax: BDAT size [LAST]; closing connection");
		ss->quit = true;
		return;
	}
	if (!(ss->state & (ST_RCPT | ST_BDAT))) {
		code = ss->state == ST_MAIL ? 554 : 503;
		enh = "5.5.1";
		text = ss->state == ST_MAIL ? "No valid recipients" : "Need MAIL and RCPT first";
		ss->bad_commands++;
	} else if (ss->state == ST_RCPT && begin_message(ss, false) != 0) {
		ss->bdat_error = "451 4.3.0 Local problem, try again later";
	}
	/* RFC 3030 2: the chunk is always read, whatever the reply. */
	keep = code == 0 && !ss->bdat_error && !ss->bdat_too_big;
	if (keep && (size > ss->size_limit || message_size(ss) > ss->size_limit - size)) {
		ss->bdat_too_big = true;
		keep = false;
	}
	stream_deadline_in(ss->h.s, ss->h.cfg.command_timeout_s * 1000u);
	for (left = size; left > 0;) {
		size_t got = 0;

		rc = stream_read_some(ss->h.s, buf, left < CHUNK ? (size_t)left : CHUNK, &got);
		if (rc != STREAM_OK)
			break;
		if (keep)
			smtp_spool_write(&ss->spool, buf, got);
		left -= got;
	}
	stream_deadline_in(ss->h.s, 0);
	if (rc != STREAM_OK) {
		stream_failed(ss, rc);
		smtp_reset_transaction(ss);
		return;
	}
	if (code) {
		smtp_reply(ss, code, enh, "%s", text);
		return;
	}
	if (ss->bdat_error || ss->bdat_too_big) {
		if (ss->bdat_too_big)
			smtp_reply(ss, 552, "5.3.4", "Message exceeds the size limit of %llu bytes",
				   (unsigned long long)ss->size_limit);
		else
			stream_printf(ss->h.s, "%s\r\n", ss->bdat_error);
		if (last)
			smtp_reset_transaction(ss);
		else
			ss->state = ST_BDAT;
		return;
	}
	if (!last) {
		ss->state = ST_BDAT;
		smtp_reply(ss, 250, "2.0.0", "%llu octets received", (unsigned long long)size);
		return;
	}
	finish_message(ss);
	smtp_reset_transaction(ss);
}
