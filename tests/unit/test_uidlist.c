/*
 * test_uidlist.c - unit tests of common/uidlist.c: UID assignment and
 * stability, expunge without reuse, rebuild of damaged lists with a new
 * UIDVALIDITY, Dovecot import, mod-sequences, cached "key=value" facts,
 * UID exhaustion, and several processes syncing one Maildir at once.
 */
#include "uidlist.h"
#include "tap.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[64];
static char mdpath[128];
static struct maildir md;

static void setup(void)
{
	strcpy(tmpdir, "/tmp/zm-XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(mdpath, sizeof mdpath, "%s/Maildir", tmpdir);
	if (maildir_open(&md, mdpath, true, getuid()) != MAILDIR_OK) {
		perror("maildir_open");
		exit(2);
	}
}

static void teardown(void)
{
	maildir_close(&md);
	tap_rm_rf_at(AT_FDCWD, tmpdir);
}

static void put_file(const char *sub, const char *name, const char *content)
{
	char p[512];
	snprintf(p, sizeof p, "%s%s%s/%s", mdpath, sub[0] ? "/" : "", sub, name);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static char *get_file(const char *name)
{
	static char buf[65536];
	char p[512];
	snprintf(p, sizeof p, "%s/%s", mdpath, name);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

/* Deliver one small message; its name goes to name (may be NULL). */
static int deliver(struct maildir *m, const char *text, char *name, size_t namelen)
{
	struct maildir_delivery d;
	int r = maildir_delivery_begin(m, &d);
	if (r != MAILDIR_OK)
		return r;
	r = maildir_delivery_write(&d, text, strlen(text));
	if (r != MAILDIR_OK) {
		maildir_delivery_abort(m, &d);
		return r;
	}
	return maildir_delivery_commit(m, &d, name, namelen);
}

static void test_create_and_assign(void)
{
	setup();
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 0);
	CHECK(ul.uidvalidity != 0);
	CHECK_EQ_INT(ul.uidnext, 1);
	CHECK(get_file(UIDLIST_FILE) != NULL);
	char names[3][MAILDIR_NAME_MAX];
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(deliver(&md, "Subject: x\n\nhi\n", names[i], sizeof names[i]), MAILDIR_OK);
	uint32_t v = ul.uidvalidity;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 3);
	CHECK_EQ_INT(ul.uidvalidity, v);
	CHECK_EQ_INT(ul.uidnext, 4);
	for (uint32_t u = 1; u <= 3; u++) {
		struct uidlist_entry *e = uidlist_find_uid(&ul, u);
		CHECK(e != NULL);
		if (!e)
			continue;
		CHECK(e->msg.in_new);
		CHECK_EQ_INT(e->msg.size, 15);
		CHECK_EQ_INT(e->msg.crlf_size, 18);
		CHECK(e->modseq >= 1 && e->modseq <= ul.highestmodseq);
		/* sorted base-name order: names were made in time order */
		CHECK_EQ_STR(e->msg.name, names[u - 1]);
		CHECK(uidlist_find_base(&ul, names[u - 1], strlen(names[u - 1])) == e);
	}
	CHECK(uidlist_find_uid(&ul, 4) == NULL);
	CHECK(uidlist_find_uid(&ul, 0) == NULL);
	/* no temp file left */
	DIR *d = opendir(mdpath);
	struct dirent *de;
	int tmps = 0;
	while (d && (de = readdir(d)) != NULL)
		if (strstr(de->d_name, ".tmp."))
			tmps++;
	if (d)
		closedir(d);
	CHECK_EQ_INT(tmps, 0);
	uidlist_free(&ul);
	teardown();
}

static void test_stable_and_no_reuse(void)
{
	setup();
	struct uidlist ul = UIDLIST_INIT;
	for (int i = 0; i < 4; i++)
		CHECK_EQ_INT(deliver(&md, "a\n", NULL, 0), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	char before[4096];
	snprintf(before, sizeof before, "%s", get_file(UIDLIST_FILE));
	uint64_t hms = ul.highestmodseq;
	/* a second sync with no change keeps the file as it was */
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_STR(get_file(UIDLIST_FILE), before);
	CHECK_EQ_INT(ul.highestmodseq, hms);
	/* flag changes (renames into cur/) keep the UIDs */
	struct uidlist_entry *e2 = uidlist_find_uid(&ul, 2);
	CHECK(e2 != NULL);
	if (e2)
		CHECK_EQ_INT(maildir_set_flags(&md, &e2->msg, "S"), MAILDIR_OK);
	char base2[MAILDIR_NAME_MAX];
	snprintf(base2, sizeof base2, "%.*s", e2 ? (int)e2->msg.base_len : 0, e2 ? e2->msg.name : "");
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	e2 = uidlist_find_uid(&ul, 2);
	CHECK(e2 && !e2->msg.in_new && strcmp(e2->msg.flags, "S") == 0);
	CHECK(e2 && strncmp(e2->msg.name, base2, strlen(base2)) == 0);
	/* expunge 2 and 4 (the highest), deliver one: it gets 5 */
	uint32_t ex[] = { 2, 4 };
	CHECK_EQ_INT(uidlist_expunge(&md, &ul, ex, 2), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 2);
	CHECK(uidlist_find_uid(&ul, 2) == NULL);
	CHECK(uidlist_find_uid(&ul, 4) == NULL);
	CHECK(ul.highestmodseq > hms);
	CHECK_EQ_INT(ul.uidnext, 5);
	CHECK_EQ_INT(deliver(&md, "b\n", NULL, 0), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 3);
	CHECK(uidlist_find_uid(&ul, 5) != NULL);
	CHECK_EQ_INT(ul.uidnext, 6);
	/* a file deleted by someone else vanishes from the list too */
	struct uidlist_entry *e1 = uidlist_find_uid(&ul, 1);
	CHECK(e1 && maildir_delete(&md, &e1->msg) == MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 2);
	CHECK(uidlist_find_uid(&ul, 1) == NULL);
	uidlist_free(&ul);
	teardown();
}

static void damaged_case(const char *content)
{
	setup();
	struct uidlist ul = UIDLIST_INIT;
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(deliver(&md, "a\n", NULL, 0), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	uint32_t old = ul.uidvalidity;
	char *body = strdup(content);
	/* "%V" in the test text stands for the old UIDVALIDITY */
	char buf[4096];
	char *v = strstr(body, "%V");
	if (v) {
		*v = '\0';
		snprintf(buf, sizeof buf, "%s%lu%s", body, (unsigned long)old, v + 2);
	} else {
		snprintf(buf, sizeof buf, "%s", body);
	}
	free(body);
	put_file("", UIDLIST_FILE, buf);
	struct uidlist ul2 = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul2), MAILDIR_OK);
	CHECK(ul2.uidvalidity != old);
	CHECK_EQ_INT(ul2.count, 3);
	CHECK_EQ_INT(ul2.uidnext, 4);
	for (uint32_t u = 1; u <= 3; u++)
		CHECK(uidlist_find_uid(&ul2, u) != NULL);
	/* and it was written: a third sync reads it as is */
	struct uidlist ul3 = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul3), MAILDIR_OK);
	CHECK_EQ_INT(ul3.uidvalidity, ul2.uidvalidity);
	uidlist_free(&ul);
	uidlist_free(&ul2);
	uidlist_free(&ul3);
	teardown();
}

