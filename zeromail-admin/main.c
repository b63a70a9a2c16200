/*
 * zeromail-admin - small administration tool: see zeromail-admin(8).
 *
 *   zeromail-admin [--config FILE] hash            password on stdin -> yescrypt hash
 *   zeromail-admin [--config FILE] check           check config, users and aliases files
 *   zeromail-admin [--config FILE] resolve ADDRESS show where mail for ADDRESS goes
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "address.h"
#include "auth.h"
#include "config.h"
#include "recipient.h"
#include "userdb.h"

static int usage(void)
{
	fprintf(stderr, "usage: zeromail-admin [--config FILE] hash | check | resolve ADDRESS\n");
	return 64;
}

static int cmd_hash(void)
{
	char pw[1024], hash[256];
	size_t n;

	if (isatty(0))
		fprintf(stderr, "password: ");
	if (!fgets(pw, sizeof(pw), stdin)) {
		fprintf(stderr, "zeromail-admin: no password on stdin\n");
		return 65;
	}
	n = strcspn(pw, "\r\n");
	pw[n] = '\0';
	if (n == 0) {
		fprintf(stderr, "zeromail-admin: empty password\n");
		return 65;
	}
	if (auth_hash_password(pw, hash, sizeof(hash)) != 0) {
		explicit_bzero(pw, sizeof(pw));
		fprintf(stderr, "zeromail-admin: hashing failed\n");
		return 70;
	}
	explicit_bzero(pw, sizeof(pw));
	printf("%s\n", hash);
	return 0;
}

static int cmd_check(const struct zm_config *cfg)
{
	char err[ZM_PATH_MAX + 256];
	struct mail_user u;
	int bad = 0;

	printf("config: %s\n", cfg->path[0] ? cfg->path : "(built-in defaults)");
	if (cfg->local_domain_count == 0) {
		printf("warning: local_domains is empty: no mail will be accepted\n");
	}
	/* A lookup that matches nobody reads the whole users file. */
	if (cfg->auth_mode == ZM_AUTH_FILE &&
	    userdb_lookup_login(cfg, "zeromail-admin-check@invalid", &u, err, sizeof(err)) == USERDB_TEMPFAIL) {
		printf("error: %s\n", err);
		bad = 1;
	}
	if (cfg->aliases_file[0] && aliases_check(cfg, err, sizeof(err)) != 0) {
		printf("error: %s\n", err);
		bad = 1;
	}
	if (!bad)
		printf("ok\n");
	return bad ? 78 : 0;
}

static int cmd_resolve(const struct zm_config *cfg, const char *arg)
{
	static struct recipient_target t[ZM_MAX_ALIAS_TARGETS];
	struct mail_address a;
	char err[ZM_PATH_MAX + 256] = "";
	size_t n = 0;
	int r;

	if (address_parse(arg, strlen(arg), ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8 | ADDR_ALLOW_POSTMASTER, &a, NULL) != ADDR_OK) {
		fprintf(stderr, "zeromail-admin: '%s' is not an address\n", arg);
		return 65;
	}
	r = resolve_recipient(cfg, &a, t, ZM_MAX_ALIAS_TARGETS, &n, err, sizeof(err));
	switch (r) {
	case RESOLVE_OK:
		for (size_t i = 0; i < n; i++) {
			if (t[i].kind == RCPT_MAILBOX)
				printf("mailbox %s uid=%u gid=%u maildir=%s%s%s\n", t[i].address, (unsigned)t[i].user.uid,
				       (unsigned)t[i].user.gid, t[i].user.maildir, t[i].folder[0] ? " folder=" : "", t[i].folder);
			else if (t[i].kind == RCPT_EXTERNAL)
				printf("external %s\n", t[i].address);
			else
				printf("command %s\n", t[i].command);
			mail_user_wipe(&t[i].user);
		}
		return 0;
	case RESOLVE_NOT_LOCAL: printf("not a local domain\n"); return 68;
	case RESOLVE_NO_USER: printf("no such user\n"); return 67;
	case RESOLVE_LOOP: printf("alias loop: %s\n", err); return 65;
	case RESOLVE_REFUSED: printf("refused: %s\n", err); return 77;
	default: printf("temporary failure: %s\n", err); return 75;
	}
}

int main(int argc, char **argv)
{
	static struct zm_config cfg;
	const char *path = config_choose_path(&argc, argv, true);
	char err[ZM_PATH_MAX + 256];

	if (argc < 2)
		return usage();
	/* hash needs no configuration. */
	if (strcmp(argv[1], "hash") == 0 && argc == 2)
		return cmd_hash();
	if (config_load(&cfg, path, strcmp(path, ZM_DEFAULT_CONFIG_PATH) == 0, err, sizeof(err)) != 0) {
		fprintf(stderr, "zeromail-admin: %s\n", err);
		return 78;
	}
	if (strcmp(argv[1], "check") == 0 && argc == 2)
		return cmd_check(&cfg);
	if (strcmp(argv[1], "resolve") == 0 && argc == 3)
		return cmd_resolve(&cfg, argv[2]);
	return usage();
}
