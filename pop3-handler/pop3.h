/*
 * pop3.h - the modules of pop3-handler and what each one owns.
 *
 *   main.c      options; runs pop3_session_main()
 *   session.c   the session engine: greeting, the command table and its
 *               dispatcher (state, TLS, argument checks, bad-command and
 *               line limits), replies with response codes, STLS, CAPA,
 *               LANG, UTF8, NOOP, QUIT, the end-of-session log line
 *   login.c     USER, PASS, AUTH (RFC 1939 7, RFC 5034), then opening the
 *               maildrop: privilege drop, Maildir, the per-mailbox lock,
 *               LOGIN-DELAY, EXPIRE
 *   maildrop.c  the snapshot taken at login and the TRANSACTION commands
 *               STAT LIST RETR DELE RSET TOP UIDL, and the UPDATE state
 *   parse.c     command-line syntax, numbers, language ranges and the
 *               response-code table (no I/O; fuzzed)
 *   wire.c      a message file as POP3 sends it: line ends as CRLF,
 *               byte-stuffing, the TOP line limit, and the size count
 *               (no I/O; fuzzed)
 *
 * RFCs: 1939 (POP3), 2449 (CAPA, response codes), 2595 (STLS), 3206
 * (SYS/AUTH response codes), 5034 (AUTH), 6856 (UTF8, LANG), 8314 (implicit
 * TLS on port 995).  Behaviour is documented in docs/man/pop3-handler.8.
 */
#ifndef ZM_POP3_H
#define ZM_POP3_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "auth.h"
#include "handler.h"
#include "maildir.h"
#include "uidlist.h"
#include "userdb.h"

/* RFC 1939 3: the autologout timer is at least 10 minutes. */
#define POP3_MIN_IDLE_TIMEOUT_S 600
/* Files of pop3-handler in the user's Maildir. */
#define POP3_LOCK_FILE  "zeromail-pop3.lock"   /* flock()ed while a session is in TRANSACTION */
#define POP3_LOGIN_FILE "zeromail-pop3-login"  /* mtime = last login (pop3_login_delay) */
/* Name in CAPA IMPLEMENTATION and the greeting. */
#define POP3_IMPLEMENTATION "zeromail"
/* Bytes read from a message file at a time (RETR, TOP, size counts). */
#define POP3_READ_CHUNK 65536

/* ---- parse.c ------------------------------------------------------------ */

/* RFC 1939 3: keywords are three or four characters. */
#define POP3_KEYWORD_MAX 4
/* The most arguments any command takes is 2 (TOP, AUTH); more are kept
 * only as a count. */
#define POP3_MAX_ARGS 4

struct pop3_token {
	const char *p;
	size_t len;
};

struct pop3_line {
	struct pop3_token name;                 /* the keyword, as sent */
	struct pop3_token argv[POP3_MAX_ARGS];  /* blank-separated arguments */
	size_t argc;                            /* min(arguments, POP3_MAX_ARGS) */
	bool too_many;                          /* more than POP3_MAX_ARGS */
	struct pop3_token rest;                 /* all after the keyword and one SP */
};

enum pop3_parse_result {
	POP3_PARSE_OK = 0,
	POP3_PARSE_EMPTY,     /* nothing, or blanks only */
	POP3_PARSE_CONTROL,   /* NUL, CR, TAB or another control byte */
	POP3_PARSE_UTF8,      /* a byte >= 0x80 that is not valid UTF-8 */
	POP3_PARSE_KEYWORD,   /* the keyword is not 1-4 ASCII letters/digits */
};

/*
 * Split one command line (without its line end) into keyword and
 * arguments.  Arguments are separated by one or more SP; rest is the text
 * after the keyword's single SP, verbatim (PASS takes its password so, RFC
 * 1939 7).  Bytes >= 0x80 are allowed only as valid UTF-8 (RFC 6856 2.2).
 * Tokens point into line.  Returns a pop3_parse_result.
 */
int pop3_parse_line(const char *line, size_t len, struct pop3_line *out);

/* true when t is the keyword kw (upper case), compared case-insensitively. */
bool pop3_token_is(const struct pop3_token *t, const char *kw);

/* 1*DIGIT that fits in 64 bits (RFC 1939 msg and n arguments). */
bool pop3_parse_number(const struct pop3_token *t, uint64_t *v);

/* LANG argument (RFC 6856 3, RFC 4647 2.1 basic language range):
 * "*" or 1*8ALPHA *("-" 1*8alphanum).  pop3_lang_pick returns the tag we
 * serve for a valid range ("en" for "*", "en", "EN-gb", ...), or NULL. */
bool pop3_lang_range_valid(const struct pop3_token *t);
const char *pop3_lang_pick(const struct pop3_token *t);

/* Extended response codes (RFC 2449 8, RFC 3206): the one table. */
enum pop3_code {
	P3C_NONE = 0,
	P3C_AUTH,         /* [AUTH]: the credentials are the problem (RFC 3206 4) */
	P3C_SYS_TEMP,     /* [SYS/TEMP]: a temporary server problem (RFC 3206 5) */
	P3C_SYS_PERM,     /* [SYS/PERM]: a permanent server problem (RFC 3206 5) */
	P3C_IN_USE,       /* [IN-USE]: the maildrop is locked (RFC 2449 8.1.2) */
	P3C_LOGIN_DELAY,  /* [LOGIN-DELAY]: logged in too recently (RFC 2449 8.1.1) */
};
/* "AUTH", "SYS/TEMP", ... or NULL for P3C_NONE. */
const char *pop3_code_name(enum pop3_code code);

