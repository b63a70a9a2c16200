/*
 * test_auth.c - password verification against a users file in a temporary
 * directory: success, wrong password, unknown and disabled users (same code,
 * comparable work), legacy hashes flagged weak, NUL in the password, the
 * failure delay and cap, and TEMPFAIL when the users file is missing.
 */
#include <crypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "auth.h"
#include "config.h"
#include "tap.h"

static char tmpdir[64];
static char users_path[ZM_PATH_MAX];
static char maildir[ZM_PATH_MAX];
static char good_hash[CRYPT_OUTPUT_SIZE];

static long long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A legacy hash made with a fixed salt (md5crypt "$1$" or DES "ab"). */
static void legacy_hash(const char *pw, const char *salt, char *out, size_t outlen)
{
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *h;

	if (!cd)
		abort();
	h = crypt_rn(pw, salt, cd, (int)sizeof(*cd));
	snprintf(out, outlen, "%s", h ? h : "*");
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
}

static void setup(void)
{
	char md5[CRYPT_OUTPUT_SIZE], des[CRYPT_OUTPUT_SIZE];
	FILE *f;
	unsigned uid = (unsigned)getuid(), gid = (unsigned)getgid();

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/zm-XXXXXX");
	if (!mkdtemp(tmpdir))
		abort();
	snprintf(users_path, sizeof(users_path), "%s/users", tmpdir);
	snprintf(maildir, sizeof(maildir), "%s/Maildir", tmpdir);
	if (mkdir(maildir, 0700) != 0)
		abort();
	if (auth_hash_password("correct horse", good_hash, sizeof(good_hash)) != 0)
		abort();
	legacy_hash("old secret", "$1$abcdefgh$", md5, sizeof(md5));
	legacy_hash("des pw", "ab", des, sizeof(des));

	f = fopen(users_path, "w");
	if (!f)
		abort();
	fprintf(f, "# test users\n");
	fprintf(f, "alice@example.org:%s:%u:%u:%s\n", good_hash, uid, gid, maildir);
	fprintf(f, "bob@example.org:!%s:%u:%u:%s\n", good_hash, uid, gid, maildir);
	fprintf(f, "carol@example.org:*:%u:%u:%s\n", uid, gid, maildir);
	fprintf(f, "dave@example.org::%u:%u:%s\n", uid, gid, maildir);
	fprintf(f, "erin@example.org:%s:%u:%u:%s\n", md5, uid, gid, maildir);
	fprintf(f, "frank@example.org:%s:%u:%u:%s\n", des, uid, gid, maildir);
	fprintf(f, "grace@example.org:$q$not-a-method:%u:%u:%s\n", uid, gid, maildir);
	if (fclose(f) != 0)
		abort();
}

static void teardown(void)
{
	unlink(users_path);
	rmdir(maildir);
	rmdir(tmpdir);
}

static void make_config(struct zm_config *cfg, unsigned max_failures, unsigned delay_ms)
{
	config_defaults(cfg);
	cfg->auth_mode = ZM_AUTH_FILE;
	snprintf(cfg->users_file, sizeof(cfg->users_file), "%s", users_path);
	snprintf(cfg->local_domains[0], sizeof(cfg->local_domains[0]), "example.org");
	cfg->local_domain_count = 1;
	cfg->max_auth_failures = max_failures;
	cfg->auth_fail_delay_ms = delay_ms;
}

static int verify(struct auth_session *as, const struct zm_config *cfg,
		  const char *login, const char *pw, struct mail_user *u, bool *weak)
{
	return auth_verify(as, cfg, login, pw, strlen(pw), u, weak);
}

static void test_hash_password(void)
{
	char h1[CRYPT_OUTPUT_SIZE], h2[CRYPT_OUTPUT_SIZE], small[10];
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd = calloc(1, sizeof(*cd));
	const char *r;

	CHECK(cd != NULL);
	if (!cd)
		return;
	CHECK_EQ_INT(auth_hash_password("pw", h1, sizeof(h1)), 0);
	CHECK_EQ_INT(auth_hash_password("pw", h2, sizeof(h2)), 0);
	CHECK(strncmp(h1, "$y$", 3) == 0);
	CHECK(strcmp(h1, h2) != 0);                 /* random salts */
	CHECK(strchr(h1, ':') == NULL);             /* fits the users file */
	CHECK_EQ_INT(crypt_checksalt(h1), CRYPT_SALT_OK);
	r = crypt_rn("pw", h1, cd, (int)sizeof(*cd));
	CHECK(r && strcmp(r, h1) == 0);
	CHECK_EQ_INT(auth_hash_password("pw", small, sizeof(small)), -1);
	CHECK_EQ_STR(small, "");
	CHECK_EQ_INT(auth_hash_password("pw", small, 0), -1);
	/* The default cost the dummy hash must match. */
	CHECK(crypt_gensalt_rn("$y$", 0, NULL, 0, salt, (int)sizeof(salt)) != NULL);
	CHECK(strncmp(h1, salt, 7) == 0);
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
}

