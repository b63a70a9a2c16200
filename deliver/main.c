/*
 * deliver - the setuid local delivery agent of zeromail: see deliver(8).
 *
 *   deliver [--config FILE] [-f sender] [-r] [-S size] [--] recipient...
 *   deliver [--config FILE] [-f sender] [-r] [-S size] -d [--] user...
 *
 * Reads one message on stdin, resolves each recipient (aliases, local
 * users, subaddress folders) with the shared resolve_recipient(), and writes
 * one copy per mailbox, as the mailbox owner, with Return-Path: and
 * Delivered-To: prepended.  Exit status: sysexits (deliver(8)); with -r one
 * report line per recipient on stdout:
 *     rcpt <index> <enhanced-code> <smtp-code> <result-name> <text>
 *
 * Setuid discipline, in order: sane fds 0-2, every other inherited fd
 * closed, signals reset, umask 077, a config override from a non-root
 * caller refused, environment scrubbed, caller checked (root or a member of
 * deliver_group) before any input is read, the message spooled into an
 * unlinked 0600 file, and every mailbox touched only by a child that has
 * dropped to the mailbox owner (never root).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "address.h"
#include "config.h"
#include "exitcodes.h"
#include "log.h"
#include "maildir.h"
#include "mailbox.h"
#include "pipe.h"
#include "privdrop.h"
#include "recipient.h"
#include "spool.h"
#include "userdb.h"
#include "util.h"

#define MAX_RECIPIENT_ARGS 1000

static void usage(void)
{
	fprintf(stderr, "usage: deliver [--config FILE] [-f sender] [-r] [-S size] [--] recipient...\n"
			"       deliver [--config FILE] [-f sender] [-r] [-S size] -d [--] user...\n");
	exit(EX_USAGE);
}

/* Nothing the caller left open reaches us or the programs we run; signal
 * dispositions and the mask come back to their defaults. */
static void clean_process_state(void)
{
	sigset_t none;

	if (close_range(3, ~0U, 0) != 0) {
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
	}
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* No core dumps, no ptrace by the users our children become: memory
	 * holds the users file (hashes) while mailboxes are written. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* fds 0, 1 and 2 must exist, or a file we open could become one of them. */
static void sane_fds(void)
{
	for (int fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF) {
			int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);

			if (n < 0 || (n != fd && (dup2(n, fd) < 0 || close(n) < 0)))
				_exit(EX_OSERR);
		}
	}
}

static bool caller_in_group(gid_t gid)
{
	gid_t *groups;
	int n;
	bool found = false;

	if (getgid() == gid)
		return true;
	n = getgroups(0, NULL);
	if (n <= 0)
		return false;
	groups = calloc((size_t)n, sizeof(*groups));
	if (!groups)
		return false;
	n = getgroups(n, groups);
	for (int i = 0; i < n; i++)
		if (groups[i] == gid)
			found = true;
	free(groups);
	return found;
}

/* "" or "<>" is the null sender; "<a@b>" loses its brackets. */
static int parse_sender(const char *arg, char *out, size_t outlen)
{
	struct mail_address a;
	size_t len = strlen(arg);

	if (len == 0 || strcmp(arg, "<>") == 0) {
		out[0] = '\0';
		return 0;
	}
	if (address_parse(arg, len, arg[0] == '<' ? ADDR_ALLOW_UTF8 | ADDR_ALLOW_NULL
						  : ADDR_ALLOW_UTF8 | ADDR_NO_BRACKETS, &a, NULL) != ADDR_OK)
		return -1;
	if (a.is_null) {
		out[0] = '\0';
		return 0;
	}
	return address_format(&a, out, outlen) < 0 ? -1 : 0;
}

struct result {
	enum delivery_status ds;
	char text[ZM_PATH_MAX + 256];
};

static enum delivery_status from_resolve(int r)
{
	switch (r) {
	case RESOLVE_OK: return DS_OK;
	case RESOLVE_NOT_LOCAL: return DS_NO_DOMAIN;
	case RESOLVE_NO_USER: return DS_NO_USER;
	case RESOLVE_LOOP: return DS_LOOP;
	case RESOLVE_REFUSED: return DS_REFUSED;
	default: return DS_TEMP;
	}
}

/* Worst of two per-target results: temporary beats permanent beats OK. */
static enum delivery_status worse(enum delivery_status a, enum delivery_status b)
{
	if (a == DS_OK)
		return b;
	if (b == DS_OK)
		return a;
	if (delivery_status_is_temporary(b) && !delivery_status_is_temporary(a))
		return b;
	return a;
}

