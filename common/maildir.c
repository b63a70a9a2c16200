/*
 * maildir.c - the Maildir protocol: unique names, delivery tmp -> new,
 * scans of new/ and cur/, flag changes by rename, delete, Maildir++ folders
 * and the subscriptions file.  Interface and safety rules: maildir.h;
 * on-disk formats: docs/maildir-format.md.
 *
 * Every path operation is relative to a directory fd opened with
 * O_DIRECTORY|O_NOFOLLOW|O_CLOEXEC and checked for its owner, so a symlink
 * planted by someone else, or a rename of a parent, cannot redirect a
 * (setuid) deliver.  The delivery order is the one of STYLE.md item 8:
 * create in tmp/ (O_CREAT|O_EXCL|O_NOFOLLOW, 0600), write, fsync, close,
 * link into new/, unlink the tmp name, fsync new/.
 */
#include "maildir.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)

/* The delivery counter of maildir_unique_name (see maildir.h). */
static unsigned long unique_counter;

static int errno_result(int e)
{
	if (e == ENOSPC || e == EDQUOT)
		return MAILDIR_FULL;
	return MAILDIR_IO;
}

/* Open a directory below dir_fd (or an absolute/relative path when dir_fd
 * is AT_FDCWD), creating it when asked, and check type and owner. */
static int open_dir_at(int dir_fd, const char *name, bool create, uid_t owner, int *fd_r)
{
	int fd = openat(dir_fd, name, DIR_FLAGS);
	if (fd < 0 && errno == ENOENT && create) {
		if (mkdirat(dir_fd, name, 0700) < 0 && errno != EEXIST)
			return errno == ENOENT ? MAILDIR_NOT_FOUND : errno_result(errno);
		fd = openat(dir_fd, name, DIR_FLAGS);
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return MAILDIR_NOT_FOUND;
		if (errno == ELOOP || errno == ENOTDIR)
			return MAILDIR_UNSAFE;
		return MAILDIR_IO;
	}
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return MAILDIR_IO;
	}
	if (!S_ISDIR(st.st_mode) || (owner != (uid_t)-1 && st.st_uid != owner)) {
		close(fd);
		return MAILDIR_UNSAFE;
	}
	*fd_r = fd;
	return MAILDIR_OK;
}

int maildir_open(struct maildir *md, const char *path, bool create, uid_t owner)
{
	md->dir_fd = md->tmp_fd = md->new_fd = md->cur_fd = -1;
	md->path[0] = '\0';
	size_t n = strlen(path);
	if (n == 0 || n >= sizeof md->path)
		return MAILDIR_BAD_NAME;
	memcpy(md->path, path, n + 1);
	/* "Maildir/" would make the kernel follow a symlink despite O_NOFOLLOW */
	while (n > 1 && md->path[n - 1] == '/')
		md->path[--n] = '\0';

	int r = open_dir_at(AT_FDCWD, md->path, create, owner, &md->dir_fd);
	if (r == MAILDIR_OK)
		r = open_dir_at(md->dir_fd, "tmp", create, owner, &md->tmp_fd);
	if (r == MAILDIR_OK)
		r = open_dir_at(md->dir_fd, "new", create, owner, &md->new_fd);
	if (r == MAILDIR_OK)
		r = open_dir_at(md->dir_fd, "cur", create, owner, &md->cur_fd);
	if (r != MAILDIR_OK) {
		int e = errno;
		maildir_close(md);
		errno = e;
	}
	return r;
}

