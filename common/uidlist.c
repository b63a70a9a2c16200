/*
 * uidlist.c - the persistent UID list "zeromail-uidlist" of a Maildir:
 * parser, writer, the locked sync with new/ + cur/, and the import of a
 * Dovecot "dovecot-uidlist".  Interface: uidlist.h.  Grammar and locking:
 * docs/maildir-format.md.  RFC 9051 2.3.1.1 (UID, UIDVALIDITY), RFC 7162
 * 3.1 (mod-sequences).
 */
#include "uidlist.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAGIC "zeromail-uidlist"

/* ---- small helpers --------------------------------------------------- */

static void entry_free(struct uidlist_entry *e)
{
	free(e->msg.name);
	free(e->ext);
	e->msg.name = NULL;
	e->ext = NULL;
}

void uidlist_free(struct uidlist *l)
{
	for (size_t i = 0; i < l->count; i++)
		entry_free(&l->entries[i]);
	free(l->entries);
	memset(l, 0, sizeof *l);
}

static int push_entry(struct uidlist *l, const struct uidlist_entry *e)
{
	if (util_grow((void **)&l->entries, &l->cap, l->count + 1, sizeof(*l->entries)) != 0)
		return MAILDIR_IO;
	l->entries[l->count++] = *e;
	return MAILDIR_OK;
}

static int cmp_base(const struct maildir_entry *a, const struct maildir_entry *b)
{
	size_t n = a->base_len < b->base_len ? a->base_len : b->base_len;
	int c = memcmp(a->name, b->name, n);
	if (c != 0)
		return c;
	return a->base_len < b->base_len ? -1 : a->base_len > b->base_len;
}

static int cmp_msg_base(const void *a, const void *b)
{
	const struct maildir_entry *x = a, *y = b;
	int c = cmp_base(x, y);
	if (c != 0)
		return c;
	/* same base seen in new/ and cur/ (moved while we scanned): cur first */
	return (int)x->in_new - (int)y->in_new;
}

static int cmp_entry_ptr_base(const void *a, const void *b)
{
	const struct uidlist_entry *x = *(const struct uidlist_entry *const *)a;
	const struct uidlist_entry *y = *(const struct uidlist_entry *const *)b;
	return cmp_base(&x->msg, &y->msg);
}

/* Order of UID assignment for new files: base names compared with runs of
 * digits as numbers ("1700000000.M9P1" before "1700000000.M10P1"), so the
 * UIDs follow delivery time; ties broken by plain byte order. */
static int cmp_natural(const struct maildir_entry *a, const struct maildir_entry *b)
{
	const char *x = a->name, *xe = a->name + a->base_len;
	const char *y = b->name, *ye = b->name + b->base_len;
	while (x < xe && y < ye) {
		bool dx = *x >= '0' && *x <= '9', dy = *y >= '0' && *y <= '9';
		if (dx && dy) {
			while (x < xe && *x == '0')
				x++;
			while (y < ye && *y == '0')
				y++;
			const char *sx = x, *sy = y;
			while (x < xe && *x >= '0' && *x <= '9')
				x++;
			while (y < ye && *y >= '0' && *y <= '9')
				y++;
			if (x - sx != y - sy)
				return x - sx < y - sy ? -1 : 1;
			int c = memcmp(sx, sy, (size_t)(x - sx));
			if (c != 0)
				return c;
			continue;
		}
		if (*x != *y)
			return (unsigned char)*x < (unsigned char)*y ? -1 : 1;
		x++;
		y++;
	}
	if (x < xe || y < ye)
		return x < xe ? 1 : -1;
	return cmp_base(a, b);
}

static int cmp_natural_ptr(const void *a, const void *b)
{
	return cmp_natural(*(const struct maildir_entry *const *)a,
			   *(const struct maildir_entry *const *)b);
}


/* Next space-separated token of [*p, end); false when none or empty (two
 * spaces in a row). */
