/*
 * test_maildir.c - unit tests of common/maildir.c: unique names, delivery
 * (content, S=/W= sizes, mode, crash/abort behaviour, full disk), the
 * safety checks (symlinks, foreign owner), scans of Dovecot and Courier
 * names, flag changes, concurrent renames, folders and subscriptions.
 */
#include "maildir.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];
static char mdpath[128];

static void setup(void)
{
	strcpy(tmpdir, "/tmp/zm-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(mdpath, sizeof mdpath, "%s/Maildir", tmpdir);
}

static void teardown(void)
{
	tap_rm_rf_at(AT_FDCWD, tmpdir);
}

static size_t count_dir(const char *sub)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", mdpath, sub);
	DIR *d = opendir(p);
	if (!d)
		return (size_t)-1;
	size_t n = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void put_file(const char *sub, const char *name, const char *content)
{
	char p[512];
	snprintf(p, sizeof p, "%s/%s/%s", mdpath, sub, name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *b = malloc(2 * 1024 * 1024);
	*len = fread(b, 1, 2 * 1024 * 1024, f);
	fclose(f);
	return b;
}

static void test_unique_name(void)
{
	char a[MAILDIR_NAME_MAX], b[MAILDIR_NAME_MAX], pid[32];
	CHECK_EQ_INT(maildir_unique_name(a, sizeof a), MAILDIR_OK);
	CHECK_EQ_INT(maildir_unique_name(b, sizeof b), MAILDIR_OK);
	CHECK(strcmp(a, b) != 0);
	snprintf(pid, sizeof pid, "P%ld", (long)getpid());
	CHECK(strstr(a, ".M") != NULL);
	CHECK(strstr(a, pid) != NULL);
	CHECK(strchr(a, '/') == NULL);
	CHECK(strchr(a, ':') == NULL);
	CHECK(strchr(a, ',') == NULL);
	char small[8];
	CHECK_EQ_INT(maildir_unique_name(small, sizeof small), MAILDIR_IO);
}

static void test_open_create(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, false, (uid_t)-1), MAILDIR_NOT_FOUND);
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, getuid()), MAILDIR_OK);
	maildir_close(&md);
	const char *subs[] = { "", "/tmp", "/new", "/cur" };
	for (int i = 0; i < 4; i++) {
		char p[256];
		struct stat st;
		snprintf(p, sizeof p, "%s%s", mdpath, subs[i]);
		CHECK(stat(p, &st) == 0 && S_ISDIR(st.st_mode));
		CHECK_EQ_INT(st.st_mode & 07777, 0700);
	}
	/* parent missing: not created */
	char deep[256];
	snprintf(deep, sizeof deep, "%s/nope/Maildir", tmpdir);
	CHECK_EQ_INT(maildir_open(&md, deep, true, (uid_t)-1), MAILDIR_NOT_FOUND);
	teardown();
}

/* Deliver data in chunks of at most chunk bytes; check everything. */
static void deliver_and_check(const char *data, size_t len, size_t chunk,
			      unsigned long long want_w)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, getuid()), MAILDIR_OK);
	struct maildir_delivery d;
	CHECK_EQ_INT(maildir_delivery_begin(&md, &d), MAILDIR_OK);
	CHECK_EQ_INT(count_dir("tmp"), 1);
	for (size_t off = 0; off < len; off += chunk) {
		size_t n = len - off < chunk ? len - off : chunk;
		CHECK_EQ_INT(maildir_delivery_write(&d, data + off, n), MAILDIR_OK);
	}
	char name[MAILDIR_NAME_MAX];
	CHECK_EQ_INT(maildir_delivery_commit(&md, &d, name, sizeof name), MAILDIR_OK);
	CHECK_EQ_INT(count_dir("tmp"), 0);
	CHECK_EQ_INT(count_dir("new"), 1);
	char want[64];
	snprintf(want, sizeof want, ",S=%zu,W=%llu", len, want_w);
	CHECK(strstr(name, want) != NULL);
	uint64_t s, w;
	maildir_name_sizes(name, maildir_base_len(name), &s, &w);
	CHECK_EQ_INT(s, len);
	CHECK_EQ_INT(w, want_w);

	char p[512];
	snprintf(p, sizeof p, "%s/new/%s", mdpath, name);
	struct stat st;
	CHECK(stat(p, &st) == 0);
	CHECK_EQ_INT(st.st_mode & 07777, 0600);
	size_t got;
	char *b = read_whole(p, &got);
	CHECK(b != NULL);
	if (b)
		CHECK_MEM(b, got, data, len);
	free(b);
	maildir_close(&md);
	teardown();
}