void maildir_close(struct maildir *md)
{
	int *fds[] = { &md->dir_fd, &md->tmp_fd, &md->new_fd, &md->cur_fd };
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

/* ---- folder names ---------------------------------------------------- */

/* Validate a folder name and write its on-disk form ".a.b" (without root);
 * returns MAILDIR_OK, or MAILDIR_BAD_NAME.  out is "" for INBOX. */
static int folder_disk_name(const char *folder, char *out, size_t outlen)
{
	if (folder[0] == '\0' || strcmp(folder, "INBOX") == 0) {
		if (outlen < 1)
			return MAILDIR_BAD_NAME;
		out[0] = '\0';
		return MAILDIR_OK;
	}
	size_t n = strlen(folder);
	if (n + 2 > outlen || n + 2 > MAILDIR_NAME_MAX)
		return MAILDIR_BAD_NAME;
	out[0] = '.';
	size_t comp = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)folder[i];
		if (c < 0x20 || c == 0x7f)
			return MAILDIR_BAD_NAME;
		if (c == '/' || c == '.') {
			if (comp == 0)
				return MAILDIR_BAD_NAME;  /* empty component, "..", "/x", "x//y" */
			comp = 0;
			out[i + 1] = '.';
			continue;
		}
		comp++;
		out[i + 1] = (char)c;
	}
	if (comp == 0)
		return MAILDIR_BAD_NAME;          /* trailing separator */
	out[n + 1] = '\0';
	return MAILDIR_OK;
}

int maildir_folder_path(const char *root, const char *folder, char *out, size_t outlen)
{
	char disk[MAILDIR_NAME_MAX];
	int r = folder_disk_name(folder, disk, sizeof disk);
	if (r != MAILDIR_OK)
		return r;
	int n;
	if (disk[0] == '\0')
		n = snprintf(out, outlen, "%s", root);
	else
		n = snprintf(out, outlen, "%s/%s", root, disk);
	if (n < 0 || (size_t)n >= outlen)
		return MAILDIR_BAD_NAME;
	return MAILDIR_OK;
}

/* ---- unique names and delivery --------------------------------------- */

int maildir_unique_name(char *out, size_t outlen)
{
	char host[256];
	char safe[256 * 4 + 1];
	if (gethostname(host, sizeof host) < 0)
		strcpy(host, "localhost");
	host[sizeof host - 1] = '\0';
	size_t j = 0;
	for (size_t i = 0; host[i] && j + 5 < sizeof safe; i++) {
		const char *esc = NULL;
		if (host[i] == '/')
			esc = "\\057";
		else if (host[i] == ':')
			esc = "\\072";
		else if (host[i] == ',')
			esc = "\\054";
		if (esc) {
			memcpy(safe + j, esc, 4);
			j += 4;
		} else if ((unsigned char)host[i] > 0x20 && host[i] != 0x7f) {
			safe[j++] = host[i];
		}
	}
	safe[j] = '\0';
	if (j == 0)
		strcpy(safe, "localhost");

	struct timeval tv;
	gettimeofday(&tv, NULL);
	unsigned long q = ++unique_counter;
	int n = snprintf(out, outlen, "%lld.M%ldP%ldQ%lu.%s", (long long)tv.tv_sec,
			 (long)tv.tv_usec, (long)getpid(), q, safe);
	if (n < 0 || (size_t)n >= outlen) {
		errno = ENAMETOOLONG;
		return MAILDIR_IO;
	}
	return MAILDIR_OK;
}

int maildir_delivery_begin(struct maildir *md, struct maildir_delivery *d)
{
	memset(d, 0, sizeof *d);
	d->fd = -1;
	/* Bounded retries: a collision means the counter, pid and usec all
	 * repeated (a pid reused within one microsecond), so it is rare. */
	for (int tries = 0; tries < 5; tries++) {
		/* room for ",S=<20>,W=<20>" and ":2,<flags>" later */
		if (maildir_unique_name(d->tmp_name, MAILDIR_NAME_MAX - 80) != MAILDIR_OK)
			return MAILDIR_IO;
		int fd = openat(md->tmp_fd, d->tmp_name,
				O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			d->fd = fd;
			return MAILDIR_OK;
		}
		if (errno != EEXIST)
			return errno_result(errno);
	}
	errno = EEXIST;
	return MAILDIR_IO;
}

int maildir_delivery_write(struct maildir_delivery *d, const void *buf, size_t len)
{
	if (d->fd < 0) {
		errno = EBADF;
		return MAILDIR_IO;
	}
	const unsigned char *p = buf;
	uint64_t bare_lf = 0;
	bool cr = d->last_was_cr;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\n' && !cr)
			bare_lf++;
		cr = p[i] == '\r';
	}
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(d->fd, p + off, len - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return errno_result(errno);
		}
		if (w == 0) {
			errno = EIO;
			return MAILDIR_IO;
		}
		off += (size_t)w;
	}
	d->last_was_cr = cr;
	d->size += len;
	d->crlf_size += len + bare_lf;
	return MAILDIR_OK;
}