static void test_damaged(void)
{
	damaged_case("");                                           /* empty */
	damaged_case("\x01\xff garbage\n\n\n");
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a\n2 1 :b\n3 1 :c");   /* truncated */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a\n2 1 :b\n3 1");
	damaged_case("zeromail-uidlist 2 V%V N4 M2\n1 1 :a\n");                 /* version */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a\n1 1 :b\n");         /* dup uid */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n2 1 :a\n1 1 :b\n");         /* order */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a\n2 1 :a\n");         /* dup base */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a\n5 1 :b\n");         /* >= N */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 3 :a\n");                 /* modseq > M */
	damaged_case("zeromail-uidlist 1 V%V N4\n");                            /* no M */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1  1 :a\n");                /* two spaces */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 junk :a\n");            /* ext w/o = */
	damaged_case("zeromail-uidlist 1 V%V N4 M2\n1 1 :a/b\n");
	damaged_case("zeromail-uidlist 1 V0 N4 M2\n");
	damaged_case("zeromail-uidlist 1 V4294967295 N4 M2\n0 1 :a\n");         /* wrap */
}

static void test_missing_recreated(void)
{
	setup();
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(deliver(&md, "a\n", NULL, 0), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	char p[256];
	snprintf(p, sizeof p, "%s/%s", mdpath, UIDLIST_FILE);
	CHECK(unlink(p) == 0);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, 1);
	CHECK(uidlist_find_uid(&ul, 1) != NULL);
	CHECK(access(p, F_OK) == 0);
	uidlist_free(&ul);
	teardown();
}