static void test_deliver_lf(void)
{
	const char m[] = "From: a@b\nSubject: x\n\nline one\nline two\n";
	deliver_and_check(m, sizeof m - 1, 1000, sizeof m - 1 + 5);
	deliver_and_check(m, sizeof m - 1, 1, sizeof m - 1 + 5);
}

static void test_deliver_crlf(void)
{
	const char m[] = "From: a@b\r\nSubject: x\r\n\r\nbody\r\n";
	deliver_and_check(m, sizeof m - 1, 1000, sizeof m - 1);
	deliver_and_check(m, sizeof m - 1, 1, sizeof m - 1);   /* CR|LF split */
	deliver_and_check(m, sizeof m - 1, 3, sizeof m - 1);
}

static void test_deliver_mixed(void)
{
	/* bare LF x3, CRLF x2, lone CR x1 (counted as is), no final LF */
	const char m[] = "a\nb\r\nc\rd\n\ne\r\nf";
	deliver_and_check(m, sizeof m - 1, 1000, sizeof m - 1 + 3);
	deliver_and_check(m, sizeof m - 1, 2, sizeof m - 1 + 3);
	deliver_and_check("", 0, 1, 0);
}

static void test_deliver_abort(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	struct maildir_delivery d;
	CHECK_EQ_INT(maildir_delivery_begin(&md, &d), MAILDIR_OK);
	CHECK_EQ_INT(maildir_delivery_write(&d, "hello\n", 6), MAILDIR_OK);
	maildir_delivery_abort(&md, &d);
	CHECK_EQ_INT(count_dir("tmp"), 0);
	CHECK_EQ_INT(count_dir("new"), 0);
	/* a commit after the fd is gone fails and leaves nothing */
	CHECK_EQ_INT(maildir_delivery_commit(&md, &d, NULL, 0), MAILDIR_IO);
	/* a too small name_out buffer fails the commit cleanly */
	CHECK_EQ_INT(maildir_delivery_begin(&md, &d), MAILDIR_OK);
	char small[4];
	CHECK_EQ_INT(maildir_delivery_commit(&md, &d, small, sizeof small), MAILDIR_IO);
	CHECK_EQ_INT(count_dir("tmp"), 0);
	CHECK_EQ_INT(count_dir("new"), 0);
	maildir_close(&md);
	teardown();
}

static void test_unsafe_symlinks(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	maildir_close(&md);
	char link[256], p[256], target[256];
	/* the Maildir itself a symlink */
	snprintf(link, sizeof link, "%s/Link", tmpdir);
	CHECK(symlink(mdpath, link) == 0);
	CHECK_EQ_INT(maildir_open(&md, link, false, (uid_t)-1), MAILDIR_UNSAFE);
	CHECK_EQ_INT(maildir_open(&md, link, true, (uid_t)-1), MAILDIR_UNSAFE);
	strcat(link, "//");
	CHECK_EQ_INT(maildir_open(&md, link, false, (uid_t)-1), MAILDIR_UNSAFE);
	CHECK_EQ_INT(md.dir_fd, -1);
	/* tmp/ a symlink to elsewhere */
	snprintf(target, sizeof target, "%s/elsewhere", tmpdir);
	CHECK(mkdir(target, 0700) == 0);
	snprintf(p, sizeof p, "%s/tmp", mdpath);
	CHECK(rmdir(p) == 0);
	CHECK(symlink(target, p) == 0);
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_UNSAFE);
	/* new/ a regular file */
	CHECK(unlink(p) == 0 && mkdir(p, 0700) == 0);
	snprintf(p, sizeof p, "%s/new", mdpath);
	CHECK(rmdir(p) == 0);
	put_file("", "new", "x");
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_UNSAFE);
	teardown();
}