void maildir_delivery_abort(struct maildir *md, struct maildir_delivery *d)
{
	int e = errno;
	if (d->fd >= 0) {
		close(d->fd);
		d->fd = -1;
	}
	if (d->tmp_name[0] != '\0')
		unlinkat(md->tmp_fd, d->tmp_name, 0);
	d->tmp_name[0] = '\0';
	errno = e;
}

int maildir_delivery_commit(struct maildir *md, struct maildir_delivery *d,
			    char *name_out, size_t name_outlen)
{
	char final[MAILDIR_NAME_MAX];
	int r;
	if (d->fd < 0 || d->tmp_name[0] == '\0') {
		errno = EBADF;
		return MAILDIR_IO;
	}
	int n = snprintf(final, sizeof final, "%s,S=%llu,W=%llu", d->tmp_name,
			 (unsigned long long)d->size, (unsigned long long)d->crlf_size);
	if (n < 0 || (size_t)n >= sizeof final || (name_out && (size_t)n >= name_outlen)) {
		maildir_delivery_abort(md, d);
		errno = ENAMETOOLONG;
		return MAILDIR_IO;
	}
	if (fsync(d->fd) < 0) {
		r = errno_result(errno);
		maildir_delivery_abort(md, d);
		return r;
	}
	if (close(d->fd) < 0) {
		d->fd = -1;
		r = errno_result(errno);
		maildir_delivery_abort(md, d);
		return r;
	}
	d->fd = -1;

	/* link() refuses to replace an existing name; where hard links are
	 * not supported fall back to a rename that refuses too. */
	if (linkat(md->tmp_fd, d->tmp_name, md->new_fd, final, 0) == 0) {
		unlinkat(md->tmp_fd, d->tmp_name, 0);
	} else if (errno == EPERM || errno == EOPNOTSUPP || errno == EXDEV || errno == ENOSYS) {
		if (renameat2(md->tmp_fd, d->tmp_name, md->new_fd, final, RENAME_NOREPLACE) < 0) {
			r = errno_result(errno);
			maildir_delivery_abort(md, d);
			return r;
		}
	} else {
		r = errno_result(errno);
		maildir_delivery_abort(md, d);
		return r;
	}
	d->tmp_name[0] = '\0';
	if (fsync(md->new_fd) < 0) {
		/* not known to be durable: take it back so nobody is told "ok" */
		r = errno_result(errno);
		int e = errno;
		unlinkat(md->new_fd, final, 0);
		errno = e;
		return r;
	}
	if (name_out)
		memcpy(name_out, final, (size_t)n + 1);
	return MAILDIR_OK;
}

/* ---- names ----------------------------------------------------------- */

size_t maildir_base_len(const char *name)
{
	const char *c = strchr(name, ':');
	return c ? (size_t)(c - name) : strlen(name);
}


void maildir_name_sizes(const char *name, size_t base_len,
			uint64_t *size_r, uint64_t *crlf_size_r)
{
	uint64_t s = UINT64_MAX, w = UINT64_MAX;
	const char *end = name + base_len;
	const char *p = memchr(name, ',', base_len);
	while (p && p < end) {
		const char *f = p + 1;
		const char *next = memchr(f, ',', (size_t)(end - f));
		const char *fend = next ? next : end;
		uint64_t v;
		if (fend - f > 2 && f[1] == '=' && util_parse_u64(f + 2, (size_t)(fend - f - 2), &v)) {
			if (f[0] == 'S')
				s = v;
			else if (f[0] == 'W')
				w = v;
		}
		p = next;
	}
	*size_r = s;
	*crlf_size_r = w;
}

static int cmp_char(const void *a, const void *b)
{
	return *(const unsigned char *)a - *(const unsigned char *)b;
}

