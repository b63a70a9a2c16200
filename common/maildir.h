/*
 * maildir.h - the single implementation of the Maildir protocol.
 *
 * Owns: unique names, delivery (tmp -> new with fsync of the file and of
 * new/), listing new+cur with ":2," flags, flag changes by rename, Maildir++
 * folders (".Sent", nested ".a.b") and the "subscriptions" file.  The UID
 * list and keywords live in uidlist.h / keywords.h on top of this.
 * On-disk formats: docs/maildir-format.md.
 *
 * Safety: every directory is opened with O_NOFOLLOW|O_DIRECTORY and checked
 * to be owned by the expected uid (when one is given); files are created
 * with O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600.  All operations work relative
 * to the directory fds held in struct maildir, so a rename of a parent
 * directory cannot redirect us.
 *
 * Name of a delivered file (in new/):
 *   <sec>.M<usec>P<pid>Q<counter>.<host>,S=<size>,W=<crlf-size>
 * where size is the octet count on disk and crlf-size the count with every
 * line end as CRLF (what POP3 and IMAP report).  In cur/ the name gains
 * ":2,<flags>", flags in ASCII order from "DFPRST" and keyword letters a-z.
 */
#ifndef ZM_MAILDIR_H
#define ZM_MAILDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "limits.h"

#define MAILDIR_NAME_MAX 256

struct maildir {
	char path[ZM_PATH_MAX];
	int dir_fd;     /* the Maildir (or folder) itself */
	int tmp_fd;
	int new_fd;
	int cur_fd;
};

enum maildir_result {
	MAILDIR_OK = 0,
	MAILDIR_NOT_FOUND = -1,   /* does not exist (and create was false) */
	MAILDIR_UNSAFE = -2,      /* symlink, not a directory, or foreign owner */
	MAILDIR_IO = -3,          /* I/O error; errno kept */
	MAILDIR_FULL = -4,        /* ENOSPC or EDQUOT */
	MAILDIR_EXISTS = -5,      /* name collision (folder create) */
	MAILDIR_BAD_NAME = -6,    /* folder name not acceptable */
};

/*
 * Open the Maildir at path.  When create is true, missing path, tmp/, new/
 * and cur/ are made (mode 0700).  When owner is not (uid_t)-1 every
 * directory must be owned by it, else MAILDIR_UNSAFE.
 */
int maildir_open(struct maildir *md, const char *path, bool create, uid_t owner);
void maildir_close(struct maildir *md);

/*
 * Path of a Maildir++ folder under root: "" or "INBOX" is root itself,
 * "Sent" is root/.Sent, "a/b" and "a.b" map to root/.a.b (the separator in
 * names given here is '/', or '.' when already in on-disk form).  Refuses
 * "..", empty components, and names with '/' at the ends.
 */
int maildir_folder_path(const char *root, const char *folder, char *out, size_t outlen);

/* An incoming message being written into tmp/. */
struct maildir_delivery {
	int fd;
	char tmp_name[MAILDIR_NAME_MAX];
	uint64_t size;        /* octets written */
	uint64_t crlf_size;   /* octets if every bare LF were CRLF */
	bool last_was_cr;
};

/* Create a new uniquely named file in tmp/. */
int maildir_delivery_begin(struct maildir *md, struct maildir_delivery *d);
/* Append bytes; counts size and crlf_size. */
int maildir_delivery_write(struct maildir_delivery *d, const void *buf, size_t len);
/*
 * fsync and close the file, link it into new/ as
 * "<unique>,S=<size>,W=<crlf_size>", unlink the tmp name, fsync new/.
 * The final base name goes to name_out (may be NULL).  On any error the tmp
 * file is removed and nothing is left in new/.
 */
int maildir_delivery_commit(struct maildir *md, struct maildir_delivery *d,
			    char *name_out, size_t name_outlen);
/* Remove the tmp file (after an error or a refused message). */
void maildir_delivery_abort(struct maildir *md, struct maildir_delivery *d);

/* Make a unique base name "<sec>.M<usec>P<pid>Q<counter>.<host>". */
int maildir_unique_name(char *out, size_t outlen);

/* One message seen by a scan. */
struct maildir_entry {
	char *name;           /* file name as on disk (owned by the list) */
	size_t base_len;      /* length of the unique part (before ":2," or ":") */
	bool in_new;
	uint64_t size;        /* from ,S= or stat */
	uint64_t crlf_size;   /* from ,W= or UINT64_MAX when unknown */
	char flags[32];       /* letters after ":2,", sorted */
};

struct maildir_list {
	struct maildir_entry *entries;
	size_t count;
	size_t cap;
};

/* Scan new/ and cur/ (skipping dot files and anything that is not a regular
 * file name).  Sizes come from the name when present (no stat).  Sorted by
 * name for stable order. */
int maildir_scan(struct maildir *md, struct maildir_list *out);
void maildir_list_free(struct maildir_list *l);

/* Open a message read-only (O_NOFOLLOW); returns fd or -1.  Looks in cur/
 * then new/ by base name when the exact name is gone (a flag change by
 * another process renamed it). */
int maildir_open_message(struct maildir *md, const struct maildir_entry *e);

/* Move a message from new/ to cur/ and/or set its flags (sorted letters).
 * Updates e->name / e->in_new / e->flags.  A message already gone is
 * MAILDIR_NOT_FOUND. */
int maildir_set_flags(struct maildir *md, struct maildir_entry *e, const char *flags);

/* Delete a message (unlink; gone already is not an error). */
int maildir_delete(struct maildir *md, const struct maildir_entry *e);

/* Maildir++ folders: list the names (on-disk ".a.b" as "a/b"), create,
 * delete, rename; and the "subscriptions" file (one folder a line). */
int maildir_folders_list(const char *root, char ***names, size_t *count);
void maildir_folders_free(char **names, size_t count);
int maildir_folder_create(const char *root, const char *folder, uid_t owner);
int maildir_subscriptions_read(const char *root, char ***names, size_t *count);
int maildir_subscriptions_write(const char *root, char *const *names, size_t count);

#endif
