/*
 * fuzz_base64.c - libFuzzer target for strict base64 (common/base64.c).
 *
 * Decodes the input as base64 text (checking that base64_decoded_len agrees
 * and that a strict decode re-encodes to exactly the input, since strict
 * base64 has one spelling per byte string), then encodes the input as raw
 * bytes and checks that it decodes back unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base64.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max = base64_decoded_max(size);
	size_t elen = base64_encoded_len(size);
	unsigned char *dec = malloc(max ? max : 1);
	char *enc = malloc(elen + 1);
	unsigned char *back = malloc(size ? size : 1);
	char *reenc;
	long n, m;

	if (!dec || !enc || !back)
		abort();

	/* 1. The input as base64 text. */
	n = base64_decode((const char *)data, size, dec, max);
	if (n != base64_decoded_len((const char *)data, size))
		abort();
	if (n >= 0) {
		if ((size_t)n > max)
			abort();
		reenc = malloc(base64_encoded_len((size_t)n) + 1);
		if (!reenc)
			abort();
		if (base64_encode(dec, (size_t)n, reenc) != size ||
		    memcmp(reenc, data, size) != 0)
			abort();
		free(reenc);
		/* One byte short of room must fail. */
		if (n > 0 && base64_decode((const char *)data, size, dec, (size_t)n - 1) != -1)
			abort();
	}

	/* 2. The input as raw bytes: encode, then decode back. */
	if (base64_encode(data, size, enc) != elen || strlen(enc) != elen)
		abort();
	m = base64_decode(enc, elen, back, size);
	if (m != (long)size || memcmp(back, data, size) != 0)
		abort();

	free(dec);
	free(enc);
	free(back);
	return 0;
}