static void test_dovecot_import(void)
{
	setup();
	put_file("cur", "1700000000.M12P34.host,S=2,W=3:2,FS", "a\n");
	put_file("cur", "1700000001.M1P2.host,S=2:2,", "b\n");
	put_file("new", "1700000002.M1P2.host,S=2", "c\n");
	put_file("cur", "1234.5678.host:2,S", "d\n");    /* not in the list */
	put_file("", UIDLIST_DOVECOT,
		 "3 V1275660208 N25022 G3085f01b7f11094c501100008c4a11c1\n"
		 "7 :1700000000.M12P34.host,S=2,W=3\n"
		 "9 W3 S2 :1700000001.M1P2.host,S=2\n"
		 "100 :1700000002.M1P2.host,S=2\n"
		 "200 :1699999999.gone.host\n");
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.uidvalidity, 1275660208);
	CHECK_EQ_INT(ul.count, 4);
	struct uidlist_entry *e = uidlist_find_uid(&ul, 7);
	CHECK(e && strcmp(e->msg.flags, "FS") == 0);
	e = uidlist_find_uid(&ul, 9);
	CHECK(e && strncmp(e->msg.name, "1700000001.", 11) == 0);
	e = uidlist_find_uid(&ul, 100);
	CHECK(e && e->msg.in_new);
	CHECK(uidlist_find_uid(&ul, 200) == NULL);
	e = uidlist_find_uid(&ul, 25022);
	CHECK(e && strcmp(e->msg.name, "1234.5678.host:2,S") == 0);
	CHECK_EQ_INT(ul.uidnext, 25023);
	/* our own list now exists and wins over Dovecot's */
	CHECK(get_file(UIDLIST_FILE) != NULL);
	put_file("", UIDLIST_DOVECOT, "3 V1 N2\n1 :x\n");
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.uidvalidity, 1275660208);
	uidlist_free(&ul);
	teardown();

	/* version 1 (Courier-compatible) */
	setup();
	put_file("cur", "1234.5678.host:2,S", "d\n");
	put_file("new", "1235.5678.host", "e\n");
	put_file("", UIDLIST_DOVECOT, "1 1111 50\n10 1234.5678.host:2,S\n20 1235.5678.host\n");
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.uidvalidity, 1111);
	CHECK_EQ_INT(ul.uidnext, 50);
	CHECK(uidlist_find_uid(&ul, 10) != NULL);
	CHECK(uidlist_find_uid(&ul, 20) != NULL);
	uidlist_free(&ul);
	teardown();

	/* a damaged Dovecot list is ignored: fresh numbering */
	setup();
	put_file("new", "1235.5678.host", "e\n");
	put_file("", UIDLIST_DOVECOT, "3 V77 N5\n3 :a\n2 :b\n");
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK(ul.uidvalidity != 77);
	CHECK(uidlist_find_uid(&ul, 1) != NULL);
	uidlist_free(&ul);
	teardown();
}

static void test_modseq(void)
{
	setup();
	struct uidlist ul = UIDLIST_INIT;
	for (int i = 0; i < 3; i++)
		CHECK_EQ_INT(deliver(&md, "a\n", NULL, 0), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	uint64_t h = ul.highestmodseq;
	struct uidlist_entry *e = uidlist_find_uid(&ul, 2);
	CHECK(e && maildir_set_flags(&md, &e->msg, "F") == MAILDIR_OK);
	uint32_t u = 2;
	uint64_t ms = 0;
	CHECK_EQ_INT(uidlist_bump_modseq(&md, &ul, &u, 1, &ms), MAILDIR_OK);
	CHECK_EQ_INT(ms, h + 1);
	CHECK_EQ_INT(ul.highestmodseq, h + 1);
	CHECK_EQ_INT(uidlist_find_uid(&ul, 2)->modseq, h + 1);
	CHECK(uidlist_find_uid(&ul, 1)->modseq < h + 1);
	/* persisted */
	struct uidlist ul2 = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul2), MAILDIR_OK);
	CHECK_EQ_INT(ul2.highestmodseq, h + 1);
	CHECK_EQ_INT(uidlist_find_uid(&ul2, 2)->modseq, h + 1);
	CHECK_EQ_STR(uidlist_find_uid(&ul2, 2)->msg.flags, "F");
	/* a rebuilt list (other UIDVALIDITY) is reported */
	put_file("", UIDLIST_FILE, "junk");
	CHECK_EQ_INT(uidlist_sync(&md, &ul2), MAILDIR_OK);
	CHECK_EQ_INT(uidlist_bump_modseq(&md, &ul, &u, 1, NULL), MAILDIR_DAMAGED);
	uidlist_free(&ul);
	uidlist_free(&ul2);
	teardown();
}

