/*
 * maildrop.c - the maildrop of a POP3 session: the snapshot taken at
 * login, the TRANSACTION commands on it, and the UPDATE state.
 * Interface: pop3.h.
 *
 * Snapshot (RFC 1939 8 "the maildrop is locked"): uidlist_sync() of the
 * Maildir at login gives every message in new/ and cur/ with its UID; the
 * messages are numbered 1..n in UID order and stay so for the session.
 * Mail delivered later is seen by the next session.  Sizes are the octets
 * RETR sends (CRLF line ends, without byte-stuffing): the ",W=" value of
 * the file name, or, for names without it (Courier, older writers), a
 * count made by reading the file once here.
 *
 * UIDL (RFC 1939 7): "%08X%08X" of the message's UID and the folder's
 * UIDVALIDITY from zeromail-uidlist, 16 hex digits, the format of
 * Dovecot's default pop3_uidl_format (%08Xu%08Xv).  It is stable for the
 * life of the message and the same in every session and in IMAP, since
 * both come from the one uid list (and a Dovecot uid list is imported with
 * its UIDs and UIDVALIDITY, so a moved mailbox keeps its UIDLs).
 *
 * UPDATE (RFC 1939 6), only after QUIT in TRANSACTION, as Dovecot does by
 * default: messages sent in full by RETR get the Seen flag ("S"), every
 * message of the snapshot still in new/ moves to cur/ (an IMAP client then
 * sees them as not \Recent), and messages marked with DELE are unlinked
 * and expunged from the uid list.  A message already removed by someone
 * else is not an error.  TOP does not set Seen.
 *
 * EXPIRE (RFC 2449 6.7): with pop3_expire_days > 0, messages with the Seen
 * flag whose file is older than that many days (mtime: the delivery time)
 * are removed at login, before the snapshot.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "pop3.h"

/* ---- the snapshot ------------------------------------------------------- */