/* Keep ASCII letters only, sorted, no repeats; false if too many. */
static bool normalise_flags(const char *in, size_t len, char *out, size_t outlen)
{
	size_t j = 0;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')))
			continue;
		if (memchr(out, c, j))
			continue;
		if (j + 1 >= outlen)
			return false;
		out[j++] = c;
	}
	qsort(out, j, 1, cmp_char);
	out[j] = '\0';
	return true;
}

int maildir_entry_from_name(struct maildir_entry *e, const char *name, bool in_new)
{
	memset(e, 0, sizeof *e);
	size_t n = strlen(name);
	if (n == 0 || n >= MAILDIR_NAME_MAX)
		return MAILDIR_BAD_NAME;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if (c < 0x20 || c == 0x7f || c == '/')
			return MAILDIR_BAD_NAME;
	}
	e->base_len = maildir_base_len(name);
	if (e->base_len == 0)
		return MAILDIR_BAD_NAME;
	maildir_name_sizes(name, e->base_len, &e->size, &e->crlf_size);
	if (e->base_len + 3 <= n && memcmp(name + e->base_len, ":2,", 3) == 0) {
		const char *f = name + e->base_len + 3;
		if (!normalise_flags(f, strlen(f), e->flags, sizeof e->flags))
			e->flags[0] = '\0';
	}
	e->in_new = in_new;
	e->name = strdup(name);
	if (!e->name)
		return MAILDIR_IO;
	return MAILDIR_OK;
}

/* ---- scan ------------------------------------------------------------ */

static int list_push(struct maildir_list *l, struct maildir_entry *e)
{
	if (util_grow((void **)&l->entries, &l->cap, l->count + 1, sizeof(*l->entries)) != 0)
		return MAILDIR_IO;
	l->entries[l->count++] = *e;
	return MAILDIR_OK;
}

static int scan_dir(int dir_fd, bool in_new, struct maildir_list *out)
{
	int fd = openat(dir_fd, ".", DIR_FLAGS);
	if (fd < 0)
		return MAILDIR_IO;
	DIR *dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return MAILDIR_IO;
	}
	int r = MAILDIR_OK;
	struct dirent *de;
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			if (errno != 0)
				r = MAILDIR_IO;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		if (de->d_type != DT_REG && de->d_type != DT_UNKNOWN)
			continue;
		struct maildir_entry e;
		int er = maildir_entry_from_name(&e, de->d_name, in_new);
		if (er == MAILDIR_BAD_NAME)
			continue;
		if (er != MAILDIR_OK) {
			r = er;
			break;
		}
		if (de->d_type == DT_UNKNOWN || e.size == UINT64_MAX) {
			struct stat st;
			if (fstatat(dir_fd, e.name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    !S_ISREG(st.st_mode)) {
				/* gone meanwhile (renamed or expunged), or not a file */
				free(e.name);
				continue;
			}
			if (e.size == UINT64_MAX)
				e.size = (uint64_t)st.st_size;
		}
		if (list_push(out, &e) != MAILDIR_OK) {
			free(e.name);
			r = MAILDIR_IO;
			break;
		}
	}
	closedir(dir);
	return r;
}

static int cmp_entry_name(const void *a, const void *b)
{
	const struct maildir_entry *x = a, *y = b;
	return strcmp(x->name, y->name);
}

int maildir_scan(struct maildir *md, struct maildir_list *out)
{
	memset(out, 0, sizeof *out);
	/* new/ before cur/: a message moved new -> cur while we scan is then
	 * seen at least once (maybe twice; the uid list dedups by base name). */
	int r = scan_dir(md->new_fd, true, out);
	if (r == MAILDIR_OK)
		r = scan_dir(md->cur_fd, false, out);
	if (r != MAILDIR_OK) {
		maildir_list_free(out);
		return r;
	}
	if (out->count > 1)
		qsort(out->entries, out->count, sizeof *out->entries, cmp_entry_name);
	return MAILDIR_OK;
}

void maildir_list_free(struct maildir_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->entries[i].name);
	free(l->entries);
	l->entries = NULL;
	l->count = l->cap = 0;
}