static bool next_tok(const char **p, const char *end, const char **t, size_t *tl)
{
	if (*p >= end)
		return false;
	const char *s = *p;
	const char *sp = memchr(s, ' ', (size_t)(end - s));
	const char *e = sp ? sp : end;
	if (e == s)
		return false;
	*t = s;
	*tl = (size_t)(e - s);
	*p = sp ? sp + 1 : end;
	return true;
}

static bool printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return false;
	}
	return true;
}

/* A base name as stored: non-empty, short, no ':', '/', control bytes. */
static bool valid_base(const char *s, size_t n)
{
	if (n == 0 || n >= MAILDIR_NAME_MAX || !printable(s, n))
		return false;
	return !memchr(s, ':', n) && !memchr(s, '/', n);
}

/* Append an entry for base[0..n) (copied) with uid, modseq, ext. */
static int add_parsed(struct uidlist *l, uint32_t uid, uint64_t modseq,
		      const char *base, size_t n, const char *ext, size_t extlen)
{
	char tmp[MAILDIR_NAME_MAX];
	memcpy(tmp, base, n);
	tmp[n] = '\0';
	struct uidlist_entry e;
	memset(&e, 0, sizeof e);
	e.uid = uid;
	e.modseq = modseq;
	int r = maildir_entry_from_name(&e.msg, tmp, false);
	if (r != MAILDIR_OK)
		return r == MAILDIR_BAD_NAME ? MAILDIR_DAMAGED : r;
	if (ext && extlen > 0) {
		e.ext = strndup(ext, extlen);
		if (!e.ext) {
			free(e.msg.name);
			return MAILDIR_IO;
		}
	}
	r = push_entry(l, &e);
	if (r != MAILDIR_OK)
		entry_free(&e);
	return r;
}

/* Duplicate base names make a list damaged. */
static int check_unique_bases(const struct uidlist *l)
{
	if (l->count < 2)
		return MAILDIR_OK;
	const struct uidlist_entry **idx = malloc(l->count * sizeof *idx);
	if (!idx)
		return MAILDIR_IO;
	for (size_t i = 0; i < l->count; i++)
		idx[i] = &l->entries[i];
	qsort(idx, l->count, sizeof *idx, cmp_entry_ptr_base);
	int r = MAILDIR_OK;
	for (size_t i = 1; i < l->count; i++)
		if (cmp_base(&idx[i - 1]->msg, &idx[i]->msg) == 0) {
			r = MAILDIR_DAMAGED;
			break;
		}
	free(idx);
	return r;
}

/* ---- parsers --------------------------------------------------------- */

