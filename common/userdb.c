/*
 * userdb.c - the users file and system-account lookup (see userdb.h for
 * the format and the rules).  No password checking happens here.
 *
 * The users file is read whole (bounded by USERDB_FILE_MAX) on every call
 * and every line is validated, so one broken line makes lookups fail
 * temporarily rather than silently skipping a user.  Addresses are parsed
 * with address.c (RFC 5321 Mailbox), so the local part is matched exactly
 * and the domain in its normalised form (domain.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <shadow.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "address.h"
#include "domain.h"
#include "privdrop.h"
#include "userdb.h"
#include "util.h"


int userdb_read_file(const char *path, size_t max, char **buf_r, size_t *len_r,
		     char *err, size_t errlen)
{
	struct stat st;
	char *buf;
	size_t len = 0;
	int fd;

	*buf_r = NULL;
	*len_r = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		util_set_error(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		util_set_error(err, errlen, "%s: not a regular file", path);
		close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > max) {
		util_set_error(err, errlen, "%s: larger than %zu bytes", path, max);
		close(fd);
		return -1;
	}
	/* Read up to max+1 bytes whatever st_size said (the file may grow). */
	buf = malloc(max + 2);
	if (!buf) {
		util_set_error(err, errlen, "%s: out of memory", path);
		close(fd);
		return -1;
	}
	for (;;) {
		ssize_t r = read(fd, buf + len, max + 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			util_set_error(err, errlen, "%s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > max) {
			util_set_error(err, errlen, "%s: larger than %zu bytes", path, max);
			free(buf);
			close(fd);
			return -1;
		}
	}
	close(fd);
	buf[len] = '\0';
	*buf_r = buf;
	*len_r = len;
	return 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A field that must be one token: no blanks or control characters. */
static bool token_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

/* An absolute path without "." or ".." components or empty ones beyond
 * the first. */
static bool maildir_ok(const char *s, size_t len)
{
	if (len == 0 || s[0] != '/' || len >= ZM_PATH_MAX)
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < ' ' || c == 0x7f)
			return false;
		if (c == '/') {
			size_t j = i + 1;
			while (j < len && s[j] != '/')
				j++;
			size_t clen = j - (i + 1);
			if ((clen == 1 && s[i + 1] == '.') ||
			    (clen == 2 && s[i + 1] == '.' && s[i + 2] == '.'))
				return false;
		}
	}
	return true;
}

struct user_line {
	const char *f[5];
	size_t flen[5];
	struct mail_address addr;
};

/* Parse one non-comment line; returns NULL or a static reason. */
static const char *parse_line(const char *s, size_t len, struct user_line *ul)
{
	size_t start = 0;
	int nf = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == ':') {
			if (nf == 5)
				return "too many fields (expected address:hash:owner:group:maildir)";
			ul->f[nf] = s + start;
			ul->flen[nf] = i - start;
			nf++;
			start = i + 1;
		}
	}
	if (nf != 5)
		return "too few fields (expected address:hash:owner:group:maildir)";
	if (address_parse(ul->f[0], ul->flen[0], ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8,
			  &ul->addr, NULL) != ADDR_OK || ul->addr.domain[0] == '\0')
		return "bad address";
	if (ul->flen[1] >= sizeof(((struct mail_user *)0)->hash) || !token_ok(ul->f[1], ul->flen[1]))
		return "bad hash";
	if (ul->flen[2] == 0 || ul->flen[2] >= 64 || !token_ok(ul->f[2], ul->flen[2]))
		return "bad owner";
	if (ul->flen[3] >= 64 || !token_ok(ul->f[3], ul->flen[3]))
		return "bad group";
	if (!maildir_ok(ul->f[4], ul->flen[4]))
		return "maildir must be an absolute path";
	return NULL;
}

