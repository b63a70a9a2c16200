/*
 * fuzz_sasl.c - libFuzzer target for SASL PLAIN and LOGIN decoding
 * (common/sasl.c).
 *
 * Feeds the input as base64 text to sasl_plain_decode and
 * sasl_login_decode, and checks the promises of sasl.h: on success the
 * fields are NUL-terminated, NUL-free, valid UTF-8 and non-empty where
 * required; on failure the output is all zero.  The input is also wrapped
 * in base64 so the field splitting sees arbitrary bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sasl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static void check_field(const char *f, bool may_be_empty)
{
	size_t len = strnlen(f, SASL_FIELD_MAX);

	if (len >= SASL_FIELD_MAX || (!may_be_empty && len == 0) || !utf8_valid(f, len))
		abort();
}

static void try_text(const char *text, size_t len)
{
	struct sasl_credentials c;
	char login[SASL_FIELD_MAX];
	size_t n = 1;
	int rc;

	rc = sasl_plain_decode(text, len, &c);
	if (rc == SASL_OK) {
		check_field(c.authzid, true);
		check_field(c.authcid, false);
		check_field(c.passwd, false);
		if (c.passwd_len != strlen(c.passwd))
			abort();
		(void)sasl_authzid_allowed(&c);
		sasl_credentials_wipe(&c);
		if (!all_zero(&c, sizeof(c)))
			abort();
	} else if (rc != SASL_BAD_BASE64 && rc != SASL_BAD_FORMAT) {
		abort();
	} else if (!all_zero(&c, sizeof(c))) {
		abort();
	}

	rc = sasl_login_decode(text, len, login, sizeof(login), &n);
	if (rc == SASL_OK) {
		if (n == 0 || n >= sizeof(login) || login[n] != '\0' ||
		    memchr(login, '\0', n) || !utf8_valid(login, n))
			abort();
	} else if ((rc != SASL_BAD_BASE64 && rc != SASL_BAD_FORMAT) || n != 0 ||
		   !all_zero(login, sizeof(login))) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *enc;

	try_text((const char *)data, size);
	if (size > 4096)
		return 0;
	enc = malloc(base64_encoded_len(size) + 1);
	if (!enc)
		abort();
	base64_encode(data, size, enc);
	try_text(enc, strlen(enc));
	free(enc);
	return 0;
}
