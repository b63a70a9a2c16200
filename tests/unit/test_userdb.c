/*
 * test_userdb.c - the users file (good, malformed, missing, over-long,
 * duplicate, numeric owner, IDN domains) and system-account lookup.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "tap.h"
#include "userdb.h"

static char dir[64];
static struct zm_config cfg;

static void write_users(const char *text)
{
	FILE *f = fopen(cfg.users_file, "w");
	if (!f) {
		CHECK(f != NULL);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static void setup(void)
{
	config_defaults(&cfg);
	cfg.auth_mode = ZM_AUTH_FILE;
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s/users", dir);
	snprintf(cfg.local_domains[0], sizeof(cfg.local_domains[0]), "example.org");
	snprintf(cfg.local_domains[1], sizeof(cfg.local_domains[1]), "xn--bcher-kva.example");
	cfg.local_domain_count = 2;
}

static const char *GOOD =
	"# users\n"
	"\n"
	"alice@example.org:$y$j9T$abc$def:1234::/var/mail/alice/Maildir\n"
	"   \t\n"
	"  # indented comment\n"
	"Bob@Bücher.example:!locked:1235:1236:/var/mail/bob\r\n"
	"carol@example.org::root:root:/var/mail/carol\n";

static void test_file_good(void)
{
	struct mail_user u;
	char err[256];

	setup();
	write_users(GOOD);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.org", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_STR(u.address, "alice@example.org");
	CHECK_EQ_STR(u.login, "alice@example.org");
	CHECK_EQ_INT(u.uid, 1234);
	CHECK_EQ_INT(u.gid, 1234);   /* numeric owner without passwd entry: gid = uid */
	CHECK_EQ_STR(u.maildir, "/var/mail/alice/Maildir");
	CHECK_EQ_STR(u.hash, "$y$j9T$abc$def");
	mail_user_wipe(&u);
	CHECK_EQ_STR(u.hash, "");

	CHECK_EQ_INT(userdb_lookup(&cfg, "Bob", "xn--bcher-kva.example", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_STR(u.address, "Bob@xn--bcher-kva.example");
	CHECK_EQ_INT(u.uid, 1235);
	CHECK_EQ_INT(u.gid, 1236);
	CHECK_EQ_STR(u.hash, "!locked");
	CHECK_EQ_STR(u.maildir, "/var/mail/bob");   /* CR stripped */

	CHECK_EQ_INT(userdb_lookup(&cfg, "carol", "EXAMPLE.ORG", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(u.uid, 0);
	CHECK_EQ_INT(u.gid, 0);
	CHECK_EQ_STR(u.hash, "");
}

static void test_file_match_rules(void)
{
	struct mail_user u;
	char err[256];

	setup();
	write_users(GOOD);
	/* domain any case / IDN form; local part exact */
	CHECK_EQ_INT(userdb_lookup(&cfg, "Bob", "BÜCHER.example", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(userdb_lookup(&cfg, "bob", "bücher.example", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "Alice", "example.org", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.com", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", NULL, &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "dave", "example.org", &u, err, sizeof(err)), USERDB_NOT_FOUND);
}

static void test_login(void)
{
	struct mail_user u;
	char err[256];

	setup();
	write_users(GOOD);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "alice@EXAMPLE.org", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_STR(u.address, "alice@example.org");
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "Bob@bücher.example", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "alice", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "<alice@example.org>", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "alice@example.org ", &u, err, sizeof(err)), USERDB_NOT_FOUND);
}

static void test_malformed_any_line(void)
{
	const char *bad[] = {
		"x@example.org:h:1:1\n",                          /* too few fields */
		"x@example.org:h:1:1:/m:extra\n",                 /* too many */
		"x@example.org:h:1:1:relative/Maildir\n",         /* relative maildir */
		"x@example.org:h:1:1:/var/../etc\n",              /* .. component */
		"x:h:1:1:/m\n",                                   /* no domain */
		"x@-bad.org:h:1:1:/m\n",                          /* bad domain */
		"x@example.org:h::1:/m\n",                        /* empty owner */
		"x@example.org:h h:1:1:/m\n",                     /* blank in hash */
		"x y@example.org:h:1:1:/m\n",
	};
	char err[256];
	struct mail_user u;

	setup();
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char text[512];
		snprintf(text, sizeof(text), "alice@example.org::1234::/m\n# c\n%s", bad[i]);
		write_users(text);
		err[0] = '\0';
		/* the good user is not found either: the file is broken */
		CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.org", &u, err, sizeof(err)), USERDB_TEMPFAIL);
		char want[1100];
		snprintf(want, sizeof(want), "%s:3: ", cfg.users_file);
		if (strncmp(err, want, strlen(want)) != 0)
			printf("# case %zu: err \"%s\"\n", i, err);
		CHECK(strncmp(err, want, strlen(want)) == 0);
		CHECK_EQ_INT(userdb_check(&cfg, err, sizeof(err)), -1);
		CHECK_EQ_INT(userdb_lookup_login(&cfg, "nobody@invalid", &u, err, sizeof(err)), USERDB_TEMPFAIL);
		CHECK_EQ_INT(userdb_lookup_login(&cfg, "not an address", &u, err, sizeof(err)), USERDB_TEMPFAIL);
	}
}

static void test_long_line_and_nul(void)
{
	char err[256];
	struct mail_user u;
	size_t n = USERDB_LINE_MAX + 100;
	char *text = malloc(n + 64);

	setup();
	CHECK(text != NULL);
	if (!text)
		return;
	strcpy(text, "# ");
	memset(text + 2, 'x', n);
	strcpy(text + 2 + n, "\nalice@example.org::1::/m\n");
	CHECK_EQ_INT(userdb_lookup_buffer("u", text, strlen(text), "alice", "example.org", &u, err, sizeof(err)),
		     USERDB_TEMPFAIL);
	CHECK_EQ_STR(err, "u:1: line longer than 4096 bytes");
	free(text);
	const char nul[] = "alice@example.org::1::/m\nbob@example.org::1::/m\0x\n";
	CHECK_EQ_INT(userdb_lookup_buffer("u", nul, sizeof(nul) - 1, "alice", "example.org", &u, err, sizeof(err)),
		     USERDB_TEMPFAIL);
	CHECK_EQ_STR(err, "u:2: NUL byte");
}

static void test_duplicate(void)
{
	char err[256];
	struct mail_user u;
	const char *t = "a@example.org::1::/m\nb@example.org::1::/m\na@EXAMPLE.org::2::/n\n";

	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "a", "example.org", &u, err, sizeof(err)),
		     USERDB_TEMPFAIL);
	CHECK_EQ_STR(err, "u:3: duplicate entry (first on line 1)");
	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "b", "example.org", &u, err, sizeof(err)),
		     USERDB_OK);
}