/*
 * Where this message already went, in this run: a mailbox (Maildir and
 * folder) or a command named by several recipients ("alice" and the alias
 * "info: alice", or "alice+a" and "alice+b" without such folders) gets one
 * copy, as Postfix's duplicate filter does.  Bounded by the recipient and
 * alias limits; on ENOMEM a target is simply not remembered.
 */
struct done_set {
	char **keys;
	size_t count, cap;
};

static void target_key(const struct recipient_target *t, char *key, size_t keylen)
{
	char path[ZM_PATH_MAX];
	struct stat st;
	const char *folder = t->folder;

	if (t->kind == RCPT_PIPE) {
		snprintf(key, keylen, "|%s", t->command);
		return;
	}
	/* the folder the copy will really go to: a missing one means the
	 * inbox (mailbox.c); only a hint for this check, never a path used */
	if (folder[0] && (maildir_folder_path(t->user.maildir, folder, path, sizeof(path)) != MAILDIR_OK ||
			  stat(path, &st) != 0 || !S_ISDIR(st.st_mode)))
		folder = "";
	snprintf(key, keylen, "%s/%s", t->user.maildir, folder);
}

static bool done_has(const struct done_set *d, const char *key)
{
	for (size_t i = 0; i < d->count; i++)
		if (strcmp(d->keys[i], key) == 0)
			return true;
	return false;
}

static void done_add(struct done_set *d, const char *key)
{
	char *copy;

	if (d->count == d->cap && util_grow((void **)&d->keys, &d->cap, d->count + 1, sizeof(*d->keys)) != 0)
		return;
	copy = strdup(key);
	if (copy)
		d->keys[d->count++] = copy;
}

static void done_free(struct done_set *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->keys[i]);
	free(d->keys);
	memset(d, 0, sizeof(*d));
}

static struct done_set delivered_to;

static void deliver_targets(const struct zm_config *cfg, const struct spool *sp,
			    const char *return_path, const char *rcpt_label,
			    struct recipient_target *targets, size_t n, struct result *res)
{
	res->ds = DS_OK;
	res->text[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct recipient_target *t = &targets[i];
		enum delivery_status ds;
		char why[ZM_PATH_MAX + 256] = "", name[ZM_PATH_MAX] = "";
		char key[2 * ZM_PATH_MAX + 2];

		target_key(t, key, sizeof(key));
		if (t->kind != RCPT_EXTERNAL && done_has(&delivered_to, key)) {
			log_msg(LOG_INFO, "already delivered from=<%s> to=<%s> rcpt=<%s>: one copy per mailbox",
				return_path, t->address, rcpt_label);
			continue;
		}
		/* RFC 5321 6.3 loop detection: this mailbox saw the message already. */
		if (spool_has_delivered_to(sp, t->address) ||
		    (rcpt_label[0] && spool_has_delivered_to(sp, rcpt_label))) {
			ds = DS_LOOP;
			snprintf(why, sizeof(why), "a Delivered-To: %s is already present", t->address);
		} else if (t->kind == RCPT_MAILBOX) {
			ds = mailbox_deliver(t, sp, return_path, cfg->command_timeout_s,
					     name, sizeof(name), why, sizeof(why));
		} else if (t->kind == RCPT_PIPE) {
			ds = pipe_deliver(cfg, t, sp, return_path, why, sizeof(why));
		} else {
			ds = DS_REFUSED;
			snprintf(why, sizeof(why), "forwarding to %s needs the outbound queue, which is not available",
				 t->address);
		}
		if (ds == DS_OK)
			done_add(&delivered_to, key);
		if (ds == DS_OK)
			log_msg(LOG_INFO, "delivered from=<%s> to=<%s> rcpt=<%s> size=%llu %s%s",
				return_path, t->address, rcpt_label, (unsigned long long)sp->size,
				t->kind == RCPT_PIPE ? "command" : "file=", name);
		else
			log_msg(delivery_status_is_temporary(ds) ? LOG_WARNING : LOG_NOTICE,
				"not delivered from=<%s> to=<%s> rcpt=<%s> result=%s: %s", return_path,
				t->address, rcpt_label, delivery_status_info(ds)->name, why);
		if (ds != DS_OK && worse(res->ds, ds) == ds && ds != res->ds)
			snprintf(res->text, sizeof(res->text), "%s", why);
		res->ds = worse(res->ds, ds);
	}
}

