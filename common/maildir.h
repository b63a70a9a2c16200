/*
 * maildir.h - the single implementation of the Maildir protocol.
 *
 * Owns: unique names, delivery (tmp -> new with fsync of the file and of
 * new/), listing new+cur with ":2," flags, flag changes by rename, Maildir++
 * folders (".Sent", nested ".a.b") and the "subscriptions" file.  The UID
 * list and keywords live in uidlist.h / keywords.h on top of this.
 * On-disk formats: docs/maildir-format.md.
 *
 * Safety: the Maildir and its tmp/ new/ cur/ are opened with
 * O_NOFOLLOW|O_DIRECTORY and checked to be owned by the expected uid (when
 * one is given); files are created with O_CREAT|O_EXCL|O_NOFOLLOW, mode
 * 0600.  The path's parent directories are resolved normally (symlinks
 * followed), so callers must run as the mailbox owner, never as root (as
 * deliver does).  Once open, all operations work relative to the directory
 * fds held in struct maildir, so a later rename of a parent cannot redirect
 * us.
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
#include <time.h>
#include "zmlimits.h"

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
	MAILDIR_DAMAGED = -7,     /* a uid list / keywords file does not parse */
	MAILDIR_LIMIT = -8,       /* no room left (all 26 keyword letters used) */
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

/* Make a unique base name "<sec>.M<usec>P<pid>Q<counter>.<host>".  The
 * counter is a process-wide static (the one piece of mutable global state
 * of this module); host is gethostname() with '/' as "\057", ':' as "\072"
 * and ',' as "\054".  Returns MAILDIR_OK or MAILDIR_IO (buffer too small). */
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

/* Length of the unique part of a file name: up to the first ':' (the info
 * separator), or the whole name. */
size_t maildir_base_len(const char *name);

/* Sizes from ",S=<n>" and ",W=<n>" fields of the unique part name[0..base_len)
 * (Dovecot and zeromail write both, Courier only S=).  Each result is
 * UINT64_MAX when that field is absent or malformed. */
void maildir_name_sizes(const char *name, size_t base_len,
			uint64_t *size_r, uint64_t *crlf_size_r);

/* Fill *e from a file name (copied; e->name owned by the caller, free()).
 * Flags are the letters after ":2,", sorted, unknown bytes dropped; sizes
 * from the name only (size UINT64_MAX when the name has no S=).
 * Returns MAILDIR_OK, MAILDIR_BAD_NAME (empty, too long, control bytes or
 * '/') or MAILDIR_IO (no memory). */
int maildir_entry_from_name(struct maildir_entry *e, const char *name, bool in_new);

/* Small-file helpers used by the uid list, keywords and subscriptions.
 * maildir_read_file_at: read the whole file name below dir_fd (opened
 * O_NOFOLLOW) into *buf (malloc'd, NUL-terminated, *len without the NUL);
 * MAILDIR_NOT_FOUND when missing, MAILDIR_IO (errno EFBIG) above max bytes.
 * maildir_write_file_at: replace name below dir_fd crash-safely: write
 * "<name>.tmp.<pid>" (O_EXCL|O_NOFOLLOW, 0600), fsync, rename over name,
 * fsync dir_fd.  The temp file is removed on failure. */
int maildir_read_file_at(int dir_fd, const char *name, size_t max, char **buf, size_t *len);
int maildir_write_file_at(int dir_fd, const char *name, const char *data, size_t len);

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

/* The Maildir convention: a file in tmp/ untouched for 36 hours belongs to
 * a delivery that died; remove such regular files (not symlinks or
 * directories).  Returns the number removed, or -1. */
#define MAILDIR_TMP_MAX_AGE (36 * 3600)
int maildir_clean_tmp(struct maildir *md, time_t max_age);

/*
 * Maildir++ folders and the "subscriptions" file.
 *
 * maildir_folders_list: the folders under root (every directory ".x" that
 * is not a symlink and has a cur/ subdirectory), as names with '/' as the
 * separator (".a.b" -> "a/b"), sorted; INBOX (root itself) is not listed.
 * *names is a malloc'd array of malloc'd strings: free with
 * maildir_folders_free.
 *
 * maildir_folder_create: mkdir root/.a.b (0700) with tmp/ new/ cur/ and an
 * empty "maildirfolder" file (Courier and Dovecot mark folders so).  The
 * parents ("a" for "a/b") are not created, as in Maildir++ they need not
 * exist.  MAILDIR_EXISTS when it is already there, MAILDIR_BAD_NAME for a
 * name maildir_folder_path refuses (or for INBOX).
 *
 * maildir_subscriptions_read: the names in root/subscriptions ('/'
 * separated as above).  A missing file is an empty list.  Reads our own
 * format (one name a line, on-disk form "a.b"), Courier's ("INBOX.a.b")
 * and Dovecot's v2 file ("V\t2" header, names with TAB between levels).
 * maildir_subscriptions_write replaces the file crash-safely (write
 * "subscriptions.tmp.<pid>", fsync, rename, fsync root).  Names with a
 * line break or an unacceptable form are MAILDIR_BAD_NAME (nothing written).
 */
int maildir_folders_list(const char *root, char ***names, size_t *count);
void maildir_folders_free(char **names, size_t count);
int maildir_folder_create(const char *root, const char *folder, uid_t owner);
int maildir_subscriptions_read(const char *root, char ***names, size_t *count);
int maildir_subscriptions_write(const char *root, char *const *names, size_t count);

#endif