static void copy_field(char *dst, size_t dstlen, const char *src, size_t len)
{
	if (len >= dstlen)
		len = dstlen - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int userdb_lookup_buffer(const char *name, const char *text, size_t len,
			 const char *local, const char *domain,
			 struct mail_user *out, char *err, size_t errlen)
{
	char ndomain[ZM_DOMAIN_MAX] = "";
	struct user_line ul, found;
	unsigned long lineno = 0, found_line = 0;
	size_t pos = 0;
	bool want = local != NULL;

	if (err && errlen)
		err[0] = '\0';
	if (out)
		memset(out, 0, sizeof(*out));
	if (want) {
		/* No domain, or one that does not normalise: scan (to validate)
		 * but nothing can match. */
		if (!domain || !*domain ||
		    domain_normalize(domain, strlen(domain), ndomain, sizeof(ndomain)) == DOMAIN_INVALID)
			want = false;
	}
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t llen = nl ? (size_t)(nl - line) : len - pos;

		pos += llen + (nl ? 1 : 0);
		lineno++;
		if (llen > USERDB_LINE_MAX) {
			util_set_error(err, errlen, "%s:%lu: line longer than %d bytes", name, lineno, USERDB_LINE_MAX);
			return USERDB_TEMPFAIL;
		}
		if (memchr(line, '\0', llen)) {
			util_set_error(err, errlen, "%s:%lu: NUL byte", name, lineno);
			return USERDB_TEMPFAIL;
		}
		while (llen > 0 && is_blank(line[0])) {
			line++;
			llen--;
		}
		while (llen > 0 && is_blank(line[llen - 1]))
			llen--;
		if (llen == 0 || line[0] == '#')
			continue;
		const char *why = parse_line(line, llen, &ul);
		if (why) {
			util_set_error(err, errlen, "%s:%lu: %s", name, lineno, why);
			return USERDB_TEMPFAIL;
		}
		if (want && ul.addr.local_len == strlen(local) &&
		    memcmp(ul.addr.local, local, ul.addr.local_len) == 0 &&
		    strcmp(ul.addr.domain, ndomain) == 0) {
			if (found_line) {
				util_set_error(err, errlen, "%s:%lu: duplicate entry (first on line %lu)",
				       name, lineno, found_line);
				return USERDB_TEMPFAIL;
			}
			found = ul;
			found_line = lineno;
		}
	}
	if (!found_line)
		return USERDB_NOT_FOUND;
	if (!out)
		return USERDB_OK;

	char owner[64], group[64];
	uid_t uid;
	gid_t gid;

	copy_field(owner, sizeof(owner), found.f[2], found.flen[2]);
	copy_field(group, sizeof(group), found.f[3], found.flen[3]);
	if (privdrop_lookup_user(owner, &uid, &gid) != 0) {
		util_set_error(err, errlen, "%s:%lu: unknown owner \"%s\"", name, found_line, owner);
		return USERDB_TEMPFAIL;
	}
	if (group[0] && privdrop_lookup_group(group, &gid) != 0) {
		util_set_error(err, errlen, "%s:%lu: unknown group \"%s\"", name, found_line, group);
		return USERDB_TEMPFAIL;
	}
	if (address_format(&found.addr, out->address, sizeof(out->address)) < 0) {
		util_set_error(err, errlen, "%s:%lu: address too long", name, found_line);
		return USERDB_TEMPFAIL;
	}
	memcpy(out->login, out->address, sizeof(out->login));
	out->uid = uid;
	out->gid = gid;
	copy_field(out->maildir, sizeof(out->maildir), found.f[4], found.flen[4]);
	copy_field(out->hash, sizeof(out->hash), found.f[1], found.flen[1]);
	explicit_bzero(&found, sizeof(found));
	explicit_bzero(&ul, sizeof(ul));
	return USERDB_OK;
}

static int file_lookup(const struct zm_config *cfg, const char *local, const char *domain,
		       struct mail_user *out, char *err, size_t errlen)
{
	char *buf;
	size_t len;
	int r;

	if (userdb_read_file(cfg->users_file, USERDB_FILE_MAX, &buf, &len, err, errlen) != 0)
		return USERDB_TEMPFAIL;
	r = userdb_lookup_buffer(cfg->users_file, buf, len, local, domain, out, err, errlen);
	explicit_bzero(buf, len);
	free(buf);
	return r;
}

/* System accounts: passwd + shadow. */
static int system_lookup(const struct zm_config *cfg, const char *local, const char *domain,
			 struct mail_user *out, char *err, size_t errlen)
{
	struct passwd pw, *pwr = NULL;
	char pwbuf[16384];
	char ndomain[ZM_DOMAIN_MAX] = "";
	int e, n;

