/*
 * login.c - authentication and opening the maildrop.  Interface: pop3.h.
 *
 * USER/PASS (RFC 1939 7) and AUTH PLAIN / LOGIN with an optional initial
 * response (RFC 5034 4, exchange in common/saslserver.c), verified with
 * auth_verify() (same work for unknown users, a delay after each failure,
 * max_auth_failures per connection).  User names and passwords may be
 * UTF-8 (RFC 6856 2.2: "UTF8 USER"); anything else above 0x7f is refused.
 *
 * After a good password, in this order:
 *   1. privileges: as root, drop to the mailbox owner (privdrop_to) before
 *      touching the Maildir; not as root, the owner must be our euid;
 *      a mailbox owned by uid 0 or gid 0 is refused ([SYS/PERM]);
 *   2. maildir_open(path, create, owner);
 *   3. the maildrop lock: flock(LOCK_EX|LOCK_NB) on POP3_LOCK_FILE in the
 *      Maildir; held by another session: [IN-USE] (RFC 1939 8, RFC 2449
 *      8.1.2).  It dies with the process.  IMAP and deliver ignore it;
 *   4. LOGIN-DELAY (RFC 2449 6.5, 8.1.1): the mtime of POP3_LOGIN_FILE is
 *      the last login; too recent: [LOGIN-DELAY], else it is set to now;
 *   5. the snapshot (maildrop.c), with EXPIRE first when configured.
 * Any failure after the password ends the connection (we may have given
 * up root for this user already).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pop3.h"
#include "privdrop.h"
#include "saslserver.h"

const char *pop3_sasl_mechs(const struct pop3_session *ps)
{
	return handler_plaintext_auth_allowed(ps->h) ? " PLAIN LOGIN" : "";
}

/* true when t may be a user name: valid UTF-8 (the parser checked),
 * printable, fits our buffer. */
