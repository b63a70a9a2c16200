/*
 * conn.h - facts about the connection a handler serves, read once at start.
 *
 * Owns: where the peer address comes from.  In order: $REMOTE_ADDR and
 * $REMOTE_PORT (systemd socket activation), $TCPREMOTEIP and $TCPREMOTEPORT
 * (ucspi-tcp), getpeername(0) (inetd), else "local" (stdin is a pipe or a
 * terminal: a test session or a local program).  Variables that are not a
 * numeric address / port are ignored.
 */
#ifndef ZM_CONN_H
#define ZM_CONN_H

#include <stdbool.h>

enum conn_source { CONN_SYSTEMD, CONN_UCSPI, CONN_SOCKET, CONN_LOCAL };

struct conn_facts {
	enum conn_source source;
	char peer_addr[64];   /* numeric, no brackets; "local" for pipes */
	char peer_port[8];    /* "" when unknown */
	char local_addr[64];  /* from getsockname(0), "" when not a socket */
	char local_port[8];
	bool loopback;        /* peer address is 127.0.0.0/8 or ::1 (never for "local") */
	bool stdin_is_socket;
	bool stderr_is_socket;
};

/* Fill *facts from the environment and fd 0.  Never fails: unknown fields
 * are left empty. */
void conn_facts_read(struct conn_facts *facts);

/* "[addr]:port" or "local", for logs and Received: headers. */
const char *conn_peer_label(const struct conn_facts *facts);

#endif
