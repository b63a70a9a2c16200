/*
 * recipient.c - the aliases file and resolve_recipient() (see recipient.h
 * for the file format and the resolution order).
 *
 * RFC 5321 4.5.1: "postmaster" (any case) must be deliverable in every
 * local domain.  RFC 5321 3.9.2 / 4.1.1.3: aliases expand to several
 * targets, source routes never decide where mail goes (address.c drops
 * them before we get here).  Cycles are refused as loops (RFC 5321 6.3,
 * RFC 3463 5.4.6 at the caller).
 *
 * The aliases text is parsed into a table of entries (name local part,
 * optional domain, targets) held in one string pool; lookups scan it.
 * Each resolution reads the files once and is bounded in steps.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "address.h"
#include "domain.h"
#include "recipient.h"
#include "userdb.h"
#include "util.h"

#define ALIAS_LOGICAL_MAX (64 * 1024)   /* one entry with its continuations */
#define RESOLVE_MAX_STEPS (4 * ZM_MAX_ALIAS_TARGETS)

enum tkind { T_LOCAL, T_ADDRESS, T_PIPE, T_FILE };

struct alias_tgt {
	enum tkind kind;
	size_t a;   /* pool offset: local part, command or path */
	size_t b;   /* pool offset: domain (T_ADDRESS) */
	bool quote; /* the local part needs quoting to be printed */
};

struct alias_entry {
	size_t local;    /* pool offset; "postmaster" folded to lower case */
	size_t domain;   /* pool offset; "" = every local domain */
	size_t first, count;   /* targets[first .. first+count) */
	unsigned long line;
};

struct alias_table {
	char *pool;
	size_t pool_len, pool_cap;
	struct alias_entry *e;
	size_t ne, ecap;
	struct alias_tgt *t;
	size_t nt, tcap;
};


static int pool_add(struct alias_table *t, const char *s, size_t len, size_t *off)
{
	if (len > SIZE_MAX - t->pool_len - 1 ||
	    util_grow((void **)&t->pool, &t->pool_cap, t->pool_len + len + 1, 1) != 0)
		return -1;
	memcpy(t->pool + t->pool_len, s, len);
	t->pool[t->pool_len + len] = '\0';
	*off = t->pool_len;
	t->pool_len += len + 1;
	return 0;
}

static void table_free(struct alias_table *t)
{
	free(t->pool);
	free(t->e);
	free(t->t);
	memset(t, 0, sizeof(*t));
}

static const char *S(const struct alias_table *t, size_t off)
{
	return t->pool + off;
}