int uidlist_parse(const char *buf, size_t len, struct uidlist *out, uint32_t *old_validity_r)
{
	struct uidlist l = UIDLIST_INIT;
	*out = l;
	if (old_validity_r)
		*old_validity_r = 0;
	const char *end = buf + len;
	const char *nl = memchr(buf, '\n', len);
	if (!nl)
		return MAILDIR_DAMAGED;

	/* header: zeromail-uidlist <version> V<n> N<n> M<n> [X<value>...] */
	const char *p = buf, *t;
	size_t tl;
	uint64_t version = 0, v = 0, nx = 0, m = 0;
	bool have_v = false, have_n = false, have_m = false, ok = true;
	if (!next_tok(&p, nl, &t, &tl) || tl != strlen(MAGIC) || memcmp(t, MAGIC, tl) != 0)
		return MAILDIR_DAMAGED;
	if (!next_tok(&p, nl, &t, &tl) || !util_parse_u64(t, tl, &version))
		return MAILDIR_DAMAGED;
	while (p < nl) {
		if (!next_tok(&p, nl, &t, &tl) || !printable(t, tl)) {
			ok = false;
			break;
		}
		uint64_t x;
		if (t[0] < 'A' || t[0] > 'Z') {
			ok = false;
			break;
		}
		if (t[0] != 'V' && t[0] != 'N' && t[0] != 'M')
			continue;     /* a later version's header field */
		if (!util_parse_u64(t + 1, tl - 1, &x)) {
			ok = false;
			break;
		}
		if (t[0] == 'V') {
			ok = !have_v && x > 0 && x <= UINT32_MAX;
			have_v = true;
			v = x;
			if (ok && old_validity_r)
				*old_validity_r = (uint32_t)x;
		} else if (t[0] == 'N') {
			ok = !have_n && x > 0 && x <= UINT32_MAX;
			have_n = true;
			nx = x;
		} else {
			ok = !have_m && x > 0;
			have_m = true;
			m = x;
		}
		if (!ok)
			break;
	}
	if (!ok || version != UIDLIST_VERSION || !have_v || !have_n || !have_m)
		return MAILDIR_DAMAGED;
	l.uidvalidity = (uint32_t)v;
	l.uidnext = (uint32_t)nx;
	l.highestmodseq = m;

	/* records: <uid> <modseq>[ <key>=<value>]* :<base> */
	uint64_t prev = 0;
	int r = MAILDIR_OK;
	for (const char *line = nl + 1; line < end && r == MAILDIR_OK; ) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		if (!le) {
			r = MAILDIR_DAMAGED;     /* truncated */
			break;
		}
		p = line;
		uint64_t uid, ms;
		if (!next_tok(&p, le, &t, &tl) || !util_parse_u64(t, tl, &uid) ||
		    uid <= prev || uid >= l.uidnext ||
		    !next_tok(&p, le, &t, &tl) || !util_parse_u64(t, tl, &ms) ||
		    ms == 0 || ms > l.highestmodseq) {
			r = MAILDIR_DAMAGED;
			break;
		}
		const char *ext = p;
		const char *base = NULL;
		while (next_tok(&p, le, &t, &tl)) {
			if (t[0] == ':') {
				base = t + 1;
				break;
			}
			if (!memchr(t, '=', tl) || t[0] == '=' || !printable(t, tl))
				break;
		}
		if (!base) {
			r = MAILDIR_DAMAGED;
			break;
		}
		size_t extlen = base - 1 > ext ? (size_t)(base - 2 - ext) : 0;
		size_t blen = (size_t)(le - base);
		if (!valid_base(base, blen)) {
			r = MAILDIR_DAMAGED;
			break;
		}
		r = add_parsed(&l, (uint32_t)uid, ms, base, blen, ext, extlen);
		prev = uid;
		line = le + 1;
	}
	if (r == MAILDIR_OK)
		r = check_unique_bases(&l);
	if (r != MAILDIR_OK) {
		uidlist_free(&l);
		return r;
	}
	*out = l;
	return MAILDIR_OK;
}

int uidlist_parse_dovecot(const char *buf, size_t len, struct uidlist *out)
{
	struct uidlist l = UIDLIST_INIT;
	*out = l;
	const char *end = buf + len;
	const char *nl = memchr(buf, '\n', len);
	if (!nl)
		return MAILDIR_DAMAGED;
	const char *p = buf, *t;
	size_t tl;
	uint64_t version, v = 0, nx = 0;
	if (!next_tok(&p, nl, &t, &tl) || !util_parse_u64(t, tl, &version))
		return MAILDIR_DAMAGED;
	if (version == 1) {
		/* "1 <uidvalidity> <uidnext>" (Courier's courierimapuiddb too) */
		if (!next_tok(&p, nl, &t, &tl) || !util_parse_u64(t, tl, &v) ||
		    !next_tok(&p, nl, &t, &tl) || !util_parse_u64(t, tl, &nx))
			return MAILDIR_DAMAGED;
	} else if (version == 3) {
		/* "3 V<uidvalidity> N<uidnext> G<guid> ...", any order */
		while (next_tok(&p, nl, &t, &tl)) {
			uint64_t x;
			if (tl > 1 && (t[0] == 'V' || t[0] == 'N') && util_parse_u64(t + 1, tl - 1, &x)) {
				if (t[0] == 'V')
					v = x;
				else
					nx = x;
			}
		}
	} else {
		return MAILDIR_DAMAGED;
	}
	if (v == 0 || v > UINT32_MAX || nx == 0 || nx > UINT32_MAX)
		return MAILDIR_DAMAGED;
	l.uidvalidity = (uint32_t)v;
	l.uidnext = (uint32_t)nx;
	l.highestmodseq = 1;

	uint64_t prev = 0;
	int r = MAILDIR_OK;
	for (const char *line = nl + 1; line < end && r == MAILDIR_OK; ) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		if (!le)
			le = end;        /* tolerate a missing last newline */
		p = line;
		uint64_t uid;
		const char *base = NULL;
		size_t blen = 0;
		if (!next_tok(&p, le, &t, &tl) || !util_parse_u64(t, tl, &uid) ||
		    uid <= prev || uid >= l.uidnext) {
			r = MAILDIR_DAMAGED;
			break;
		}
		if (version == 1) {
			if (next_tok(&p, le, &t, &tl)) {
				base = t;
				blen = tl;
				const char *c = memchr(t, ':', tl);
				if (c)
					blen = (size_t)(c - t);
			}
		} else {
			/* "<uid> [<ext>...] :<base>" */
			while (next_tok(&p, le, &t, &tl)) {
				if (t[0] == ':') {
					base = t + 1;
					blen = (size_t)(le - base);
					break;
				}
			}
		}
		if (!base || !valid_base(base, blen)) {
			r = MAILDIR_DAMAGED;
			break;
		}
		r = add_parsed(&l, (uint32_t)uid, 1, base, blen, NULL, 0);
		prev = uid;
		line = le < end ? le + 1 : end;
	}
	if (r == MAILDIR_OK)
		r = check_unique_bases(&l);
	if (r != MAILDIR_OK) {
		uidlist_free(&l);
		return r;
	}
	*out = l;
	return MAILDIR_OK;
}

