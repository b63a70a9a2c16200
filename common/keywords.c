/*
 * keywords.c - the keyword <-> letter map of a Maildir in Dovecot's
 * "dovecot-keywords" format.  Interface: keywords.h.  RFC 9051 2.3.2
 * (keywords), section 9 (atom).
 */
#include "keywords.h"
#include "uidlist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define KEYWORDS_MAX_FILE (64 * 1024)

void keywords_free(struct keywords *kw)
{
	for (size_t i = 0; i < KEYWORDS_COUNT; i++) {
		free(kw->names[i]);
		kw->names[i] = NULL;
	}
}

bool keywords_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > KEYWORDS_NAME_MAX || name[0] == '\\')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		/* RFC 9051 9: atom-specials */
		if (c <= 0x20 || c >= 0x7f || strchr("(){%*\"\\]", c))
			return false;
	}
	return true;
}

static bool has_exact(const struct keywords *kw, const char *name)
{
	for (size_t i = 0; i < KEYWORDS_COUNT; i++)
		if (kw->names[i] && strcmp(kw->names[i], name) == 0)
			return true;
	return false;
}

int keywords_parse(const char *buf, size_t len, struct keywords *kw)
{
	memset(kw, 0, sizeof *kw);
	const char *end = buf + len;
	for (const char *line = buf; line < end; ) {
		const char *le = memchr(line, '\n', (size_t)(end - line));
		if (!le)
			le = end;
		size_t ll = (size_t)(le - line);
		const char *sp = memchr(line, ' ', ll);
		if (sp && sp > line && sp - line <= 2) {
			unsigned idx = 0;
			bool ok = true;
			for (const char *p = line; p < sp; p++) {
				if (*p < '0' || *p > '9')
					ok = false;
				else
					idx = idx * 10 + (unsigned)(*p - '0');
			}
			size_t nl = (size_t)(le - sp - 1);
			char name[KEYWORDS_NAME_MAX + 1];
			if (ok && idx < KEYWORDS_COUNT && !kw->names[idx] && nl > 0 &&
			    nl <= KEYWORDS_NAME_MAX) {
				memcpy(name, sp + 1, nl);
				name[nl] = '\0';
				if (keywords_valid(name) && !has_exact(kw, name)) {
					kw->names[idx] = strdup(name);
					if (!kw->names[idx]) {
						keywords_free(kw);
						return MAILDIR_IO;
					}
				}
			}
		}
		line = le < end ? le + 1 : end;
	}
	return MAILDIR_OK;
}

int keywords_load(struct maildir *md, struct keywords *kw)
{
	char *buf;
	size_t len;
	keywords_free(kw);
	int r = maildir_read_file_at(md->dir_fd, KEYWORDS_FILE, KEYWORDS_MAX_FILE, &buf, &len);
	if (r == MAILDIR_NOT_FOUND)
		return MAILDIR_OK;
	if (r != MAILDIR_OK)
		return errno == EFBIG ? MAILDIR_OK : r;   /* absurd file: no keywords */
	r = keywords_parse(buf, len, kw);
	free(buf);
	return r;
}

const char *keywords_name(const struct keywords *kw, char letter)
{
	if (letter < 'a' || letter > 'z')
		return NULL;
	return kw->names[letter - 'a'];
}

char keywords_find(const struct keywords *kw, const char *name)
{
	for (size_t i = 0; i < KEYWORDS_COUNT; i++)
		if (kw->names[i] && strcmp(kw->names[i], name) == 0)
			return (char)('a' + i);
	for (size_t i = 0; i < KEYWORDS_COUNT; i++)
		if (kw->names[i] && strcasecmp(kw->names[i], name) == 0)
			return (char)('a' + i);
	return 0;
}

static int keywords_write(struct maildir *md, const struct keywords *kw)
{
	char buf[KEYWORDS_COUNT * (KEYWORDS_NAME_MAX + 5)];
	size_t off = 0;
	for (size_t i = 0; i < KEYWORDS_COUNT; i++) {
		if (!kw->names[i])
			continue;
		int n = snprintf(buf + off, sizeof buf - off, "%zu %s\n", i, kw->names[i]);
		if (n < 0 || (size_t)n >= sizeof buf - off)
			return MAILDIR_IO;
		off += (size_t)n;
	}
	return maildir_write_file_at(md->dir_fd, KEYWORDS_FILE, buf, off);
}

int keywords_letter(struct maildir *md, struct keywords *kw, const char *name, char *letter_r)
{
	if (!keywords_valid(name))
		return MAILDIR_BAD_NAME;
	char c = keywords_find(kw, name);
	if (c) {
		*letter_r = c;
		return MAILDIR_OK;
	}
	int lfd;
	int r = uidlist_lock(md, &lfd);
	if (r != MAILDIR_OK)
		return r;
	r = keywords_load(md, kw);
	if (r == MAILDIR_OK) {
		c = keywords_find(kw, name);
		if (!c) {
			size_t i = 0;
			while (i < KEYWORDS_COUNT && kw->names[i])
				i++;
			if (i == KEYWORDS_COUNT) {
				r = MAILDIR_LIMIT;
			} else {
				kw->names[i] = strdup(name);
				if (!kw->names[i])
					r = MAILDIR_IO;
				else
					r = keywords_write(md, kw);
				if (r != MAILDIR_OK) {
					free(kw->names[i]);
					kw->names[i] = NULL;
				}
				c = (char)('a' + i);
			}
		}
	}
	int e = errno;
	uidlist_unlock(lfd);
	errno = e;
	if (r == MAILDIR_OK)
		*letter_r = c;
	return r;
}