static void test_unknown_owner_group(void)
{
	char err[256];
	struct mail_user u;
	const char *t = "a@example.org::zm-no-such-user-xyz::/m\nb@example.org::1:zm-no-such-group-xyz:/m\n";

	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "a", "example.org", &u, err, sizeof(err)),
		     USERDB_TEMPFAIL);
	CHECK_EQ_STR(err, "u:1: unknown owner \"zm-no-such-user-xyz\"");
	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "b", "example.org", &u, err, sizeof(err)),
		     USERDB_TEMPFAIL);
	CHECK_EQ_STR(err, "u:2: unknown group \"zm-no-such-group-xyz\"");
	/* other lines with unknown owners do not matter to this user */
	const char *t2 = "a@example.org::zm-no-such-user-xyz::/m\nc@example.org::7:8:/m\n";
	CHECK_EQ_INT(userdb_lookup_buffer("u", t2, strlen(t2), "c", "example.org", &u, err, sizeof(err)),
		     USERDB_OK);
	CHECK_EQ_INT(u.uid, 7);
	CHECK_EQ_INT(u.gid, 8);
}

static void test_quoted_local(void)
{
	char err[256];
	struct mail_user u;
	const char *t = "\"john doe\"@example.org::1::/m\n\"jane\"@example.org::1::/j\n";

	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "john doe", "example.org", &u, err, sizeof(err)),
		     USERDB_OK);
	CHECK_EQ_STR(u.address, "\"john doe\"@example.org");
	CHECK_EQ_INT(userdb_lookup_buffer("u", t, strlen(t), "jane", "example.org", &u, err, sizeof(err)),
		     USERDB_OK);
	CHECK_EQ_STR(u.address, "jane@example.org");
}

static void test_missing_file(void)
{
	struct mail_user u;
	char err[256];

	setup();
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s/nonexistent", dir);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.org", &u, err, sizeof(err)), USERDB_TEMPFAIL);
	CHECK(strstr(err, "nonexistent: No such file") != NULL);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "alice@example.org", &u, err, sizeof(err)), USERDB_TEMPFAIL);
	/* a directory is not a users file */
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s", dir);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.org", &u, err, sizeof(err)), USERDB_TEMPFAIL);
}

