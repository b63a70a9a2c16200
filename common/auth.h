/*
 * auth.h - password verification, shared by every handler.
 *
 * Owns: checking a login and password against the userdb with libxcrypt
 * (crypt_r; crypt_checksalt flags weak or legacy hashes), with the same work
 * and timing whether the user exists or not (a dummy hash is verified for
 * unknown users), a delay after each failure, and a cap on failures per
 * connection.  Password buffers are wiped by the caller via sasl/auth wipe.
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

void auth_session_init(struct auth_session *as, const struct zm_config *cfg);

/*
 * Verify login/password (password may contain any byte but NUL; length
 * given).  On AUTH_OK *user is filled (hash wiped).  On failure the delay
 * has already been slept.  *weak_hash (may be NULL) is set when the stored
 * hash is legacy or weak (crypt_checksalt), so the caller can log it.
 */
int auth_verify(struct auth_session *as, const struct zm_config *cfg,
		const char *login, const char *password, size_t password_len,
		struct mail_user *user, bool *weak_hash);

/* true once the per-connection failure cap is reached. */
bool auth_session_locked(const struct auth_session *as);

/* Make a new yescrypt hash of password (for the admin tool and tests).
 * Returns 0 and the hash in out, or -1. */
int auth_hash_password(const char *password, char *out, size_t outlen);

#endif