/* ---- single messages ------------------------------------------------- */

/* Find the current name of the message with base name base[0..blen) in
 * cur/ then new/.  Returns MAILDIR_OK with name and *in_new set, or
 * MAILDIR_NOT_FOUND. */
static int find_by_base(struct maildir *md, const char *base, size_t blen,
			char *name, size_t namelen, bool *in_new)
{
	for (int pass = 0; pass < 2; pass++) {
		int dfd = pass == 0 ? md->cur_fd : md->new_fd;
		int fd = openat(dfd, ".", DIR_FLAGS);
		if (fd < 0)
			return MAILDIR_IO;
		DIR *dir = fdopendir(fd);
		if (!dir) {
			close(fd);
			return MAILDIR_IO;
		}
		struct dirent *de;
		bool found = false;
		while ((de = readdir(dir)) != NULL) {
			if (strncmp(de->d_name, base, blen) != 0)
				continue;
			if (de->d_name[blen] != '\0' && de->d_name[blen] != ':')
				continue;
			size_t n = strlen(de->d_name);
			if (n >= namelen)
				continue;
			memcpy(name, de->d_name, n + 1);
			found = true;
			break;
		}
		closedir(dir);
		if (found) {
			*in_new = pass == 1;
			return MAILDIR_OK;
		}
	}
	return MAILDIR_NOT_FOUND;
}