int main(int argc, char **argv)
{
	static struct zm_config cfg;
	static struct recipient_target targets[ZM_MAX_ALIAS_TARGETS];
	static struct result results[MAX_RECIPIENT_ARGS];
	static char return_path[ZM_ADDR_MAX];
	struct spool sp;
	struct recipient_db rdb;
	const char *config_path, *sender_arg = NULL, *size_arg = NULL;
	char err[ZM_PATH_MAX + 256];
	bool report = false, by_login = false, trusted;
	unsigned long long expected_size = 0;
	uid_t ruid = getuid();
	int opt, nrcpt, exit_code;
	enum delivery_status overall = DS_OK;

	sane_fds();
	clean_process_state();
	umask(077);
	trusted = ruid == 0 || geteuid() == ruid;
	config_path = config_choose_path(&argc, argv, trusted);
	if (!config_path) {
		fprintf(stderr, "deliver: only root may choose the configuration file\n");
		return EX_NOPERM;
	}
	{
		/* Scrub the environment: keep nothing the caller chose. */
		char *tz = getenv("TZ");
		char tzbuf[64] = "";

		if (trusted && tz && strlen(tz) < sizeof(tzbuf))
			snprintf(tzbuf, sizeof(tzbuf), "%s", tz);
		clearenv();
		setenv("PATH", "/usr/bin:/bin", 1);
		if (tzbuf[0])
			setenv("TZ", tzbuf, 1);
	}

	/* "+": options end at the first recipient, which may then start with '-'
	 * only after "--". */
	while ((opt = getopt(argc, argv, "+f:rdS:")) != -1) {
		switch (opt) {
		case 'f': sender_arg = optarg; break;
		case 'r': report = true; break;
		case 'd': by_login = true; break;
		case 'S': size_arg = optarg; break;
		default: usage();
		}
	}
	nrcpt = argc - optind;
	if (nrcpt < 1 || nrcpt > MAX_RECIPIENT_ARGS)
		usage();

	/* The default file may be absent (built-in defaults); a chosen one not. */
	if (config_load(&cfg, config_path, strcmp(config_path, ZM_DEFAULT_CONFIG_PATH) == 0,
			err, sizeof(err)) != 0) {
		log_open("deliver", ZM_LOG_AUTO, false);
		log_msg(LOG_ERR, "config: %s", err);
		fprintf(stderr, "deliver: %s\n", err);
		return EX_TEMPFAIL;
	}
	log_open("deliver", cfg.log_target, cfg.log_debug);

	/* Who may run us: root, our own uid when not setuid, or deliver_group. */
	if (geteuid() == 0 && ruid != 0) {
		gid_t g;

		if (privdrop_lookup_group(cfg.deliver_group, &g) != 0 || !caller_in_group(g)) {
			log_msg(LOG_WARNING, "refused: uid %u is not in group %s", (unsigned)ruid, cfg.deliver_group);
			fprintf(stderr, "deliver: permission denied (not in group %s)\n", cfg.deliver_group);
			return EX_NOPERM;
		}
	}

	if (sender_arg) {
		if (parse_sender(sender_arg, return_path, sizeof(return_path)) != 0) {
			fprintf(stderr, "deliver: bad sender address '%s'\n", sender_arg);
			return EX_USAGE;
		}
	}

	if (size_arg) {
		char *end;

		errno = 0;
		expected_size = strtoull(size_arg, &end, 10);
		if (errno || *end || !*size_arg || size_arg[0] == '-')
			usage();
	}
	if (spool_read_stdin(&sp, cfg.max_message_size, sender_arg == NULL) != 0) {
		log_msg(LOG_ERR, "cannot spool the message: %s", strerror(errno));
		fprintf(stderr, "deliver: cannot read the message: %s\n", strerror(errno));
		return EX_TEMPFAIL;
	}
	/* -S: the caller knows the size; anything else is a cut-off message. */
	if (size_arg && !sp.too_big && sp.size != expected_size) {
		log_msg(LOG_WARNING, "message is %llu bytes, the caller announced %llu: not delivered",
			(unsigned long long)sp.size, expected_size);
		fprintf(stderr, "deliver: got %llu bytes, expected %llu\n", (unsigned long long)sp.size,
			expected_size);
		spool_close(&sp);
		return EX_TEMPFAIL;
	}
	if (!sender_arg) {
		/* No -f: the mbox "From " line, else the calling user. */
		if (!sp.mbox_sender[0] ||
		    parse_sender(sp.mbox_sender, return_path, sizeof(return_path)) != 0) {
			struct passwd *pw = getpwuid(ruid);

			snprintf(return_path, sizeof(return_path), "%s@%s", pw ? pw->pw_name : "MAILER-DAEMON",
				 cfg.hostname);
		}
	}

	recipient_db_init(&rdb, &cfg);
	for (int i = 0; i < nrcpt; i++) {
		const char *arg = argv[optind + i];
		struct result *res = &results[i];
		size_t n = 0;
		int r;
		char label[ZM_ADDR_MAX] = "";

		res->text[0] = '\0';
		if (sp.too_big) {
			res->ds = DS_TOO_BIG;
			snprintf(res->text, sizeof(res->text), "message larger than %zu bytes", cfg.max_message_size);
		} else if (sp.size == 0) {
			res->ds = DS_DATA;
			snprintf(res->text, sizeof(res->text), "empty message");
		} else if (sp.received_count + sp.delivered_to_count > cfg.max_hops) {
			res->ds = DS_LOOP;
			snprintf(res->text, sizeof(res->text), "too many hops (%u)",
				 sp.received_count + sp.delivered_to_count);
		} else if (by_login) {
			r = userdb_lookup_login(&cfg, arg, &targets[0].user, err, sizeof(err));
			if (r == USERDB_OK) {
				targets[0].kind = RCPT_MAILBOX;
				targets[0].folder[0] = '\0';
				snprintf(targets[0].address, sizeof(targets[0].address), "%s", targets[0].user.address);
				mail_user_wipe(&targets[0].user);
				snprintf(label, sizeof(label), "%s", targets[0].address);
				deliver_targets(&cfg, &sp, return_path, label, targets, 1, res);
			} else {
				res->ds = r == USERDB_NOT_FOUND ? DS_NO_USER : DS_TEMP;
				snprintf(res->text, sizeof(res->text), "%s", r == USERDB_NOT_FOUND ? "no such user" : err);
			}
		} else {
			struct mail_address a;
			char full[ZM_ADDR_MAX];

			/* A bare local part means our first local domain. */
			if (!strchr(arg, '@') && cfg.local_domain_count > 0)
				snprintf(full, sizeof(full), "%s@%s", arg, cfg.local_domains[0]);
			else
				snprintf(full, sizeof(full), "%s", arg);
			r = address_parse(full, strlen(full), ADDR_NO_BRACKETS | ADDR_ALLOW_UTF8, &a, NULL);
			if (r != ADDR_OK && full[0] == '<')
				r = address_parse(full, strlen(full), ADDR_ALLOW_UTF8, &a, NULL);
			if (r != ADDR_OK) {
				res->ds = DS_USAGE;
				snprintf(res->text, sizeof(res->text), "bad recipient address");
			} else {
				address_format(&a, label, sizeof(label));
				r = recipient_db_resolve(&rdb, &a, targets, ZM_MAX_ALIAS_TARGETS, &n, err, sizeof(err));
				if (r != RESOLVE_OK) {
					res->ds = from_resolve(r);
					snprintf(res->text, sizeof(res->text), "%s",
						 err[0] && r != RESOLVE_NO_USER && r != RESOLVE_NOT_LOCAL
							 ? err : delivery_status_info(res->ds)->text);
				} else {
					deliver_targets(&cfg, &sp, return_path, label, targets, n, res);
				}
				for (size_t j = 0; j < n; j++)
					mail_user_wipe(&targets[j].user);
			}
		}
		if (res->ds != DS_OK && !res->text[0])
			snprintf(res->text, sizeof(res->text), "%s", delivery_status_info(res->ds)->text);
	}
	recipient_db_close(&rdb);
	done_free(&delivered_to);
	spool_close(&sp);

	/* Exit status: 0 when all delivered; the common code when all failed
	 * alike; otherwise EX_TEMPFAIL if anything was temporary, else the
	 * first permanent failure's code. */
	{
		bool any_temp = false, all_same = true;
		enum delivery_status first_fail = DS_OK;

		for (int i = 0; i < nrcpt; i++) {
			if (results[i].ds != results[0].ds)
				all_same = false;
			if (results[i].ds != DS_OK) {
				if (first_fail == DS_OK)
					first_fail = results[i].ds;
				if (delivery_status_is_temporary(results[i].ds))
					any_temp = true;
			}
		}
		if (first_fail == DS_OK)
			overall = DS_OK;
		else if (all_same)
			overall = results[0].ds;
		else if (any_temp)
			overall = DS_TEMP;
		else
			overall = first_fail;
	}
	for (int i = 0; i < nrcpt; i++) {
		const struct delivery_status_info *info = delivery_status_info(results[i].ds);

		if (report)
			printf("rcpt %d %s %d %s %s\n", i, info->enhanced, info->smtp_code, info->name,
			       results[i].ds == DS_OK ? "delivered" : results[i].text);
		else if (results[i].ds != DS_OK)
			fprintf(stderr, "deliver: %s: %s %s\n", argv[optind + i], info->enhanced, results[i].text);
	}
	if (fflush(stdout) != 0 && report)
		return EX_IOERR;
	exit_code = delivery_status_info(overall)->sysexit;
	return exit_code;
}
