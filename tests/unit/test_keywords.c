/*
 * test_keywords.c - unit tests of common/keywords.c: the dovecot-keywords
 * file (read as Dovecot writes it, written crash-safely), letter
 * assignment, the 26-letter limit and keyword syntax.
 */
#include "keywords.h"
#include "tap.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];
static char mdpath[128];
static struct maildir md;

static void setup(void)
{
	strcpy(tmpdir, "/tmp/zm-XXXXXX");
	if (!mkdtemp(tmpdir))
		exit(2);
	snprintf(mdpath, sizeof mdpath, "%s/Maildir", tmpdir);
	if (maildir_open(&md, mdpath, true, getuid()) != MAILDIR_OK)
		exit(2);
}

static void teardown(void)
{
	char cmd[256];
	maildir_close(&md);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# cleanup of %s failed\n", tmpdir);
}

static void put_kw(const char *content)
{
	char p[256];
	snprintf(p, sizeof p, "%s/%s", mdpath, KEYWORDS_FILE);
	FILE *f = fopen(p, "w");
	if (f) {
		fputs(content, f);
		fclose(f);
	}
}

static char *get_kw(void)
{
	static char buf[8192];
	char p[256];
	snprintf(p, sizeof p, "%s/%s", mdpath, KEYWORDS_FILE);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static void test_valid(void)
{
	CHECK(keywords_valid("$Junk"));
	CHECK(keywords_valid("NonJunk"));
	CHECK(keywords_valid("$label1"));
	CHECK(!keywords_valid(""));
	CHECK(!keywords_valid("\\Seen"));
	CHECK(!keywords_valid("two words"));
	CHECK(!keywords_valid("a(b"));
	CHECK(!keywords_valid("a]b"));
	CHECK(!keywords_valid("a\nb"));
	CHECK(!keywords_valid("caf\xc3\xa9"));
	char longk[KEYWORDS_NAME_MAX + 2];
	memset(longk, 'k', sizeof longk - 1);
	longk[sizeof longk - 1] = '\0';
	CHECK(!keywords_valid(longk));
	longk[KEYWORDS_NAME_MAX] = '\0';
	CHECK(keywords_valid(longk));
}

static void test_dovecot_file(void)
{
	setup();
	struct keywords kw = KEYWORDS_INIT;
	CHECK_EQ_INT(keywords_load(&md, &kw), MAILDIR_OK);     /* missing: empty */
	CHECK(keywords_name(&kw, 'a') == NULL);
	put_kw("0 $Junk\n1 NonJunk\n3 $label1\nbogus line\n26 toofar\n1 dupindex\n4 bad word\n5 $junk\n");
	CHECK_EQ_INT(keywords_load(&md, &kw), MAILDIR_OK);
	CHECK_EQ_STR(keywords_name(&kw, 'a'), "$Junk");
	CHECK_EQ_STR(keywords_name(&kw, 'b'), "NonJunk");
	CHECK(keywords_name(&kw, 'c') == NULL);
	CHECK_EQ_STR(keywords_name(&kw, 'd'), "$label1");
	CHECK(keywords_name(&kw, 'e') == NULL);
	CHECK_EQ_STR(keywords_name(&kw, 'f'), "$junk");  /* Dovecot may have both */
	CHECK(keywords_name(&kw, 'A') == NULL);
	CHECK(keywords_name(&kw, 'S') == NULL);
	CHECK_EQ_INT(keywords_find(&kw, "$Junk"), 'a');
	CHECK_EQ_INT(keywords_find(&kw, "$junk"), 'f');
	CHECK_EQ_INT(keywords_find(&kw, "$JUNK"), 'a');
	CHECK_EQ_INT(keywords_find(&kw, "nothing"), 0);
	keywords_free(&kw);
	teardown();
}

static void test_assign(void)
{
	setup();
	struct keywords kw = KEYWORDS_INIT;
	char c = 0;
	CHECK_EQ_INT(keywords_letter(&md, &kw, "$Forwarded", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'a');
	CHECK_EQ_INT(keywords_letter(&md, &kw, "Work", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'b');
	CHECK_EQ_INT(keywords_letter(&md, &kw, "$forwarded", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'a');
	CHECK_EQ_STR(get_kw(), "0 $Forwarded\n1 Work\n");
	CHECK_EQ_INT(keywords_letter(&md, &kw, "bad word", &c), MAILDIR_BAD_NAME);

	/* another process (a second struct) sees them and adds its own;
	 * the first one then picks that up instead of reusing the letter */
	struct keywords other = KEYWORDS_INIT;
	CHECK_EQ_INT(keywords_load(&md, &other), MAILDIR_OK);
	CHECK_EQ_STR(keywords_name(&other, 'b'), "Work");
	CHECK_EQ_INT(keywords_letter(&md, &other, "Home", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'c');
	CHECK_EQ_INT(keywords_letter(&md, &kw, "Later", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'd');
	CHECK_EQ_STR(keywords_name(&kw, 'c'), "Home");
	keywords_free(&other);

	/* fill up to 26, then no room */
	for (int i = 4; i < KEYWORDS_COUNT; i++) {
		char name[16];
		snprintf(name, sizeof name, "k%d", i);
		CHECK_EQ_INT(keywords_letter(&md, &kw, name, &c), MAILDIR_OK);
		CHECK_EQ_INT(c, 'a' + i);
	}
	CHECK_EQ_INT(keywords_letter(&md, &kw, "onemore", &c), MAILDIR_LIMIT);
	CHECK_EQ_INT(keywords_letter(&md, &kw, "k25", &c), MAILDIR_OK);
	CHECK_EQ_INT(c, 'z');
	keywords_free(&kw);
	CHECK_EQ_INT(keywords_load(&md, &kw), MAILDIR_OK);
	CHECK_EQ_STR(keywords_name(&kw, 'z'), "k25");
	keywords_free(&kw);
	teardown();
}

int main(void)
{
	RUN(test_valid);
	RUN(test_dovecot_file);
	RUN(test_assign);
	return tap_done();
}
