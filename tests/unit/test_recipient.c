/*
 * test_recipient.c - aliases file parsing and resolve_recipient(): local
 * users, alias chains, external/pipe/file targets, loops and depth, local
 * domains (IDN), subaddresses, postmaster (RFC 5321 4.5.1), duplicates,
 * relay-trick local parts, file handling.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "recipient.h"
#include "tap.h"

static struct zm_config cfg;
static struct recipient_target T[16];
static size_t N;
static char E[512];

static const char *USERS =
	"alice@example.org::1001::/m/alice\n"
	"bob@example.org::1002::/m/bob\n"
	"carol@other.example::1003::/m/carol\n"
	"dave+x@example.org::1004::/m/davex\n"
	"dave@example.org::1004::/m/dave\n"
	"eve@bücher.example:$y$secret:1005::/m/eve\n";

static void setup(void)
{
	config_defaults(&cfg);
	cfg.auth_mode = ZM_AUTH_FILE;
	snprintf(cfg.users_file, sizeof(cfg.users_file), "users");
	cfg.aliases_file[0] = '\0';
	strcpy(cfg.local_domains[0], "example.org");
	strcpy(cfg.local_domains[1], "other.example");
	strcpy(cfg.local_domains[2], "xn--bcher-kva.example");
	cfg.local_domain_count = 3;
	cfg.recipient_delimiter = '+';
	cfg.allow_pipe_aliases = false;
}

/* Resolve path (in <...> form) with aliases text (NULL = none). */
static int R(const char *aliases, const char *path)
{
	struct mail_address a;
	int r = address_parse(path, strlen(path), ADDR_ALLOW_UTF8 | ADDR_ALLOW_POSTMASTER, &a, NULL);

	N = 99;
	if (r != ADDR_OK) {
		printf("# cannot parse %s\n", path);
		return -100;
	}
	return resolve_recipient_buffers(&cfg, aliases, aliases ? strlen(aliases) : 0,
					 USERS, strlen(USERS), &a, T, 16, &N, E, sizeof(E));
}

/* Is there a mailbox target for user address addr with folder f? */
static bool has_mailbox(const char *addr, const char *f)
{
	for (size_t i = 0; i < N; i++)
		if (T[i].kind == RCPT_MAILBOX && strcmp(T[i].user.address, addr) == 0 &&
		    strcmp(T[i].folder, f) == 0)
			return true;
	return false;
}

