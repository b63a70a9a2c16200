/*
 * sasl.h - decoding the SASL PLAIN and LOGIN mechanisms.
 *
 * Owns: RFC 4616 PLAIN ("authzid NUL authcid NUL passwd", UTF-8, no NUL
 * inside fields, authcid and passwd non-empty) and the LOGIN mechanism's
 * two base64 answers.  Protocol syntax (the "334"/"+ " prompts, "*" to
 * cancel) stays in each handler; this module only turns base64 into
 * credentials.  Buffers that held a password are wiped (explicit_bzero).
 *
 * An empty response (the empty string, or "=" which RFC 4954 4 / RFC 5034 4
 * use to send an empty initial response) is SASL_BAD_FORMAT for both
 * mechanisms: PLAIN needs a non-empty authcid and passwd, and an empty LOGIN
 * user name or password can never authenticate.
 */
#ifndef ZM_SASL_H
#define ZM_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include "zmlimits.h"

/* Size of each field buffer: a field holds at most SASL_FIELD_MAX-1 bytes. */
#define SASL_FIELD_MAX 512

struct sasl_credentials {
	char authzid[SASL_FIELD_MAX];  /* "" when absent */
	char authcid[SASL_FIELD_MAX];
	char passwd[SASL_FIELD_MAX];
	size_t passwd_len;
};

enum sasl_result {
	SASL_OK = 0,
	SASL_BAD_BASE64 = -1,   /* not strict base64 */
	SASL_BAD_FORMAT = -2,   /* wrong field count, empty fields, NUL inside, bad UTF-8, too long */
};

/*
 * Decode a PLAIN response (base64 text b64[0..len), without CRLF).
 * Returns SASL_OK with *out filled (each field NUL-terminated), or
 * SASL_BAD_BASE64 / SASL_BAD_FORMAT with *out all zero.  Input longer than
 * the largest valid message is SASL_BAD_FORMAT without further checks.
 * The caller wipes *out with sasl_credentials_wipe() when done.
 */
int sasl_plain_decode(const char *b64, size_t len, struct sasl_credentials *out);

/*
 * Decode one base64 LOGIN answer (user name or password) into out (outmax
 * bytes, at least 1; the text is NUL-terminated, so at most outmax-1 bytes);
 * *outlen set.  Returns SASL_OK, SASL_BAD_BASE64, or SASL_BAD_FORMAT (empty,
 * NUL inside, invalid UTF-8, longer than outmax-1); on failure out[] is
 * zeroed and *outlen is 0.  The caller wipes out when it held a password.
 */
int sasl_login_decode(const char *b64, size_t len, char *out, size_t outmax, size_t *outlen);

/*
 * PLAIN authzid rule: an authzid is accepted only if empty or equal to the
 * authcid (we do not support proxy authorisation).  When both contain '@'
 * (the last one splits), the local parts must be byte-equal and the domains
 * equal ignoring ASCII case or, failing that, equal after IDN normalisation
 * (domain_equal); otherwise the two are compared byte for byte.
 */
bool sasl_authzid_allowed(const struct sasl_credentials *creds);

/* Wipe the whole struct (all bytes zero afterwards). */
void sasl_credentials_wipe(struct sasl_credentials *creds);

/* true if s[0..len) is valid UTF-8 per RFC 3629 4 (no overlongs, no
 * surrogates U+D800..U+DFFF, nothing above U+10FFFF).  NUL bytes are valid
 * UTF-8; callers that forbid them check separately. */
bool utf8_valid(const char *s, size_t len);

#endif
