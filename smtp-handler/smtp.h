/*
 * smtp.h - one SMTP session: its modes, states and envelope.
 *
 * Owns: the session record shared by the command handlers (session.c),
 * the message reader (message.c) and main.c.  Protocol: RFC 5321 with the
 * extensions listed in smtp-handler(8).
 */
#ifndef ZM_SMTP_H
#define ZM_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "address.h"
#include "auth.h"
#include "handler.h"
#include "params.h"
#include "recipient.h"
#include "spool.h"

enum smtp_mode {
	MODE_MX,            /* port 25: local recipients; AUTH only if smtp_auth_on_mx */
	MODE_SUBMISSION,    /* port 587 (RFC 6409): STARTTLS, then AUTH, then MAIL */
	MODE_SUBMISSIONS,   /* port 465 (RFC 8314): implicit TLS, AUTH, MAIL */
};

/* Session states, as bits so a command table row can allow several. */
enum smtp_state {
	ST_CONNECTED = 1,   /* greeted, no EHLO/HELO yet */
	ST_READY = 2,       /* EHLO/HELO done, no transaction */
	ST_MAIL = 4,        /* MAIL accepted, no recipient yet */
	ST_RCPT = 8,        /* at least one recipient accepted */
	ST_BDAT = 16,       /* BDAT chunks are arriving (not LAST yet) */
};
#define ST_ANY (ST_CONNECTED | ST_READY | ST_MAIL | ST_RCPT | ST_BDAT)

struct smtp_rcpt {
	char address[ZM_ADDR_MAX];  /* printed form, passed to deliver */
	struct rcpt_params params;  /* DSN NOTIFY/ORCPT, kept for the outbound side */
};

struct smtp_session {
	struct handler h;
	enum smtp_mode mode;
	enum smtp_state state;
	bool esmtp;                 /* EHLO rather than HELO */
	char helo[ZM_DOMAIN_MAX];   /* the EHLO/HELO argument, printable ASCII */
	bool authenticated;
	char auth_user[ZM_ADDR_MAX];
	struct auth_session auth;
	unsigned bad_commands;
	unsigned junk_commands;     /* NOOP, RSET, VRFY, HELP, EHLO/HELO */
	uint64_t size_limit;        /* message bytes we accept (SIZE) */
	bool quit;

	/* the transaction (reset by RSET, EHLO, HELO, STARTTLS, end of data) */
	char sender[ZM_ADDR_MAX];   /* printed form, "" for <> */
	struct mail_params mail;
	struct smtp_rcpt *rcpts;
	size_t nrcpt, rcpt_cap;
	struct smtp_spool spool;    /* the message being received (DATA, BDAT) */
	uint64_t trace_len;         /* bytes of our Received: field in the spool */
	char msg_id[32];            /* this message's id, for replies and logs */
	bool bdat_too_big;
	const char *bdat_error;     /* a BDAT chunk failed: "code enh text" for the rest */

	struct recipient_db rdb;    /* users and aliases, read once */
	struct recipient_target *targets; /* resolution buffer, ZM_MAX_ALIAS_TARGETS */
	unsigned messages;          /* accepted so far, for ids */
	unsigned long long session_id;
};

/* Bytes of max_message_size kept for the trace fields we and deliver add
 * (Received:, Return-Path:, Delivered-To:); SIZE announces the rest. */
#define SMTP_TRACE_HEADROOM 4096

/* session.c */
int smtp_session_run(struct smtp_session *ss);
void smtp_reply(struct smtp_session *ss, int code, const char *enhanced, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void smtp_reset_transaction(struct smtp_session *ss);
/* A reply that counts against max_bad_commands. */
void smtp_bad(struct smtp_session *ss, int code, const char *enhanced, const char *text);
/* true when a command has no argument (blanks only). */
bool smtp_no_args(const char *arg, size_t len);
/* 421 4.4.2, logged with when; the session ends. */
void smtp_timeout(struct smtp_session *ss, const char *when);

/* message.c: DATA and BDAT, then delivery and the final reply. */
void smtp_cmd_data(struct smtp_session *ss, const char *arg, size_t len);
void smtp_cmd_bdat(struct smtp_session *ss, const char *arg, size_t len);

/* The "from ... by ... with ... id ...; date" trace field (RFC 5321 4.4),
 * CRLF-terminated, into out.  Returns its length, or -1 if it does not fit. */
int smtp_received_header(const struct smtp_session *ss, const char *id, char *out, size_t outlen);

#endif