static void test_ext_and_format(void)
{
	setup();
	put_file("cur", "1.M1P1.h,S=2:2,S", "a\n");
	put_file("cur", "2.M1P1.h:2,", "bb\n");
	put_file("", UIDLIST_FILE,
		 "zeromail-uidlist 1 V42 N10 M5 Xfuture\n"
		 "3 4 size=2 guid=abc :1.M1P1.h,S=2\n"
		 "5 5 :2.M1P1.h\n"
		 "7 1 :3.gone\n");
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.uidvalidity, 42);
	CHECK_EQ_INT(ul.count, 2);
	CHECK_EQ_INT(ul.highestmodseq, 6);      /* an expunge happened */
	struct uidlist_entry *e = uidlist_find_uid(&ul, 3);
	CHECK(e && e->ext && strcmp(e->ext, "size=2 guid=abc") == 0);
	CHECK(e && e->modseq == 4);
	CHECK_EQ_STR(get_file(UIDLIST_FILE),
		     "zeromail-uidlist 1 V42 N10 M6\n"
		     "3 4 size=2 guid=abc :1.M1P1.h,S=2\n"
		     "5 5 :2.M1P1.h\n");
	/* format -> parse round trip */
	char *buf;
	size_t len;
	CHECK_EQ_INT(uidlist_format(&ul, &buf, &len), MAILDIR_OK);
	struct uidlist p = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_parse(buf, len, &p, NULL), MAILDIR_OK);
	CHECK_EQ_INT(p.count, 2);
	CHECK_EQ_INT(p.uidnext, 10);
	CHECK_EQ_STR(p.entries[1].msg.name, "2.M1P1.h");
	free(buf);
	uidlist_free(&p);
	uidlist_free(&ul);
	teardown();
}

static void test_uid_exhaustion(void)
{
	setup();
	put_file("cur", "1.M1P1.h:2,", "a\n");
	put_file("cur", "2.M1P1.h:2,", "a\n");
	put_file("cur", "3.M1P1.h:2,", "a\n");
	put_file("", UIDLIST_FILE, "zeromail-uidlist 1 V42 N4294967294 M1\n"
		 "4294967293 1 :1.M1P1.h\n");
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK(ul.uidvalidity != 42);
	CHECK_EQ_INT(ul.count, 3);
	CHECK_EQ_INT(ul.uidnext, 4);
	CHECK(uidlist_find_uid(&ul, 1) && strcmp(uidlist_find_uid(&ul, 1)->msg.name, "1.M1P1.h:2,") == 0);
	uidlist_free(&ul);
	teardown();
}

/* ---- concurrency ----------------------------------------------------- */

#define WRITERS 4
#define ROUNDS 12

static int writer(int id)
{
	struct maildir m;
	if (maildir_open(&m, mdpath, false, getuid()) != MAILDIR_OK)
		return 1;
	char log[256];
	snprintf(log, sizeof log, "%s/seen.%d", tmpdir, id);
	FILE *f = fopen(log, "w");
	if (!f)
		return 1;
	struct uidlist ul = UIDLIST_INIT;
	int rc = 0;
	for (int i = 0; i < ROUNDS && rc == 0; i++) {
		if (deliver(&m, "Subject: race\n\nx\n", NULL, 0) != MAILDIR_OK ||
		    uidlist_sync(&m, &ul) != MAILDIR_OK) {
			rc = 1;
			break;
		}
		/* flag changes from other writers race with our scan */
		if (ul.count > 0) {
			struct uidlist_entry *e = &ul.entries[(size_t)(i * 7 + id) % ul.count];
			maildir_set_flags(&m, &e->msg, (i & 1) ? "S" : "RS");
		}
		for (size_t k = 0; k < ul.count; k++)
			fprintf(f, "%lu %lu %.*s\n", (unsigned long)ul.uidvalidity,
				(unsigned long)ul.entries[k].uid,
				(int)ul.entries[k].msg.base_len, ul.entries[k].msg.name);
	}
	uidlist_free(&ul);
	fclose(f);
	maildir_close(&m);
	return rc;
}

