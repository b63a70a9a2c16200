/*
 * config.c - the one configuration file: defaults, parser, lookups.
 * Format and every key: docs/config.md.  Errors are "file:line: message".
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "config.h"
#include "domain.h"

/* The config file is small; anything bigger is a mistake. */
#define CONFIG_MAX_BYTES (256 * 1024)

enum key_type { K_STRING, K_SIZE, K_UINT, K_MSEC, K_BOOL, K_CHAR, K_DOMAINS, K_AUTHMODE, K_LOGTARGET, K_DOMAIN };

struct key_def {
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;         /* K_STRING: buffer size */
	unsigned long long min, max;
};

#define F(field) offsetof(struct zm_config, field), sizeof(((struct zm_config *)0)->field)

static const struct key_def keys[] = {
	{ "hostname", K_DOMAIN, F(hostname), 0, 0 },
	{ "local_domains", K_DOMAINS, F(local_domains), 0, 0 },
	{ "auth_mode", K_AUTHMODE, F(auth_mode), 0, 0 },
	{ "users_file", K_STRING, F(users_file), 0, 0 },
	{ "aliases_file", K_STRING, F(aliases_file), 0, 0 },
	{ "system_maildir", K_STRING, F(system_maildir), 0, 0 },
	{ "allow_pipe_aliases", K_BOOL, F(allow_pipe_aliases), 0, 0 },
	{ "recipient_delimiter", K_CHAR, F(recipient_delimiter), 0, 0 },
	{ "mail_owner", K_STRING, F(mail_owner), 0, 0 },
	{ "deliver_group", K_STRING, F(deliver_group), 0, 0 },
	{ "deliver_path", K_STRING, F(deliver_path), 0, 0 },
	{ "tls_cert", K_STRING, F(tls_cert), 0, 0 },
	{ "tls_key", K_STRING, F(tls_key), 0, 0 },
	{ "tls_priority", K_STRING, F(tls_priority), 0, 0 },
	{ "max_line_length", K_SIZE, F(max_line), 512, ZM_HARD_MAX_LINE },
	{ "max_recipients", K_SIZE, F(max_recipients), 1, 100000 },
	{ "max_message_size", K_SIZE, F(max_message_size), 1024, 1ULL << 40 },
	{ "max_bad_commands", K_UINT, F(max_bad_commands), 1, 10000 },
	{ "max_junk_commands", K_UINT, F(max_junk_commands), 1, 100000 },
	{ "max_auth_failures", K_UINT, F(max_auth_failures), 1, 1000 },
	{ "auth_failure_delay", K_MSEC, F(auth_fail_delay_ms), 0, 60000 },
	{ "auth_slots", K_UINT, F(auth_slots), 0, 1000 },
	{ "auth_slot_dir", K_STRING, F(auth_slot_dir), 0, 0 },
	{ "idle_timeout", K_UINT, F(idle_timeout_s), 1, 86400 },
	{ "command_timeout", K_UINT, F(command_timeout_s), 1, 86400 },
	{ "max_hops", K_UINT, F(max_hops), 1, 1000 },
	{ "allow_plaintext_auth_loopback", K_BOOL, F(allow_plaintext_auth_loopback), 0, 0 },
	{ "spool_dir", K_STRING, F(spool_dir), 0, 0 },
	{ "smtp_auth_on_mx", K_BOOL, F(smtp_auth_on_mx), 0, 0 },
	{ "smtp_any_sender", K_BOOL, F(smtp_any_sender), 0, 0 },
	{ "pop3_expire_days", K_UINT, F(pop3_expire_days), 0, 36500 },
	{ "pop3_login_delay", K_UINT, F(pop3_login_delay_s), 0, 86400 },
	{ "log", K_LOGTARGET, F(log_target), 0, 0 },
	{ "log_debug", K_BOOL, F(log_debug), 0, 0 },
};