static void test_dummy_hash_cost(void)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	const char *d = auth_dummy_hash();

	/* Same method and cost field ("$y$j9T$") as a fresh default hash:
	 * if libxcrypt changes its default, this tells us to regenerate. */
	CHECK(crypt_gensalt_rn("$y$", 0, NULL, 0, salt, (int)sizeof(salt)) != NULL);
	CHECK(strncmp(d, salt, 7) == 0);
	CHECK(strncmp(d, good_hash, 7) == 0);
	CHECK_EQ_INT(crypt_checksalt(d), CRYPT_SALT_OK);
}

static void test_ok(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	bool weak = true;

	make_config(&cfg, 3, 0);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, &weak), AUTH_OK);
	CHECK(!weak);
	CHECK_EQ_STR(u.address, "alice@example.org");
	CHECK_EQ_INT(u.uid, getuid());
	CHECK_EQ_STR(u.maildir, maildir);
	CHECK(tap_all_zero(u.hash, sizeof(u.hash)));   /* hash wiped */
	CHECK_EQ_INT(as.failures, 0);
	/* weak_hash may be NULL. */
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, NULL), AUTH_OK);
	/* Domain in another case. */
	CHECK_EQ_INT(verify(&as, &cfg, "alice@EXAMPLE.org", "correct horse", &u, NULL), AUTH_OK);
}

static void test_wrong_password(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	bool weak = true;

	make_config(&cfg, 10, 0);
	auth_session_init(&as, &cfg);
	memset(&u, 0x55, sizeof(u));
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct hors", &u, &weak), AUTH_FAILED);
	CHECK(!weak);
	CHECK(tap_all_zero(&u, sizeof(u)));
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "Correct horse", &u, NULL), AUTH_FAILED);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "", &u, NULL), AUTH_FAILED);
	CHECK_EQ_INT(verify(&as, &cfg, "Alice@example.org", "correct horse", &u, NULL), AUTH_FAILED);
	CHECK_EQ_INT(as.failures, 4);
}

static void test_nul_in_password(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;

	make_config(&cfg, 10, 0);
	auth_session_init(&as, &cfg);
	/* The right password followed by NUL and more must not match. */
	CHECK_EQ_INT(auth_verify(&as, &cfg, "alice@example.org", "correct horse\0x", 15, &u, NULL),
		     AUTH_FAILED);
	/* A length shorter than the string counts, not the NUL. */
	CHECK_EQ_INT(auth_verify(&as, &cfg, "alice@example.org", "correct horsexyz", 13, &u, NULL),
		     AUTH_OK);
}

static void test_unknown_and_disabled_users(void)
{
	static const char *logins[] = {
		"nobody@example.org", "alice@example.com", "alice", "",
		"bob@example.org",     /* "!" + a hash of the right password */
		"carol@example.org",   /* "*" */
		"dave@example.org",    /* "" */
		"grace@example.org",   /* invalid hash */
	};
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	size_t i;

	make_config(&cfg, 100, 0);
	auth_session_init(&as, &cfg);
	for (i = 0; i < sizeof(logins) / sizeof(logins[0]); i++) {
		bool weak = true;

		memset(&u, 0x55, sizeof(u));
		CHECK_EQ_INT(verify(&as, &cfg, logins[i], "correct horse", &u, &weak), AUTH_FAILED);
		CHECK(!weak);
		CHECK(tap_all_zero(&u, sizeof(u)));
	}
	CHECK_EQ_INT(as.failures, sizeof(logins) / sizeof(logins[0]));
	CHECK_EQ_INT(auth_verify(&as, &cfg, NULL, NULL, 0, &u, NULL), AUTH_FAILED);
}

/* Milliseconds of the fastest of a few failing runs (the one least
 * disturbed by the machine's load). */
static long long fastest_ms(struct auth_session *as, const struct zm_config *cfg,
			    const char *login, const char *pw)
{
	long long best = -1;
	int i;

	for (i = 0; i < 3; i++) {
		long long t0 = now_ms(), dt;

		if (verify(as, cfg, login, pw, NULL, NULL) != AUTH_FAILED)
			return -1;
		dt = now_ms() - t0;
		if (best < 0 || dt < best)
			best = dt;
	}
	return best;
}

static void test_same_work_known_or_not(void)
{
	struct zm_config cfg;
	struct auth_session as;
	long long wrong, unknown, disabled;

	/* No delay: what is timed is the crypt work alone.  A loose check
	 * (both paths run a default-cost yescrypt), not a timing oracle test. */
	make_config(&cfg, 100, 0);
	auth_session_init(&as, &cfg);
	(void)fastest_ms(&as, &cfg, "alice@example.org", "warm-up");
	wrong = fastest_ms(&as, &cfg, "alice@example.org", "wrong");
	unknown = fastest_ms(&as, &cfg, "nobody@example.org", "wrong");
	disabled = fastest_ms(&as, &cfg, "bob@example.org", "correct horse");
	printf("# wrong password %lld ms, unknown user %lld ms, disabled %lld ms\n",
	       wrong, unknown, disabled);
	CHECK(wrong >= 2);
	CHECK(unknown >= 2);
	CHECK(disabled >= 2);
	/* Within a factor of 4 of each other: same hash cost. */
	CHECK(unknown * 4 >= wrong && wrong * 4 >= unknown);
	CHECK(disabled * 4 >= wrong && wrong * 4 >= disabled);
}