static void test_foreign_owner(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, getuid()), MAILDIR_OK);
	maildir_close(&md);
	/* expecting another owner than the real one is refused */
	CHECK_EQ_INT(maildir_open(&md, mdpath, false, getuid() + 1), MAILDIR_UNSAFE);
	if (geteuid() == 0) {
		char p[256];
		snprintf(p, sizeof p, "%s/cur", mdpath);
		CHECK(chown(p, 12345, 12345) == 0);
		CHECK_EQ_INT(maildir_open(&md, mdpath, false, 0), MAILDIR_UNSAFE);
		CHECK_EQ_INT(maildir_open(&md, mdpath, false, (uid_t)-1), MAILDIR_OK);
		maildir_close(&md);
	}
	teardown();
}

/* Child of test_full_disk: 0 pass, 1 fail, 77 skip. */
static int full_disk_child(void)
{
	if (unshare(CLONE_NEWNS) < 0)
		return 77;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return 77;
	if (mount("zm-test", tmpdir, "tmpfs", 0, "size=64k,mode=0700") < 0)
		return 77;
	struct maildir md;
	if (maildir_open(&md, mdpath, true, (uid_t)-1) != MAILDIR_OK)
		return 1;
	struct maildir_delivery d;
	if (maildir_delivery_begin(&md, &d) != MAILDIR_OK)
		return 1;
	static char block[8192];
	memset(block, 'x', sizeof block);
	for (size_t i = 0; i < sizeof block; i += 80)
		block[i] = '\n';
	int r = MAILDIR_OK;
	for (int i = 0; i < 128 && r == MAILDIR_OK; i++)
		r = maildir_delivery_write(&d, block, sizeof block);   /* 1 MiB */
	if (r == MAILDIR_OK)
		r = maildir_delivery_commit(&md, &d, NULL, 0);
	else
		maildir_delivery_abort(&md, &d);
	int fail = r != MAILDIR_FULL || count_dir("new") != 0 || count_dir("tmp") != 0;
	if (fail)
		printf("#   full disk: result %d new %zu tmp %zu\n", r, count_dir("new"), count_dir("tmp"));
	maildir_close(&md);
	umount(tmpdir);
	return fail;
}

/* Prints its own TAP line, as it may have to skip after trying. */
static void run_full_disk(void)
{
	if (geteuid() != 0) {
		SKIP(test_full_disk, "needs root for a tmpfs mount");
		return;
	}
	setup();
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0)
		_exit(full_disk_child());
	int st = 0;
	bool reaped = pid > 0 && waitpid(pid, &st, 0) == pid;
	teardown();
	if (reaped && WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		SKIP(test_full_disk, "no mount namespace (unshare/mount refused)");
		return;
	}
	tap_case_failed = 0;
	CHECK(reaped && WIFEXITED(st) && WEXITSTATUS(st) == 0);
	tap_count++;
	if (tap_case_failed)
		tap_failed++;
	printf("%sok %d - test_full_disk\n", tap_case_failed ? "not " : "", tap_count);
	fflush(stdout);
}

