/*
 * conn.c - the connection's facts, read once at start: $REMOTE_ADDR
 * (systemd), $TCPREMOTEIP (ucspi-tcp), getpeername(0) (inetd), or "local".
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "conn.h"
#include "util.h"

/* Copy $name when it is a numeric IPv4 or IPv6 address (anything else is
 * ignored: it must not reach logs or headers, nor decide "loopback"). */
static void copy_env_addr(char *dst, size_t len, const char *name)
{
	const char *v = getenv(name);
	unsigned char tmp[sizeof(struct in6_addr)];

	dst[0] = '\0';
	if (v && strlen(v) < len &&
	    (inet_pton(AF_INET, v, tmp) == 1 || inet_pton(AF_INET6, v, tmp) == 1))
		memcpy(dst, v, strlen(v) + 1);
}

/* Copy $name when it is a decimal port number. */
static void copy_env_port(char *dst, size_t len, const char *name)
{
	const char *v = getenv(name);
	size_t n = v ? strlen(v) : 0;

	dst[0] = '\0';
	if (n == 0 || n >= len || n > 5 || strspn(v, "0123456789") != n)
		return;
	memcpy(dst, v, n + 1);
}

static bool addr_is_loopback(const char *a)
{
	struct in6_addr a6;
	struct in_addr a4;

	if (inet_pton(AF_INET, a, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (inet_pton(AF_INET6, a, &a6) == 1) {
		if (IN6_IS_ADDR_LOOPBACK(&a6))
			return true;
		if (IN6_IS_ADDR_V4MAPPED(&a6))
			return a6.s6_addr[12] == 127;
	}
	return false;
}

static void sockaddr_to_text(const struct sockaddr_storage *ss, char *addr, size_t alen,
			     char *port, size_t plen)
{
	addr[0] = port[0] = '\0';
	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *s4 = (const struct sockaddr_in *)ss;

		inet_ntop(AF_INET, &s4->sin_addr, addr, (socklen_t)alen);
		snprintf(port, plen, "%u", ntohs(s4->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)ss;

		inet_ntop(AF_INET6, &s6->sin6_addr, addr, (socklen_t)alen);
		snprintf(port, plen, "%u", ntohs(s6->sin6_port));
	} else if (ss->ss_family == AF_UNIX) {
		snprintf(addr, alen, "local");
	}
}

void conn_facts_read(struct conn_facts *f)
{
	struct sockaddr_storage ss;
	socklen_t sl;

	memset(f, 0, sizeof(*f));
	f->stdin_is_socket = util_fd_is_socket(0);
	f->stderr_is_socket = util_fd_is_socket(2);
	if (f->stdin_is_socket) {
		sl = sizeof(ss);
		if (getsockname(0, (struct sockaddr *)&ss, &sl) == 0)
			sockaddr_to_text(&ss, f->local_addr, sizeof(f->local_addr),
					 f->local_port, sizeof(f->local_port));
	}

	copy_env_addr(f->peer_addr, sizeof(f->peer_addr), "REMOTE_ADDR");
	if (f->peer_addr[0]) {
		f->source = CONN_SYSTEMD;
		copy_env_port(f->peer_port, sizeof(f->peer_port), "REMOTE_PORT");
	} else {
		copy_env_addr(f->peer_addr, sizeof(f->peer_addr), "TCPREMOTEIP");
		if (f->peer_addr[0]) {
			f->source = CONN_UCSPI;
			copy_env_port(f->peer_port, sizeof(f->peer_port), "TCPREMOTEPORT");
		}
	}
	if (!f->peer_addr[0] && f->stdin_is_socket) {
		sl = sizeof(ss);
		if (getpeername(0, (struct sockaddr *)&ss, &sl) == 0) {
			f->source = CONN_SOCKET;
			sockaddr_to_text(&ss, f->peer_addr, sizeof(f->peer_addr),
					 f->peer_port, sizeof(f->peer_port));
		}
	}
	if (!f->peer_addr[0]) {
		f->source = CONN_LOCAL;
		snprintf(f->peer_addr, sizeof(f->peer_addr), "local");
	}
	/* A v4-mapped IPv6 address reads better as plain IPv4. */
	if (strncmp(f->peer_addr, "::ffff:", 7) == 0 && strchr(f->peer_addr + 7, '.'))
		memmove(f->peer_addr, f->peer_addr + 7, strlen(f->peer_addr + 7) + 1);
	/* Only a real loopback address counts: an unknown peer on pipes (a
	 * test, or a wrapper) is not trusted like loopback. */
	f->loopback = addr_is_loopback(f->peer_addr);
}

const char *conn_peer_label(const struct conn_facts *f)
{
	static char label[96];

	if (f->source == CONN_LOCAL || strcmp(f->peer_addr, "local") == 0)
		return "local";
	if (f->peer_port[0])
		snprintf(label, sizeof(label), "[%s]:%s", f->peer_addr, f->peer_port);
	else
		snprintf(label, sizeof(label), "[%s]", f->peer_addr);
	return label;
}
