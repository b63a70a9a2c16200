/*
 * uidlist.h - the persistent UID list of one Maildir (or Maildir++ folder):
 * UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and uid -> (modseq, base name).
 *
 * Owns: the file "zeromail-uidlist" in the Maildir root, its lock file
 * "zeromail-uidlist.lock", and the one-time import of a Dovecot
 * "dovecot-uidlist" (versions 1 and 3).  Grammar, locking and crash-safety:
 * docs/maildir-format.md.  IMAP rules followed: RFC 9051 2.3.1.1 (UIDs
 * strictly ascending, never reused within one UIDVALIDITY; a new
 * UIDVALIDITY when that cannot be kept), RFC 7162 3.1 (mod-sequences are
 * positive and only grow).
 *
 * Locking: every writer holds an exclusive flock() on zeromail-uidlist.lock
 * while it reads the list, scans new/ + cur/, and writes the new list
 * ("zeromail-uidlist.tmp.<pid>", fsync, rename, fsync of the Maildir).
 * Readers that only need a consistent snapshot could read the file without
 * the lock (rename is atomic), but every function here takes it.
 * The keywords file (keywords.h) is written under the same lock.
 *
 * Typical use (IMAP SELECT, POP3 login):
 *     struct uidlist ul = UIDLIST_INIT;
 *     if (uidlist_sync(&md, &ul) == MAILDIR_OK) {
 *         for (size_t i = 0; i < ul.count; i++)
 *             ... ul.entries[i].uid, ul.entries[i].msg.name, .msg.flags ...
 *     }
 *     ... later: uidlist_sync(&md, &ul) again (NOOP/IDLE) replaces ul ...
 *     uidlist_free(&ul);
 * A flag change: maildir_set_flags(&md, &e->msg, "S"), then
 * uidlist_bump_modseq(&md, &ul, &e->uid, 1, NULL).
 */
#ifndef ZM_UIDLIST_H
#define ZM_UIDLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "maildir.h"

#define UIDLIST_FILE      "zeromail-uidlist"
#define UIDLIST_LOCK_FILE "zeromail-uidlist.lock"
#define UIDLIST_DOVECOT   "dovecot-uidlist"
#define UIDLIST_VERSION   1
/* A list file larger than this is treated as damaged. */
#define UIDLIST_MAX_FILE  (256UL * 1024 * 1024)

struct uidlist_entry {
	uint32_t uid;
	uint64_t modseq;          /* >= 1 */
	/*
	 * The message.  After uidlist_sync: the file as the scan saw it
	 * (msg.name is the current file name "<base>:2,<flags>", in_new,
	 * sizes, flags).  After uidlist_parse*: msg.name is the base name
	 * only, flags empty.  The base name is msg.name[0 .. msg.base_len).
	 * Owned by the list.  Pass &e->msg to maildir_open_message,
	 * maildir_set_flags (which updates it), maildir_delete.
	 */
	struct maildir_entry msg;
	/* Cached facts kept from the file, "key=value key=value", or NULL
	 * (owned).  Unknown keys are carried over unchanged. */
	char *ext;
};

struct uidlist {
	uint32_t uidvalidity;     /* never 0 */
	uint32_t uidnext;         /* > every uid in entries; never decreases */
	uint64_t highestmodseq;   /* >= every entry's modseq, >= 1 */
	struct uidlist_entry *entries;   /* ascending uid */
	size_t count;
	size_t cap;
};

#define UIDLIST_INIT { 0, 0, 0, NULL, 0, 0 }

/*
 * Lock, bring the list up to date with new/ and cur/, write it when it
 * changed, unlock, and return the current list in *out (which must hold
 * UIDLIST_INIT or an earlier list; that one is freed on success and left
 * as it was on failure).
 *   - files not in the list get the next UIDs, in sorted base-name order,
 *     and modseq = the new HIGHESTMODSEQ;
 *   - entries whose file is gone are dropped (HIGHESTMODSEQ grows); a
 *     missing file is looked for in up to two rescans first, so a rename
 *     by another process during the scan does not lose its UID;
 *   - a missing list is imported from dovecot-uidlist when that parses,
 *     else created; a damaged list (any parse error) is rebuilt with a new
 *     UIDVALIDITY (max(now, old + 1) when the old one can be read) and
 *     UIDs from 1; so is a list whose UIDs would pass 2^32 - 1.
 * Returns MAILDIR_OK, MAILDIR_IO (errno) or MAILDIR_FULL.
 */
int uidlist_sync(struct maildir *md, struct uidlist *out);

/*
 * Give the messages uids[0..n) one new mod-sequence (HIGHESTMODSEQ + 1),
 * under the lock, in the file and in *l.  UIDs no longer in the file are
 * skipped.  The new value goes to *modseq_r (may be NULL).
 * Returns MAILDIR_OK; MAILDIR_DAMAGED when the file on disk is missing,
 * damaged or has another UIDVALIDITY than *l (call uidlist_sync and start
 * over); MAILDIR_IO / MAILDIR_FULL.
 */
int uidlist_bump_modseq(struct maildir *md, struct uidlist *l,
			const uint32_t *uids, size_t n, uint64_t *modseq_r);

/*
 * Expunge: delete the files of uids[0..n) (a file gone already is fine),
 * then uidlist_sync(md, l), which drops them from the list.  UIDs not in
 * *l are ignored.  Returns as uidlist_sync, or the first delete error.
 */
int uidlist_expunge(struct maildir *md, struct uidlist *l, const uint32_t *uids, size_t n);

/* The entry with this uid (binary search), or NULL.  Points into l. */
struct uidlist_entry *uidlist_find_uid(struct uidlist *l, uint32_t uid);

/* The entry whose base name is base[0..len), or NULL (linear).  A full
 * file name may be passed with len = maildir_base_len(name). */
struct uidlist_entry *uidlist_find_base(struct uidlist *l, const char *base, size_t len);

/* Free everything and reset *l to UIDLIST_INIT. */
void uidlist_free(struct uidlist *l);

/*
 * Take / release the exclusive lock of this Maildir (flock on
 * zeromail-uidlist.lock, created 0600 when missing, O_NOFOLLOW).  Blocks
 * until granted.  Returns MAILDIR_OK with *fd_r, or MAILDIR_IO.
 */
int uidlist_lock(struct maildir *md, int *fd_r);
void uidlist_unlock(int fd);

/*
 * Parsers, exposed for tests and the fuzz target.  buf[0..len) is a whole
 * file (need not be NUL-terminated).  *out is filled (free with
 * uidlist_free; on failure it holds nothing to free).  Returns MAILDIR_OK,
 * MAILDIR_DAMAGED, or MAILDIR_IO (no memory).
 *   uidlist_parse: zeromail-uidlist, any deviation from the grammar is
 *     MAILDIR_DAMAGED; *old_validity_r (may be NULL) gets the header's
 *     UIDVALIDITY even then when it could be read, else 0.
 *   uidlist_parse_dovecot: dovecot-uidlist versions 1 and 3; every modseq
 *     is 1 (Dovecot keeps mod-sequences elsewhere).
 */
int uidlist_parse(const char *buf, size_t len, struct uidlist *out, uint32_t *old_validity_r);
int uidlist_parse_dovecot(const char *buf, size_t len, struct uidlist *out);

/* Render *l in the zeromail-uidlist grammar; *buf malloc'd (not NUL
 * terminated), *len its size.  Returns MAILDIR_OK or MAILDIR_IO. */
int uidlist_format(const struct uidlist *l, char **buf, size_t *len);

#endif