static void test_scan_foreign_names(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	put_file("cur", "1700000000.M12P34.host,S=123,W=130:2,FS", "dovecot\n");
	put_file("cur", "1234.5678.host:2,S", "courier\n");                 /* 8 octets, stat */
	put_file("cur", "1300000000.M1P2.mx,S=99:2,", "x");
	put_file("cur", "1400000000.M1P2.h:2,SRa", "y");                     /* keyword a */
	put_file("new", "1500000000.M3P4.h,S=5", "hello");                   /* new, no info */
	put_file("new", "1600000000.V801I1M2.host", "abc");                  /* new, no S= */
	put_file("cur", ".hidden", "no");
	char p[256];
	snprintf(p, sizeof p, "%s/cur/adir", mdpath);
	CHECK(mkdir(p, 0700) == 0);
	struct maildir_list l;
	CHECK_EQ_INT(maildir_scan(&md, &l), MAILDIR_OK);
	CHECK_EQ_INT(l.count, 6);
	if (l.count == 6) {
		/* sorted by name */
		CHECK_EQ_STR(l.entries[0].name, "1234.5678.host:2,S");
		CHECK_EQ_INT(l.entries[0].base_len, 14);
		CHECK_EQ_INT(l.entries[0].size, 8);
		CHECK(l.entries[0].crlf_size == UINT64_MAX);
		CHECK_EQ_STR(l.entries[0].flags, "S");
		CHECK(!l.entries[0].in_new);
		CHECK_EQ_STR(l.entries[1].name, "1300000000.M1P2.mx,S=99:2,");
		CHECK_EQ_INT(l.entries[1].size, 99);
		CHECK_EQ_STR(l.entries[1].flags, "");
		CHECK_EQ_STR(l.entries[2].flags, "RSa");
		CHECK_EQ_INT(l.entries[3].size, 5);
		CHECK(l.entries[3].in_new);
		CHECK_EQ_INT(l.entries[3].base_len, strlen("1500000000.M3P4.h,S=5"));
		CHECK_EQ_INT(l.entries[4].size, 3);
		CHECK_EQ_STR(l.entries[5].name, "1700000000.M12P34.host,S=123,W=130:2,FS");
		CHECK_EQ_INT(l.entries[5].size, 123);
		CHECK_EQ_INT(l.entries[5].crlf_size, 130);
		CHECK_EQ_STR(l.entries[5].flags, "FS");
	}
	maildir_list_free(&l);
	/* malformed size fields are "unknown", not misread */
	uint64_t s, w;
	const char *odd = "1.M1.h,S=12x,W=,S=";
	maildir_name_sizes(odd, strlen(odd), &s, &w);
	CHECK(s == UINT64_MAX && w == UINT64_MAX);
	odd = "1.M1.h,S=99999999999999999999999";
	maildir_name_sizes(odd, strlen(odd), &s, &w);
	CHECK(s == UINT64_MAX);
	maildir_close(&md);
	teardown();
}

static struct maildir_entry *find_entry(struct maildir_list *l, const char *prefix)
{
	for (size_t i = 0; i < l->count; i++)
		if (strncmp(l->entries[i].name, prefix, strlen(prefix)) == 0)
			return &l->entries[i];
	return NULL;
}

static void test_flags_rename_delete(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	put_file("new", "100.M1P1.h,S=3", "abc");
	put_file("cur", "200.M1P1.h,S=3:2,S", "def");
	struct maildir_list l;
	CHECK_EQ_INT(maildir_scan(&md, &l), MAILDIR_OK);
	struct maildir_entry *a = find_entry(&l, "100."), *b = find_entry(&l, "200.");
	CHECK(a && b);
	if (a && b) {
		CHECK_EQ_INT(maildir_set_flags(&md, a, "TSxF"), MAILDIR_OK);
		CHECK_EQ_STR(a->name, "100.M1P1.h,S=3:2,FSTx");
		CHECK(!a->in_new);
		CHECK_EQ_STR(a->flags, "FSTx");
		CHECK_EQ_INT(count_dir("new"), 0);
		CHECK_EQ_INT(maildir_set_flags(&md, a, ""), MAILDIR_OK);
		CHECK_EQ_STR(a->name, "100.M1P1.h,S=3:2,");
		CHECK_EQ_INT(maildir_set_flags(&md, a, ""), MAILDIR_OK);   /* no-op */
		int fd = maildir_open_message(&md, a);
		CHECK(fd >= 0);
		char buf[8] = { 0 };
		if (fd >= 0) {
			CHECK_EQ_INT(read(fd, buf, sizeof buf), 3);
			CHECK_EQ_STR(buf, "abc");
			close(fd);
		}
		CHECK_EQ_INT(maildir_delete(&md, b), MAILDIR_OK);
		CHECK_EQ_INT(maildir_delete(&md, b), MAILDIR_OK);      /* gone already */
		CHECK_EQ_INT(count_dir("cur"), 1);
		CHECK(maildir_open_message(&md, b) < 0 && errno == ENOENT);
		CHECK_EQ_INT(maildir_set_flags(&md, b, "S"), MAILDIR_NOT_FOUND);
	}
	maildir_list_free(&l);
	maildir_close(&md);
	teardown();
}