static void test_local_user(void)
{
	setup();
	CHECK_EQ_INT(R(NULL, "<alice@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK_EQ_INT(T[0].kind, RCPT_MAILBOX);
	CHECK_EQ_STR(T[0].address, "alice@example.org");
	CHECK_EQ_STR(T[0].user.maildir, "/m/alice");
	CHECK_EQ_INT(T[0].user.uid, 1001);
	CHECK_EQ_STR(T[0].folder, "");
	CHECK_EQ_INT(R(NULL, "<alice@EXAMPLE.ORG>"), RESOLVE_OK);
	CHECK_EQ_INT(R(NULL, "<Alice@example.org>"), RESOLVE_NO_USER);   /* exact local part */
}

static void test_hash_not_returned(void)
{
	setup();
	CHECK_EQ_INT(R(NULL, "<eve@xn--bcher-kva.example>"), RESOLVE_OK);
	CHECK_EQ_STR(T[0].user.hash, "");
}

static void test_idn_domain(void)
{
	setup();
	CHECK_EQ_INT(R(NULL, "<eve@BÜCHER.example>"), RESOLVE_OK);
	CHECK_EQ_STR(T[0].address, "eve@xn--bcher-kva.example");
	CHECK_EQ_INT(R(NULL, "<eve@XN--BCHER-KVA.EXAMPLE>"), RESOLVE_OK);
	CHECK_EQ_INT(R("info@bücher.example: eve\n", "<info@xn--bcher-kva.example>"), RESOLVE_OK);
	CHECK(has_mailbox("eve@xn--bcher-kva.example", ""));
}

static void test_not_local_and_unknown(void)
{
	setup();
	CHECK_EQ_INT(R(NULL, "<alice@example.com>"), RESOLVE_NOT_LOCAL);
	CHECK_EQ_INT(N, 0);
	CHECK_EQ_INT(R(NULL, "<alice@sub.example.org>"), RESOLVE_NOT_LOCAL);
	CHECK_EQ_INT(R(NULL, "<nobody-here@example.org>"), RESOLVE_NO_USER);
	CHECK_EQ_INT(N, 0);
	CHECK_EQ_INT(R(NULL, "<alice@[192.0.2.1]>"), RESOLVE_NOT_LOCAL);
	strcpy(cfg.local_domains[3], "[192.0.2.1]");
	cfg.local_domain_count = 4;
	CHECK_EQ_INT(R("alice@[192.0.2.1]: alice@example.org\n", "<alice@[192.0.2.1]>"), RESOLVE_OK);
}

static void test_alias_chain(void)
{
	const char *al = "info: sales\nsales: alice, bob@example.org\n";

	setup();
	CHECK_EQ_INT(R(al, "<info@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK(has_mailbox("bob@example.org", ""));
	/* a bare alias applies in every local domain, targets in that domain */
	CHECK_EQ_INT(R("team: carol\n", "<team@other.example>"), RESOLVE_OK);
	CHECK(has_mailbox("carol@other.example", ""));
	CHECK_EQ_INT(R("team: carol\n", "<team@example.org>"), RESOLVE_NO_USER);
	CHECK(strstr(E, "carol@example.org") != NULL);
	/* alias names are exact too */
	CHECK_EQ_INT(R(al, "<Info@example.org>"), RESOLVE_NO_USER);
}

static void test_full_alias_wins(void)
{
	const char *al = "info: alice\ninfo@other.example: carol\n";

	setup();
	CHECK_EQ_INT(R(al, "<info@other.example>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("carol@other.example", ""));
	CHECK_EQ_INT(R(al, "<info@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* an alias beats a user of the same name */
	CHECK_EQ_INT(R("alice: bob\n", "<alice@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("bob@example.org", ""));
}

static void test_external(void)
{
	setup();
	CHECK_EQ_INT(R("ext: Someone@Partner.EXAMPLE\n", "<ext@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK_EQ_INT(T[0].kind, RCPT_EXTERNAL);
	CHECK_EQ_STR(T[0].address, "Someone@partner.example");
	CHECK_EQ_INT(R("q: \"john doe\"@partner.example, alice\n", "<q@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK_EQ_STR(T[0].address, "\"john doe\"@partner.example");
	CHECK(has_mailbox("alice@example.org", ""));
}

static void test_pipe(void)
{
	const char *al = "archive: |/usr/bin/archive -x, alice\n"
			 "q: \"|/bin/cmd a, b\"\n";

	setup();
	CHECK_EQ_INT(R(al, "<archive@example.org>"), RESOLVE_REFUSED);
	CHECK_EQ_INT(N, 0);
	CHECK(strstr(E, "command") != NULL);
	cfg.allow_pipe_aliases = true;
	CHECK_EQ_INT(R(al, "<archive@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK_EQ_INT(T[0].kind, RCPT_PIPE);
	CHECK_EQ_STR(T[0].command, "/usr/bin/archive -x");
	CHECK_EQ_INT(R(al, "<q@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK_EQ_STR(T[0].command, "/bin/cmd a, b");
}

static void test_file_refused(void)
{
	setup();
	cfg.allow_pipe_aliases = true;
	CHECK_EQ_INT(R("f: /var/mail/file\n", "<f@example.org>"), RESOLVE_REFUSED);
	CHECK(strstr(E, "file targets") != NULL);
	CHECK_EQ_INT(R("f: alice, \"/tmp/x\"\n", "<f@example.org>"), RESOLVE_REFUSED);
	CHECK_EQ_INT(N, 0);
}

static void test_loop(void)
{
	setup();
	CHECK_EQ_INT(R("a: b\nb: a\n", "<a@example.org>"), RESOLVE_LOOP);
	CHECK(strstr(E, "loop") != NULL);
	CHECK_EQ_INT(R("a: b\nb: c\nc: alice, a\n", "<a@example.org>"), RESOLVE_LOOP);
	CHECK_EQ_INT(R("a: a@other.example\na@other.example: a@example.org\n", "<a@example.org>"),
		     RESOLVE_LOOP);
	/* "alice: alice, bob" means the user alice plus bob: not a loop */
	CHECK_EQ_INT(R("alice: alice, bob\n", "<alice@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK(has_mailbox("bob@example.org", ""));
	/* self-reference without such a user */
	CHECK_EQ_INT(R("ghost: ghost\n", "<ghost@example.org>"), RESOLVE_NO_USER);
}

static void test_depth(void)
{
	char al[1024] = "";
	/* a1 -> a2 -> ... -> a10 -> alice: 10 aliases deep is allowed */
	for (int i = 1; i < 10; i++)
		snprintf(al + strlen(al), sizeof(al) - strlen(al), "a%d: a%d\n", i, i + 1);
	strcat(al, "a10: alice\n");
	setup();
	CHECK_EQ_INT(R(al, "<a1@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* one more level is too deep */
	char al2[1100];
	snprintf(al2, sizeof(al2), "a0: a1\n%s", al);
	CHECK_EQ_INT(R(al2, "<a0@example.org>"), RESOLVE_LOOP);
	CHECK(strstr(E, "deeper") != NULL);
}

static void test_subaddress(void)
{
	setup();
	CHECK_EQ_INT(R(NULL, "<alice+lists@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("alice@example.org", "lists"));
	/* split at the first delimiter */
	CHECK_EQ_INT(R(NULL, "<alice+a+b@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", "a+b"));
	/* empty or unsafe folders go to the inbox */
	CHECK_EQ_INT(R(NULL, "<alice+@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK_EQ_INT(R(NULL, "<\"alice+../../etc\"@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK_EQ_INT(R(NULL, "<\"alice+a/b\"@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK_EQ_INT(R(NULL, "<alice+.hidden@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* "+x" alone is not a subaddress */
	CHECK_EQ_INT(R(NULL, "<+x@example.org>"), RESOLVE_NO_USER);
	/* unknown base */
	CHECK_EQ_INT(R(NULL, "<zed+x@example.org>"), RESOLVE_NO_USER);
	/* off */
	cfg.recipient_delimiter = '\0';
	CHECK_EQ_INT(R(NULL, "<alice+lists@example.org>"), RESOLVE_NO_USER);
	cfg.recipient_delimiter = '-';
	CHECK_EQ_INT(R(NULL, "<alice-lists@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", "lists"));
}

static void test_subaddress_full_wins(void)
{
	setup();
	/* a user for the full "dave+x" */
	CHECK_EQ_INT(R(NULL, "<dave+x@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("dave+x@example.org", ""));
	CHECK_EQ_INT(R(NULL, "<dave+y@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("dave@example.org", "y"));
	/* an alias for the full "alice+special" */
	CHECK_EQ_INT(R("alice+special: bob\n", "<alice+special@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("bob@example.org", ""));
	/* an alias for the base: expanded, the folder is dropped */
	CHECK_EQ_INT(R("sales: bob\n", "<sales+q3@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("bob@example.org", ""));
}

static void test_postmaster(void)
{
	setup();
	/* no user or alias "postmaster", no root alias */
	CHECK_EQ_INT(R(NULL, "<postmaster@example.org>"), RESOLVE_NO_USER);
	/* root alias fallback, any case, with or without a domain */
	CHECK_EQ_INT(R("root: alice\n", "<Postmaster@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* a bare target stays in the recipient's domain ... */
	CHECK_EQ_INT(R("root: alice\n", "<POSTMASTER@other.example>"), RESOLVE_NO_USER);
	/* ... so a root alias for every domain names a full address */
	CHECK_EQ_INT(R("root: alice@example.org\n", "<POSTMASTER@other.example>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK_EQ_INT(R("root: alice\n", "<Postmaster>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* an explicit postmaster alias wins, in any case */
	CHECK_EQ_INT(R("root: alice\nPostMaster: bob\n", "<postmaster@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK(has_mailbox("bob@example.org", ""));
	/* a "root" user is not a fallback, only an alias */
	CHECK_EQ_INT(R("x: root\n", "<x@example.org>"), RESOLVE_NO_USER);
	/* other local parts are not folded */
	CHECK_EQ_INT(R("root: alice\n", "<Root@example.org>"), RESOLVE_NO_USER);
}

static void test_postmaster_user(void)
{
	const char *users = "postmaster@example.org::1010::/m/pm\n";
	struct mail_address a;

	setup();
	CHECK_EQ_INT(address_parse("<PostMaster@example.org>", 24, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, "root: alice\n", 12, users, strlen(users), &a,
					       T, 16, &N, E, sizeof(E)), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK_EQ_STR(T[0].user.maildir, "/m/pm");
}

static void test_duplicates(void)
{
	setup();
	CHECK_EQ_INT(R("list: alice, alice@example.org, alice, ALICE@example.org, al\nal: alice\n",
		       "<list@example.org>"), RESOLVE_NO_USER);   /* ALICE is no user */
	CHECK_EQ_INT(R("list: alice, alice@example.org, alice, al, sub\nal: alice\nsub: al, bob\n",
		       "<list@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK_EQ_INT(R("x: ext@partner.example, EXT@PARTNER.example, ext@partner.example\n",
		       "<x@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);   /* local parts differ by case: two addresses */
	cfg.allow_pipe_aliases = true;
	CHECK_EQ_INT(R("p: |cmd, y\ny: |cmd\n", "<p@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	/* subaddress folders are distinct targets */
	CHECK_EQ_INT(R("z: alice+a, alice+a, alice+b, alice\n", "<z@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 3);
}

static void test_relay_tricks(void)
{
	setup();
	/* the literal local part is looked up; none of these is a user here
	 * and none becomes an external target */
	CHECK_EQ_INT(R(NULL, "<alice%partner.example@example.org>"), RESOLVE_NO_USER);
	CHECK_EQ_INT(N, 0);
	CHECK_EQ_INT(R(NULL, "<partner.example!alice@example.org>"), RESOLVE_NO_USER);
	CHECK_EQ_INT(R(NULL, "<\"alice@partner.example\"@example.org>"), RESOLVE_NO_USER);
	CHECK_EQ_INT(R(NULL, "<\"alice@example.org\"@example.org>"), RESOLVE_NO_USER);
	/* a source route through us to elsewhere is not local */
	CHECK_EQ_INT(R(NULL, "<@example.org:alice@partner.example>"), RESOLVE_NOT_LOCAL);
	/* a route from elsewhere to us is just the local mailbox */
	CHECK_EQ_INT(R(NULL, "<@partner.example:alice@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	/* '%' also is not a subaddress delimiter */
	cfg.recipient_delimiter = '+';
	CHECK_EQ_INT(R(NULL, "<alice+x%partner.example@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", "x%partner.example"));
	CHECK_EQ_INT(T[0].kind, RCPT_MAILBOX);
}

static void test_max_targets(void)
{
	struct mail_address a;

	setup();
	CHECK_EQ_INT(address_parse("<l@example.org>", 15, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, "l: alice, bob\n", 14, USERS, strlen(USERS), &a,
					       T, 1, &N, E, sizeof(E)), RESOLVE_REFUSED);
	CHECK_EQ_INT(N, 0);
}

static void test_alias_syntax(void)
{
	struct { const char *text; const char *err; } c[] = {
		{ "a: b\nnocolon\n", "t:2: missing ':' after the alias name" },
		{ ": alice\n", "t:1: missing alias name" },
		{ "a b: alice\n", "t:1: bad alias name" },
		{ "a:\n", "t:1: alias has no targets" },
		{ "a: ,, \n", "t:1: alias has no targets" },
		{ "  alice\n", "t:1: continuation line without an alias" },
		{ "a: b\n\n  c\n", "t:3: continuation line without an alias" },
		{ "a: b\nc: d\n# x\na: e\n", "t:4: duplicate alias (first on line 1)" },
		{ "a: b c\n", "t:1: bad target address" },
		{ "a: x@-bad.example\n", "t:1: bad target address" },
		{ "a: \"|cmd\n", "t:1: unterminated quote" },
		{ "a: |\n", "t:1: empty command" },
		{ "a: b\nc: :include:/etc/list\n", "t:2: bad target address" },
		{ "a: b\0\n", "t:1: NUL byte" },
	};
	char err[256];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		size_t len = strlen(c[i].text);
		if (i == sizeof(c) / sizeof(c[0]) - 1)
			len = 6;
		err[0] = '\0';
		CHECK_EQ_INT(aliases_parse_buffer("t", c[i].text, len, err, sizeof(err)), -1);
		if (strcmp(err, c[i].err) != 0)
			printf("# case %zu\n", i);
		CHECK_EQ_STR(err, c[i].err);
	}
	/* resolution refuses to use a broken file, even for unrelated names */
	setup();
	CHECK_EQ_INT(R("a: b c\n", "<alice@example.org>"), RESOLVE_TEMPFAIL);
	CHECK(strstr(E, ":1: bad target address") != NULL);
}

static void test_alias_format_ok(void)
{
	const char *al =
		"# comment\n"
		"\n"
		"multi: alice,\n"
		"  bob,\n"
		"\t# a comment inside\n"
		"\tcarol@other.example\r\n"
		"postmaster: alice # not a comment: bad?\n";
	char err[256];

	/* "alice # not..." is not an address: the whole line is an error */
	CHECK_EQ_INT(aliases_parse_buffer("t", al, strlen(al), err, sizeof(err)), -1);
	CHECK_EQ_STR(err, "t:7: bad target address");
	al = "# comment\n"
	     "\n"
	     "multi: alice,\n"
	     "  bob,\n"
	     "\t# a comment inside\n"
	     "\tcarol@other.example\r\n"
	     "\"john doe\": alice\n"
	     "info@Bücher.example: eve@bücher.example\n";
	CHECK_EQ_INT(aliases_parse_buffer("t", al, strlen(al), err, sizeof(err)), 0);
	setup();
	CHECK_EQ_INT(R(al, "<multi@example.org>"), RESOLVE_OK);
	CHECK_EQ_INT(N, 3);
	CHECK(has_mailbox("carol@other.example", ""));
	CHECK_EQ_INT(R(al, "<\"john doe\"@example.org>"), RESOLVE_OK);
	CHECK(has_mailbox("alice@example.org", ""));
	CHECK_EQ_INT(aliases_parse_buffer("t", "", 0, err, sizeof(err)), 0);
}

static char dir[64];

static void put(const char *name, const char *text)
{
	char p[128];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	CHECK(f != NULL);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void test_files(void)
{
	struct mail_address a;
	char err[256];

	setup();
	put("users", USERS);
	put("aliases", "info: alice, bob\n");
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s/users", dir);
	snprintf(cfg.aliases_file, sizeof(cfg.aliases_file), "%s/aliases", dir);
	CHECK_EQ_INT(address_parse("<info@example.org>", 18, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_OK);
	CHECK_EQ_INT(N, 2);
	CHECK_EQ_INT(aliases_check(&cfg, err, sizeof(err)), 0);
	/* aliases_file "" = no aliases */
	cfg.aliases_file[0] = '\0';
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_NO_USER);
	CHECK_EQ_INT(aliases_check(&cfg, err, sizeof(err)), 0);
	/* a configured but missing aliases file */
	snprintf(cfg.aliases_file, sizeof(cfg.aliases_file), "%s/missing", dir);
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_TEMPFAIL);
	CHECK(strstr(E, "missing") != NULL);
	CHECK_EQ_INT(aliases_check(&cfg, err, sizeof(err)), -1);
	/* a foreign domain is refused before any file is read */
	CHECK_EQ_INT(address_parse("<info@example.com>", 18, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_NOT_LOCAL);
	/* a broken aliases file */
	put("aliases", "info alice\n");
	snprintf(cfg.aliases_file, sizeof(cfg.aliases_file), "%s/aliases", dir);
	CHECK_EQ_INT(aliases_check(&cfg, err, sizeof(err)), -1);
	CHECK(strstr(err, "/aliases:1: missing ':'") != NULL);
	/* a missing users file */
	put("aliases", "info: alice\n");
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s/nousers", dir);
	CHECK_EQ_INT(address_parse("<info@example.org>", 18, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_TEMPFAIL);
	/* null path is nobody */
	CHECK_EQ_INT(address_parse("<>", 2, ADDR_ALLOW_NULL, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient(&cfg, &a, T, 16, &N, E, sizeof(E)), RESOLVE_NO_USER);
	char p[128];
	snprintf(p, sizeof(p), "%s/users", dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s/aliases", dir);
	unlink(p);
}

static void test_system_mode(void)
{
	struct passwd *pw = getpwnam("nobody");
	struct mail_address a;

	if (!pw || pw->pw_uid == 0) {
		printf("# skipped: no \"nobody\" account\n");
		return;
	}
	setup();
	cfg.auth_mode = ZM_AUTH_SYSTEM;
	CHECK_EQ_INT(address_parse("<nobody+x@other.example>", 24, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, NULL, 0, NULL, 0, &a, T, 16, &N, E, sizeof(E)), RESOLVE_OK);
	CHECK_EQ_INT(N, 1);
	CHECK_EQ_INT(T[0].user.uid, pw->pw_uid);
	CHECK_EQ_STR(T[0].folder, "x");
	CHECK_EQ_STR(T[0].address, "nobody@other.example");
	CHECK_EQ_INT(address_parse("<root@example.org>", 18, 0, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, NULL, 0, NULL, 0, &a, T, 16, &N, E, sizeof(E)),
		     RESOLVE_NO_USER);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, "root: nobody\n", 13, NULL, 0, &a, T, 16, &N, E, sizeof(E)),
		     RESOLVE_OK);
	CHECK_EQ_INT(address_parse("<Postmaster>", 12, ADDR_ALLOW_POSTMASTER, &a, NULL), ADDR_OK);
	CHECK_EQ_INT(resolve_recipient_buffers(&cfg, "root: nobody\n", 13, NULL, 0, &a, T, 16, &N, E, sizeof(E)),
		     RESOLVE_OK);
	CHECK_EQ_INT(T[0].user.uid, pw->pw_uid);
}

int main(void)
{
	strcpy(dir, "/tmp/zm-XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(test_local_user);
	RUN(test_hash_not_returned);
	RUN(test_idn_domain);
	RUN(test_not_local_and_unknown);
	RUN(test_alias_chain);
	RUN(test_full_alias_wins);
	RUN(test_external);
	RUN(test_pipe);
	RUN(test_file_refused);
	RUN(test_loop);
	RUN(test_depth);
	RUN(test_subaddress);
	RUN(test_subaddress_full_wins);
	RUN(test_postmaster);
	RUN(test_postmaster_user);
	RUN(test_duplicates);
	RUN(test_relay_tricks);
	RUN(test_max_targets);
	RUN(test_alias_syntax);
	RUN(test_alias_format_ok);
	RUN(test_files);
	RUN(test_system_mode);
	rmdir(dir);
	return tap_done();
}
