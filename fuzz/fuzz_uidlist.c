/*
 * fuzz_uidlist.c - libFuzzer target for the UID-list parsers of
 * common/uidlist.c (zeromail-uidlist and dovecot-uidlist) and the keywords
 * parser of common/keywords.c: arbitrary bytes must parse or be refused,
 * never crash or leak; what parses must survive a format -> parse round
 * trip unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "keywords.h"
#include "uidlist.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const struct uidlist *l)
{
	char *buf;
	size_t len;
	if (uidlist_format(l, &buf, &len) != MAILDIR_OK)
		return;
	struct uidlist again = UIDLIST_INIT;
	if (uidlist_parse(buf, len, &again, NULL) != MAILDIR_OK)
		abort();          /* what we write we must read */
	if (again.count != l->count || again.uidvalidity != l->uidvalidity ||
	    again.uidnext != l->uidnext || again.highestmodseq != l->highestmodseq)
		abort();
	for (size_t i = 0; i < l->count; i++)
		if (again.entries[i].uid != l->entries[i].uid ||
		    again.entries[i].modseq != l->entries[i].modseq ||
		    again.entries[i].msg.base_len != l->entries[i].msg.base_len)
			abort();
	uidlist_free(&again);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	struct uidlist l = UIDLIST_INIT;
	uint32_t old;
	if (uidlist_parse(buf, size, &l, &old) == MAILDIR_OK) {
		roundtrip(&l);
		uidlist_free(&l);
	}
	if (uidlist_parse_dovecot(buf, size, &l) == MAILDIR_OK) {
		roundtrip(&l);
		uidlist_free(&l);
	}
	struct keywords kw;
	if (keywords_parse(buf, size, &kw) == MAILDIR_OK)
		keywords_free(&kw);
	return 0;
}