/* ---- writer ---------------------------------------------------------- */

struct sbuf {
	char *b;
	size_t n, cap;
	bool fail;
};

static void sb_add(struct sbuf *s, const char *data, size_t len)
{
	if (s->fail)
		return;
	if (len > SIZE_MAX - s->n - 1) {
		s->fail = true;
		return;
	}
	if (s->n + len > s->cap) {
		size_t nc = s->cap ? s->cap : 4096;
		while (nc < s->n + len) {
			if (nc > SIZE_MAX / 2) {
				s->fail = true;
				return;
			}
			nc *= 2;
		}
		char *nb = realloc(s->b, nc);
		if (!nb) {
			s->fail = true;
			return;
		}
		s->b = nb;
		s->cap = nc;
	}
	memcpy(s->b + s->n, data, len);
	s->n += len;
}

int uidlist_format(const struct uidlist *l, char **buf, size_t *len)
{
	struct sbuf s = { 0 };
	char tmp[128];
	int n = snprintf(tmp, sizeof tmp, "%s %d V%lu N%lu M%llu\n", MAGIC, UIDLIST_VERSION,
			 (unsigned long)l->uidvalidity, (unsigned long)l->uidnext,
			 (unsigned long long)l->highestmodseq);
	sb_add(&s, tmp, (size_t)n);
	for (size_t i = 0; i < l->count; i++) {
		const struct uidlist_entry *e = &l->entries[i];
		n = snprintf(tmp, sizeof tmp, "%lu %llu ", (unsigned long)e->uid,
			     (unsigned long long)e->modseq);
		sb_add(&s, tmp, (size_t)n);
		if (e->ext && e->ext[0]) {
			sb_add(&s, e->ext, strlen(e->ext));
			sb_add(&s, " ", 1);
		}
		sb_add(&s, ":", 1);
		sb_add(&s, e->msg.name, e->msg.base_len);
		sb_add(&s, "\n", 1);
	}
	if (s.fail) {
		free(s.b);
		errno = ENOMEM;
		return MAILDIR_IO;
	}
	*buf = s.b;
	*len = s.n;
	return MAILDIR_OK;
}

static int write_list(struct maildir *md, const struct uidlist *l)
{
	char *buf;
	size_t len;
	int r = uidlist_format(l, &buf, &len);
	if (r != MAILDIR_OK)
		return r;
	r = maildir_write_file_at(md->dir_fd, UIDLIST_FILE, buf, len);
	free(buf);
	return r;
}

/* ---- lock ------------------------------------------------------------ */