static void test_concurrent_rename(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	put_file("new", "300.M1P1.h,S=5,W=6", "mail\n");
	struct maildir_list l;
	CHECK_EQ_INT(maildir_scan(&md, &l), MAILDIR_OK);
	CHECK_EQ_INT(l.count, 1);
	if (l.count == 1) {
		struct maildir_entry *e = &l.entries[0];
		/* another process moves it to cur/ with flags behind our back */
		char from[256], to[256];
		snprintf(from, sizeof from, "%s/new/300.M1P1.h,S=5,W=6", mdpath);
		snprintf(to, sizeof to, "%s/cur/300.M1P1.h,S=5,W=6:2,S", mdpath);
		CHECK(rename(from, to) == 0);
		int fd = maildir_open_message(&md, e);
		CHECK(fd >= 0);
		if (fd >= 0)
			close(fd);
		/* and changes the flags again */
		snprintf(from, sizeof from, "%s/cur/300.M1P1.h,S=5,W=6:2,RS", mdpath);
		CHECK(rename(to, from) == 0);
		CHECK_EQ_INT(maildir_set_flags(&md, e, "FS"), MAILDIR_OK);
		CHECK_EQ_STR(e->name, "300.M1P1.h,S=5,W=6:2,FS");
		snprintf(to, sizeof to, "%s/cur/300.M1P1.h,S=5,W=6:2,FS", mdpath);
		CHECK(access(to, F_OK) == 0);
		CHECK_EQ_INT(count_dir("cur"), 1);
		/* a similar base name must not be confused with it */
		put_file("cur", "300.M1P1.h,S=5,W=60:2,", "other");
		snprintf(from, sizeof from, "%s/cur/300.M1P1.h,S=5,W=6:2,FS", mdpath);
		snprintf(to, sizeof to, "%s/cur/300.M1P1.h,S=5,W=6:2,", mdpath);
		CHECK(rename(from, to) == 0);
		CHECK_EQ_INT(maildir_delete(&md, e), MAILDIR_OK);
		CHECK_EQ_INT(count_dir("cur"), 1);
		CHECK(access(to, F_OK) != 0);
	}
	maildir_list_free(&l);
	maildir_close(&md);
	teardown();
}

static void test_folder_path(void)
{
	char out[256];
	CHECK_EQ_INT(maildir_folder_path("/m", "", out, sizeof out), MAILDIR_OK);
	CHECK_EQ_STR(out, "/m");
	CHECK_EQ_INT(maildir_folder_path("/m", "INBOX", out, sizeof out), MAILDIR_OK);
	CHECK_EQ_STR(out, "/m");
	CHECK_EQ_INT(maildir_folder_path("/m", "Sent", out, sizeof out), MAILDIR_OK);
	CHECK_EQ_STR(out, "/m/.Sent");
	CHECK_EQ_INT(maildir_folder_path("/m", "a/b", out, sizeof out), MAILDIR_OK);
	CHECK_EQ_STR(out, "/m/.a.b");
	CHECK_EQ_INT(maildir_folder_path("/m", "a.b", out, sizeof out), MAILDIR_OK);
	CHECK_EQ_STR(out, "/m/.a.b");
	const char *bad[] = { "..", "../x", "a/../b", "a//b", "/a", "a/", ".a", "a.", "a\nb", "." };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK_EQ_INT(maildir_folder_path("/m", bad[i], out, sizeof out), MAILDIR_BAD_NAME);
	CHECK_EQ_INT(maildir_folder_path("/m", "Sent", out, 5), MAILDIR_BAD_NAME);
}