static void copy_str(char *dst, size_t dstlen, const char *src)
{
	size_t n = strlen(src);

	if (n >= dstlen)
		n = dstlen - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void config_defaults(struct zm_config *cfg)
{
	struct utsname u;

	memset(cfg, 0, sizeof(*cfg));
	if (uname(&u) == 0)
		copy_str(cfg->hostname, sizeof(cfg->hostname), u.nodename);
	else
		copy_str(cfg->hostname, sizeof(cfg->hostname), "localhost");
	cfg->auth_mode = ZM_AUTH_FILE;
	copy_str(cfg->users_file, sizeof(cfg->users_file), "/etc/zeromail/users");
	copy_str(cfg->system_maildir, sizeof(cfg->system_maildir), "Maildir");
	cfg->recipient_delimiter = '+';
	copy_str(cfg->mail_owner, sizeof(cfg->mail_owner), "vmail");
	copy_str(cfg->deliver_group, sizeof(cfg->deliver_group), "zeromail");
	copy_str(cfg->deliver_path, sizeof(cfg->deliver_path), "/usr/local/lib/zeromail/deliver");
	cfg->max_line = ZM_DEFAULT_MAX_LINE;
	cfg->max_recipients = ZM_DEFAULT_MAX_RECIPIENTS;
	cfg->max_message_size = ZM_DEFAULT_MAX_MESSAGE_SIZE;
	cfg->max_bad_commands = ZM_DEFAULT_MAX_BAD_COMMANDS;
	cfg->max_junk_commands = ZM_DEFAULT_MAX_JUNK_COMMANDS;
	cfg->max_auth_failures = ZM_DEFAULT_MAX_AUTH_FAILURES;
	cfg->auth_fail_delay_ms = ZM_DEFAULT_AUTH_FAIL_DELAY_MS;
	cfg->auth_slots = ZM_DEFAULT_AUTH_SLOTS;
	copy_str(cfg->auth_slot_dir, sizeof(cfg->auth_slot_dir), "/var/lib/zeromail/auth-slots");
	cfg->idle_timeout_s = ZM_DEFAULT_IDLE_TIMEOUT_S;
	cfg->command_timeout_s = ZM_DEFAULT_COMMAND_TIMEOUT_S;
	cfg->max_hops = ZM_DEFAULT_MAX_HOPS;
	cfg->log_target = ZM_LOG_AUTO;
	copy_str(cfg->spool_dir, sizeof(cfg->spool_dir), "/var/tmp");
}

static int fail(char *err, size_t errlen, const char *name, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int fail(char *err, size_t errlen, const char *name, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!err || !errlen)
		return -1;
	n = line ? snprintf(err, errlen, "%s:%u: ", name, line) : snprintf(err, errlen, "%s: ", name);
	if (n < 0 || (size_t)n >= errlen)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Unsigned number with an optional size (k, M, G) or time (s, m, h) suffix;
 * time suffixes convert to the key's unit (seconds; ms for K_MSEC keys). */
static int parse_number(const char *v, bool is_ms, bool is_size, unsigned long long *out)
{
	char *end;
	unsigned long long n, mult = 1;

	if (*v < '0' || *v > '9')
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (errno)
		return -1;
	if (*end) {
		if (is_size && end[1] == '\0' && (*end == 'k' || *end == 'K'))
			mult = 1024;
		else if (is_size && end[1] == '\0' && (*end == 'M' || *end == 'm'))
			mult = 1024 * 1024;
		else if (is_size && end[1] == '\0' && (*end == 'G' || *end == 'g'))
			mult = 1024ULL * 1024 * 1024;
		else if (!is_size && strcmp(end, "ms") == 0 && is_ms)
			mult = 1;
		else if (!is_size && strcmp(end, "s") == 0)
			mult = is_ms ? 1000 : 1;
		else if (!is_size && strcmp(end, "m") == 0 && !is_ms)
			mult = 60;
		else if (!is_size && strcmp(end, "h") == 0 && !is_ms)
			mult = 3600;
		else
			return -1;
	}
	if (n > ULLONG_MAX / mult)
		return -1;
	*out = n * mult;
	return 0;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "off") || !strcmp(v, "0"))
		*out = false;
	else
		return -1;
	return 0;
}

