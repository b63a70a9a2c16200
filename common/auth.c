/*
 * auth.c - password verification with libxcrypt (interface: auth.h).
 *
 * Owns: one check of login + password against the userdb per call, the
 * per-connection failure count and the delay after a failure, and making
 * new yescrypt hashes.  Every path that cannot succeed (unknown user,
 * locked or invalid hash, NUL in the password) still runs crypt once, on a
 * dummy hash of the default cost, so failures look the same from outside:
 * same result code, about the same time.  The crypt_data work area (32 KB)
 * lives on the heap, zeroed before use and wiped after.
 */
#include <crypt.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth.h"
#include "authslots.h"

/* yescrypt of a throw-away password, made once with
 * crypt_gensalt_rn("$y$", 0, NULL, 0) (libxcrypt 4.4.33): the parameter
 * field "j9T" is the library's default cost, the same that
 * auth_hash_password() produces, so verifying it costs what verifying a
 * real user's default hash costs.  Nothing ever matches it on purpose: the
 * result is ignored. */
static const char dummy_hash[] =
	"$y$j9T$ZJKhbr6IjATms.avhvTIZ0$UAjfUb0NO5Bkgt5ui47ENc6TRBuzWtM5Fh8lxUui4C6";

const char *auth_dummy_hash(void)
{
	return dummy_hash;
}

void auth_session_init(struct auth_session *as, const struct zm_config *cfg)
{
	as->failures = 0;
	as->max_failures = cfg->max_auth_failures ? cfg->max_auth_failures
						  : ZM_DEFAULT_MAX_AUTH_FAILURES;
	as->fail_delay_ms = cfg->auth_fail_delay_ms;
}

bool auth_session_locked(const struct auth_session *as)
{
	return as->failures >= as->max_failures;
}

/* Sleep ms milliseconds on the monotonic clock, through signals. */
static void sleep_ms(unsigned ms)
{
	struct timespec until;

	if (ms == 0 || clock_gettime(CLOCK_MONOTONIC, &until) != 0)
		return;
	until.tv_sec += ms / 1000;
	until.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	/* An absolute deadline: each EINTR retry sleeps only what is left. */
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
		;
}

/* Equality of two NUL-terminated strings whose length is public (the hash
 * format fixes it); the bytes are compared without an early exit. */
static bool ct_str_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i;
	unsigned char diff = 0;

	if (la != lb)
		return false;
	for (i = 0; i < la; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* A stored hash that can possibly match: userdb.h says "", '!...' and
 * '*...' mean "cannot log in". */
static bool hash_may_login(const char *h)
{
	return h[0] != '\0' && h[0] != '!' && h[0] != '*';
}

/* Heap work area of one verification: all of it is wiped afterwards. */
struct auth_work {
	struct crypt_data cd;
	struct mail_user user;
	char err[256];
};

int auth_verify(struct auth_session *as, const struct zm_config *cfg,
		const char *login, const char *password, size_t password_len,
		struct mail_user *user, bool *weak_hash)
{
	struct auth_work *w = NULL;
	char *phrase = NULL;
	const char *setting = dummy_hash;
	const char *got;
	bool real = false, weak = false;
	int rc = AUTH_FAILED, lookup = USERDB_NOT_FOUND, slot;

	if (weak_hash)
		*weak_hash = false;
	if (user)
		memset(user, 0, sizeof(*user));
	if (auth_session_locked(as))
		return AUTH_LOCKED;
	if (password_len == SIZE_MAX)
		return AUTH_TEMPFAIL;
	w = calloc(1, sizeof(*w));
	phrase = malloc(password_len + 1);
	if (!w || !phrase) {
		rc = AUTH_TEMPFAIL;
		goto out;
	}
	phrase[0] = '\0';
	if (password) {
		memcpy(phrase, password, password_len);
		phrase[password_len] = '\0';
	}

	/* A NUL would cut the phrase crypt sees: such a password never
	 * matches (and must not match a prefix), but costs the same. */
	if (login && password && !memchr(password, '\0', password_len))
		lookup = userdb_lookup_login(cfg, login, &w->user, w->err, sizeof(w->err));
	if (lookup == USERDB_TEMPFAIL) {
		rc = AUTH_TEMPFAIL;
		goto out;
	}
	if (lookup == USERDB_OK && hash_may_login(w->user.hash)) {
		switch (crypt_checksalt(w->user.hash)) {
		case CRYPT_SALT_OK:
			real = true;
			break;
		case CRYPT_SALT_METHOD_LEGACY:
		case CRYPT_SALT_TOO_CHEAP:
			real = true;
			weak = true;
			break;
		default:        /* CRYPT_SALT_INVALID, METHOD_DISABLED: fail */
			break;
		}
		if (real)
			setting = w->user.hash;
	}

	/* Bounded memory for the machine: only auth_slots checks at once.
	 * Unknown users take a slot too (the same work, the same wait). */
	slot = authslot_acquire(cfg, ZM_AUTH_SLOT_WAIT_MS);
	if (slot == AUTHSLOT_BUSY) {
		rc = AUTH_TEMPFAIL;
		goto out;
	}
	got = crypt_rn(phrase, setting, &w->cd, (int)sizeof(w->cd));
	authslot_release(slot);
	if (real && got && ct_str_equal(got, setting)) {
		rc = AUTH_OK;
		if (user) {
			*user = w->user;
			mail_user_wipe(user);
		}
		if (weak_hash)
			*weak_hash = weak;
	}
out:
	if (w) {
		explicit_bzero(w, sizeof(*w));
		free(w);
	}
	if (phrase) {
		explicit_bzero(phrase, password_len + 1);
		free(phrase);
	}
	if (rc == AUTH_FAILED) {
		if (as->failures < as->max_failures)
			as->failures++;
		sleep_ms(as->fail_delay_ms);
	}
	return rc;
}

int auth_hash_password(const char *password, char *out, size_t outlen)
{
	char salt[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	const char *h;
	size_t n;
	int rc = -1;

	if (!out || outlen == 0)
		return -1;
	out[0] = '\0';
	if (!password)
		return -1;
	/* NULL rbytes: libxcrypt takes the salt from getrandom/getentropy. */
	if (!crypt_gensalt_rn("$y$", 0, NULL, 0, salt, (int)sizeof(salt)))
		return -1;
	cd = calloc(1, sizeof(*cd));
	if (!cd)
		return -1;
	h = crypt_rn(password, salt, cd, (int)sizeof(*cd));
	if (h && h[0] != '*') {
		n = strlen(h);
		if (n < outlen) {
			memcpy(out, h, n + 1);
			rc = 0;
		}
	}
	explicit_bzero(cd, sizeof(*cd));
	free(cd);
	explicit_bzero(salt, sizeof(salt));
	return rc;
}