static void test_folders(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	maildir_close(&md);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "Sent", getuid()), MAILDIR_OK);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "a/b", (uid_t)-1), MAILDIR_OK);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "Trash", (uid_t)-1), MAILDIR_OK);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "Sent", (uid_t)-1), MAILDIR_EXISTS);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "../evil", (uid_t)-1), MAILDIR_BAD_NAME);
	CHECK_EQ_INT(maildir_folder_create(mdpath, "INBOX", (uid_t)-1), MAILDIR_BAD_NAME);
	char p[256];
	snprintf(p, sizeof p, "%s/.a.b/maildirfolder", mdpath);
	CHECK(access(p, F_OK) == 0);
	char fp[256];
	CHECK_EQ_INT(maildir_folder_path(mdpath, "a/b", fp, sizeof fp), MAILDIR_OK);
	CHECK_EQ_INT(maildir_open(&md, fp, false, getuid()), MAILDIR_OK);
	maildir_close(&md);
	/* not folders: a symlink, a plain dot file, a dir without cur/ */
	snprintf(p, sizeof p, "%s/.Link", mdpath);
	snprintf(fp, sizeof fp, "%s/.Sent", mdpath);
	CHECK(symlink(fp, p) == 0);
	put_file("", ".dotfile", "x");
	snprintf(p, sizeof p, "%s/.nocur", mdpath);
	CHECK(mkdir(p, 0700) == 0);
	char **names;
	size_t n;
	CHECK_EQ_INT(maildir_folders_list(mdpath, &names, &n), MAILDIR_OK);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		CHECK_EQ_STR(names[0], "Sent");
		CHECK_EQ_STR(names[1], "Trash");
		CHECK_EQ_STR(names[2], "a/b");
	}
	maildir_folders_free(names, n);
	teardown();
}