static int set_domains(struct zm_config *cfg, const char *v, const char *name, unsigned line,
		       char *err, size_t errlen)
{
	const char *p = v;

	cfg->local_domain_count = 0;
	while (*p) {
		size_t len;
		char norm[ZM_DOMAIN_MAX];
		int r;

		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		len = strcspn(p, ", \t");
		r = domain_normalize(p, len, norm, sizeof(norm));
		if (r == DOMAIN_INVALID)
			return fail(err, errlen, name, line, "local_domains: invalid domain '%.*s'", (int)len, p);
		if (cfg->local_domain_count >= ZM_MAX_LOCAL_DOMAINS)
			return fail(err, errlen, name, line, "local_domains: more than %d domains", ZM_MAX_LOCAL_DOMAINS);
		copy_str(cfg->local_domains[cfg->local_domain_count++], ZM_DOMAIN_MAX, norm);
		p += len;
	}
	return 0;
}

static int set_key(struct zm_config *cfg, const struct key_def *k, const char *v,
		   const char *name, unsigned line, char *err, size_t errlen)
{
	char *field = (char *)cfg + k->offset;
	unsigned long long n;

	switch (k->type) {
	case K_STRING:
		if (strlen(v) >= k->size)
			return fail(err, errlen, name, line, "%s: value longer than %zu bytes", k->name, k->size - 1);
		copy_str(field, k->size, v);
		return 0;
	case K_DOMAIN: {
		char norm[ZM_DOMAIN_MAX];

		if (domain_normalize(v, strlen(v), norm, sizeof(norm)) != DOMAIN_OK)
			return fail(err, errlen, name, line, "%s: invalid domain name '%s'", k->name, v);
		copy_str(field, k->size, norm);
		return 0;
	}
	case K_SIZE:
	case K_UINT:
	case K_MSEC:
		if (parse_number(v, k->type == K_MSEC, k->type == K_SIZE, &n) != 0)
			return fail(err, errlen, name, line, "%s: '%s' is not a number", k->name, v);
		if (n < k->min || n > k->max)
			return fail(err, errlen, name, line, "%s: %llu is outside %llu..%llu", k->name, n, k->min, k->max);
		if (k->type == K_SIZE && n > SIZE_MAX)
			return fail(err, errlen, name, line, "%s: %llu is too large for this system", k->name, n);
		if (k->type == K_SIZE)
			*(size_t *)field = (size_t)n;
		else
			*(unsigned *)field = (unsigned)n;
		return 0;
	case K_BOOL:
		if (parse_bool(v, (bool *)field) != 0)
			return fail(err, errlen, name, line, "%s: '%s' is not yes or no", k->name, v);
		return 0;
	case K_CHAR:
		if (v[0] == '\0') {
			*field = '\0';
			return 0;
		}
		if (v[1] != '\0' || !strchr("+-_=", v[0]))
			return fail(err, errlen, name, line, "%s: must be one of + - _ = or empty", k->name);
		*field = v[0];
		return 0;
	case K_DOMAINS:
		return set_domains(cfg, v, name, line, err, errlen);
	case K_AUTHMODE:
		if (!strcmp(v, "file"))
			cfg->auth_mode = ZM_AUTH_FILE;
		else if (!strcmp(v, "system"))
			cfg->auth_mode = ZM_AUTH_SYSTEM;
		else
			return fail(err, errlen, name, line, "auth_mode: '%s' is not file or system", v);
		return 0;
	case K_LOGTARGET:
		if (!strcmp(v, "auto"))
			cfg->log_target = ZM_LOG_AUTO;
		else if (!strcmp(v, "journal"))
			cfg->log_target = ZM_LOG_JOURNAL;
		else if (!strcmp(v, "syslog"))
			cfg->log_target = ZM_LOG_SYSLOG;
		else if (!strcmp(v, "stderr"))
			cfg->log_target = ZM_LOG_STDERR;
		else
			return fail(err, errlen, name, line, "log: '%s' is not auto, journal, syslog or stderr", v);
		return 0;
	}
	return fail(err, errlen, name, line, "internal error");
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

int config_parse_buffer(struct zm_config *cfg, const char *name, const char *text, size_t len,
			char *err, size_t errlen)
{
	size_t pos = 0;
	unsigned line = 0;

	while (pos < len) {
		const char *l = text + pos, *nl = memchr(l, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - l) : len - pos;
		char keybuf[64], val[ZM_PATH_MAX > 2048 ? ZM_PATH_MAX : 2048];
		size_t i = 0, ks, ke, vs, ve;
		const struct key_def *k = NULL;

		pos += llen + (nl ? 1 : 0);
		line++;
		while (i < llen && is_blank(l[i]))
			i++;
		if (i == llen || l[i] == '#')
			continue;
		if (memchr(l, '\0', llen))
			return fail(err, errlen, name, line, "NUL byte in line");
		ks = i;
		while (i < llen && l[i] != '=' && !is_blank(l[i]))
			i++;
		ke = i;
		while (i < llen && is_blank(l[i]))
			i++;
		if (i == llen || l[i] != '=')
			return fail(err, errlen, name, line, "expected 'key = value'");
		i++;
		while (i < llen && is_blank(l[i]))
			i++;
		vs = i;
		ve = llen;
		while (ve > vs && is_blank(l[ve - 1]))
			ve--;
		if (ke - ks >= sizeof(keybuf))
			return fail(err, errlen, name, line, "unknown key '%.*s'", (int)(ke - ks > 64 ? 64 : ke - ks), l + ks);
		memcpy(keybuf, l + ks, ke - ks);
		keybuf[ke - ks] = '\0';
		if (ve - vs >= sizeof(val))
			return fail(err, errlen, name, line, "%s: value too long", keybuf);
		memcpy(val, l + vs, ve - vs);
		val[ve - vs] = '\0';
		for (size_t j = 0; j < sizeof(keys) / sizeof(keys[0]); j++)
			if (strcmp(keys[j].name, keybuf) == 0)
				k = &keys[j];
		if (!k)
			return fail(err, errlen, name, line, "unknown key '%s'", keybuf);
		if (set_key(cfg, k, val, name, line, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int config_load(struct zm_config *cfg, const char *path, bool missing_ok, char *err, size_t errlen)
{
	int fd;
	struct stat st;
	char *buf;
	size_t got = 0;
	int r;

	config_defaults(cfg);
	if (!path || !*path)
		return 0;
	copy_str(cfg->path, sizeof(cfg->path), path);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT && missing_ok) {
			cfg->path[0] = '\0';
			return 0;
		}
		return fail(err, errlen, path, 0, "%s", strerror(errno));
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errlen, path, 0, "not a regular file");
	}
	if (st.st_size > CONFIG_MAX_BYTES) {
		close(fd);
		return fail(err, errlen, path, 0, "larger than %d bytes", CONFIG_MAX_BYTES);
	}
	buf = malloc((size_t)st.st_size + 1);
	if (!buf) {
		close(fd);
		return fail(err, errlen, path, 0, "out of memory");
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			free(buf);
			close(fd);
			return fail(err, errlen, path, 0, "%s", strerror(e));
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	r = config_parse_buffer(cfg, path, buf, got, err, errlen);
	free(buf);
	return r;
}

const char *config_choose_path(int *argc, char **argv, bool trusted_caller)
{
	const char *found = NULL;
	int out = 1;

	for (int i = 1; i < *argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			for (; i < *argc; i++)
				argv[out++] = argv[i];
			break;
		}
		if (strcmp(argv[i], "--config") == 0 && i + 1 < *argc) {
			found = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--config=", 9) == 0) {
			found = argv[i] + 9;
			continue;
		}
		argv[out++] = argv[i];
	}
	*argc = out;
	argv[out] = NULL;
	if (!found || !*found)
		found = getenv("ZEROMAIL_CONFIG");
	if (!found || !*found)
		return ZM_DEFAULT_CONFIG_PATH;
	/* An untrusted caller may not choose: refuse rather than silently
	 * read another file than the one asked for. */
	if (!trusted_caller && strcmp(found, ZM_DEFAULT_CONFIG_PATH) != 0)
		return NULL;
	return found;
}

bool config_is_local_domain(const struct zm_config *cfg, const char *domain)
{
	char norm[ZM_DOMAIN_MAX];

	if (!domain || domain_normalize(domain, strlen(domain), norm, sizeof(norm)) == DOMAIN_INVALID)
		return false;
	for (size_t i = 0; i < cfg->local_domain_count; i++)
		if (strcmp(cfg->local_domains[i], norm) == 0)
			return true;
	return false;
}
