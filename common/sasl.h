/*
 * sasl.h - decoding the SASL PLAIN and LOGIN mechanisms.
 *
 * Owns: RFC 4616 PLAIN ("authzid NUL authcid NUL passwd", UTF-8, no NUL
 * inside fields, authcid and passwd non-empty) and the LOGIN mechanism's
 * two base64 answers.  Protocol syntax (the "334"/"+ " prompts, "*" to
 * cancel) stays in each handler; this module only turns base64 into
 * credentials.  Buffers that held a password are wiped (explicit_bzero).
 */
#ifndef ZM_SASL_H
#define ZM_SASL_H

#include <stdbool.h>
#include <stddef.h>
#include "limits.h"

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

/* Decode a PLAIN response (base64 text, len bytes; "=" means empty). */
int sasl_plain_decode(const char *b64, size_t len, struct sasl_credentials *out);

/* Decode one base64 LOGIN answer (user name or password) into out
 * (outmax bytes, NUL-terminated); *outlen set.  Same result codes. */
int sasl_login_decode(const char *b64, size_t len, char *out, size_t outmax, size_t *outlen);

/* PLAIN authzid rule: an authzid is accepted only if empty or equal to the
 * authcid (we do not support proxy authorisation).  Compared after
 * address normalisation (domain case and IDN form). */
bool sasl_authzid_allowed(const struct sasl_credentials *creds);

/* Wipe the whole struct. */
void sasl_credentials_wipe(struct sasl_credentials *creds);

/* true if s[0..len) is valid UTF-8 (no overlongs, no surrogates). */
bool utf8_valid(const char *s, size_t len);

#endif