	if (!*local || strlen(local) >= 256 || strchr(local, '/') || strchr(local, ':'))
		return USERDB_NOT_FOUND;
	if (domain && *domain) {
		if (!config_is_local_domain(cfg, domain) ||
		    domain_normalize(domain, strlen(domain), ndomain, sizeof(ndomain)) == DOMAIN_INVALID)
			return USERDB_NOT_FOUND;
	} else if (cfg->local_domain_count > 0) {
		snprintf(ndomain, sizeof(ndomain), "%s", cfg->local_domains[0]);
	}
	e = getpwnam_r(local, &pw, pwbuf, sizeof(pwbuf), &pwr);
	if (e != 0 && e != ENOENT && e != ESRCH && e != EBADF && e != EPERM) {
		util_set_error(err, errlen, "getpwnam(%s): %s", local, strerror(e));
		return USERDB_TEMPFAIL;
	}
	if (!pwr)
		return USERDB_NOT_FOUND;
	/* Never deliver as, or log in as, root. */
	if (pw.pw_uid == 0)
		return USERDB_NOT_FOUND;
	if (!pw.pw_dir || pw.pw_dir[0] != '/') {
		util_set_error(err, errlen, "%s: home directory is not absolute", local);
		return USERDB_TEMPFAIL;
	}
	n = snprintf(out->maildir, sizeof(out->maildir), "%s%s%s", pw.pw_dir,
		     pw.pw_dir[strlen(pw.pw_dir) - 1] == '/' ? "" : "/", cfg->system_maildir);
	if (n < 0 || (size_t)n >= sizeof(out->maildir)) {
		util_set_error(err, errlen, "%s: Maildir path too long", local);
		return USERDB_TEMPFAIL;
	}
	out->uid = pw.pw_uid;
	out->gid = pw.pw_gid;
	snprintf(out->login, sizeof(out->login), "%s", local);
	if (ndomain[0])
		n = snprintf(out->address, sizeof(out->address), "%s@%s", local, ndomain);
	else
		n = snprintf(out->address, sizeof(out->address), "%s", local);
	if (n < 0 || (size_t)n >= sizeof(out->address)) {
		util_set_error(err, errlen, "%s: address too long", local);
		return USERDB_TEMPFAIL;
	}

	/* Hash: shadow when readable (root), else a real hash in passwd;
	 * otherwise "" and the login fails closed. */
	struct spwd sp, *spr = NULL;
	char spbuf[4096];
	const char *hash = NULL;
	if (getspnam_r(local, &sp, spbuf, sizeof(spbuf), &spr) == 0 && spr && sp.sp_pwdp)
		hash = sp.sp_pwdp;
	else if (pw.pw_passwd && pw.pw_passwd[0] == '$')
		hash = pw.pw_passwd;
	if (hash && strlen(hash) < sizeof(out->hash))
		memcpy(out->hash, hash, strlen(hash) + 1);
	explicit_bzero(spbuf, sizeof(spbuf));
	explicit_bzero(pwbuf, sizeof(pwbuf));
	return USERDB_OK;
}

int userdb_lookup(const struct zm_config *cfg, const char *local,
		  const char *domain, struct mail_user *out,
		  char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	memset(out, 0, sizeof(*out));
	if (!local)
		return USERDB_NOT_FOUND;
	if (cfg->auth_mode == ZM_AUTH_SYSTEM)
		return system_lookup(cfg, local, domain, out, err, errlen);
	return file_lookup(cfg, local, domain, out, err, errlen);
}

int userdb_lookup_login(const struct zm_config *cfg, const char *login,
			struct mail_user *out, char *err, size_t errlen)
{
	struct mail_address a;
	size_t len;

	if (err && errlen)
		err[0] = '\0';
	memset(out, 0, sizeof(*out));
	if (!login)
		return USERDB_NOT_FOUND;
	len = strlen(login);
	if (cfg->auth_mode == ZM_AUTH_SYSTEM) {
		const char *at = strrchr(login, '@');
		char name[256];

		if (!at)
			return system_lookup(cfg, login, NULL, out, err, errlen);
		/* "name@one-of-our-domains" is the same as "name". */
		if ((size_t)(at - login) >= sizeof(name) || !config_is_local_domain(cfg, at + 1))
			return USERDB_NOT_FOUND;
		memcpy(name, login, (size_t)(at - login));
		name[at - login] = '\0';
		return system_lookup(cfg, name, at + 1, out, err, errlen);
	}
	/* File mode: the login is the full address.  One that does not parse
	 * cannot match, but the file is still read and validated so that a
	 * broken file is reported the same way for every login. */
	if (address_parse(login, len, ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8, &a, NULL) != ADDR_OK ||
	    a.domain[0] == '\0') {
		int r = file_lookup(cfg, NULL, NULL, NULL, err, errlen);
		return r == USERDB_TEMPFAIL ? r : USERDB_NOT_FOUND;
	}
	return file_lookup(cfg, a.local, a.domain, out, err, errlen);
}

int userdb_check(const struct zm_config *cfg, char *err, size_t errlen)
{
	if (err && errlen)
		err[0] = '\0';
	if (cfg->auth_mode == ZM_AUTH_SYSTEM)
		return 0;
	return file_lookup(cfg, NULL, NULL, NULL, err, errlen) == USERDB_TEMPFAIL ? -1 : 0;
}

void mail_user_wipe(struct mail_user *u)
{
	if (u)
		explicit_bzero(u->hash, sizeof(u->hash));
}