/* Count the octets POP3 sends for the message file fd.  0 or -1. */
static int count_size(struct pop3_maildrop *d, int fd, uint64_t *size_r)
{
	struct pop3_wire w;
	uint64_t size = 0;

	pop3_wire_init(&w, false, false, 0);
	for (;;) {
		ssize_t n = read(fd, d->inbuf, POP3_READ_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		size += pop3_wire_encode(&w, d->inbuf, (size_t)n, NULL);
	}
	*size_r = size;
	return 0;
}

/* Remove Seen messages older than pop3_expire_days (list already synced). */
static void expire(struct pop3_session *ps)
{
	struct pop3_maildrop *d = &ps->drop;
	time_t cutoff = time(NULL) - (time_t)ps->h->cfg.pop3_expire_days * 86400;
	uint32_t *uids;
	size_t n = 0;

	if (d->ul.count == 0)
		return;
	uids = calloc(d->ul.count, sizeof(*uids));
	if (!uids)
		return;
	for (size_t i = 0; i < d->ul.count; i++) {
		const struct uidlist_entry *e = &d->ul.entries[i];
		struct stat st;

		if (!strchr(e->msg.flags, 'S'))
			continue;
		if (fstatat(e->msg.in_new ? d->md.new_fd : d->md.cur_fd, e->msg.name, &st,
			    AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (st.st_mtime < cutoff)
			uids[n++] = e->uid;
	}
	if (n > 0) {
		int r = uidlist_expunge(&d->md, &d->ul, uids, n);

		if (r == MAILDIR_OK) {
			d->expired = (unsigned)n;
			log_msg(LOG_INFO, "expired %zu seen message%s older than %u days", n,
				n == 1 ? "" : "s", ps->h->cfg.pop3_expire_days);
		} else {
			log_msg(LOG_ERR, "expiring old messages: %s", strerror(errno));
		}
	}
	free(uids);
}

int pop3_maildrop_load(struct pop3_session *ps)
{
	struct pop3_maildrop *d = &ps->drop;
	int r;

	d->inbuf = malloc(POP3_READ_CHUNK);
	d->outbuf = malloc(2 * POP3_READ_CHUNK + 8);
	if (!d->inbuf || !d->outbuf) {
		pop3_err(ps, P3C_SYS_TEMP, "out of memory");
		pop3_end(ps, "out of memory", 75);
		return -1;
	}
	r = uidlist_sync(&d->md, &d->ul);
	if (r == MAILDIR_OK && ps->h->cfg.pop3_expire_days)
		expire(ps);
	if (r != MAILDIR_OK) {
		log_msg(LOG_ERR, "uid list of %s: %s", d->md.path, strerror(errno));
		pop3_err(ps, P3C_SYS_TEMP, "cannot read the maildrop");
		pop3_end(ps, "uid list failed", 0);
		return -1;
	}
	d->msgs = calloc(d->ul.count ? d->ul.count : 1, sizeof(*d->msgs));
	if (!d->msgs) {
		pop3_err(ps, P3C_SYS_TEMP, "out of memory");
		pop3_end(ps, "out of memory", 75);
		return -1;
	}
	for (size_t i = 0; i < d->ul.count; i++) {
		struct uidlist_entry *e = &d->ul.entries[i];
		uint64_t size = e->msg.crlf_size;

		if (size == UINT64_MAX) {
			int fd = maildir_open_message(&d->md, &e->msg);

			if (fd < 0) {
				if (errno != ENOENT)
					log_msg(LOG_WARNING, "message %s left out: %s", e->msg.name, strerror(errno));
				continue;  /* removed meanwhile: not in the snapshot */
			}
			r = count_size(d, fd, &size);
			close(fd);
			if (r != 0) {
				log_msg(LOG_WARNING, "message %s left out: %s", e->msg.name, strerror(errno));
				continue;
			}
		}
		d->msgs[d->count].entry = i;
		d->msgs[d->count].uid = e->uid;
		d->msgs[d->count].size = size;
		d->count++;
		d->live_octets += size;
	}
	d->live = d->count;
	return 0;
}

void pop3_maildrop_close(struct pop3_session *ps)
{
	struct pop3_maildrop *d = &ps->drop;

	uidlist_free(&d->ul);
	free(d->msgs);
	free(d->inbuf);
	free(d->outbuf);
	d->msgs = NULL;
	d->inbuf = d->outbuf = NULL;
	if (d->lock_fd >= 0)
		close(d->lock_fd);
	d->lock_fd = -1;
	if (d->md_open)
		maildir_close(&d->md);
	d->md_open = false;
}

/* ---- message arguments -------------------------------------------------- */

/* The message numbered by t, or NULL after the reply (RFC 1939 5: a
 * message marked as deleted may not be referred to). */
static struct pop3_msg *get_msg(struct pop3_session *ps, const struct pop3_token *t)
{
	struct pop3_maildrop *d = &ps->drop;
	uint64_t n;

	if (!pop3_parse_number(t, &n)) {
		pop3_bad(ps, P3C_NONE, "invalid message number");
		return NULL;
	}
	if (n == 0 || n > d->count) {
		pop3_err(ps, P3C_NONE, "no such message");
		return NULL;
	}
	if (d->msgs[n - 1].deleted) {
		pop3_err(ps, P3C_NONE, "message %llu is deleted", (unsigned long long)n);
		return NULL;
	}
	return &d->msgs[n - 1];
}

static void uidl_of(const struct pop3_maildrop *d, const struct pop3_msg *m, char out[17])
{
	snprintf(out, 17, "%08X%08X", (unsigned)m->uid, (unsigned)d->ul.uidvalidity);
}

/* ---- TRANSACTION commands ----------------------------------------------- */

void pop3_cmd_stat(struct pop3_session *ps, const struct pop3_line *l)
{
	(void)l;
	pop3_ok(ps, "%zu %llu", ps->drop.live, (unsigned long long)ps->drop.live_octets);
}

void pop3_cmd_list(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_maildrop *d = &ps->drop;
	char line[64];

	if (l->argc == 1) {
		struct pop3_msg *m = get_msg(ps, &l->argv[0]);

		if (m)
			pop3_ok(ps, "%zu %llu", (size_t)(m - d->msgs) + 1, (unsigned long long)m->size);
		return;
	}
	pop3_ok(ps, "%zu message%s (%llu octets)", d->live, d->live == 1 ? "" : "s",
		(unsigned long long)d->live_octets);
	for (size_t i = 0; i < d->count && !ps->io_dead; i++) {
		if (d->msgs[i].deleted)
			continue;
		snprintf(line, sizeof(line), "%zu %llu\r\n", i + 1, (unsigned long long)d->msgs[i].size);
		pop3_puts(ps, line);
	}
	pop3_puts(ps, ".\r\n");
}

void pop3_cmd_uidl(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_maildrop *d = &ps->drop;
	char uidl[17], line[64];

	if (l->argc == 1) {
		struct pop3_msg *m = get_msg(ps, &l->argv[0]);

		if (m) {
			uidl_of(d, m, uidl);
			pop3_ok(ps, "%zu %s", (size_t)(m - d->msgs) + 1, uidl);
		}
		return;
	}
	pop3_ok(ps, "Unique-ID listing follows");
	for (size_t i = 0; i < d->count && !ps->io_dead; i++) {
		if (d->msgs[i].deleted)
			continue;
		uidl_of(d, &d->msgs[i], uidl);
		snprintf(line, sizeof(line), "%zu %s\r\n", i + 1, uidl);
		pop3_puts(ps, line);
	}
	pop3_puts(ps, ".\r\n");
}

void pop3_cmd_dele(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_maildrop *d = &ps->drop;
	struct pop3_msg *m = get_msg(ps, &l->argv[0]);

	if (!m)
		return;
	m->deleted = true;
	d->live--;
	d->live_octets -= m->size;
	pop3_ok(ps, "message %zu deleted", (size_t)(m - d->msgs) + 1);
}

void pop3_cmd_rset(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_maildrop *d = &ps->drop;

	(void)l;
	d->live = d->count;
	d->live_octets = 0;
	for (size_t i = 0; i < d->count; i++) {
		d->msgs[i].deleted = false;
		d->live_octets += d->msgs[i].size;
	}
	pop3_ok(ps, "maildrop has %zu message%s (%llu octets)", d->live, d->live == 1 ? "" : "s",
		(unsigned long long)d->live_octets);
}

/*
 * Send message m as a multi-line response: limited = TOP with body_lines.
 * Returns true when the whole message (or its top) went into the stream.
 * A read error after "+OK" ends the session without the final ".", so the
 * client cannot take a cut message for a whole one.
 */
static bool send_message(struct pop3_session *ps, struct pop3_msg *m, bool limited, uint64_t body_lines)
{
	struct pop3_maildrop *d = &ps->drop;
	struct uidlist_entry *e = &d->ul.entries[m->entry];
	struct pop3_wire w;
	int fd = maildir_open_message(&d->md, &e->msg);
	size_t n;

	if (fd < 0) {
		if (errno == ENOENT) {
			pop3_err(ps, P3C_NONE, "message %zu was removed by another session",
				 (size_t)(m - d->msgs) + 1);
		} else {
			log_msg(LOG_ERR, "open %s: %s", e->msg.name, strerror(errno));
			pop3_err(ps, P3C_SYS_TEMP, "cannot read message %zu", (size_t)(m - d->msgs) + 1);
		}
		return false;
	}
	if (limited)
		pop3_ok(ps, "top of message follows");
	else
		pop3_ok(ps, "%llu octets", (unsigned long long)m->size);
	pop3_wire_init(&w, true, limited, body_lines);
	while (!ps->io_dead && !w.done) {
		ssize_t got = read(fd, d->inbuf, POP3_READ_CHUNK);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			log_msg(LOG_ERR, "read %s: %s", e->msg.name, strerror(errno));
			close(fd);
			pop3_end(ps, "message read error", 75);
			return false;
		}
		if (got == 0)
			break;
		n = pop3_wire_encode(&w, d->inbuf, (size_t)got, d->outbuf);
		pop3_write(ps, d->outbuf, n);
	}
	close(fd);
	n = pop3_wire_finish(&w, d->outbuf);
	memcpy(d->outbuf + n, ".\r\n", 3);
	pop3_write(ps, d->outbuf, n + 3);
	return !ps->io_dead;
}

void pop3_cmd_retr(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_msg *m = get_msg(ps, &l->argv[0]);

	if (!m || !send_message(ps, m, false, 0))
		return;
	m->retrieved = true;
	ps->drop.retrieved++;
	ps->drop.retrieved_octets += m->size;
}

void pop3_cmd_top(struct pop3_session *ps, const struct pop3_line *l)
{
	struct pop3_msg *m;
	uint64_t lines;

	/* RFC 1939 7: n is a non-negative number of lines */
	if (!pop3_parse_number(&l->argv[1], &lines)) {
		pop3_bad(ps, P3C_NONE, "syntax: TOP msg n");
		return;
	}
	m = get_msg(ps, &l->argv[0]);
	if (m)
		send_message(ps, m, true, lines);
}

/* ---- UPDATE ------------------------------------------------------------- */

bool pop3_maildrop_update(struct pop3_session *ps)
{
	struct pop3_maildrop *d = &ps->drop;
	struct uidlist fresh = UIDLIST_INIT;
	struct uidlist *list = &fresh;
	uint32_t *seen = NULL, *del = NULL;
	size_t nseen = 0, ndel = 0;
	bool ok = true;
	int r;

	if (d->count == 0)
		return true;
	/* Nothing to delete, flag or move out of new/: no need to look at the
	 * Maildir again ("leave mail on the server" clients, mostly). */
	{
		bool work = false;

		for (size_t i = 0; i < d->count && !work; i++) {
			const struct pop3_msg *m = &d->msgs[i];

			work = m->deleted || m->retrieved || d->ul.entries[m->entry].msg.in_new;
		}
		if (!work)
			return true;
	}
	seen = calloc(d->count, sizeof(*seen));
	del = calloc(d->count, sizeof(*del));
	if (!seen || !del) {
		free(seen);
		free(del);
		log_msg(LOG_ERR, "UPDATE: out of memory");
		return false;
	}
	/* The names as they are now: IMAP may have changed flags (renamed
	 * files) since the snapshot.  Failing that, the snapshot's names
	 * (maildir.c looks a renamed file up by its base name).  Messages are
	 * matched by base name, never by UID: a damaged or deleted uid list
	 * is rebuilt with a new UIDVALIDITY and new UIDs, and an old UID could
	 * then name another message. */
	if (uidlist_sync(&d->md, &fresh) != MAILDIR_OK) {
		log_msg(LOG_WARNING, "UPDATE: uid list sync failed (%s), using the login snapshot",
			strerror(errno));
		list = &d->ul;
	}
	for (size_t i = 0; i < d->count; i++) {
		struct pop3_msg *m = &d->msgs[i];
		struct uidlist_entry *e = &d->ul.entries[m->entry];
		char flags[sizeof(e->msg.flags) + 1];
		bool add_seen;

		if (list == &fresh)
			e = uidlist_find_base(&fresh, e->msg.name, e->msg.base_len);
		if (!e)
			continue;  /* removed by someone else */
		if (m->deleted) {
			del[ndel++] = e->uid;
			continue;
		}
		add_seen = m->retrieved && !strchr(e->msg.flags, 'S');
		if (!add_seen && !e->msg.in_new)
			continue;
		snprintf(flags, sizeof(flags), "%s%s", e->msg.flags, add_seen ? "S" : "");
		r = maildir_set_flags(&d->md, &e->msg, flags);
		if (r == MAILDIR_NOT_FOUND)
			continue;
		if (r != MAILDIR_OK) {
			log_msg(LOG_ERR, "UPDATE: flags of %s: %s", e->msg.name, strerror(errno));
			continue;  /* a flag is not worth failing QUIT for */
		}
		if (add_seen)
			seen[nseen++] = e->uid;
	}
	if (nseen > 0 && uidlist_bump_modseq(&d->md, list, seen, nseen, NULL) != MAILDIR_OK)
		log_msg(LOG_WARNING, "UPDATE: mod-sequences not raised: %s", strerror(errno));
	if (ndel > 0) {
		r = uidlist_expunge(&d->md, list, del, ndel);
		if (r != MAILDIR_OK) {
			/* uidlist_expunge stops at the first failure: delete
			 * what can be, then let the next sync drop them. */
			size_t failed = 0;

			log_msg(LOG_ERR, "UPDATE: expunge: %s", strerror(errno));
			for (size_t i = 0; i < ndel; i++) {
				struct uidlist_entry *e = uidlist_find_uid(list, del[i]);

				if (e && maildir_delete(&d->md, &e->msg) != MAILDIR_OK)
					failed++;
			}
			(void)uidlist_sync(&d->md, list);
			d->removed = (unsigned)(ndel - failed);
			ok = failed == 0;
		} else {
			d->removed = (unsigned)ndel;
		}
	}
	uidlist_free(&fresh);
	free(seen);
	free(del);
	return ok;
}