static bool is_postmaster(const char *local)
{
	return strcasecmp(local, "postmaster") == 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static void trim(const char **s, size_t *len)
{
	while (*len > 0 && is_blank(**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len > 0 && is_blank((*s)[*len - 1]))
		(*len)--;
}

/*
 * "local" or "local@domain" (RFC 5321 Local-part, optionally quoted, and
 * Domain).  Fills a (its domain "" for a bare local part).  Returns 0/-1.
 */
static int parse_name(const char *s, size_t len, struct mail_address *a)
{
	char buf[ZM_ADDR_MAX + 16];

	if (len == 0 || len >= ZM_ADDR_MAX)
		return -1;
	if (address_parse(s, len, ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8, a, NULL) == ADDR_OK &&
	    a->domain[0])
		return 0;
	/* A bare local part: parse it as the local part of a dummy mailbox. */
	memcpy(buf, s, len);
	memcpy(buf + len, "@invalid", 8);
	if (address_parse(buf, len + 8, ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8, a, NULL) != ADDR_OK)
		return -1;
	a->domain[0] = '\0';
	return 0;
}

/* Add one target t[0..len) (already trimmed, non-empty). */
static const char *add_target(struct alias_table *tab, const char *t, size_t len)
{
	char unq[ZM_PATH_MAX + 4];
	struct alias_tgt tg = { 0 };
	struct mail_address a;

	/* "|cmd, with comma" or "/path": a quoted pipe/file target. */
	if (len >= 3 && t[0] == '"' && t[len - 1] == '"' && (t[1] == '|' || t[1] == '/')) {
		size_t o = 0;
		if (len > sizeof(unq))
			return "command or path too long";
		for (size_t i = 1; i < len - 1; i++) {
			if (t[i] == '\\' && i + 1 < len - 1)
				i++;
			else if (t[i] == '"')
				return "bad quoting in target";
			unq[o++] = t[i];
		}
		t = unq;
		len = o;
	}
	if (t[0] == '|' || t[0] == '/') {
		const char *v = t[0] == '|' ? t + 1 : t;
		size_t vlen = t[0] == '|' ? len - 1 : len;
		trim(&v, &vlen);
		if (vlen == 0)
			return t[0] == '|' ? "empty command" : "empty path";
		if (vlen >= ZM_PATH_MAX)
			return "command or path too long";
		for (size_t i = 0; i < vlen; i++)
			if ((unsigned char)v[i] < ' ' && v[i] != '\t')
				return "control character in target";
		tg.kind = t[0] == '|' ? T_PIPE : T_FILE;
		if (pool_add(tab, v, vlen, &tg.a) != 0)
			return "out of memory";
	} else {
		if (parse_name(t, len, &a) != 0)
			return "bad target address";
		tg.kind = a.domain[0] ? T_ADDRESS : T_LOCAL;
		tg.quote = a.local_needs_quotes;
		if (pool_add(tab, a.local, a.local_len, &tg.a) != 0 ||
		    pool_add(tab, a.domain, strlen(a.domain), &tg.b) != 0)
			return "out of memory";
	}
	if (util_grow((void **)&tab->t, &tab->tcap, tab->nt + 1, sizeof(*tab->t)) != 0)
		return "out of memory";
	tab->t[tab->nt++] = tg;
	return NULL;
}

/* One logical entry "name: target, ..." at s[0..len). */
static const char *parse_entry(struct alias_table *tab, const char *s, size_t len, unsigned long line)
{
	struct alias_entry en = { 0 };
	struct mail_address a;
	bool q = false;
	size_t colon = len;

	for (size_t i = 0; i < len; i++) {
		if (q && s[i] == '\\') {
			i++;
		} else if (s[i] == '"') {
			q = !q;
		} else if (!q && s[i] == ':') {
			colon = i;
			break;
		}
	}
	if (colon == len)
		return "missing ':' after the alias name";
	const char *name = s;
	size_t nlen = colon;
	trim(&name, &nlen);
	if (nlen == 0)
		return "missing alias name";
	if (parse_name(name, nlen, &a) != 0)
		return "bad alias name";
	if (is_postmaster(a.local))
		memcpy(a.local, "postmaster", 11);
	if (pool_add(tab, a.local, strlen(a.local), &en.local) != 0 ||
	    pool_add(tab, a.domain, strlen(a.domain), &en.domain) != 0)
		return "out of memory";
	en.first = tab->nt;
	en.line = line;

	/* Targets: split at commas outside double quotes. */
	size_t start = colon + 1;
	q = false;
	for (size_t i = colon + 1; i <= len; i++) {
		if (i < len && q && s[i] == '\\') {
			i++;
			continue;
		}
		if (i < len && s[i] == '"') {
			q = !q;
			continue;
		}
		if (i < len && (q || s[i] != ','))
			continue;
		if (i == len && q)
			return "unterminated quote";
		const char *t = s + start;
		size_t tlen = i - start;
		trim(&t, &tlen);
		start = i + 1;
		if (tlen == 0)
			continue;
		const char *why = add_target(tab, t, tlen);
		if (why)
			return why;
	}
	en.count = tab->nt - en.first;
	if (en.count == 0)
		return "alias has no targets";
	if (util_grow((void **)&tab->e, &tab->ecap, tab->ne + 1, sizeof(*tab->e)) != 0)
		return "out of memory";
	tab->e[tab->ne++] = en;
	return NULL;
}

static int entry_cmp(const void *x, const void *y, void *arg)
{
	const struct alias_table *t = arg;
	const struct alias_entry *a = &t->e[*(const size_t *)x];
	const struct alias_entry *b = &t->e[*(const size_t *)y];
	int c = strcmp(S(t, a->local), S(t, b->local));

	if (c == 0)
		c = strcmp(S(t, a->domain), S(t, b->domain));
	if (c == 0)
		c = a->line < b->line ? -1 : a->line > b->line;
	return c;
}

/* Duplicate names: sort an index (O(n log n)) and compare neighbours. */
static int check_duplicates(const struct alias_table *tab, const char *name, char *err, size_t errlen)
{
	size_t *idx;

	if (tab->ne < 2)
		return 0;
	idx = calloc(tab->ne, sizeof(*idx));
	if (!idx) {
		util_set_error(err, errlen, "%s: out of memory", name);
		return -1;
	}
	for (size_t i = 0; i < tab->ne; i++)
		idx[i] = i;
	qsort_r(idx, tab->ne, sizeof(*idx), entry_cmp, (void *)tab);
	for (size_t i = 1; i < tab->ne; i++) {
		const struct alias_entry *a = &tab->e[idx[i - 1]], *b = &tab->e[idx[i]];
		if (strcmp(S(tab, a->local), S(tab, b->local)) == 0 &&
		    strcmp(S(tab, a->domain), S(tab, b->domain)) == 0) {
			util_set_error(err, errlen, "%s:%lu: duplicate alias (first on line %lu)", name, b->line, a->line);
			free(idx);
			return -1;
		}
	}
	free(idx);
	return 0;
}

static int table_parse(struct alias_table *tab, const char *name, const char *text, size_t len,
		       char *err, size_t errlen)
{
	char *logical = NULL;
	size_t llen = 0, lcap = 0, pos = 0;
	unsigned long lineno = 0, entry_line = 0;
	bool pending = false;
	int rc = -1;

	memset(tab, 0, sizeof(*tab));
	if (len > USERDB_FILE_MAX) {
		util_set_error(err, errlen, "%s: larger than %lu bytes", name, (unsigned long)USERDB_FILE_MAX);
		return -1;
	}
	for (;;) {
		const char *line = text + pos;
		const char *nl = pos < len ? memchr(line, '\n', len - pos) : NULL;
		size_t n = pos < len ? (nl ? (size_t)(nl - line) : len - pos) : 0;
		bool eof = pos >= len;
		bool cont = false;

		if (!eof) {
			pos += n + (nl ? 1 : 0);
			lineno++;
			if (n > USERDB_LINE_MAX) {
				util_set_error(err, errlen, "%s:%lu: line longer than %d bytes", name, lineno, USERDB_LINE_MAX);
				goto out;
			}
			if (memchr(line, '\0', n)) {
				util_set_error(err, errlen, "%s:%lu: NUL byte", name, lineno);
				goto out;
			}
			const char *c = line;
			size_t cl = n;
			trim(&c, &cl);
			if (cl > 0 && c[0] == '#')
				continue;
			if (cl > 0 && is_blank(line[0]) && line[0] != '\r') {
				if (!pending) {
					util_set_error(err, errlen, "%s:%lu: continuation line without an alias", name, lineno);
					goto out;
				}
				cont = true;
			}
			if (cont) {
				/* Append " " + this line to the pending entry. */
				if (llen + 1 + n > ALIAS_LOGICAL_MAX) {
					util_set_error(err, errlen, "%s:%lu: alias longer than %d bytes", name, lineno,
					       ALIAS_LOGICAL_MAX);
					goto out;
				}
				logical[llen++] = ' ';
				memcpy(logical + llen, line, n);
				llen += n;
				continue;
			}
		}
		/* End of the pending entry: blank line, new entry, or EOF. */
		if (pending) {
			const char *why = parse_entry(tab, logical, llen, entry_line);
			if (why) {
				util_set_error(err, errlen, "%s:%lu: %s", name, entry_line, why);
				goto out;
			}
			pending = false;
			llen = 0;
		}
		if (eof)
			break;
		const char *c = line;
		size_t cl = n;
		trim(&c, &cl);
		if (cl == 0)
			continue;
		if (!logical && util_grow((void **)&logical, &lcap, ALIAS_LOGICAL_MAX, 1) != 0) {
			util_set_error(err, errlen, "%s: out of memory", name);
			goto out;
		}
		memcpy(logical, line, n);
		llen = n;
		pending = true;
		entry_line = lineno;
	}
	if (check_duplicates(tab, name, err, errlen) != 0)
		goto out;
	rc = 0;
out:
	free(logical);
	if (rc != 0)
		table_free(tab);
	return rc;
}

int aliases_parse_buffer(const char *name, const char *text, size_t len,
			 char *err, size_t errlen)
{
	struct alias_table tab;

	if (err && errlen)
		err[0] = '\0';
	if (table_parse(&tab, name, text, len, err, errlen) != 0)
		return -1;
	table_free(&tab);
	return 0;
}

int aliases_check(const struct zm_config *cfg, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int r;

	if (err && errlen)
		err[0] = '\0';
	if (!cfg->aliases_file[0])
		return 0;
	if (userdb_read_file(cfg->aliases_file, USERDB_FILE_MAX, &buf, &len, err, errlen) != 0)
		return -1;
	r = aliases_parse_buffer(cfg->aliases_file, buf, len, err, errlen);
	free(buf);
	return r;
}

/* ---- resolution ---- */

struct rstate {
	const struct zm_config *cfg;
	const struct alias_table *tab;
	const char *users;          /* users-file text, or NULL for cfg's source */
	size_t users_len;
	const char *users_name;
	bool *done;                 /* per alias entry: already expanded */
	size_t chain[ZM_MAX_ALIAS_DEPTH + 2];
	size_t depth;
	unsigned steps;
	struct recipient_target *out;
	size_t max, *n;
	char *err;
	size_t errlen;
};

/* Alias entry for local@domain: full name first, then the bare local. */
static long alias_find(const struct rstate *st, const char *local, const char *domain)
{
	const struct alias_table *t = st->tab;

	if (!t)
		return -1;
	if (is_postmaster(local))
		local = "postmaster";
	if (domain[0])
		for (size_t i = 0; i < t->ne; i++)
			if (strcmp(S(t, t->e[i].local), local) == 0 && strcmp(S(t, t->e[i].domain), domain) == 0)
				return (long)i;
	for (size_t i = 0; i < t->ne; i++)
		if (!S(t, t->e[i].domain)[0] && strcmp(S(t, t->e[i].local), local) == 0)
			return (long)i;
	return -1;
}

static int user_find(struct rstate *st, const char *local, const char *domain, struct mail_user *u)
{
	int r;

	if (st->users)
		r = userdb_lookup_buffer(st->users_name, st->users, st->users_len, local, domain, u,
					 st->err, st->errlen);
	else
		r = userdb_lookup(st->cfg, local, domain, u, st->err, st->errlen);
	mail_user_wipe(u);   /* resolution never needs the hash */
	return r;
}

static int add_out(struct rstate *st, const struct recipient_target *t)
{
	for (size_t i = 0; i < *st->n; i++) {
		const struct recipient_target *o = &st->out[i];
		if (o->kind != t->kind)
			continue;
		if (t->kind == RCPT_MAILBOX && strcmp(o->user.address, t->user.address) == 0 &&
		    strcmp(o->user.maildir, t->user.maildir) == 0 && strcmp(o->folder, t->folder) == 0)
			return RESOLVE_OK;
		if (t->kind == RCPT_EXTERNAL && strcmp(o->address, t->address) == 0)
			return RESOLVE_OK;
		if (t->kind == RCPT_PIPE && strcmp(o->command, t->command) == 0)
			return RESOLVE_OK;
	}
	if (*st->n >= st->max) {
		util_set_error(st->err, st->errlen, "more than %zu targets", st->max);
		return RESOLVE_REFUSED;
	}
	st->out[(*st->n)++] = *t;
	return RESOLVE_OK;
}

/* A subaddress folder that is safe as a Maildir++ folder name. */
static bool folder_ok(const char *f)
{
	if (!f[0] || f[0] == '.' || strstr(f, ".."))
		return false;
	for (; *f; f++)
		if (*f == '/' || (unsigned char)*f < ' ' || *f == 0x7f)
			return false;
	return true;
}

static int add_mailbox(struct rstate *st, const struct mail_user *u, const char *folder)
{
	struct recipient_target t;

	memset(&t, 0, sizeof(t));
	t.kind = RCPT_MAILBOX;
	t.user = *u;
	if (folder && folder_ok(folder) && strlen(folder) < sizeof(t.folder))
		memcpy(t.folder, folder, strlen(folder) + 1);
	snprintf(t.address, sizeof(t.address), "%s", u->address);
	return add_out(st, &t);
}

static int resolve_name(struct rstate *st, const char *local, const char *domain);

/* The user named by an alias's own name ("alice: alice, bob"). */
static int self_user(struct rstate *st, const char *local, const char *domain)
{
	struct mail_user u;
	int r = user_find(st, local, domain, &u);

	if (r == USERDB_OK)
		return add_mailbox(st, &u, NULL);
	if (r == USERDB_TEMPFAIL)
		return RESOLVE_TEMPFAIL;
	util_set_error(st->err, st->errlen, "alias %s: no user %s@%s", local, local, domain);
	return RESOLVE_NO_USER;
}

static int expand_alias(struct rstate *st, size_t ei, const char *domain)
{
	const struct alias_table *tab = st->tab;
	const struct alias_entry *e = &tab->e[ei];
	const char *name = S(tab, e->local);
	int r = RESOLVE_OK;

	for (size_t i = 0; i < st->depth; i++) {
		if (st->chain[i] == ei) {
			util_set_error(st->err, st->errlen, "alias loop through \"%s\" (line %lu)", name, e->line);
			return RESOLVE_LOOP;
		}
	}
	if (st->done[ei])
		return RESOLVE_OK;
	if (st->depth >= ZM_MAX_ALIAS_DEPTH) {
		util_set_error(st->err, st->errlen, "aliases nested deeper than %d at \"%s\"", ZM_MAX_ALIAS_DEPTH, name);
		return RESOLVE_LOOP;
	}
	st->chain[st->depth++] = ei;
	for (size_t k = 0; k < e->count && r == RESOLVE_OK; k++) {
		const struct alias_tgt *t = &tab->t[e->first + k];
		struct recipient_target rt;

		if (++st->steps > RESOLVE_MAX_STEPS) {
			util_set_error(st->err, st->errlen, "alias expansion larger than %d steps", RESOLVE_MAX_STEPS);
			r = RESOLVE_REFUSED;
			break;
		}
		switch (t->kind) {
		case T_PIPE:
			if (!st->cfg->allow_pipe_aliases) {
				util_set_error(st->err, st->errlen, "alias \"%s\": command targets are not allowed", name);
				r = RESOLVE_REFUSED;
				break;
			}
			memset(&rt, 0, sizeof(rt));
			rt.kind = RCPT_PIPE;
			snprintf(rt.command, sizeof(rt.command), "%s", S(tab, t->a));
			snprintf(rt.address, sizeof(rt.address), "%s@%s", name, domain);
			r = add_out(st, &rt);
			break;
		case T_FILE:
			util_set_error(st->err, st->errlen, "alias \"%s\": file targets are not supported", name);
			r = RESOLVE_REFUSED;
			break;
		case T_LOCAL:
			if (strcmp(S(tab, t->a), name) == 0)
				r = self_user(st, name, domain);
			else
				r = resolve_name(st, S(tab, t->a), domain);
			break;
		case T_ADDRESS:
			if (config_is_local_domain(st->cfg, S(tab, t->b))) {
				if (strcmp(S(tab, t->a), name) == 0 && strcmp(S(tab, t->b), domain) == 0)
					r = self_user(st, name, domain);
				else
					r = resolve_name(st, S(tab, t->a), S(tab, t->b));
			} else {
				struct mail_address a;
				memset(&a, 0, sizeof(a));
				memset(&rt, 0, sizeof(rt));
				a.local_len = strlen(S(tab, t->a));
				memcpy(a.local, S(tab, t->a), a.local_len + 1);
				snprintf(a.domain, sizeof(a.domain), "%s", S(tab, t->b));
				a.local_needs_quotes = t->quote;
				rt.kind = RCPT_EXTERNAL;
				if (address_format(&a, rt.address, sizeof(rt.address)) < 0) {
					util_set_error(st->err, st->errlen, "alias \"%s\": target too long", name);
					r = RESOLVE_REFUSED;
					break;
				}
				r = add_out(st, &rt);
			}
			break;
		}
	}
	st->depth--;
	if (r == RESOLVE_OK)
		st->done[ei] = true;
	return r;
}

static int resolve_name(struct rstate *st, const char *local, const char *domain)
{
	struct mail_user u;
	long ei;
	int r;
	char delim = st->cfg->recipient_delimiter;
	bool pm = is_postmaster(local);
	const char *key = pm ? "postmaster" : local;

	if (++st->steps > RESOLVE_MAX_STEPS) {
		util_set_error(st->err, st->errlen, "alias expansion larger than %d steps", RESOLVE_MAX_STEPS);
		return RESOLVE_REFUSED;
	}
	/* 1. alias local@domain, then local */
	ei = alias_find(st, key, domain);
	if (ei >= 0)
		return expand_alias(st, (size_t)ei, domain);
	/* 2. the user */
	r = user_find(st, key, domain, &u);
	if (r == USERDB_OK)
		return add_mailbox(st, &u, NULL);
	if (r == USERDB_TEMPFAIL)
		return RESOLVE_TEMPFAIL;
	/* 3. subaddress: split at the first delimiter */
	const char *d = delim ? strchr(local, delim) : NULL;
	if (d && d > local) {
		char base[ZM_LOCAL_MAX];
		size_t blen = (size_t)(d - local);

		if (blen < sizeof(base)) {
			memcpy(base, local, blen);
			base[blen] = '\0';
			ei = alias_find(st, base, domain);
			if (ei >= 0)
				return expand_alias(st, (size_t)ei, domain);
			r = user_find(st, base, domain, &u);
			if (r == USERDB_OK)
				return add_mailbox(st, &u, d + 1);
			if (r == USERDB_TEMPFAIL)
				return RESOLVE_TEMPFAIL;
		}
	}
	/* 4. postmaster falls back to the alias for root (RFC 5321 4.5.1) */
	if (pm) {
		ei = alias_find(st, "root", domain);
		if (ei >= 0)
			return expand_alias(st, (size_t)ei, domain);
	}
	if (st->depth > 0)
		util_set_error(st->err, st->errlen, "alias \"%s\": no such user or alias %s@%s",
		       S(st->tab, st->tab->e[st->chain[st->depth - 1]].local), local, domain);
	else
		util_set_error(st->err, st->errlen, "no such user: %s@%s", local, domain);
	return RESOLVE_NO_USER;
}

int resolve_recipient_buffers(const struct zm_config *cfg,
			      const char *aliases, size_t aliases_len,
			      const char *users, size_t users_len,
			      const struct mail_address *rcpt,
			      struct recipient_target *out, size_t max, size_t *n,
			      char *err, size_t errlen)
{
	struct alias_table tab;
	struct rstate st;
	const char *domain = rcpt->domain;
	int r;

	*n = 0;
	if (err && errlen)
		err[0] = '\0';
	if (rcpt->is_null || rcpt->local_len == 0 || memchr(rcpt->local, '\0', rcpt->local_len)) {
		util_set_error(err, errlen, "no such user");
		return RESOLVE_NO_USER;
	}
	if (!domain[0]) {
		/* "<Postmaster>" (RFC 5321 4.5.1): our first local domain. */
		if (!is_postmaster(rcpt->local))
			return RESOLVE_NOT_LOCAL;
		domain = cfg->local_domain_count > 0 ? cfg->local_domains[0] : "";
	} else if (!config_is_local_domain(cfg, domain)) {
		return RESOLVE_NOT_LOCAL;
	}

	memset(&tab, 0, sizeof(tab));
	if (aliases && table_parse(&tab, cfg->aliases_file[0] ? cfg->aliases_file : "aliases",
				   aliases, aliases_len, err, errlen) != 0)
		return RESOLVE_TEMPFAIL;
	memset(&st, 0, sizeof(st));
	st.cfg = cfg;
	st.tab = aliases ? &tab : NULL;
	st.users = users;
	st.users_len = users_len;
	st.users_name = cfg->users_file[0] ? cfg->users_file : "users";
	st.out = out;
	st.max = max;
	st.n = n;
	st.err = err;
	st.errlen = errlen;
	st.done = calloc(tab.ne ? tab.ne : 1, sizeof(bool));
	if (!st.done) {
		table_free(&tab);
		util_set_error(err, errlen, "out of memory");
		return RESOLVE_TEMPFAIL;
	}
	r = resolve_name(&st, rcpt->local, domain);
	free(st.done);
	table_free(&tab);
	if (r != RESOLVE_OK) {
		for (size_t i = 0; i < *n; i++)
			mail_user_wipe(&out[i].user);
		*n = 0;
	} else if (err && errlen) {
		err[0] = '\0';
	}
	return r;
}

int recipient_db_resolve(struct recipient_db *db, const struct mail_address *rcpt,
			 struct recipient_target *out, size_t max, size_t *n,
			 char *err, size_t errlen)
{
	const struct zm_config *cfg = db->cfg;

	*n = 0;
	if (err && errlen)
		err[0] = '\0';
	/* Cheap refusals first: no file is read for a foreign domain. */
	if (rcpt->is_null)
		return RESOLVE_NO_USER;
	if (rcpt->domain[0] ? !config_is_local_domain(cfg, rcpt->domain) : !is_postmaster(rcpt->local))
		return RESOLVE_NOT_LOCAL;
	/* The files are read once, at the first local recipient. */
	if (!db->loaded) {
		if (cfg->aliases_file[0] &&
		    userdb_read_file(cfg->aliases_file, USERDB_FILE_MAX, &db->aliases, &db->aliases_len,
				     err, errlen) != 0)
			return RESOLVE_TEMPFAIL;
		if (cfg->auth_mode == ZM_AUTH_FILE &&
		    userdb_read_file(cfg->users_file, USERDB_FILE_MAX, &db->users, &db->users_len,
				     err, errlen) != 0) {
			free(db->aliases);
			db->aliases = NULL;
			db->aliases_len = 0;
			return RESOLVE_TEMPFAIL;
		}
		db->loaded = true;
	}
	return resolve_recipient_buffers(cfg, db->aliases, db->aliases_len, db->users, db->users_len,
					 rcpt, out, max, n, err, errlen);
}

void recipient_db_init(struct recipient_db *db, const struct zm_config *cfg)
{
	memset(db, 0, sizeof(*db));
	db->cfg = cfg;
}

void recipient_db_close(struct recipient_db *db)
{
	free(db->aliases);
	if (db->users) {
		explicit_bzero(db->users, db->users_len);
		free(db->users);
	}
	recipient_db_init(db, db->cfg);
}

int resolve_recipient(const struct zm_config *cfg, const struct mail_address *rcpt,
		      struct recipient_target *out, size_t max, size_t *n,
		      char *err, size_t errlen)
{
	struct recipient_db db;
	int r;

	recipient_db_init(&db, cfg);
	r = recipient_db_resolve(&db, rcpt, out, max, n, err, errlen);
	recipient_db_close(&db);
	return r;
}