static bool user_name_ok(const struct pop3_token *t)
{
	if (t->len == 0 || t->len >= ZM_ADDR_MAX)
		return false;
	for (size_t i = 0; i < t->len; i++) {
		unsigned char c = (unsigned char)t->p[i];

		if (c <= 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

void pop3_cmd_user(struct pop3_session *ps, const struct pop3_line *l)
{
	if (!user_name_ok(&l->rest)) {
		pop3_bad(ps, P3C_AUTH, "invalid user name");
		return;
	}
	memcpy(ps->user, l->rest.p, l->rest.len);
	ps->user[l->rest.len] = '\0';
	/* The same answer whether the user exists or not. */
	pop3_ok(ps, "Send your password");
}

/* Open (creating) a small regular file of ours in the Maildir, never
 * following a link.  The fd, or -1 with errno set (EINVAL: not a regular
 * file); *st is filled. */
static int open_reg_at(int dir_fd, const char *name, struct stat *st)
{
	int fd = openat(dir_fd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
		int e = errno;

		close(fd);
		errno = S_ISREG(st->st_mode) ? e : EINVAL;
		return -1;
	}
	return fd;
}

/* Open the Maildir lock file and take the lock.  0, 1 when another
 * session holds it, -1 on error. */
static int take_lock(struct pop3_maildrop *d)
{
	struct stat st;
	int fd = open_reg_at(d->md.dir_fd, POP3_LOCK_FILE, &st);

	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int e = errno;

		close(fd);
		return e == EWOULDBLOCK ? 1 : -1;
	}
	d->lock_fd = fd;
	return 0;
}

/* LOGIN-DELAY.  0 = allowed (timestamp now set), 1 = too soon (*wait_r
 * seconds left), -1 = error. */
static int login_delay(struct pop3_maildrop *d, unsigned delay, unsigned *wait_r)
{
	struct stat st;
	time_t now = time(NULL);
	int fd = open_reg_at(d->md.dir_fd, POP3_LOGIN_FILE, &st);

	if (fd < 0)
		return -1;
	/* A new file (size 0, never stamped) has no last login.  An mtime in
	 * the future (the clock went back) does not lock the user out. */
	if (st.st_size > 0 && st.st_mtime <= now && now - st.st_mtime < (time_t)delay) {
		*wait_r = (unsigned)(delay - (unsigned)(now - st.st_mtime));
		close(fd);
		return 1;
	}
	if (st.st_size == 0 && write(fd, "\n", 1) != 1) {
		close(fd);
		return -1;
	}
	if (futimens(fd, NULL) < 0) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* Steps 1-5 above for the authenticated user u.  On failure the reply is
 * sent and the session ends. */
static void open_maildrop(struct pop3_session *ps, const struct mail_user *u)
{
	struct pop3_maildrop *d = &ps->drop;
	char tls[160];
	unsigned wait = 0;
	int r;

	if (u->uid == 0 || u->gid == 0) {
		log_msg(LOG_ERR, "mailbox of %s is owned by root (uid or gid 0): refused", u->login);
		pop3_err(ps, P3C_SYS_PERM, "mailbox not available");
		pop3_end(ps, "mailbox owned by root", 0);
		return;
	}
	if (geteuid() == 0) {
		if (privdrop_to(u->uid, u->gid) != 0) {
			log_msg(LOG_ERR, "cannot drop privileges to %lu:%lu: %s",
				(unsigned long)u->uid, (unsigned long)u->gid, strerror(errno));
			pop3_err(ps, P3C_SYS_TEMP, "cannot open the mailbox now");
			pop3_end(ps, "privilege drop failed", 75);
			return;
		}
	} else if (u->uid != geteuid()) {
		log_msg(LOG_ERR, "mailbox of %s belongs to uid %lu, this server runs as uid %lu",
			u->login, (unsigned long)u->uid, (unsigned long)geteuid());
		pop3_err(ps, P3C_SYS_PERM, "this server cannot open your mailbox");
		pop3_end(ps, "mailbox owner is not our user", 0);
		return;
	}

	r = maildir_open(&d->md, u->maildir, true, u->uid);
	if (r != MAILDIR_OK) {
		log_msg(LOG_ERR, "maildir %s: %s", u->maildir,
			r == MAILDIR_UNSAFE ? "unsafe (symlink, not a directory or foreign owner)" : strerror(errno));
		if (r == MAILDIR_UNSAFE)
			pop3_err(ps, P3C_SYS_PERM, "mailbox not available");
		else
			pop3_err(ps, P3C_SYS_TEMP, "cannot open the mailbox now");
		pop3_end(ps, "maildir open failed", 0);
		return;
	}
	d->md_open = true;

	r = take_lock(d);
	if (r != 0) {
		if (r > 0) {
			log_msg(LOG_INFO, "maildrop of %s is in use by another POP3 session", u->login);
			pop3_err(ps, P3C_IN_USE, "maildrop is locked by another POP3 session");
			pop3_end(ps, "maildrop in use", 0);
		} else {
			log_msg(LOG_ERR, "lock %s/%s: %s", d->md.path, POP3_LOCK_FILE, strerror(errno));
			pop3_err(ps, P3C_SYS_TEMP, "cannot lock the maildrop");
			pop3_end(ps, "lock failed", 0);
		}
		return;
	}

	if (ps->h->cfg.pop3_login_delay_s) {
		r = login_delay(d, ps->h->cfg.pop3_login_delay_s, &wait);
		if (r > 0) {
			log_msg(LOG_INFO, "login of %s refused by pop3_login_delay (%u s left)", u->login, wait);
			pop3_err(ps, P3C_LOGIN_DELAY, "minimum time between logins is %u seconds, %u left",
				 ps->h->cfg.pop3_login_delay_s, wait);
			pop3_end(ps, "login delay", 0);
			return;
		}
		if (r < 0) {
			log_msg(LOG_ERR, "%s/%s: %s", d->md.path, POP3_LOGIN_FILE, strerror(errno));
			pop3_err(ps, P3C_SYS_TEMP, "cannot open the mailbox now");
			pop3_end(ps, "login timestamp failed", 0);
			return;
		}
	}

	if (pop3_maildrop_load(ps) != 0)
		return;
	ps->state = POP3_TRANSACTION;
	handler_tls_label(ps->h, tls, sizeof(tls));
	/* log.c appends user= (log_set_user) and peer= */
	log_msg(LOG_INFO, "login: method=%s tls=%s messages=%zu octets=%llu",
		ps->method, tls[0] ? tls : "no", d->count,
		(unsigned long long)d->live_octets);
	pop3_ok(ps, "maildrop has %zu message%s (%llu octets)", d->count, d->count == 1 ? "" : "s",
		(unsigned long long)d->live_octets);
}

/* Check login/password and, when good, open the maildrop. */
static void login(struct pop3_session *ps, const char *method, const char *user,
		  const char *pass, size_t pass_len)
{
	struct mail_user u;
	bool weak = false;
	int r;

	r = auth_verify(&ps->as, &ps->h->cfg, user, pass, pass_len, &u, &weak);
	switch (r) {
	case AUTH_OK:
		break;
	case AUTH_TEMPFAIL:
		log_msg(LOG_ERR, "authentication of %s unavailable (user database)", user);
		/* not a failed password, but counted so retries stay bounded */
		pop3_bad(ps, P3C_SYS_TEMP, "authentication temporarily unavailable");
		return;
	case AUTH_LOCKED:
		pop3_err(ps, P3C_AUTH, "too many authentication failures");
		pop3_end(ps, "too many authentication failures", 0);
		return;
	default:
		log_msg(LOG_NOTICE, "authentication failed: user=%s method=%s", user, method);
		if (auth_session_locked(&ps->as)) {
			pop3_err(ps, P3C_AUTH, "too many authentication failures");
			pop3_end(ps, "too many authentication failures", 0);
		} else {
			pop3_err(ps, P3C_AUTH, "authentication failed");
		}
		return;
	}
	if (weak)
		log_msg(LOG_WARNING, "user %s has a weak or legacy password hash", u.login);
	snprintf(ps->login, sizeof(ps->login), "%s", user);
	ps->method = method;
	log_set_user(ps->login);
	open_maildrop(ps, &u);
	mail_user_wipe(&u);
	explicit_bzero(&u, sizeof(u));
}

void pop3_cmd_pass(struct pop3_session *ps, const struct pop3_line *l)
{
	if (!ps->user[0]) {
		pop3_bad(ps, P3C_NONE, "give USER first");
		return;
	}
	/* RFC 1939 7: the password is the rest of the line, spaces and all. */
	if (l->rest.len >= SASL_FIELD_MAX) {
		explicit_bzero(ps->user, sizeof(ps->user));
		pop3_bad(ps, P3C_AUTH, "password too long");
		return;
	}
	/* auth_verify takes its own copy of the password and wipes it */
	login(ps, "USER", ps->user, l->rest.p, l->rest.len);
	/* RFC 1939 7: after a failed PASS the client starts again with USER */
	explicit_bzero(ps->user, sizeof(ps->user));
}

void pop3_cmd_auth(struct pop3_session *ps, const struct pop3_line *l)
{
	struct sasl_credentials cr;
	enum sasl_mech mech;
	int r, src;

	if (l->argc == 0) {
		/* Not in RFC 5034, but clients (and RFC 1734's successors'
		 * drafts) send a bare AUTH to list the mechanisms. */
		pop3_ok(ps, "Mechanisms follow");
		if (pop3_sasl_mechs(ps)[0])
			pop3_puts(ps, "PLAIN\r\nLOGIN\r\n");
		pop3_puts(ps, ".\r\n");
		return;
	}
	mech = sasl_mech_parse(l->argv[0].p, l->argv[0].len);
	if (mech == SASL_MECH_UNKNOWN) {
		pop3_bad(ps, P3C_NONE, "unrecognized authentication type");
		return;
	}
	r = sasl_server_exchange(ps->h->s, "+ ", mech, l->argc > 1 ? l->argv[1].p : NULL,
				 l->argc > 1 ? l->argv[1].len : 0, &cr, &src);
	switch (r) {
	case SASLX_OK:
		login(ps, mech == SASL_MECH_PLAIN ? "PLAIN" : "LOGIN", cr.authcid, cr.passwd, cr.passwd_len);
		break;
	case SASLX_CANCELLED:
		/* RFC 5034 4: "*" cancels, answered with -ERR */
		pop3_err(ps, P3C_NONE, "authentication cancelled");
		break;
	case SASLX_AUTHZID:
		pop3_bad(ps, P3C_AUTH, "authorization identity must be empty or the user's own");
		break;
	case SASLX_TOOLONG:
		pop3_bad(ps, P3C_NONE, "line too long");
		break;
	case SASLX_IO:
		pop3_end(ps, src == STREAM_TIMEOUT ? "idle timeout" :
			 src == STREAM_EOF ? "client closed the connection" : "connection lost", 0);
		break;
	default:
		/* RFC 5034 4: a response that cannot be decoded is refused */
		pop3_bad(ps, P3C_NONE, "invalid SASL response");
		break;
	}
	sasl_credentials_wipe(&cr);
}
