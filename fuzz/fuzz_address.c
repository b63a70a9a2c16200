/*
 * fuzz_address.c - libFuzzer target for address_parse (RFC 5321 4.1.2
 * paths) under every flag combination, with round-trip checks through
 * address_format, plus domain_normalize / domain_to_unicode on the raw
 * input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "address.h"
#include "domain.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const struct mail_address *a)
{
	char buf[ZM_ADDR_MAX + 2];
	struct mail_address b;
	int n;

	n = address_format(a, buf + 1, sizeof(buf) - 2);
	if (n < 0)
		abort();   /* every parsed address must be printable */
	if (a->is_null || !a->domain[0])
		return;
	buf[0] = '<';
	buf[n + 1] = '>';
	/* The canonical form parses back to the same address, unless the
	 * A-label domain made the path longer than the limit. */
	int r = address_parse(buf, (size_t)n + 2, ADDR_ALLOW_UTF8, &b, NULL);
	if (r == ADDR_TOO_LONG)
		return;
	if (r != ADDR_OK || !address_equal(a, &b) || b.local_needs_quotes != a->local_needs_quotes)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct mail_address a;
	size_t used;
	char d[ZM_DOMAIN_MAX], u[ZM_DOMAIN_MAX * 4];

	for (unsigned flags = 0; flags < 16; flags++) {
		if (address_parse(in, size, flags, &a, &used) == ADDR_OK) {
			if (used > size)
				abort();
			roundtrip(&a);
		}
		if (address_parse(in, size, flags, &a, NULL) == ADDR_OK)
			roundtrip(&a);
	}
	int r = domain_normalize(in, size, d, sizeof(d));
	if (r != DOMAIN_INVALID) {
		char d2[ZM_DOMAIN_MAX];
		/* normalising is idempotent */
		if (domain_normalize(d, strlen(d), d2, sizeof(d2)) != r || strcmp(d, d2) != 0)
			abort();
		domain_to_unicode(d, u, sizeof(u));
	}
	return 0;
}