static void test_file_too_big(void)
{
	struct mail_user u;
	char err[256];
	FILE *f;

	setup();
	f = fopen(cfg.users_file, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	for (size_t i = 0; i < USERDB_FILE_MAX / 32 + 10; i++)
		fputs("# padding padding padding padding padding padding padding pad\n", f);
	fclose(f);
	CHECK_EQ_INT(userdb_lookup(&cfg, "alice", "example.org", &u, err, sizeof(err)), USERDB_TEMPFAIL);
	CHECK(strstr(err, "larger than") != NULL);
}

static void test_read_file(void)
{
	char *buf;
	size_t len;
	char err[256];

	setup();
	write_users("abc\n");
	CHECK_EQ_INT(userdb_read_file(cfg.users_file, 4, &buf, &len, err, sizeof(err)), 0);
	CHECK_EQ_INT(len, 4);
	CHECK_EQ_STR(buf, "abc\n");
	free(buf);
	CHECK_EQ_INT(userdb_read_file(cfg.users_file, 3, &buf, &len, err, sizeof(err)), -1);
	CHECK(buf == NULL);
}

static void test_system_root_refused(void)
{
	struct mail_user u;
	char err[256];

	setup();
	cfg.auth_mode = ZM_AUTH_SYSTEM;
	CHECK_EQ_INT(userdb_lookup(&cfg, "root", NULL, &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "root", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "zm-no-such-user-xyz", "example.org", &u, err, sizeof(err)),
		     USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup(&cfg, "../etc", NULL, &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_check(&cfg, err, sizeof(err)), 0);
}

static void test_system_nobody(void)
{
	struct passwd *pw = getpwnam("nobody");
	struct mail_user u;
	char err[256], want[1100];

	if (!pw || pw->pw_uid == 0) {
		printf("# skipped: no \"nobody\" account\n");
		return;
	}
	setup();
	cfg.auth_mode = ZM_AUTH_SYSTEM;
	snprintf(cfg.system_maildir, sizeof(cfg.system_maildir), "Maildir");
	CHECK_EQ_INT(userdb_lookup(&cfg, "nobody", "Example.ORG", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(u.uid, pw->pw_uid);
	CHECK_EQ_INT(u.gid, pw->pw_gid);
	snprintf(want, sizeof(want), "%s%sMaildir", pw->pw_dir,
		 pw->pw_dir[strlen(pw->pw_dir) - 1] == '/' ? "" : "/");
	CHECK_EQ_STR(u.maildir, want);
	CHECK_EQ_STR(u.login, "nobody");
	CHECK_EQ_STR(u.address, "nobody@example.org");
	/* no domain: any local domain, the first one for the address */
	CHECK_EQ_INT(userdb_lookup(&cfg, "nobody", NULL, &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_STR(u.address, "nobody@example.org");
	CHECK_EQ_INT(userdb_lookup(&cfg, "nobody", "bücher.example", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_STR(u.address, "nobody@xn--bcher-kva.example");
	/* a foreign domain is not ours */
	CHECK_EQ_INT(userdb_lookup(&cfg, "nobody", "example.com", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	/* case-sensitive like passwd */
	CHECK_EQ_INT(userdb_lookup(&cfg, "NOBODY", NULL, &u, err, sizeof(err)), USERDB_NOT_FOUND);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "nobody", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "nobody@EXAMPLE.org", &u, err, sizeof(err)), USERDB_OK);
	CHECK_EQ_INT(userdb_lookup_login(&cfg, "nobody@example.com", &u, err, sizeof(err)), USERDB_NOT_FOUND);
	/* nobody has no usable password: the hash never looks like one */
	CHECK(u.hash[0] != '$');
}

int main(void)
{
	strcpy(dir, "/tmp/zm-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_file_good);
	RUN(test_file_match_rules);
	RUN(test_login);
	RUN(test_malformed_any_line);
	RUN(test_long_line_and_nul);
	RUN(test_duplicate);
	RUN(test_unknown_owner_group);
	RUN(test_quoted_local);
	RUN(test_missing_file);
	RUN(test_file_too_big);
	RUN(test_read_file);
	RUN(test_system_root_refused);
	RUN(test_system_nobody);

	char path[128];
	snprintf(path, sizeof(path), "%s/users", dir);
	unlink(path);
	rmdir(dir);
	return tap_done();
}