int maildir_open_message(struct maildir *md, const struct maildir_entry *e)
{
	int fd = openat(e->in_new ? md->new_fd : md->cur_fd, e->name,
			O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd >= 0 || errno != ENOENT)
		return fd;
	/* Renamed by someone else (a flag change, new -> cur): a bounded
	 * number of look-ups, as it may move again between look-up and open. */
	for (int tries = 0; tries < 3; tries++) {
		char name[MAILDIR_NAME_MAX];
		bool in_new;
		if (find_by_base(md, e->name, e->base_len, name, sizeof name, &in_new) != MAILDIR_OK) {
			errno = ENOENT;
			return -1;
		}
		fd = openat(in_new ? md->new_fd : md->cur_fd, name,
			    O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
		if (fd >= 0 || errno != ENOENT)
			return fd;
	}
	errno = ENOENT;
	return -1;
}

int maildir_set_flags(struct maildir *md, struct maildir_entry *e, const char *flags)
{
	char fl[sizeof e->flags];
	if (!normalise_flags(flags, strlen(flags), fl, sizeof fl))
		return MAILDIR_BAD_NAME;
	char newname[MAILDIR_NAME_MAX];
	int n = snprintf(newname, sizeof newname, "%.*s:2,%s", (int)e->base_len, e->name, fl);
	if (n < 0 || (size_t)n >= sizeof newname)
		return MAILDIR_BAD_NAME;

	char oldname[MAILDIR_NAME_MAX];
	bool in_new = e->in_new;
	size_t on = strlen(e->name);
	if (on >= sizeof oldname)
		return MAILDIR_BAD_NAME;
	memcpy(oldname, e->name, on + 1);
	for (int tries = 0;; tries++) {
		struct stat st;
		if (!in_new && strcmp(oldname, newname) == 0) {
			/* already so, if it is still there */
			if (fstatat(md->cur_fd, oldname, &st, AT_SYMLINK_NOFOLLOW) == 0)
				break;
		} else if (renameat(in_new ? md->new_fd : md->cur_fd, oldname,
				    md->cur_fd, newname) == 0) {
			break;
		}
		if (errno != ENOENT)
			return errno_result(errno);
		if (tries >= 3)
			return MAILDIR_NOT_FOUND;
		int r = find_by_base(md, e->name, e->base_len, oldname, sizeof oldname, &in_new);
		if (r != MAILDIR_OK)
			return r;
	}
	char *dup = strdup(newname);
	if (!dup)
		return MAILDIR_IO;
	free(e->name);
	e->name = dup;
	e->in_new = false;
	memcpy(e->flags, fl, sizeof fl);
	return MAILDIR_OK;
}

int maildir_delete(struct maildir *md, const struct maildir_entry *e)
{
	if (unlinkat(e->in_new ? md->new_fd : md->cur_fd, e->name, 0) == 0)
		return MAILDIR_OK;
	if (errno != ENOENT)
		return errno_result(errno);
	for (int tries = 0; tries < 3; tries++) {
		char name[MAILDIR_NAME_MAX];
		bool in_new;
		int r = find_by_base(md, e->name, e->base_len, name, sizeof name, &in_new);
		if (r == MAILDIR_NOT_FOUND)
			return MAILDIR_OK;
		if (r != MAILDIR_OK)
			return r;
		if (unlinkat(in_new ? md->new_fd : md->cur_fd, name, 0) == 0)
			return MAILDIR_OK;
		if (errno != ENOENT)
			return errno_result(errno);
	}
	return MAILDIR_OK;
}

/* ---- folders --------------------------------------------------------- */

struct strvec {
	char **v;
	size_t n, cap;
};

static int strvec_push(struct strvec *sv, const char *s, size_t len)
{
	if (sv->n == sv->cap) {
		size_t nc = sv->cap ? sv->cap * 2 : 16;
		if (nc > SIZE_MAX / sizeof *sv->v)
			return MAILDIR_IO;
		char **nv = realloc(sv->v, nc * sizeof *nv);
		if (!nv)
			return MAILDIR_IO;
		sv->v = nv;
		sv->cap = nc;
	}
	char *d = strndup(s, len);
	if (!d)
		return MAILDIR_IO;
	sv->v[sv->n++] = d;
	return MAILDIR_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void maildir_folders_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

int maildir_folders_list(const char *root, char ***names, size_t *count)
{
	*names = NULL;
	*count = 0;
	int rfd;
	int r = open_dir_at(AT_FDCWD, root, false, (uid_t)-1, &rfd);
	if (r != MAILDIR_OK)
		return r;
	DIR *dir = fdopendir(rfd);
	if (!dir) {
		close(rfd);
		return MAILDIR_IO;
	}
	struct strvec sv = { 0 };
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		const char *n = de->d_name;
		if (n[0] != '.' || n[1] == '\0' || strcmp(n, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(rfd, n, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			continue;
		char cur[MAILDIR_NAME_MAX + 8];
		int k = snprintf(cur, sizeof cur, "%s/cur", n);
		if (k < 0 || (size_t)k >= sizeof cur)
			continue;
		if (fstatat(rfd, cur, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISDIR(st.st_mode))
			continue;
		/* on-disk ".a.b" -> "a/b"; skip what we could not have made */
		char vname[MAILDIR_NAME_MAX];
		size_t len = strlen(n + 1);
		if (len >= sizeof vname)
			continue;
		for (size_t i = 0; i <= len; i++)
			vname[i] = n[1 + i] == '.' ? '/' : n[1 + i];
		char check[MAILDIR_NAME_MAX];
		if (folder_disk_name(vname, check, sizeof check) != MAILDIR_OK ||
		    check[0] == '\0' || strcmp(check, n) != 0)
			continue;
		if (strvec_push(&sv, vname, len) != MAILDIR_OK) {
			closedir(dir);
			maildir_folders_free(sv.v, sv.n);
			return MAILDIR_IO;
		}
	}
	closedir(dir);
	if (sv.n > 1)
		qsort(sv.v, sv.n, sizeof *sv.v, cmp_str);
	*names = sv.v;
	*count = sv.n;
	return MAILDIR_OK;
}

int maildir_folder_create(const char *root, const char *folder, uid_t owner)
{
	char disk[MAILDIR_NAME_MAX];
	int r = folder_disk_name(folder, disk, sizeof disk);
	if (r != MAILDIR_OK)
		return r;
	if (disk[0] == '\0')
		return MAILDIR_BAD_NAME;
	int rfd;
	r = open_dir_at(AT_FDCWD, root, false, owner, &rfd);
	if (r != MAILDIR_OK)
		return r;
	if (mkdirat(rfd, disk, 0700) < 0) {
		r = errno == EEXIST ? MAILDIR_EXISTS : errno_result(errno);
		close(rfd);
		return r;
	}
	int ffd;
	r = open_dir_at(rfd, disk, false, owner, &ffd);
	close(rfd);
	if (r != MAILDIR_OK)
		return r;
	static const char *const sub[] = { "tmp", "new", "cur" };
	for (size_t i = 0; i < 3 && r == MAILDIR_OK; i++) {
		int sfd;
		r = open_dir_at(ffd, sub[i], true, owner, &sfd);
		if (r == MAILDIR_OK)
			close(sfd);
	}
	if (r == MAILDIR_OK) {
		int mf = openat(ffd, "maildirfolder",
				O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
		if (mf < 0 && errno != EEXIST)
			r = errno_result(errno);
		if (mf >= 0)
			close(mf);
	}
	if (r == MAILDIR_OK && fsync(ffd) < 0)
		r = errno_result(errno);
	close(ffd);
	return r;
}

/* ---- subscriptions --------------------------------------------------- */

#define SUBS_FILE "subscriptions"
#define SUBS_MAX_SIZE (1024 * 1024)

int maildir_read_file_at(int dir_fd, const char *name, size_t max, char **buf, size_t *len)
{
	struct stat st;
	size_t n = 0, cap;
	char *b;
	int fd;

	*buf = NULL;
	*len = 0;
	/* O_NONBLOCK: a FIFO planted in the Maildir must not hang us. */
	fd = openat(dir_fd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT ? MAILDIR_NOT_FOUND : MAILDIR_IO;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		errno = EINVAL;
		return MAILDIR_IO;
	}
	/* Exactly max bytes are allowed; one more is too big. */
	if ((uint64_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return MAILDIR_IO;
	}
	/* Sized from fstat; grows (up to max) only if the file grows. */
	cap = (size_t)st.st_size + 1;
	if (cap > max)
		cap = max;
	b = malloc(cap + 1);
	if (!b) {
		close(fd);
		return MAILDIR_IO;
	}
	for (;;) {
		ssize_t r;

		if (n == cap && cap < max) {
			size_t nc = cap > max / 2 ? max : cap * 2;
			char *nb = realloc(b, nc + 1);

			if (!nb) {
				free(b);
				close(fd);
				return MAILDIR_IO;
			}
			b = nb;
			cap = nc;
		}
		if (n == max) {
			char extra;

			/* The file grew past max since fstat. */
			if (read(fd, &extra, 1) > 0) {
				free(b);
				close(fd);
				errno = EFBIG;
				return MAILDIR_IO;
			}
			break;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			free(b);
			close(fd);
			return MAILDIR_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	b[n] = '\0';
	*buf = b;
	*len = n;
	return MAILDIR_OK;
}

int maildir_subscriptions_read(const char *root, char ***names, size_t *count)
{
	*names = NULL;
	*count = 0;
	int rfd;
	int r = open_dir_at(AT_FDCWD, root, false, (uid_t)-1, &rfd);
	if (r != MAILDIR_OK)
		return r;
	char *buf;
	size_t len;
	r = maildir_read_file_at(rfd, SUBS_FILE, SUBS_MAX_SIZE, &buf, &len);
	close(rfd);
	if (r == MAILDIR_NOT_FOUND)
		return MAILDIR_OK;
	if (r != MAILDIR_OK)
		return r;

	struct strvec sv = { 0 };
	bool v2 = len >= 4 && memcmp(buf, "V\t2\n", 4) == 0;
	bool in_header = v2;
	size_t pos = 0;
	while (pos < len) {
		char *line = buf + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl ? 1 : 0);
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		line[ll] = '\0';
		if (in_header) {
			if (ll == 0)
				in_header = false;
			continue;
		}
		if (ll == 0 || memchr(line, '\0', ll))
			continue;
		char vname[MAILDIR_NAME_MAX];
		if (ll >= sizeof vname)
			continue;
		const char *src = line;
		size_t sl = ll;
		if (!v2 && sl > 6 && memcmp(src, "INBOX.", 6) == 0) {
			src += 6;     /* Courier: "INBOX.a.b" */
			sl -= 6;
		}
		for (size_t i = 0; i < sl; i++) {
			char c = src[i];
			if (v2 ? c == '\t' : c == '.')
				c = '/';
			vname[i] = c;
		}
		vname[sl] = '\0';
		char check[MAILDIR_NAME_MAX];
		if (strcmp(vname, "INBOX") != 0 &&
		    folder_disk_name(vname, check, sizeof check) != MAILDIR_OK)
			continue;
		bool dup = false;
		for (size_t i = 0; i < sv.n && !dup; i++)
			dup = strcmp(sv.v[i], vname) == 0;
		if (dup)
			continue;
		if (strvec_push(&sv, vname, sl) != MAILDIR_OK) {
			free(buf);
			maildir_folders_free(sv.v, sv.n);
			return MAILDIR_IO;
		}
	}
	free(buf);
	*names = sv.v;
	*count = sv.n;
	return MAILDIR_OK;
}

int maildir_write_file_at(int dir_fd, const char *name, const char *data, size_t len)
{
	char tmp[MAILDIR_NAME_MAX];
	int n = snprintf(tmp, sizeof tmp, "%s.tmp.%ld", name, (long)getpid());
	if (n < 0 || (size_t)n >= sizeof tmp)
		return MAILDIR_IO;
	unlinkat(dir_fd, tmp, 0);   /* a stale one of a dead process with our pid */
	int fd = openat(dir_fd, tmp, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0)
		return errno_result(errno);
	size_t off = 0;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int r = w < 0 ? errno_result(errno) : MAILDIR_IO;
			close(fd);
			unlinkat(dir_fd, tmp, 0);
			return r;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		int r = errno_result(errno);
		close(fd);
		unlinkat(dir_fd, tmp, 0);
		return r;
	}
	if (close(fd) < 0) {
		int r = errno_result(errno);
		unlinkat(dir_fd, tmp, 0);
		return r;
	}
	if (renameat(dir_fd, tmp, dir_fd, name) < 0) {
		int r = errno_result(errno);
		unlinkat(dir_fd, tmp, 0);
		return r;
	}
	if (fsync(dir_fd) < 0)
		return errno_result(errno);
	return MAILDIR_OK;
}

int maildir_subscriptions_write(const char *root, char *const *names, size_t count)
{
	size_t total = 0;
	for (size_t i = 0; i < count; i++) {
		char check[MAILDIR_NAME_MAX];
		if (strcmp(names[i], "INBOX") != 0 &&
		    folder_disk_name(names[i], check, sizeof check) != MAILDIR_OK)
			return MAILDIR_BAD_NAME;
		total += strlen(names[i]) + 1;    /* bounded by MAILDIR_NAME_MAX each */
		if (total > SUBS_MAX_SIZE)
			return MAILDIR_BAD_NAME;
	}
	char *buf = malloc(total + 1);
	if (!buf)
		return MAILDIR_IO;
	size_t off = 0;
	for (size_t i = 0; i < count; i++) {
		size_t n = strlen(names[i]);
		for (size_t k = 0; k < n; k++)
			buf[off + k] = names[i][k] == '/' ? '.' : names[i][k];
		off += n;
		buf[off++] = '\n';
	}
	int rfd;
	int r = open_dir_at(AT_FDCWD, root, false, (uid_t)-1, &rfd);
	if (r == MAILDIR_OK) {
		r = maildir_write_file_at(rfd, SUBS_FILE, buf, off);
		close(rfd);
	}
	free(buf);
	return r;
}

int maildir_clean_tmp(struct maildir *md, time_t max_age)
{
	int fd = dup(md->tmp_fd), removed = 0;
	DIR *d;
	struct dirent *de;
	time_t now = time(NULL);

	if (fd < 0)
		return -1;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	rewinddir(d);
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (fstatat(md->tmp_fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
			continue;
		/* atime may be off (noatime); the newest of the three counts. */
		time_t last = st.st_mtime > st.st_ctime ? st.st_mtime : st.st_ctime;

		if (st.st_atime > last)
			last = st.st_atime;
		if (now - last >= max_age && unlinkat(md->tmp_fd, de->d_name, 0) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}
