/*
 * config.h - the one configuration file of zeromail.
 *
 * Owns: the file format (docs/config.md), the built-in defaults, and the
 * typed struct every program reads its settings from.  Every error is
 * reported as "file:line: what is wrong".
 *
 * Format: one "key = value" per line; '#' starts a comment at the start of a
 * line (after blanks); blank lines ignored; values are taken verbatim after
 * trimming blanks; list values are separated by commas and/or blanks.
 * Unknown keys are an error (a typo must not silently fall back to a
 * default).  A key given twice: the last one wins.
 */
#ifndef ZM_CONFIG_H
#define ZM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "zmlimits.h"

#define ZM_DEFAULT_CONFIG_PATH "/etc/zeromail/zeromail.conf"

enum zm_auth_mode { ZM_AUTH_FILE = 0, ZM_AUTH_SYSTEM = 1 };
enum zm_log_target { ZM_LOG_AUTO = 0, ZM_LOG_JOURNAL, ZM_LOG_SYSLOG, ZM_LOG_STDERR };

struct zm_config {
	char path[ZM_PATH_MAX];          /* file the config came from, "" = defaults */

	char hostname[ZM_DOMAIN_MAX];    /* "hostname": our name in greetings */
	char local_domains[ZM_MAX_LOCAL_DOMAINS][ZM_DOMAIN_MAX]; /* normalised A-label, lower case */
	size_t local_domain_count;

	enum zm_auth_mode auth_mode;     /* "auth_mode = file | system" */
	char users_file[ZM_PATH_MAX];    /* "users_file" */
	char aliases_file[ZM_PATH_MAX];  /* "aliases_file", "" = none */
	char system_maildir[ZM_PATH_MAX];/* "system_maildir": Maildir under $HOME for system users, default "Maildir" */
	bool allow_pipe_aliases;         /* "allow_pipe_aliases": |command targets */
	char recipient_delimiter;        /* "recipient_delimiter": '+' ; '\0' = off */
	char mail_owner[64];             /* "mail_owner": user for virtual mailboxes */
	char deliver_group[64];          /* "deliver_group": who may run deliver */
	char deliver_path[ZM_PATH_MAX];  /* "deliver_path": for the SMTP handler */

	char tls_cert[ZM_PATH_MAX];      /* "tls_cert": PEM chain */
	char tls_key[ZM_PATH_MAX];       /* "tls_key": PEM key */
	char tls_priority[512];          /* "tls_priority": GnuTLS priority string */

	size_t max_line;                 /* "max_line_length" */
	size_t max_recipients;           /* "max_recipients" */
	size_t max_message_size;         /* "max_message_size" (bytes; 0 = unlimited is refused) */
	unsigned max_bad_commands;       /* "max_bad_commands" */
	unsigned max_junk_commands;      /* "max_junk_commands" */
	unsigned max_auth_failures;      /* "max_auth_failures" */
	unsigned auth_fail_delay_ms;     /* "auth_failure_delay" (ms) */
	unsigned auth_slots;             /* "auth_slots": password checks at once, 0 = no limit */
	char auth_slot_dir[ZM_PATH_MAX]; /* "auth_slot_dir" */
	unsigned idle_timeout_s;         /* "idle_timeout" (s) */
	unsigned command_timeout_s;      /* "command_timeout" (s) */
	unsigned max_hops;               /* "max_hops": Delivered-To/Received count */
	bool allow_plaintext_auth_loopback; /* "allow_plaintext_auth_loopback" */
	char spool_dir[ZM_PATH_MAX];     /* "spool_dir": SMTP spools each message here */
	bool smtp_auth_on_mx;            /* "smtp_auth_on_mx": offer AUTH on port 25 too */
	bool smtp_any_sender;            /* "smtp_any_sender": AUTH users may use any MAIL FROM */
	unsigned pop3_expire_days;       /* "pop3_expire_days": 0 = EXPIRE NEVER */
	unsigned pop3_login_delay_s;     /* "pop3_login_delay": 0 = none */

	enum zm_log_target log_target;   /* "log = auto | journal | syslog | stderr" */
	bool log_debug;                  /* "log_debug" */
};

/* Fill *cfg with the built-in defaults (hostname from uname). */
void config_defaults(struct zm_config *cfg);

/* Load defaults, then the file at path on top.  Returns 0, or -1 with
 * "path:line: message" in err (errlen bytes, always NUL-terminated).
 * A missing file is an error unless missing_ok is true. */
int config_load(struct zm_config *cfg, const char *path, bool missing_ok,
		char *err, size_t errlen);

/* Parse config text already in memory (for tests and fuzzing); name is used
 * in error messages. */
int config_parse_buffer(struct zm_config *cfg, const char *name,
			const char *text, size_t len, char *err, size_t errlen);

/*
 * Which config file to read: "--config PATH" / "--config=PATH" in argv (the
 * option is removed from argv), else $ZEROMAIL_CONFIG, else the default.
 * When trusted_caller is false (a setuid program run by a non-root user)
 * an override naming any other file than the default returns NULL: the
 * caller must refuse to run (it cannot honour the request and must not
 * silently read another file).
 */
const char *config_choose_path(int *argc, char **argv, bool trusted_caller);

/* true if domain (any case, A- or U-label form) is one of local_domains. */
bool config_is_local_domain(const struct zm_config *cfg, const char *domain);

#endif