/* ---- wire.c ------------------------------------------------------------- */

/*
 * A message as POP3 sends it (RFC 1939 3 and 7): each LF not preceded by
 * CR becomes CRLF (a CR not followed by LF is sent as it is), and with
 * stuff set, a line starting with "." gets one more "." in front.  The
 * octet count without stuffing is the size STAT and LIST report; it
 * equals the ",W=" value deliver writes into file names.  With limited
 * set (TOP), output stops after the header, the empty line that ends it,
 * and body_lines lines of the body (RFC 1939 7).
 */
struct pop3_wire {
	bool stuff;
	bool limited;
	uint64_t lines_left;  /* body lines still to send (limited) */
	bool line_start;      /* the next byte begins a line */
	bool prev_cr;         /* the last byte was a CR */
	size_t line_bytes;    /* bytes of the current line except a pending CR */
	bool in_body;
	bool done;            /* the TOP limit is reached: nothing more */
};

void pop3_wire_init(struct pop3_wire *w, bool stuff, bool limited, uint64_t body_lines);
/* Encode in[0..len).  out (NULL = count only) needs room for 2 * len
 * bytes.  Returns the bytes produced; input after the TOP limit is
 * ignored (w->done). */
size_t pop3_wire_encode(struct pop3_wire *w, const unsigned char *in, size_t len,
			unsigned char *out);
/* End of the message: a CRLF when its last line had no LF (a last lone
 * CR gets only the LF).  out needs room for 2 bytes.  Returns the bytes
 * produced.  These bytes are not part of the size (the message has no
 * such line end). */
size_t pop3_wire_finish(struct pop3_wire *w, unsigned char *out);

/* ---- the session (session.c, login.c, maildrop.c) ---------------------- */

enum pop3_state {
	POP3_AUTHORIZATION = 1,
	POP3_TRANSACTION = 2,
	POP3_UPDATE = 4,
};

/* One message of the snapshot. */
struct pop3_msg {
	size_t entry;        /* index in pop3_maildrop.ul.entries */
	uint32_t uid;
	uint64_t size;       /* octets as sent, without stuffing */
	bool deleted;        /* DELE, until RSET */
	bool retrieved;      /* RETR sent it in full: Seen in UPDATE */
};

struct pop3_maildrop {
	struct maildir md;
	bool md_open;
	int lock_fd;               /* POP3_LOCK_FILE, -1 when not held */
	struct uidlist ul;         /* the list as synced at login */
	struct pop3_msg *msgs;     /* the snapshot, numbered from 1 */
	size_t count;
	size_t live;               /* not marked deleted */
	uint64_t live_octets;
	unsigned retrieved;        /* RETR count and octets, for the log */
	uint64_t retrieved_octets;
	unsigned removed;          /* deleted in UPDATE */
	unsigned expired;          /* removed at login by pop3_expire_days */
	unsigned char *inbuf;      /* POP3_READ_CHUNK */
	unsigned char *outbuf;     /* 2 * POP3_READ_CHUNK + 8 */
};

struct pop3_session {
	struct handler *h;
	enum pop3_state state;
	bool utf8;                 /* the UTF8 command was given */
	char user[ZM_ADDR_MAX];    /* USER argument, "" when none pending */
	char login[ZM_ADDR_MAX];   /* who logged in */
	const char *method;        /* "USER", "PLAIN", "LOGIN" */
	struct auth_session as;
	unsigned bad_commands;
	unsigned prelogin_commands;  /* commands before login (max_junk_commands) */
	const char *end;           /* why the session ends; NULL while it goes on */
	bool io_dead;              /* a write failed: write nothing more */
	int exit_code;
	struct pop3_maildrop drop;
};

/* Replies.  Each formats one line and queues it (flushed before the next
 * read); a write error ends the session. */
void pop3_ok(struct pop3_session *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pop3_err(struct pop3_session *ps, enum pop3_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Write raw bytes (multi-line bodies); a write error ends the session. */
void pop3_write(struct pop3_session *ps, const void *data, size_t len);
void pop3_puts(struct pop3_session *ps, const char *text);
/* A refused command that counts towards max_bad_commands: the reply, or,
 * at the limit, "-ERR too many bad commands" and the end. */
void pop3_bad(struct pop3_session *ps, enum pop3_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* End the session after the current command; reason goes to the log. */
void pop3_end(struct pop3_session *ps, const char *reason, int exit_code);

/* Run a whole session on h (after handler_init; config_ok false when
 * handler_init returned -1).  Returns the exit status. */
int pop3_session_main(struct handler *h, bool implicit_tls, bool config_ok);

/* login.c: the AUTHORIZATION commands that authenticate. */
void pop3_cmd_user(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_pass(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_auth(struct pop3_session *ps, const struct pop3_line *l);
/* The SASL mechanisms we could use now, " PLAIN LOGIN" or "". */
const char *pop3_sasl_mechs(const struct pop3_session *ps);

/* maildrop.c */
/* Take the snapshot (after the expiry, when configured).  0, or -1 with
 * the reply sent and the session ended. */
int pop3_maildrop_load(struct pop3_session *ps);
void pop3_maildrop_close(struct pop3_session *ps);
/* UPDATE (RFC 1939 6): Seen flags, new/ to cur/, deletions.  Returns true
 * when everything was done. */
bool pop3_maildrop_update(struct pop3_session *ps);
void pop3_cmd_stat(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_list(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_retr(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_dele(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_rset(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_top(struct pop3_session *ps, const struct pop3_line *l);
void pop3_cmd_uidl(struct pop3_session *ps, const struct pop3_line *l);

#endif
