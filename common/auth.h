/*
 * auth.h - password verification, shared by every handler.
 *
 * Owns: checking a login and password against the userdb with libxcrypt
 * (crypt_r; crypt_checksalt flags weak or legacy hashes), with the same work
 * and timing whether the user exists or not (a dummy hash is verified for
 * unknown users), a delay after each failure, and a cap on failures per
 * connection.  Password buffers are wiped by the caller via sasl/auth wipe;
 * auth.c wipes its own copies (the password, the crypt_data work area and
 * the stored hash) before returning.
 *
 * Same work for every failure: an unknown login, a user whose hash is "",
 * '!...' or '*...' (cannot log in), an invalid stored hash and a password
 * with a NUL inside all run one yescrypt of the default cost against a
 * built-in dummy hash (auth_dummy_hash) and then fail with AUTH_FAILED,
 * exactly like a wrong password.
 */
#ifndef ZM_AUTH_H
#define ZM_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include "config.h"
#include "userdb.h"

enum auth_result {
	AUTH_OK = 0,
	AUTH_FAILED = 1,     /* wrong user or password: one answer for both */
	AUTH_TEMPFAIL = -1,  /* userdb unreadable: try again later */
	AUTH_LOCKED = 2,     /* too many failures on this connection */
};

struct auth_session {
	unsigned failures;
	unsigned max_failures;
	unsigned fail_delay_ms;
};

/* Start a connection's count: no failures yet; the cap is
 * cfg->max_auth_failures (0 = ZM_DEFAULT_MAX_AUTH_FAILURES) and the delay
 * cfg->auth_fail_delay_ms. */
void auth_session_init(struct auth_session *as, const struct zm_config *cfg);

/*
 * Verify login/password (password may contain any byte but NUL; length
 * given).  On AUTH_OK *user is filled (hash wiped).  On failure the delay
 * has already been slept.  *weak_hash (may be NULL) is set when the stored
 * hash is legacy or weak (crypt_checksalt), so the caller can log it; it is
 * false on every other result.
 * Returns AUTH_OK; AUTH_FAILED (counted; the failure that reaches the cap is
 * still AUTH_FAILED, check auth_session_locked() afterwards); AUTH_LOCKED
 * when the cap was already reached (nothing is checked, no delay); or
 * AUTH_TEMPFAIL when the userdb could not be read, memory ran out, or every
 * password-check slot (authslots.h) stayed taken (not counted as a failure,
 * no delay).  On any result but AUTH_OK *user is
 * zeroed.
 */
int auth_verify(struct auth_session *as, const struct zm_config *cfg,
		const char *login, const char *password, size_t password_len,
		struct mail_user *user, bool *weak_hash);

/* true once the per-connection failure cap is reached. */
bool auth_session_locked(const struct auth_session *as);

/* Make a new yescrypt hash of password (for the admin tool and tests):
 * crypt_gensalt "$y$" with the library's default cost and a salt from the
 * kernel's random source.  Returns 0 and the NUL-terminated hash in out
 * (outlen bytes; CRYPT_OUTPUT_SIZE is always enough, about 80 in practice),
 * or -1 (out is then ""). */
int auth_hash_password(const char *password, char *out, size_t outlen);

/* The constant yescrypt hash verified for logins that cannot succeed
 * (default cost as of libxcrypt 4.4, "$y$j9T$"); exposed for tests. */
const char *auth_dummy_hash(void);

#endif