int uidlist_lock(struct maildir *md, int *fd_r)
{
	int fd = openat(md->dir_fd, UIDLIST_LOCK_FILE,
			O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0600);
	if (fd < 0)
		return MAILDIR_IO;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int e = errno;
			close(fd);
			errno = e;
			return MAILDIR_IO;
		}
	}
	*fd_r = fd;
	return MAILDIR_OK;
}

void uidlist_unlock(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

/* ---- sync ------------------------------------------------------------ */

static uint32_t new_validity(uint32_t old)
{
	time_t now = time(NULL);
	uint64_t v = now > 0 ? (uint64_t)now : 1;
	if (v > UINT32_MAX)
		v = (uint64_t)(v % UINT32_MAX) + 1;
	if (old != 0 && v <= old)
		v = (uint64_t)old + 1;
	if (v > UINT32_MAX || v == old)
		v = old == 1 ? 2 : 1;   /* wrapped: anything but the old one */
	return (uint32_t)v;
}

/* The UIDVALIDITY a rebuild must exceed when the damaged file's own value
 * could not be read: its modification time.  A list gets UIDVALIDITY
 * time() when it is made and its file is written at or after that, so
 * mtime + 1 differs from it (see docs/maildir-format.md for the limits). */
static uint32_t damaged_floor(struct maildir *md, uint32_t known)
{
	if (known != 0)
		return known;
	struct stat st;
	if (fstatat(md->dir_fd, UIDLIST_FILE, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
	    st.st_mtime <= 0 || (uint64_t)st.st_mtime >= UINT32_MAX)
		return 0;
	return (uint32_t)st.st_mtime;
}

/* Read the list (under the lock).  Missing: import Dovecot's or start a
 * fresh one; damaged: a fresh one with a different UIDVALIDITY.  *dirty
 * tells whether the result differs from the file.  *state_r: 0 read,
 * 1 missing, 2 damaged. */
static int load_locked(struct maildir *md, struct uidlist *l, bool *dirty, int *state_r)
{
	char *buf;
	size_t len;
	uint32_t old = 0;
	int r = maildir_read_file_at(md->dir_fd, UIDLIST_FILE, UIDLIST_MAX_FILE, &buf, &len);
	*state_r = 0;
	if (r == MAILDIR_OK) {
		r = uidlist_parse(buf, len, l, &old);
		free(buf);
		if (r == MAILDIR_OK)
			return MAILDIR_OK;
		if (r != MAILDIR_DAMAGED)
			return r;
		*state_r = 2;
		old = damaged_floor(md, old);
	} else if (r == MAILDIR_NOT_FOUND) {
		*state_r = 1;
		r = maildir_read_file_at(md->dir_fd, UIDLIST_DOVECOT, UIDLIST_MAX_FILE, &buf, &len);
		if (r == MAILDIR_OK) {
			r = uidlist_parse_dovecot(buf, len, l);
			free(buf);
			if (r == MAILDIR_OK) {
				*dirty = true;
				return MAILDIR_OK;
			}
			if (r != MAILDIR_DAMAGED)
				return r;
		} else if (r != MAILDIR_NOT_FOUND) {
			return r;
		}
	} else if (errno == EFBIG) {
		*state_r = 2;        /* absurdly large: damaged */
		old = damaged_floor(md, 0);
	} else {
		return r;
	}
	memset(l, 0, sizeof *l);
	l->uidvalidity = new_validity(old);
	l->uidnext = 1;
	l->highestmodseq = 1;
	*dirty = true;
	return MAILDIR_OK;
}

/* bsearch key comparator: key is a maildir_entry, element too */
static int cmp_bsearch_base(const void *key, const void *elem)
{
	return cmp_base(key, elem);
}

/* Scan, sort by base, drop second sightings of one base. */
static int scan_sorted(struct maildir *md, struct maildir_list *sc)
{
	int r = maildir_scan(md, sc);
	if (r != MAILDIR_OK)
		return r;
	if (sc->count > 1)
		qsort(sc->entries, sc->count, sizeof *sc->entries, cmp_msg_base);
	size_t w = 0;
	for (size_t i = 0; i < sc->count; i++) {
		if (w > 0 && cmp_base(&sc->entries[w - 1], &sc->entries[i]) == 0) {
			free(sc->entries[i].name);
			continue;
		}
		sc->entries[w++] = sc->entries[i];
	}
	sc->count = w;
	return MAILDIR_OK;
}

/* Match list entries to scan entries by base name: match[i] is the index in
 * sc or SIZE_MAX.  Returns how many list entries have no file. */
static size_t match_entries(const struct uidlist *l, const struct maildir_list *sc, size_t *match)
{
	size_t missing = 0;
	for (size_t i = 0; i < l->count; i++) {
		const struct maildir_entry *f = sc->count == 0 ? NULL :
			bsearch(&l->entries[i].msg, sc->entries, sc->count,
				sizeof *sc->entries, cmp_bsearch_base);
		match[i] = f ? (size_t)(f - sc->entries) : SIZE_MAX;
		if (!f)
			missing++;
	}
	return missing;
}

static int merge_scan(struct maildir *md, struct uidlist *l, bool *dirty)
{
	struct maildir_list sc;
	size_t *match = NULL;
	bool *used = NULL;
	int r = MAILDIR_OK;
	if (l->count > 0) {
		match = malloc(l->count * sizeof *match);
		if (!match)
			return MAILDIR_IO;
	}
	/* A file renamed by another process while we read the directory may
	 * be missed by readdir; look again before believing it expunged. */
	for (int pass = 0;; pass++) {
		r = scan_sorted(md, &sc);
		if (r != MAILDIR_OK) {
			free(match);
			return r;
		}
		if (match_entries(l, &sc, match) == 0 || pass == 2)
			break;
		maildir_list_free(&sc);
	}
	used = calloc(sc.count ? sc.count : 1, sizeof *used);
	if (!used) {
		free(match);
		maildir_list_free(&sc);
		return MAILDIR_IO;
	}

	/* keep the entries whose files are there, with the scan's facts */
	size_t w = 0;
	bool changed = false;
	for (size_t i = 0; i < l->count; i++) {
		struct uidlist_entry *e = &l->entries[i];
		if (match[i] == SIZE_MAX) {
			entry_free(e);
			changed = true;
			continue;
		}
		free(e->msg.name);
		e->msg = sc.entries[match[i]];
		sc.entries[match[i]].name = NULL;
		used[match[i]] = true;
		l->entries[w++] = *e;
	}
	l->count = w;

	size_t fresh = 0;
	for (size_t j = 0; j < sc.count; j++)
		if (!used[j])
			fresh++;
	if (fresh > 0 && (uint64_t)l->uidnext + fresh > UINT32_MAX) {
		/* UIDs would run out: a new UIDVALIDITY, numbering from 1
		 * (RFC 9051 2.3.1.1).  Everything becomes new. */
		for (size_t i = 0; i < l->count; i++) {
			for (size_t j = 0; j < sc.count; j++)
				if (used[j] && !sc.entries[j].name) {
					sc.entries[j] = l->entries[i].msg;
					used[j] = false;
					break;
				}
			free(l->entries[i].ext);
		}
		l->count = 0;
		if (sc.count > 1)
			qsort(sc.entries, sc.count, sizeof *sc.entries, cmp_msg_base);
		l->uidvalidity = new_validity(l->uidvalidity);
		l->uidnext = 1;
		fresh = sc.count;
		changed = true;
	}
	if (fresh > 0 || changed) {
		l->highestmodseq++;
		changed = true;
	}
	struct maildir_entry **order = NULL;
	if (fresh > 0) {
		order = malloc(fresh * sizeof *order);
		if (!order)
			r = MAILDIR_IO;
	}
	if (order) {
		size_t k = 0;
		for (size_t j = 0; j < sc.count; j++)
			if (!used[j])
				order[k++] = &sc.entries[j];
		qsort(order, fresh, sizeof *order, cmp_natural_ptr);
	}
	for (size_t k = 0; order && k < fresh && r == MAILDIR_OK; k++) {
		struct uidlist_entry e;
		memset(&e, 0, sizeof e);
		e.uid = l->uidnext;
		e.modseq = l->highestmodseq;
		e.msg = *order[k];
		r = push_entry(l, &e);
		if (r == MAILDIR_OK) {
			order[k]->name = NULL;
			l->uidnext++;
		}
	}
	free(order);
	if (changed)
		*dirty = true;
	free(used);
	free(match);
	maildir_list_free(&sc);
	return r;
}

int uidlist_sync(struct maildir *md, struct uidlist *out)
{
	int lfd;
	int r = uidlist_lock(md, &lfd);
	if (r != MAILDIR_OK)
		return r;
	struct uidlist l = UIDLIST_INIT;
	bool dirty = false;
	int state;
	r = load_locked(md, &l, &dirty, &state);
	if (r == MAILDIR_OK)
		r = merge_scan(md, &l, &dirty);
	if (r == MAILDIR_OK && dirty)
		r = write_list(md, &l);
	int e = errno;
	uidlist_unlock(lfd);
	errno = e;
	if (r != MAILDIR_OK) {
		uidlist_free(&l);
		return r;
	}
	uidlist_free(out);
	*out = l;
	return MAILDIR_OK;
}

int uidlist_bump_modseq(struct maildir *md, struct uidlist *l,
			const uint32_t *uids, size_t n, uint64_t *modseq_r)
{
	int lfd;
	int r = uidlist_lock(md, &lfd);
	if (r != MAILDIR_OK)
		return r;
	char *buf;
	size_t len;
	struct uidlist disk = UIDLIST_INIT;
	r = maildir_read_file_at(md->dir_fd, UIDLIST_FILE, UIDLIST_MAX_FILE, &buf, &len);
	if (r == MAILDIR_OK) {
		r = uidlist_parse(buf, len, &disk, NULL);
		free(buf);
	} else if (r == MAILDIR_NOT_FOUND || errno == EFBIG) {
		r = MAILDIR_DAMAGED;
	}
	if (r == MAILDIR_OK && disk.uidvalidity != l->uidvalidity)
		r = MAILDIR_DAMAGED;
	uint64_t ms = 0;
	if (r == MAILDIR_OK) {
		ms = disk.highestmodseq + 1;
		if (ms == 0)
			r = MAILDIR_LIMIT;
	}
	if (r == MAILDIR_OK) {
		disk.highestmodseq = ms;
		for (size_t i = 0; i < n; i++) {
			struct uidlist_entry *e = uidlist_find_uid(&disk, uids[i]);
			if (e)
				e->modseq = ms;
		}
		r = write_list(md, &disk);
	}
	int e = errno;
	uidlist_unlock(lfd);
	uidlist_free(&disk);
	errno = e;
	if (r != MAILDIR_OK)
		return r;
	if (l->highestmodseq < ms)
		l->highestmodseq = ms;
	for (size_t i = 0; i < n; i++) {
		struct uidlist_entry *en = uidlist_find_uid(l, uids[i]);
		if (en)
			en->modseq = ms;
	}
	if (modseq_r)
		*modseq_r = ms;
	return MAILDIR_OK;
}

int uidlist_expunge(struct maildir *md, struct uidlist *l, const uint32_t *uids, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct uidlist_entry *e = uidlist_find_uid(l, uids[i]);
		if (!e)
			continue;
		int r = maildir_delete(md, &e->msg);
		if (r != MAILDIR_OK)
			return r;
	}
	return uidlist_sync(md, l);
}

struct uidlist_entry *uidlist_find_uid(struct uidlist *l, uint32_t uid)
{
	size_t lo = 0, hi = l->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		uint32_t u = l->entries[mid].uid;
		if (u == uid)
			return &l->entries[mid];
		if (u < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct uidlist_entry *uidlist_find_base(struct uidlist *l, const char *base, size_t len)
{
	for (size_t i = 0; i < l->count; i++) {
		struct uidlist_entry *e = &l->entries[i];
		if (e->msg.base_len == len && memcmp(e->msg.name, base, len) == 0)
			return e;
	}
	return NULL;
}
