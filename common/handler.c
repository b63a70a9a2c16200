/*
 * handler.c - start, TLS switch, password policy and end of a handler.
 * See handler.h.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <stdio.h>
#include <string.h>

#include "handler.h"
#include "log.h"
#include "tls.h"

int handler_init(struct handler *h, const char *ident, int *argc, char **argv,
		 unsigned min_idle_timeout_s)
{
	const char *path;
	int rc = 0;
	unsigned idle;

	memset(h, 0, sizeof(*h));
	h->ident = ident;
	signal(SIGPIPE, SIG_IGN);
	/* Sessions of one uid must not read each other (passwords, TLS
	 * keys) through ptrace or core dumps. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	log_open(ident, ZM_LOG_AUTO, false);
	conn_facts_read(&h->facts);
	log_set_peer(conn_peer_label(&h->facts));

	/* A handler is never setuid: whoever started it may name its config. */
	path = config_choose_path(argc, argv, true);
	if (!path || config_load(&h->cfg, path, strcmp(path, ZM_DEFAULT_CONFIG_PATH) == 0,
				 h->error, sizeof(h->error)) != 0) {
		if (!path)
			snprintf(h->error, sizeof(h->error), "no usable config path");
		log_msg(LOG_ERR, "config: %s", h->error);
		config_defaults(&h->cfg);
		rc = -1;
	} else {
		log_open(ident, h->cfg.log_target, h->cfg.log_debug);
	}

	h->s = stream_new(0, 1, h->cfg.max_line);
	if (!h->s) {
		log_msg(LOG_ERR, "out of memory");
		return -2;
	}
	idle = h->cfg.idle_timeout_s;
	if (idle < min_idle_timeout_s)
		idle = min_idle_timeout_s;
	stream_set_idle_timeout(h->s, idle * 1000u);
	return rc;
}

bool handler_tls_configured(const struct handler *h)
{
	return h->cfg.tls_cert[0] != '\0' && h->cfg.tls_key[0] != '\0';
}

int handler_tls_prepare(struct handler *h)
{
	if (!handler_tls_configured(h)) {
		snprintf(h->error, sizeof(h->error), "TLS is not configured (tls_cert, tls_key)");
		return -1;
	}
	if (!h->creds &&
	    tls_creds_load(&h->creds, h->cfg.tls_cert, h->cfg.tls_key, h->cfg.tls_priority,
			   h->error, sizeof(h->error)) != 0) {
		log_msg(LOG_ERR, "TLS credentials: %s", h->error);
		return -1;
	}
	return 0;
}

int handler_start_tls(struct handler *h, const char *alpn, bool *handshake_failed)
{
	size_t discarded = 0;
	int rc;

	*handshake_failed = false;
	if (handler_tls_prepare(h) != 0)
		return -1;
	rc = stream_start_tls(h->s, h->creds, alpn, &discarded);
	if (discarded)
		log_msg(LOG_WARNING, "discarded %zu bytes of plaintext sent before the TLS handshake", discarded);
	if (rc != STREAM_OK) {
		*handshake_failed = true;
		snprintf(h->error, sizeof(h->error), "TLS handshake failed: %s",
			 rc == STREAM_TIMEOUT ? "timeout" : rc == STREAM_EOF ? "peer closed" : stream_error(h->s));
		log_msg(LOG_INFO, "%s", h->error);
		return -1;
	}
	return 0;
}

bool handler_plaintext_auth_allowed(const struct handler *h)
{
	if (stream_is_tls(h->s))
		return true;
	if (!h->cfg.allow_plaintext_auth_loopback)
		return false;
	return h->facts.loopback || (h->facts.source == CONN_LOCAL && !h->facts.stdin_is_socket);
}

void handler_tls_label(const struct handler *h, char *buf, size_t len)
{
	char version[32], cipher[96];

	stream_tls_info(h->s, version, sizeof(version), cipher, sizeof(cipher));
	if (!version[0]) {
		if (len)
			buf[0] = '\0';
		return;
	}
	snprintf(buf, len, "%s %s", version, cipher);
}

int handler_read_command(struct handler *h, unsigned limit_s, const char **line, size_t *len)
{
	const void *first;
	size_t avail;
	int rc;

	stream_deadline_in(h->s, 0);
	rc = stream_peek(h->s, &first, &avail);
	if (rc != STREAM_OK)
		return rc;
	stream_deadline_in(h->s, limit_s * 1000u);
	return stream_read_line(h->s, line, len, NULL);
}

void handler_finish(struct handler *h)
{
	if (h->s) {
		stream_close(h->s);
		stream_free(h->s);
		h->s = NULL;
	}
	if (h->creds) {
		tls_creds_free(h->creds);
		h->creds = NULL;
	}
}
