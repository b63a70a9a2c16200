/*
 * fuzz_aliases.c - libFuzzer target for the aliases file parser and
 * resolve_recipient over it (aliases text in memory, a fixed users text,
 * a fixed set of local domains), recipients taken from fixed names and
 * from the first name in the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "recipient.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *USERS =
	"alice@example.org::1001::/m/alice\n"
	"bob@example.org::1002::/m/bob\n"
	"carol@other.example::1003::/m/carol\n";

static void try(const struct zm_config *cfg, const char *aliases, size_t alen, const char *path, size_t plen)
{
	static struct recipient_target out[ZM_MAX_ALIAS_TARGETS];
	struct mail_address a;
	char err[512];
	size_t n = 0;

	if (address_parse(path, plen, ADDR_ALLOW_UTF8 | ADDR_ALLOW_POSTMASTER, &a, NULL) != ADDR_OK)
		return;
	int r = resolve_recipient_buffers(cfg, aliases, alen, USERS, strlen(USERS), &a, out,
					  ZM_MAX_ALIAS_TARGETS, &n, err, sizeof(err));
	if (r != RESOLVE_OK && n != 0)
		abort();
	if (n > ZM_MAX_ALIAS_TARGETS)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct zm_config cfg;
	static int init;
	const char *text = (const char *)data;
	char err[512];
	static const char *paths[] = {
		"<info@example.org>", "<Postmaster>", "<postmaster@other.example>",
		"<alice+x@example.org>", "<a@example.org>", "<root@example.org>",
	};

	if (!init) {
		config_defaults(&cfg);
		cfg.auth_mode = ZM_AUTH_FILE;
		strcpy(cfg.local_domains[0], "example.org");
		strcpy(cfg.local_domains[1], "other.example");
		cfg.local_domain_count = 2;
		cfg.recipient_delimiter = '+';
		init = 1;
	}
	aliases_parse_buffer("fuzz", text, size, err, sizeof(err));
	cfg.allow_pipe_aliases = size > 0 && (data[0] & 1);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		try(&cfg, text, size, paths[i], strlen(paths[i]));

	/* The first alias name in the input, in example.org. */
	const char *colon = memchr(text, ':', size < 200 ? size : 200);
	if (colon && colon > text) {
		char path[300];
		size_t nl = (size_t)(colon - text);
		path[0] = '<';
		memcpy(path + 1, text, nl);
		if (memchr(text, '@', nl)) {
			path[nl + 1] = '>';
			try(&cfg, text, size, path, nl + 2);
		} else {
			memcpy(path + 1 + nl, "@example.org>", 13);
			try(&cfg, text, size, path, nl + 14);
		}
	}
	return 0;
}