static void test_subscriptions(void)
{
	setup();
	struct maildir md;
	CHECK_EQ_INT(maildir_open(&md, mdpath, true, (uid_t)-1), MAILDIR_OK);
	maildir_close(&md);
	char **names;
	size_t n;
	CHECK_EQ_INT(maildir_subscriptions_read(mdpath, &names, &n), MAILDIR_OK);
	CHECK_EQ_INT(n, 0);
	maildir_folders_free(names, n);
	char *want[] = { "Sent", "a/b", "INBOX" };
	CHECK_EQ_INT(maildir_subscriptions_write(mdpath, want, 3), MAILDIR_OK);
	char p[256];
	snprintf(p, sizeof p, "%s/subscriptions", mdpath);
	size_t len;
	char *raw = read_whole(p, &len);
	CHECK(raw != NULL);
	if (raw)
		CHECK_MEM(raw, len, "Sent\na.b\nINBOX\n", (size_t)15);
	free(raw);
	CHECK_EQ_INT(maildir_subscriptions_read(mdpath, &names, &n), MAILDIR_OK);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		CHECK_EQ_STR(names[0], "Sent");
		CHECK_EQ_STR(names[1], "a/b");
		CHECK_EQ_STR(names[2], "INBOX");
	}
	maildir_folders_free(names, n);
	char *bad[] = { "ok", "x\ny" };
	CHECK_EQ_INT(maildir_subscriptions_write(mdpath, bad, 2), MAILDIR_BAD_NAME);
	/* Courier's form, with junk lines, CRLF and a duplicate */
	put_file("", "subscriptions", "INBOX.Sent\r\nINBOX.Lists.zm\n\n..\nINBOX.Sent\nDrafts");
	CHECK_EQ_INT(maildir_subscriptions_read(mdpath, &names, &n), MAILDIR_OK);
	CHECK_EQ_INT(n, 3);
	if (n == 3) {
		CHECK_EQ_STR(names[0], "Sent");
		CHECK_EQ_STR(names[1], "Lists/zm");
		CHECK_EQ_STR(names[2], "Drafts");
	}
	maildir_folders_free(names, n);
	/* Dovecot's v2 form */
	put_file("", "subscriptions", "V\t2\n\nSent\nLists\tzm\n");
	CHECK_EQ_INT(maildir_subscriptions_read(mdpath, &names, &n), MAILDIR_OK);
	CHECK_EQ_INT(n, 2);
	if (n == 2)
		CHECK_EQ_STR(names[1], "Lists/zm");
	maildir_folders_free(names, n);
	/* no temp file left behind */
	DIR *d = opendir(mdpath);
	struct dirent *de;
	int tmps = 0;
	while (d && (de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp."))
			tmps++;
	if (d)
		closedir(d);
	CHECK_EQ_INT(tmps, 0);
	teardown();
}

static void test_clean_tmp(void)
{
	char dir[] = "/tmp/zm-XXXXXX", path[256];
	struct maildir md;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	int fd;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/Maildir", dir);
	CHECK_EQ_INT(maildir_open(&md, path, true, (uid_t)-1), MAILDIR_OK);
	fd = openat(md.tmp_fd, "old", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(utimensat(md.tmp_fd, "old", old, 0) == 0);
	fd = openat(md.tmp_fd, "fresh", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0);
	close(fd);
	CHECK(symlinkat("/etc/passwd", md.tmp_fd, "link") == 0);
	/* ctime of "old" is now: only a zero max age removes it. */
	CHECK_EQ_INT(maildir_clean_tmp(&md, MAILDIR_TMP_MAX_AGE), 0);
	CHECK_EQ_INT(maildir_clean_tmp(&md, 0), 2);
	CHECK(faccessat(md.tmp_fd, "old", F_OK, 0) != 0);
	CHECK(faccessat(md.tmp_fd, "fresh", F_OK, 0) != 0);
	CHECK(faccessat(md.tmp_fd, "link", F_OK, AT_SYMLINK_NOFOLLOW) == 0);
	unlinkat(md.tmp_fd, "link", 0);
	maildir_close(&md);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	CHECK(system(path) == 0);
}

static void test_read_file_at(void)
{
	char dir[] = "/tmp/zm-XXXXXX", path[256], *buf = NULL;
	size_t len = 0;
	int dfd, fd;

	CHECK(mkdtemp(dir) != NULL);
	dfd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	fd = openat(dfd, "ten", O_CREAT | O_WRONLY, 0600);
	CHECK(write(fd, "0123456789", 10) == 10);
	close(fd);
	CHECK_EQ_INT(maildir_read_file_at(dfd, "ten", 10, &buf, &len), MAILDIR_OK);
	CHECK_MEM(buf, len, "0123456789", 10);
	free(buf);
	buf = NULL;
	CHECK_EQ_INT(maildir_read_file_at(dfd, "ten", 9, &buf, &len), MAILDIR_IO);
	CHECK(buf == NULL);
	CHECK_EQ_INT(maildir_read_file_at(dfd, "missing", 9, &buf, &len), MAILDIR_NOT_FOUND);
	/* A FIFO must not hang the reader, a directory is not a file. */
	CHECK(mkfifoat(dfd, "fifo", 0600) == 0);
	CHECK_EQ_INT(maildir_read_file_at(dfd, "fifo", 100, &buf, &len), MAILDIR_IO);
	CHECK(mkdirat(dfd, "sub", 0700) == 0);
	CHECK_EQ_INT(maildir_read_file_at(dfd, "sub", 100, &buf, &len), MAILDIR_IO);
	close(dfd);
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	CHECK(system(path) == 0);
}

int main(void)
{
	RUN(test_unique_name);
	RUN(test_open_create);
	RUN(test_deliver_lf);
	RUN(test_deliver_crlf);
	RUN(test_deliver_mixed);
	RUN(test_deliver_abort);
	RUN(test_unsafe_symlinks);
	RUN(test_foreign_owner);
	run_full_disk();
	RUN(test_scan_foreign_names);
	RUN(test_flags_rename_delete);
	RUN(test_concurrent_rename);
	RUN(test_folder_path);
	RUN(test_folders);
	RUN(test_subscriptions);
	RUN(test_clean_tmp);
	RUN(test_read_file_at);
	return tap_done();
}