struct seen {
	unsigned long v, uid;
	char base[MAILDIR_NAME_MAX];
};

static int cmp_seen_uid(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	if (x->uid != y->uid)
		return x->uid < y->uid ? -1 : 1;
	return strcmp(x->base, y->base);
}

static int cmp_seen_base(const void *a, const void *b)
{
	const struct seen *x = a, *y = b;
	int c = strcmp(x->base, y->base);
	if (c)
		return c;
	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

static void test_concurrent_writers(void)
{
	setup();
	pid_t pids[WRITERS];
	fflush(stdout);
	for (int i = 0; i < WRITERS; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(writer(i));
	}
	for (int i = 0; i < WRITERS; i++) {
		int st = 0;
		CHECK(pids[i] > 0 && waitpid(pids[i], &st, 0) == pids[i]);
		CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	/* every file has exactly one UID, all distinct */
	struct uidlist ul = UIDLIST_INIT;
	CHECK_EQ_INT(uidlist_sync(&md, &ul), MAILDIR_OK);
	CHECK_EQ_INT(ul.count, WRITERS * ROUNDS);
	for (size_t k = 1; k < ul.count; k++)
		CHECK(ul.entries[k - 1].uid < ul.entries[k].uid);
	struct maildir_list sc;
	CHECK_EQ_INT(maildir_scan(&md, &sc), MAILDIR_OK);
	CHECK_EQ_INT(sc.count, ul.count);
	for (size_t k = 0; k < sc.count; k++)
		CHECK(uidlist_find_base(&ul, sc.entries[k].name, sc.entries[k].base_len) != NULL);
	maildir_list_free(&sc);

	/* every (uid, base) pair any writer ever saw is consistent */
	size_t cap = 8192, n = 0;
	struct seen *all = malloc(cap * sizeof *all);
	for (int i = 0; i < WRITERS && all; i++) {
		char log[256];
		snprintf(log, sizeof log, "%s/seen.%d", tmpdir, i);
		FILE *f = fopen(log, "r");
		CHECK(f != NULL);
		if (!f)
			continue;
		while (n < cap && fscanf(f, "%lu %lu %255s", &all[n].v, &all[n].uid, all[n].base) == 3)
			n++;
		fclose(f);
	}
	CHECK(n > 0 && n < cap);
	for (size_t k = 0; k < n; k++)
		CHECK_EQ_INT(all[k].v, ul.uidvalidity);   /* never rebuilt */
	qsort(all, n, sizeof *all, cmp_seen_uid);
	int bad = 0;
	for (size_t k = 1; k < n; k++)
		if (all[k].uid == all[k - 1].uid && strcmp(all[k].base, all[k - 1].base) != 0)
			bad++;
	CHECK_EQ_INT(bad, 0);      /* one uid, two messages: reuse or duplicate */
	qsort(all, n, sizeof *all, cmp_seen_base);
	bad = 0;
	for (size_t k = 1; k < n; k++)
		if (strcmp(all[k].base, all[k - 1].base) == 0 && all[k].uid != all[k - 1].uid)
			bad++;
	CHECK_EQ_INT(bad, 0);      /* one message, two uids */
	free(all);
	uidlist_free(&ul);
	teardown();
}

int main(void)
{
	RUN(test_create_and_assign);
	RUN(test_stable_and_no_reuse);
	RUN(test_damaged);
	RUN(test_missing_recreated);
	RUN(test_dovecot_import);
	RUN(test_modseq);
	RUN(test_ext_and_format);
	RUN(test_uid_exhaustion);
	RUN(test_concurrent_writers);
	return tap_done();
}
