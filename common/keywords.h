/*
 * keywords.h - IMAP keywords of a Maildir as the letters 'a'..'z' of the
 * ":2," flags, mapped through Dovecot's "dovecot-keywords" file, so an
 * existing Dovecot Maildir keeps its keywords.
 *
 * Owns: the file "dovecot-keywords" in the Maildir root: one line
 * "<index> <keyword>" per keyword, index 0..25 is the letter 'a' + index.
 * New keywords are assigned under the uid-list lock (uidlist_lock) and the
 * file is replaced crash-safely (temp, fsync, rename, fsync directory).
 * Courier's "courierimapkeywords/" is not read.  Keyword syntax: RFC 9051
 * 2.3.2 and section 9 (flag-keyword = atom).  Format: docs/maildir-format.md.
 */
#ifndef ZM_KEYWORDS_H
#define ZM_KEYWORDS_H

#include <stdbool.h>
#include <stddef.h>
#include "maildir.h"

#define KEYWORDS_FILE  "dovecot-keywords"
#define KEYWORDS_COUNT 26
#define KEYWORDS_NAME_MAX 128      /* longest keyword accepted, octets */

struct keywords {
	char *names[KEYWORDS_COUNT];   /* names[i] is letter 'a'+i, or NULL; owned */
};

#define KEYWORDS_INIT { { NULL } }

/* Load the file (a missing file is an empty set; lines that do not parse
 * are skipped, the first of two lines for one index or one exact name
 * wins).  *kw must be
 * KEYWORDS_INIT or loaded before; its old content is freed.
 * Returns MAILDIR_OK or MAILDIR_IO. */
int keywords_load(struct maildir *md, struct keywords *kw);

/* Parse a whole file buf[0..len) into *kw (which is overwritten, not
 * freed).  Returns MAILDIR_OK or MAILDIR_IO (no memory). */
int keywords_parse(const char *buf, size_t len, struct keywords *kw);

void keywords_free(struct keywords *kw);

/* The keyword of a letter 'a'..'z', or NULL (also for other bytes). */
const char *keywords_name(const struct keywords *kw, char letter);

/* The letter of a keyword already known, or 0.  An exact match wins, else
 * an ASCII case-insensitive one. */
char keywords_find(const struct keywords *kw, const char *name);

/* true when name is a keyword we store: 1..KEYWORDS_NAME_MAX octets of IMAP
 * atom characters (no SP, controls, "(){%*\"\\]"), not a system flag. */
bool keywords_valid(const char *name);

/*
 * The letter for a keyword, assigning the first free index when it is new:
 * takes the lock, reloads the file into *kw (another process may have
 * added keywords), assigns, writes, unlocks.  *letter_r gets 'a'..'z'.
 * Returns MAILDIR_OK, MAILDIR_BAD_NAME (not keywords_valid), MAILDIR_LIMIT
 * (all 26 letters in use), MAILDIR_IO / MAILDIR_FULL.
 */
int keywords_letter(struct maildir *md, struct keywords *kw, const char *name, char *letter_r);

#endif