static void test_legacy_hash_is_weak(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	bool weak = false;

	make_config(&cfg, 10, 0);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(verify(&as, &cfg, "erin@example.org", "old secret", &u, &weak), AUTH_OK);
	CHECK(weak);
	CHECK(tap_all_zero(u.hash, sizeof(u.hash)));
	weak = false;
	CHECK_EQ_INT(verify(&as, &cfg, "frank@example.org", "des pw", &u, &weak), AUTH_OK);
	CHECK(weak);
	weak = true;
	CHECK_EQ_INT(verify(&as, &cfg, "erin@example.org", "old secreT", &u, &weak), AUTH_FAILED);
	CHECK(!weak);   /* only reported on success */
}

static void test_lockout(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	long long t0, dt;
	int i;

	make_config(&cfg, 3, 0);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(as.max_failures, 3);
	for (i = 0; i < 3; i++) {
		CHECK(!auth_session_locked(&as));
		CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "nope", &u, NULL), AUTH_FAILED);
	}
	CHECK(auth_session_locked(&as));
	/* Locked: even the right password is not checked, and fast. */
	t0 = now_ms();
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, NULL), AUTH_LOCKED);
	dt = now_ms() - t0;
	CHECK(dt < 5);
	CHECK(tap_all_zero(&u, sizeof(u)));
	CHECK_EQ_INT(verify(&as, &cfg, "nobody@example.org", "x", &u, NULL), AUTH_LOCKED);
	CHECK_EQ_INT(as.failures, 3);
	/* A new connection starts over. */
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, NULL), AUTH_OK);
}

static void test_success_does_not_reset_count(void)
{
	struct zm_config cfg;
	struct auth_session as;

	make_config(&cfg, 2, 0);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "nope", NULL, NULL), AUTH_FAILED);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", NULL, NULL), AUTH_OK);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "nope", NULL, NULL), AUTH_FAILED);
	CHECK(auth_session_locked(&as));
}

static void test_failure_delay(void)
{
	struct zm_config cfg;
	struct auth_session as;
	long long t0, fail_ms, ok_ms;

	make_config(&cfg, 5, 150);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(as.fail_delay_ms, 150);
	t0 = now_ms();
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", NULL, NULL), AUTH_OK);
	ok_ms = now_ms() - t0;
	t0 = now_ms();
	CHECK_EQ_INT(verify(&as, &cfg, "nobody@example.org", "x", NULL, NULL), AUTH_FAILED);
	fail_ms = now_ms() - t0;
	printf("# success %lld ms, failure with 150 ms delay %lld ms\n", ok_ms, fail_ms);
	CHECK(fail_ms >= 150);
	CHECK(ok_ms < fail_ms);
}

static void test_tempfail(void)
{
	struct zm_config cfg;
	struct auth_session as;
	struct mail_user u;
	bool weak = true;

	make_config(&cfg, 3, 0);
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s/missing", tmpdir);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, &weak), AUTH_TEMPFAIL);
	CHECK(!weak);
	CHECK(tap_all_zero(&u, sizeof(u)));
	CHECK_EQ_INT(as.failures, 0);               /* not the client's fault */
	/* A directory where the file should be. */
	snprintf(cfg.users_file, sizeof(cfg.users_file), "%s", tmpdir);
	CHECK_EQ_INT(verify(&as, &cfg, "alice@example.org", "correct horse", &u, NULL), AUTH_TEMPFAIL);
}

static void test_session_defaults(void)
{
	struct zm_config cfg;
	struct auth_session as;

	config_defaults(&cfg);
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(as.max_failures, ZM_DEFAULT_MAX_AUTH_FAILURES);
	CHECK_EQ_INT(as.fail_delay_ms, ZM_DEFAULT_AUTH_FAIL_DELAY_MS);
	CHECK_EQ_INT(as.failures, 0);
	cfg.max_auth_failures = 0;                  /* 0 means the default */
	auth_session_init(&as, &cfg);
	CHECK_EQ_INT(as.max_failures, ZM_DEFAULT_MAX_AUTH_FAILURES);
}

int main(void)
{
	setup();
	RUN(test_hash_password);
	RUN(test_dummy_hash_cost);
	RUN(test_ok);
	RUN(test_wrong_password);
	RUN(test_nul_in_password);
	RUN(test_unknown_and_disabled_users);
	RUN(test_same_work_known_or_not);
	RUN(test_legacy_hash_is_weak);
	RUN(test_lockout);
	RUN(test_success_does_not_reset_count);
	RUN(test_failure_delay);
	RUN(test_tempfail);
	RUN(test_session_defaults);
	teardown();
	return tap_done();
}
