/*
 * test_stream.c - unit tests of common/stream.c and common/tls.c.
 *
 * Every case runs over a socketpair(AF_UNIX) or over two pipes (in_fd !=
 * out_fd), with the peer in a forked child where it must run at the same
 * time.  The TLS peer is a real GnuTLS client; the server's certificate
 * and key are made at run time with the GnuTLS API (ECDSA P-256,
 * self-signed) in a mkdtemp directory.  Children are bounded by alarm()
 * and always reaped; the server side always has an idle timeout.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "stream.h"
#include "tap.h"
#include "tls.h"

static char g_dir[64];
static char g_cert[128];
static char g_key[128];
static char g_key2[128];   /* a key that does not match g_cert */
static struct tls_creds *g_creds;

/* ---- peers ------------------------------------------------------------ */

struct peer {
	int srv_in, srv_out;  /* the stream's fds */
	int cli_in, cli_out;  /* the child's fds */
};

static int make_peer(struct peer *p, bool pipes)
{
	if (pipes) {
		int a[2], b[2];

		if (pipe(a) < 0)
			return -1;
		if (pipe(b) < 0) {
			close(a[0]);
			close(a[1]);
			return -1;
		}
		p->srv_in = a[0];
		p->cli_out = a[1];
		p->cli_in = b[0];
		p->srv_out = b[1];
	} else {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
			return -1;
		p->srv_in = p->srv_out = sv[0];
		p->cli_in = p->cli_out = sv[1];
	}
	return 0;
}

static void close_pair(int a, int b)
{
	if (a >= 0)
		close(a);
	if (b >= 0 && b != a)
		close(b);
}

static void close_srv(struct peer *p)
{
	close_pair(p->srv_in, p->srv_out);
	p->srv_in = p->srv_out = -1;
}

static void close_cli(struct peer *p)
{
	close_pair(p->cli_in, p->cli_out);
	p->cli_in = p->cli_out = -1;
}

typedef void (*child_fn)(int in, int out, const void *arg);

/* Fork a child running fn on the client fds; the parent keeps the server
 * fds only. */
static pid_t spawn(struct peer *p, child_fn fn, const void *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		close_srv(p);
		alarm(20);
		fn(p->cli_in, p->cli_out, arg);
		_exit(0);
	}
	close_cli(p);
	return pid;
}

/* Exit status of the child, 128+signal, or -1. */
static int reap(pid_t pid)
{
	int st;

	if (pid <= 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return -1;
}

static unsigned long long ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long long)ts.tv_sec * 1000 + (unsigned long long)ts.tv_nsec / 1000000;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t r = write(fd, p, len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		len -= (size_t)r;
	}
	return 0;
}

/* Read up to and including LF (byte at a time: no over-read). */
static ssize_t read_line_fd(int fd, char *buf, size_t cap)
{
	size_t n = 0;

	while (n + 1 < cap) {
		ssize_t r = read(fd, buf + n, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return (ssize_t)n;
}

/* The writer child: data in chunks, with a pause after each. */
struct wspec {
	const void *data;
	size_t len;
	size_t chunk;
	unsigned delay_us;
};

static void child_writer(int in, int out, const void *arg)
{
	const struct wspec *w = arg;
	const char *p = w->data;
	size_t left = w->len;

	(void)in;
	while (left > 0) {
		size_t n = left < w->chunk ? left : w->chunk;

		if (write_all(out, p, n) < 0)
			_exit(1);
		p += n;
		left -= n;
		if (w->delay_us)
			usleep(w->delay_us);
	}
	_exit(0);
}

static unsigned char pattern_byte(size_t i)
{
	return (unsigned char)((i * 7 + i / 251) & 0xff);
}

/* ---- line transcripts ------------------------------------------------- */

static void append(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = strlen(out);

	while (n-- > 0 && o + 5 < cap) {
		unsigned char c = (unsigned char)*s++;

		if (c == '\r') {
			out[o++] = '\\';
			out[o++] = 'r';
		} else if (c == '\0') {
			out[o++] = '\\';
			out[o++] = '0';
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

/* Run data through a writer child into stream_read_line and describe what
 * came out: "line+" (CRLF), "line-" (bare LF), "T" (too long), "EOF". */
static void transcript(const void *data, size_t len, size_t max_line, size_t chunk,
		       unsigned delay_us, bool pipes, char *out, size_t cap)
{
	struct peer p;
	struct wspec w = { data, len, chunk, delay_us };
	struct stream *s;
	pid_t pid;
	int i;

	out[0] = '\0';
	if (make_peer(&p, pipes) < 0) {
		snprintf(out, cap, "no peer");
		return;
	}
	pid = spawn(&p, child_writer, &w);
	s = stream_new(p.srv_in, p.srv_out, max_line);
	if (s == NULL) {
		snprintf(out, cap, "no stream");
		close_srv(&p);
		reap(pid);
		return;
	}
	stream_set_idle_timeout(s, 5000);
	for (i = 0; i < 200; i++) {
		const char *line;
		size_t n;
		bool crlf;
		int r = stream_read_line(s, &line, &n, &crlf);

		if (r == STREAM_OK) {
			if (n > max_line)
				append(out, cap, "!LONG!", 6);
			append(out, cap, line, n);
			append(out, cap, crlf ? "+|" : "-|", 2);
		} else if (r == STREAM_TOOLONG) {
			append(out, cap, "T|", 2);
		} else if (r == STREAM_EOF) {
			append(out, cap, "EOF", 3);
			break;
		} else {
			append(out, cap, "ERR:", 4);
			append(out, cap, stream_error(s), strlen(stream_error(s)));
			break;
		}
	}
	stream_free(s);
	close_srv(&p);
	if (reap(pid) != 0)
		append(out, cap, "|child failed", 13);
}

#define TS(data, max, chunk, delay, expect) do { \
	char _out[4096]; \
	transcript(data, sizeof(data) - 1, max, chunk, delay, false, _out, sizeof(_out)); \
	CHECK_EQ_STR(_out, expect); } while (0)

static void test_lines_basic(void)
{
	static const char in[] = "a\r\nb\nc\rd\r\n\r\n\nlast";

	TS(in, 100, 4096, 0, "a+|b-|c\\rd+|+|-|EOF");
	/* one byte per write, with pauses so the reads really split */
	TS(in, 100, 1, 300, "a+|b-|c\\rd+|+|-|EOF");
	TS(in, 100, 3, 300, "a+|b-|c\\rd+|+|-|EOF");
}

static void test_line_exact_max(void)
{
	static const char in[] =
		"0123456789\r\n"        /* exactly max: ok */
		"0123456789\n"          /* exactly max, bare LF: ok */
		"01234567890\r\n"       /* max + 1: too long */
		"next\r\n"              /* ...and the stream is in step */
		"0123456789A\n"         /* max + 1, bare LF */
		"0123456789\r\r\n"      /* max + a bare CR */
		"x\r\n"
		"0123456789\r";         /* partial at EOF */

	TS(in, 10, 4096, 0, "0123456789+|0123456789-|T|next+|T|T|x+|EOF");
	TS(in, 10, 1, 100, "0123456789+|0123456789-|T|next+|T|T|x+|EOF");
	TS(in, 10, 5, 200, "0123456789+|0123456789-|T|next+|T|T|x+|EOF");
	/* max_line 0: only empty lines */
	TS("\r\n\na\r\n\r\n", 0, 4096, 0, "+|-|T|+|EOF");
}

/* A max_line that makes the input buffer exactly max_line + 2 bytes. */
static void test_line_buffer_edge(void)
{
	const size_t max = 20000;
	size_t len = (max + 2) + (max + 3) + 6 + (max + 2) + 3;
	size_t cap = 2 * max + 100;
	char *in = malloc(len);
	char *out = malloc(cap);
	char *expect = malloc(cap);
	size_t o = 0, e = 0;

	if (in == NULL || out == NULL || expect == NULL) {
		CHECK(0);
		goto done;
	}
	memset(in, 'a', max);
	memset(expect, 'a', max);
	o = e = max;
	memcpy(in + o, "\r\n", 2);
	o += 2;
	memcpy(expect + e, "+|T|next+|", 10);
	e += 10;
	memset(in + o, 'b', max + 1);
	o += max + 1;
	memcpy(in + o, "\r\nnext\r\n", 8);
	o += 8;
	memset(in + o, 'c', max);
	memset(expect + e, 'c', max);
	o += max;
	e += max;
	memcpy(in + o, "\r\nz\r\n", 5);
	o += 5;
	memcpy(expect + e, "+|z+|EOF", 9);
	CHECK_EQ_INT(o, len);
	transcript(in, len, max, 4096, 0, false, out, cap);
	CHECK(strcmp(out, expect) == 0);
	transcript(in, len, max, 20001, 0, true, out, cap);
	CHECK(strcmp(out, expect) == 0);
done:
	free(in);
	free(out);
	free(expect);
}

static void test_line_huge(void)
{
	size_t big = 1024 * 1024;
	size_t len = big + 2 + 4;
	char *in = malloc(len);
	char out[256];

	if (in == NULL) {
		CHECK(0);
		return;
	}
	memset(in, 'x', big);
	memcpy(in + big, "\r\nok\r\n", 6);
	transcript(in, len, 1000, 65536, 0, false, out, sizeof(out));
	CHECK_EQ_STR(out, "T|ok+|EOF");
	/* the same over two pipes, and with no LF at all before EOF */
	transcript(in, len, 1000, 65536, 0, true, out, sizeof(out));
	CHECK_EQ_STR(out, "T|ok+|EOF");
	transcript(in, big, 1000, 65536, 0, false, out, sizeof(out));
	CHECK_EQ_STR(out, "EOF");
	free(in);
}

static void test_line_eof_and_nul(void)
{
	TS("full\r\npartial", 100, 4096, 0, "full+|EOF");
	TS("", 100, 4096, 0, "EOF");
	TS("a\0b\r\n\0\n", 100, 4096, 0, "a\\0b+|\\0-|EOF");
	TS("a\0b\r\n\0\n", 100, 1, 100, "a\\0b+|\\0-|EOF");
}

/* ---- in_fd != out_fd, reads, writes ----------------------------------- */

static void test_two_pipes(void)
{
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	char buf[64];
	ssize_t r;

	if (make_peer(&p, true) < 0) {
		CHECK(0);
		return;
	}
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 2000);
	CHECK(write_all(p.cli_out, "PING 1\r\n", 8) == 0);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "PING 1", 6);
	CHECK_EQ_INT(stream_printf(s, "PONG %d\r\n", 1), STREAM_OK);
	CHECK_EQ_INT(stream_flush(s), STREAM_OK);
	r = read_line_fd(p.cli_in, buf, sizeof(buf));
	CHECK_EQ_INT(r, 8);
	CHECK_EQ_STR(buf, "PONG 1\r\n");
	CHECK_EQ_INT(stream_bytes_in(s), 8);
	CHECK_EQ_INT(stream_bytes_out(s), 8);
	close(p.cli_out);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_EOF);
	stream_free(s);
	close(p.cli_in);
	close_srv(&p);
}

/* A child writing first part, pausing, then the second. */
struct two_part {
	const char *a;
	size_t alen;
	const char *b;
	size_t blen;
};

static void child_two_part(int in, int out, const void *arg)
{
	const struct two_part *t = arg;

	(void)in;
	if (write_all(out, t->a, t->alen) < 0)
		_exit(1);
	usleep(50000);
	if (write_all(out, t->b, t->blen) < 0)
		_exit(1);
	_exit(0);
}

static void test_read_exact(void)
{
	static const char a[] = "hdr\r\n0123456789";
	static const char b[] = "ABCDEF\r\nnext\r\n";
	struct two_part t = { a, sizeof(a) - 1, b, sizeof(b) - 1 };
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	char buf[32];
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_two_part, &t);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "hdr", 3);
	/* 10 bytes buffered, 6 arrive later */
	CHECK_EQ_INT(stream_read_exact(s, buf, 16), STREAM_OK);
	CHECK_MEM(buf, 16, "0123456789ABCDEF", 16);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_EQ_INT(n, 0);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "next", 4);
	CHECK_EQ_INT(stream_read_exact(s, buf, 1), STREAM_EOF);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

static void test_read_exact_large(void)
{
	size_t big = 300000;
	char *data = malloc(big + 5);
	char *got = malloc(big);
	struct wspec w = { data, big + 5, 7000, 0 };
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n, i;
	pid_t pid;

	if (data == NULL || got == NULL || make_peer(&p, true) < 0) {
		CHECK(0);
		free(data);
		free(got);
		return;
	}
	for (i = 0; i < big; i++)
		data[i] = (char)pattern_byte(i);
	memcpy(data + big, "end\r\n", 5);
	pid = spawn(&p, child_writer, &w);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	CHECK_EQ_INT(stream_read_exact(s, got, 10), STREAM_OK);
	CHECK_EQ_INT(stream_read_exact(s, got + 10, big - 10), STREAM_OK);
	CHECK(memcmp(got, data, big) == 0);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "end", 3);
	CHECK_EQ_INT(stream_bytes_in(s), big + 5);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
	free(data);
	free(got);
}

static void test_read_some(void)
{
	static const char a[] = "abcdef";
	static const char b[] = "ghij";
	struct two_part t = { a, 6, b, 4 };
	struct peer p;
	struct stream *s;
	char buf[100];
	size_t got = 99;
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_two_part, &t);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	CHECK_EQ_INT(stream_read_some(s, buf, 0, &got), STREAM_OK);
	CHECK_EQ_INT(got, 0);
	CHECK_EQ_INT(stream_read_some(s, buf, 4, &got), STREAM_OK);
	CHECK_MEM(buf, got, "abcd", 4);
	CHECK_EQ_INT(stream_buffered_input(s), 2);
	/* what is buffered comes back without waiting for more */
	CHECK_EQ_INT(stream_read_some(s, buf, sizeof(buf), &got), STREAM_OK);
	CHECK_MEM(buf, got, "ef", 2);
	CHECK_EQ_INT(stream_read_some(s, buf, sizeof(buf), &got), STREAM_OK);
	CHECK_MEM(buf, got, "ghij", 4);
	CHECK_EQ_INT(stream_read_some(s, buf, sizeof(buf), &got), STREAM_EOF);
	CHECK_EQ_INT(got, 0);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

static void test_peek_consume(void)
{
	static const char a[] = "DATA\r\nxy\r\n.\r\nQUIT\r\n";
	struct peer p;
	struct stream *s;
	const void *data;
	const char *line;
	size_t len;
	pid_t pid;
	struct two_part t = { a, sizeof(a) - 1, "", 0 };

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_two_part, &t);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	CHECK_EQ_INT(stream_read_line(s, &line, &len, NULL), STREAM_OK);
	CHECK_MEM(line, len, "DATA", 4);
	CHECK_EQ_INT(stream_peek(s, &data, &len), STREAM_OK);
	CHECK(len >= 1);
	/* take only the body and its end; QUIT stays for the line reader */
	if (len >= 7 && memcmp(data, "xy\r\n.\r\n", 7) == 0)
		stream_consume(s, 7);
	else
		CHECK(0);
	CHECK_EQ_INT(stream_read_line(s, &line, &len, NULL), STREAM_OK);
	CHECK_MEM(line, len, "QUIT", 4);
	stream_consume(s, 1000);  /* more than buffered: clamps */
	CHECK_EQ_INT(stream_peek(s, &data, &len), STREAM_EOF);
	CHECK_EQ_INT(len, 0);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

static void test_write_buffering(void)
{
	struct peer p;
	struct stream *s;
	char buf[16];
	ssize_t r;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	s = stream_new(p.srv_in, p.srv_out, 100);
	CHECK_EQ_INT(stream_puts(s, "hel"), STREAM_OK);
	CHECK_EQ_INT(stream_write(s, "lo", 2), STREAM_OK);
	r = recv(p.cli_in, buf, sizeof(buf), MSG_DONTWAIT);
	CHECK(r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
	CHECK_EQ_INT(stream_bytes_out(s), 0);
	CHECK_EQ_INT(stream_flush(s), STREAM_OK);
	r = recv(p.cli_in, buf, sizeof(buf), MSG_DONTWAIT);
	CHECK_EQ_INT(r, 5);
	CHECK_MEM(buf, 5, "hello", 5);
	CHECK_EQ_INT(stream_bytes_out(s), 5);
	CHECK_EQ_INT(stream_flush(s), STREAM_OK);
	CHECK_EQ_INT(stream_close(s), STREAM_OK);
	stream_free(s);
	close_srv(&p);
	close_cli(&p);
}

/* The reader child: expects exactly *(size_t *)arg pattern bytes, then EOF. */
static void child_pattern_reader(int in, int out, const void *arg)
{
	size_t want = *(const size_t *)arg;
	size_t got = 0;
	char buf[8192];

	(void)out;
	for (;;) {
		ssize_t r = read(in, buf, sizeof(buf));
		ssize_t i;

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			_exit(1);
		if (r == 0)
			break;
		for (i = 0; i < r; i++)
			if ((unsigned char)buf[i] != pattern_byte(got + (size_t)i))
				_exit(2);
		got += (size_t)r;
	}
	_exit(got == want ? 0 : 3);
}

static void big_write(bool pipes)
{
	size_t total = 400000;
	unsigned char *data = malloc(total);
	char *str;
	struct peer p;
	struct stream *s;
	size_t i, o = 0;
	pid_t pid;

	if (data == NULL || make_peer(&p, pipes) < 0) {
		CHECK(0);
		free(data);
		return;
	}
	for (i = 0; i < total; i++)
		data[i] = pattern_byte(i);
	/* pattern bytes are never NUL-free; printf part uses its own */
	pid = spawn(&p, child_pattern_reader, &total);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	for (i = 0; i < 1000; i++, o++)
		CHECK_EQ_INT(stream_write(s, data + o, 1), STREAM_OK);
	for (i = 0; i < 100; i++, o += 333)
		CHECK_EQ_INT(stream_write(s, data + o, 333), STREAM_OK);
	CHECK_EQ_INT(stream_write(s, data + o, 20000), STREAM_OK);
	o += 20000;
	CHECK_EQ_INT(stream_write(s, data + o, 15000), STREAM_OK);
	o += 15000;
	/* a formatted string longer than the output buffer */
	str = malloc(40001);
	if (str != NULL) {
		for (i = 0; i < 40000; i++)
			str[i] = (char)pattern_byte(o + i);
		str[40000] = '\0';
		if (memchr(str, '\0', 40000) == NULL) {
			CHECK_EQ_INT(stream_printf(s, "%s", str), STREAM_OK);
			o += 40000;
		}
		free(str);
	}
	CHECK_EQ_INT(stream_write(s, data + o, total - o), STREAM_OK);
	CHECK_EQ_INT(stream_flush(s), STREAM_OK);
	CHECK_EQ_INT(stream_bytes_out(s), total);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
	free(data);
}

static void test_big_write_socket(void)
{
	big_write(false);
}

static void test_big_write_pipes(void)
{
	big_write(true);
}

/* The peer answers only after it has read our greeting. */
static void child_waits_for_greeting(int in, int out, const void *arg)
{
	char buf[64];

	(void)arg;
	if (read_line_fd(in, buf, sizeof(buf)) <= 0 || strcmp(buf, "220 hi\r\n") != 0)
		_exit(1);
	if (write_all(out, "QUIT\r\n", 6) < 0)
		_exit(2);
	_exit(0);
}

static void test_flush_before_read(void)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct peer p;
		struct stream *s;
		const char *line;
		size_t n;
		pid_t pid;

		if (make_peer(&p, k == 1) < 0) {
			CHECK(0);
			return;
		}
		pid = spawn(&p, child_waits_for_greeting, NULL);
		s = stream_new(p.srv_in, p.srv_out, 100);
		stream_set_idle_timeout(s, 3000);
		CHECK_EQ_INT(stream_puts(s, "220 hi\r\n"), STREAM_OK);
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
		CHECK_MEM(line, n, "QUIT", 4);
		stream_free(s);
		close_srv(&p);
		CHECK_EQ_INT(reap(pid), 0);
	}
}

/* ---- timeouts ---------------------------------------------------------- */

static void test_idle_timeout(void)
{
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	char buf[4];
	unsigned long long t0, dt;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 200);
	t0 = ms_now();
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TIMEOUT);
	dt = ms_now() - t0;
	CHECK(dt >= 190 && dt < 2000);
	CHECK(strstr(stream_error(s), "idle") != NULL);
	t0 = ms_now();
	CHECK_EQ_INT(stream_read_exact(s, buf, 4), STREAM_TIMEOUT);
	dt = ms_now() - t0;
	CHECK(dt >= 190 && dt < 2000);
	/* data after a timeout still reads */
	CHECK(write_all(p.cli_out, "late\r\n", 6) == 0);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "late", 4);
	stream_free(s);
	close_srv(&p);
	close_cli(&p);
}

/* One byte every 30 ms, never a line end: the idle timeout never fires. */
static void child_trickle(int in, int out, const void *arg)
{
	int i;

	(void)in;
	(void)arg;
	for (i = 0; i < 100; i++) {
		if (write_all(out, "x", 1) < 0)
			_exit(0);
		usleep(30000);
	}
	_exit(0);
}

static void test_deadline(void)
{
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	unsigned long long t0, dt;
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_trickle, NULL);
	s = stream_new(p.srv_in, p.srv_out, 100000);
	stream_set_idle_timeout(s, 200);
	t0 = ms_now();
	stream_deadline_in(s, 300);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TIMEOUT);
	dt = ms_now() - t0;
	CHECK(dt >= 290 && dt < 2000);
	CHECK(strstr(stream_error(s), "deadline") != NULL);
	/* an absolute deadline in the past fails at once */
	stream_set_deadline(s, stream_now_ms() - 1);
	t0 = ms_now();
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TIMEOUT);
	CHECK(ms_now() - t0 < 100);
	stream_free(s);
	close_srv(&p);
	kill(pid, SIGKILL);
	reap(pid);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* Signals every 5 ms (no SA_RESTART): reads and timeouts are unaffected. */
static void test_eintr(void)
{
	static const char in[] = "slow line\r\n";
	struct two_part t = { in, 5, in + 5, sizeof(in) - 6 };
	struct sigaction sa, old;
	struct itimerval it, off;
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	unsigned long long t0, dt;
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_two_part, &t);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, &old);
	memset(&it, 0, sizeof(it));
	it.it_interval.tv_usec = 5000;
	it.it_value.tv_usec = 5000;
	memset(&off, 0, sizeof(off));
	setitimer(ITIMER_REAL, &it, NULL);

	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 2000);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "slow line", 9);
	stream_set_idle_timeout(s, 200);
	t0 = ms_now();
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_EOF);
	CHECK(ms_now() - t0 < 1000);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);

	/* a timeout while signals arrive */
	if (make_peer(&p, true) == 0) {
		s = stream_new(p.srv_in, p.srv_out, 100);
		stream_set_idle_timeout(s, 200);
		t0 = ms_now();
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TIMEOUT);
		dt = ms_now() - t0;
		CHECK(dt >= 190 && dt < 2000);
		stream_free(s);
		close_srv(&p);
		close_cli(&p);
	}
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
}

static void test_write_timeout(void)
{
	struct peer p;
	struct stream *s;
	char *big = calloc(1, 1 << 20);
	unsigned long long t0, dt;
	int r = STREAM_OK, i;

	if (big == NULL || make_peer(&p, false) < 0) {
		CHECK(0);
		free(big);
		return;
	}
	/* nobody reads: the socket buffer fills and the write must give up */
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 200);
	t0 = ms_now();
	for (i = 0; i < 64 && r == STREAM_OK; i++)
		r = stream_write(s, big, 1 << 20);
	dt = ms_now() - t0;
	CHECK_EQ_INT(r, STREAM_TIMEOUT);
	CHECK(dt >= 190 && dt < 3000);
	stream_free(s);
	close_srv(&p);
	close_cli(&p);
	free(big);
}

static void test_sigpipe(void)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct peer p;
		struct stream *s;

		if (make_peer(&p, k == 1) < 0) {
			CHECK(0);
			return;
		}
		close_cli(&p);
		/* on a socket MSG_NOSIGNAL protects us even with the default
		 * action; a pipe needs SIG_IGN (as the handlers set it) */
		signal(SIGPIPE, k == 0 ? SIG_DFL : SIG_IGN);
		s = stream_new(p.srv_in, p.srv_out, 100);
		CHECK_EQ_INT(stream_puts(s, "250 ok\r\n"), STREAM_OK);
		CHECK_EQ_INT(stream_flush(s), STREAM_ERROR);
		CHECK(strstr(stream_error(s), "closed") != NULL);
		signal(SIGPIPE, SIG_IGN);
		stream_free(s);
		close_srv(&p);
	}
}

/* ---- TLS: credentials --------------------------------------------------- */

static int write_datum(const char *path, const gnutls_datum_t *d)
{
	FILE *f = fopen(path, "w");
	int ok;

	if (f == NULL)
		return -1;
	ok = fwrite(d->data, 1, d->size, f) == d->size;
	return (fclose(f) == 0 && ok) ? 0 : -1;
}

static int make_key(gnutls_x509_privkey_t *key, const char *path)
{
	gnutls_datum_t d;
	int r;

	if (gnutls_x509_privkey_init(key) < 0)
		return -1;
	if (gnutls_x509_privkey_generate(*key, GNUTLS_PK_ECDSA,
					 GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0)
		return -1;
	if (gnutls_x509_privkey_export2(*key, GNUTLS_X509_FMT_PEM, &d) < 0)
		return -1;
	r = write_datum(path, &d);
	gnutls_free(d.data);
	return r;
}

/* A throw-away self-signed certificate and its key, and a second key. */
static int make_cert(void)
{
	gnutls_x509_privkey_t key, key2;
	gnutls_x509_crt_t crt;
	gnutls_datum_t d;
	static const unsigned char serial[] = { 0x01, 0x23, 0x45 };
	time_t now = time(NULL);
	int r = -1;

	if (make_key(&key, g_key) < 0 || make_key(&key2, g_key2) < 0)
		return -1;
	if (gnutls_x509_crt_init(&crt) < 0)
		return -1;
	if (gnutls_x509_crt_set_version(crt, 3) >= 0 &&
	    gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) >= 0 &&
	    gnutls_x509_crt_set_activation_time(crt, now - 3600) >= 0 &&
	    gnutls_x509_crt_set_expiration_time(crt, now + 86400) >= 0 &&
	    gnutls_x509_crt_set_dn(crt, "CN=zeromail test", NULL) >= 0 &&
	    gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_DNSNAME, "localhost",
						 9, GNUTLS_FSAN_SET) >= 0 &&
	    gnutls_x509_crt_set_key(crt, key) >= 0 &&
	    gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) >= 0 &&
	    gnutls_x509_crt_set_basic_constraints(crt, 0, -1) >= 0 &&
	    gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) >= 0 &&
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &d) >= 0) {
		r = write_datum(g_cert, &d);
		gnutls_free(d.data);
	}
	gnutls_x509_crt_deinit(crt);
	gnutls_x509_privkey_deinit(key);
	gnutls_x509_privkey_deinit(key2);
	return r;
}

static void test_tls_creds(void)
{
	struct tls_creds *c = (struct tls_creds *)1;
	gnutls_priority_t prio;
	const char *errpos = NULL;
	char err[512];
	char missing[200];
	void *sess;

	/* the documented default is accepted by this GnuTLS */
	CHECK_EQ_INT(gnutls_priority_init(&prio, ZM_TLS_DEFAULT_PRIORITY, &errpos), 0);
	gnutls_priority_deinit(prio);

	CHECK_EQ_INT(tls_creds_load(&c, g_cert, g_key, NULL, err, sizeof(err)), 0);
	CHECK(c != NULL);
	sess = tls_session_new(c, "smtp", err, sizeof(err));
	CHECK(sess != NULL);
	if (sess != NULL)
		gnutls_deinit(sess);
	CHECK(tls_session_new(c, "", err, sizeof(err)) == NULL);
	tls_creds_free(c);
	CHECK(tls_session_new(NULL, NULL, err, sizeof(err)) == NULL);

	snprintf(missing, sizeof(missing), "%s/nonexistent.pem", g_dir);
	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, missing, g_key, NULL, err, sizeof(err)), -1);
	CHECK(c == NULL);
	CHECK(strstr(err, "nonexistent.pem") != NULL);
	CHECK(strstr(err, "No such file") != NULL);
	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, g_cert, missing, NULL, err, sizeof(err)), -1);
	CHECK(strstr(err, "key") != NULL);
	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, "", g_key, NULL, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');

	/* a key that is not the certificate's */
	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, g_cert, g_key2, NULL, err, sizeof(err)), -1);
	CHECK(strstr(err, "match") != NULL);
	/* a file that is not PEM at all */
	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, g_cert, g_cert, NULL, err, sizeof(err)), -1);
	CHECK(err[0] != '\0');

	err[0] = '\0';
	CHECK_EQ_INT(tls_creds_load(&c, g_cert, g_key, "NORMAL:+NONSENSE", err, sizeof(err)), -1);
	CHECK(strstr(err, "priority") != NULL);
	CHECK_EQ_INT(tls_creds_load(&c, g_cert, g_key, "NORMAL", err, sizeof(err)), 0);
	tls_creds_free(c);
	tls_creds_free(NULL);
}

/* ---- TLS: the client child ----------------------------------------------- */

/* The client child's fds (one client per child process). */
static int g_cli_fd[2];

static ssize_t cli_push(gnutls_transport_ptr_t p, const void *buf, size_t n)
{
	(void)p;
	return write(g_cli_fd[1], buf, n);
}

static ssize_t cli_pull(gnutls_transport_ptr_t p, void *buf, size_t n)
{
	(void)p;
	return read(g_cli_fd[0], buf, n);
}

static int cli_pull_timeout(gnutls_transport_ptr_t p, unsigned int ms)
{
	struct pollfd pf = { g_cli_fd[0], POLLIN, 0 };

	(void)p;
	return poll(&pf, 1, ms == GNUTLS_INDEFINITE_TIMEOUT ? -1 : (int)ms);
}

static gnutls_session_t client_tls(int in, int out, const char *prio, const char *alpn)
{
	gnutls_certificate_credentials_t xc;
	gnutls_session_t c;
	int r;

	if (gnutls_certificate_allocate_credentials(&xc) < 0 ||
	    gnutls_init(&c, GNUTLS_CLIENT) < 0)
		_exit(10);
	if (prio != NULL) {
		if (gnutls_priority_set_direct(c, prio, NULL) < 0)
			_exit(11);
	} else if (gnutls_set_default_priority(c) < 0) {
		_exit(11);
	}
	if (gnutls_credentials_set(c, GNUTLS_CRD_CERTIFICATE, xc) < 0)
		_exit(10);
	if (alpn != NULL) {
		gnutls_datum_t d = { (unsigned char *)(uintptr_t)alpn, (unsigned)strlen(alpn) };

		if (gnutls_alpn_set_protocols(c, &d, 1, 0) < 0)
			_exit(10);
	}
	/* GnuTLS's own fd transport uses recv()/send(), which fail on
	 * pipes: read(2)/write(2) callbacks work on both */
	g_cli_fd[0] = in;
	g_cli_fd[1] = out;
	gnutls_transport_set_push_function(c, cli_push);
	gnutls_transport_set_pull_function(c, cli_pull);
	gnutls_transport_set_pull_timeout_function(c, cli_pull_timeout);
	gnutls_handshake_set_timeout(c, 10000);
	do
		r = gnutls_handshake(c);
	while (r < 0 && !gnutls_error_is_fatal(r));
	if (r < 0)
		return NULL;
	return c;
}

static void c_send(gnutls_session_t c, const void *data, size_t len)
{
	const char *p = data;

	while (len > 0) {
		ssize_t r = gnutls_record_send(c, p, len);

		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r <= 0)
			_exit(20);
		p += r;
		len -= (size_t)r;
	}
}

static void c_puts(gnutls_session_t c, const char *s)
{
	c_send(c, s, strlen(s));
}

/* Read a line (byte at a time) over TLS; 0 at EOF. */
static size_t c_line(gnutls_session_t c, char *buf, size_t cap)
{
	size_t n = 0;

	while (n + 1 < cap) {
		ssize_t r = gnutls_record_recv(c, buf + n, 1);

		if (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED)
			continue;
		if (r <= 0)
			break;
		if (buf[n++] == '\n')
			break;
	}
	buf[n] = '\0';
	return n;
}

/* Expect a clean close_notify from the server. */
static void c_expect_close(gnutls_session_t c)
{
	char b;
	ssize_t r;

	do
		r = gnutls_record_recv(c, &b, 1);
	while (r == GNUTLS_E_AGAIN || r == GNUTLS_E_INTERRUPTED);
	if (r != 0)
		_exit(30);
}

struct client_opts {
	const char *prio;
	const char *alpn;
};

/* Implicit TLS: handshake, PING, expect PONG, expect close_notify.
 * Exit 2 when the handshake fails. */
static void child_ping(int in, int out, const void *arg)
{
	const struct client_opts *o = arg;
	gnutls_session_t c = client_tls(in, out, o->prio, o->alpn);
	char buf[64];

	if (c == NULL)
		_exit(2);
	c_puts(c, "PING\r\n");
	if (c_line(c, buf, sizeof(buf)) == 0 || strcmp(buf, "PONG\r\n") != 0)
		_exit(3);
	c_expect_close(c);
	_exit(0);
}

/* Server side of child_ping; returns stream_start_tls's result. */
static int serve_ping(const char *prio, const char *client_alpn, const char *server_alpn,
		      bool pipes, const char *want_version, int *child_status)
{
	struct client_opts o = { prio, client_alpn };
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n, discarded = 99;
	char ver[32], cipher[128];
	pid_t pid;
	int r;

	*child_status = -1;
	if (make_peer(&p, pipes) < 0)
		return -100;
	pid = spawn(&p, child_ping, &o);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	stream_tls_info(s, ver, sizeof(ver), cipher, sizeof(cipher));
	CHECK_EQ_STR(ver, "");
	CHECK_EQ_STR(cipher, "");
	CHECK(!stream_is_tls(s));
	r = stream_start_tls(s, g_creds, server_alpn, &discarded);
	CHECK_EQ_INT(discarded, 0);
	if (r == STREAM_OK) {
		CHECK(stream_is_tls(s));
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
		CHECK_MEM(line, n, "PING", 4);
		CHECK_EQ_INT(stream_puts(s, "PONG\r\n"), STREAM_OK);
		stream_tls_info(s, ver, sizeof(ver), cipher, sizeof(cipher));
		if (want_version != NULL)
			CHECK_EQ_STR(ver, want_version);
		CHECK(strlen(cipher) > 4);
		CHECK(strncmp(cipher, "TLS_", 4) == 0);
		printf("# %s %s\n", ver, cipher);
		CHECK_EQ_INT(stream_bytes_in(s), 6);
		CHECK_EQ_INT(stream_close(s), STREAM_OK);
		CHECK_EQ_INT(stream_bytes_out(s), 6);
	} else {
		printf("# refused: %s\n", stream_error(s));
		CHECK(!stream_is_tls(s));
		/* the stream stays unusable */
		CHECK_EQ_INT(stream_puts(s, "x"), STREAM_ERROR);
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_ERROR);
	}
	stream_free(s);
	close_srv(&p);
	*child_status = reap(pid);
	return r;
}

static void test_tls_implicit(void)
{
	int st;

	CHECK_EQ_INT(serve_ping(NULL, NULL, NULL, false, "TLSv1.3", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
	/* in_fd != out_fd: stdin and stdout pipes */
	CHECK_EQ_INT(serve_ping(NULL, NULL, "imap", true, "TLSv1.3", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
}

static void test_tls12(void)
{
	int st;

	CHECK_EQ_INT(serve_ping("NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL, "smtp", false,
				"TLSv1.2", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
}

static void test_tls11_refused(void)
{
	int st;

	CHECK(serve_ping("NORMAL:-VERS-ALL:+VERS-TLS1.1:+VERS-TLS1.0", NULL, NULL, false,
			 NULL, &st) != STREAM_OK);
	/* 2: the client's handshake failed (11 would mean the client could
	 * not even be configured for TLS 1.1: the test would prove nothing) */
	CHECK_EQ_INT(st, 2);
}

static void test_alpn(void)
{
	int st;

	/* RFC 7301 3.2: offered, but not ours: refused */
	CHECK(serve_ping(NULL, "imap", "smtp", false, NULL, &st) != STREAM_OK);
	CHECK_EQ_INT(st, 2);
	CHECK(serve_ping("NORMAL:-VERS-ALL:+VERS-TLS1.2", "imap", "smtp", false,
			 NULL, &st) != STREAM_OK);
	CHECK_EQ_INT(st, 2);
	/* ours: fine */
	CHECK_EQ_INT(serve_ping(NULL, "smtp", "smtp", false, "TLSv1.3", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
	/* no ALPN offered at all: fine */
	CHECK_EQ_INT(serve_ping(NULL, NULL, "smtp", false, "TLSv1.3", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
	CHECK_EQ_INT(serve_ping("NORMAL:-VERS-ALL:+VERS-TLS1.2", NULL, "smtp", false,
				"TLSv1.2", &st), STREAM_OK);
	CHECK_EQ_INT(st, 0);
}

/* STARTTLS with a pipelined command after it in the same write. */
static void child_starttls(int in, int out, const void *arg)
{
	gnutls_session_t c;
	char buf[64];

	(void)arg;
	if (write_all(out, "STARTTLS\r\nNOOP\r\n", 16) < 0)
		_exit(1);
	if (read_line_fd(in, buf, sizeof(buf)) <= 0 || strcmp(buf, "220 go ahead\r\n") != 0)
		_exit(4);
	c = client_tls(in, out, NULL, NULL);
	if (c == NULL)
		_exit(2);
	c_puts(c, "HELLO\r\n");
	if (c_line(c, buf, sizeof(buf)) == 0 || strcmp(buf, "250 HELLO\r\n") != 0)
		_exit(3);
	(void)gnutls_bye(c, GNUTLS_SHUT_WR);
	_exit(0);
}

static void test_starttls_injection(void)
{
	int k;

	for (k = 0; k < 2; k++) {
		struct peer p;
		struct stream *s;
		const char *line;
		size_t n, discarded = 0;
		pid_t pid;

		if (make_peer(&p, k == 1) < 0) {
			CHECK(0);
			return;
		}
		pid = spawn(&p, child_starttls, NULL);
		s = stream_new(p.srv_in, p.srv_out, 100);
		stream_set_idle_timeout(s, 5000);
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
		CHECK_MEM(line, n, "STARTTLS", 8);
		CHECK_EQ_INT(stream_buffered_input(s), 6);
		CHECK_EQ_INT(stream_puts(s, "220 go ahead\r\n"), STREAM_OK);
		CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, &discarded), STREAM_OK);
		CHECK_EQ_INT(discarded, 6);
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
		CHECK_MEM(line, n, "HELLO", 5);
		CHECK_EQ_INT(stream_puts(s, "250 HELLO\r\n"), STREAM_OK);
		/* the read flushes the reply, then sees the client's close */
		CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_EOF);
		CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, NULL), STREAM_ERROR);
		stream_free(s);
		close_srv(&p);
		CHECK_EQ_INT(reap(pid), 0);
	}
}

/* Over-long lines inside TLS, then a reply. */
static void child_tls_long(int in, int out, const void *arg)
{
	gnutls_session_t c = client_tls(in, out, NULL, NULL);
	char buf[6000];

	(void)arg;
	if (c == NULL)
		_exit(2);
	c_puts(c, "short\r\n");
	memset(buf, 'x', sizeof(buf));
	c_send(c, buf, sizeof(buf));
	c_puts(c, "\r\nafter\r\n");
	/* and one over-long line spread over many records */
	for (int i = 0; i < 50; i++)
		c_send(c, buf, 100);
	c_puts(c, "\nlast\r\n");
	if (c_line(c, buf, sizeof(buf)) == 0 || strcmp(buf, "OK\r\n") != 0)
		_exit(3);
	_exit(0);
}

static void test_tls_toolong(void)
{
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_tls_long, NULL);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	CHECK_EQ_INT(stream_start_tls(s, g_creds, "smtp", NULL), STREAM_OK);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "short", 5);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TOOLONG);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "after", 5);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_TOOLONG);
	CHECK_EQ_INT(stream_read_line(s, &line, &n, NULL), STREAM_OK);
	CHECK_MEM(line, n, "last", 4);
	CHECK_EQ_INT(stream_puts(s, "OK\r\n"), STREAM_OK);
	CHECK_EQ_INT(stream_close(s), STREAM_OK);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

/*
 * Data left inside GnuTLS: a small record ending in a partial line, then a
 * full 16 KiB record that does not fit in what is left of our buffer.  The
 * rest of it stays decrypted inside GnuTLS; the client then waits for our
 * reply, so a poll() before asking GnuTLS would hang until the timeout.
 */
#define PEND_LINES 256
static void child_tls_pending(int in, int out, const void *arg)
{
	gnutls_session_t c = client_tls(in, out, NULL, NULL);
	char rec[16384];
	char buf[64];
	int i;

	(void)arg;
	if (c == NULL)
		_exit(2);
	c_puts(c, "first\r\npartial");
	for (i = 0; i < PEND_LINES; i++) {
		memset(rec + i * 64, 'z', 62);
		memcpy(rec + i * 64 + 62, "\r\n", 2);
	}
	c_send(c, rec, sizeof(rec));
	if (c_line(c, buf, sizeof(buf)) == 0 || strcmp(buf, "DONE\r\n") != 0)
		_exit(3);
	_exit(0);
}

static void test_tls_pending(void)
{
	struct peer p;
	struct stream *s;
	const char *line;
	size_t n;
	int i, lines = 0, r = STREAM_OK;
	unsigned long long t0;
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_tls_pending, NULL);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 3000);
	CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, NULL), STREAM_OK);
	t0 = ms_now();
	for (i = 0; i < PEND_LINES + 1; i++) {
		r = stream_read_line(s, &line, &n, NULL);
		if (r != STREAM_OK)
			break;
		lines++;
		if (i == 0)
			CHECK_MEM(line, n, "first", 5);
		else if (i > 1)
			CHECK_EQ_INT(n, 62);
		if (i == 1) {
			CHECK(n == 7 + 62 && memcmp(line, "partial", 7) == 0);
			/* all that was sent and not yet read, counting what
			 * GnuTLS holds (14 bytes did not fit our buffer) */
			CHECK_EQ_INT(stream_buffered_input(s), 14 + 16384 - 7 - 71);
		}
	}
	CHECK_EQ_INT(r, STREAM_OK);
	CHECK_EQ_INT(lines, PEND_LINES + 1);
	CHECK(ms_now() - t0 < 2000);
	CHECK_EQ_INT(stream_puts(s, "DONE\r\n"), STREAM_OK);
	CHECK_EQ_INT(stream_close(s), STREAM_OK);
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

/* Bulk both ways over TLS (partial writes, EAGAIN on the push side). */
#define BULK_IN 100000
#define BULK_OUT 300000
static void child_tls_bulk(int in, int out, const void *arg)
{
	gnutls_session_t c = client_tls(in, out, NULL, NULL);
	unsigned char *buf = malloc(BULK_IN);
	size_t got = 0, i;

	(void)arg;
	if (c == NULL || buf == NULL)
		_exit(2);
	for (i = 0; i < BULK_IN; i++)
		buf[i] = pattern_byte(i);
	c_send(c, buf, BULK_IN);
	for (;;) {
		unsigned char r[4096];
		ssize_t k = gnutls_record_recv(c, r, sizeof(r));

		if (k == GNUTLS_E_AGAIN || k == GNUTLS_E_INTERRUPTED)
			continue;
		if (k < 0)
			_exit(4);
		if (k == 0)
			break;
		for (i = 0; i < (size_t)k; i++)
			if (r[i] != pattern_byte(got + i))
				_exit(5);
		got += (size_t)k;
	}
	_exit(got == BULK_OUT ? 0 : 6);
}

static void test_tls_bulk(void)
{
	struct peer p;
	struct stream *s;
	unsigned char *buf = malloc(BULK_OUT);
	size_t i, got, total = 0;
	pid_t pid;
	int k;

	if (buf == NULL)
		return;
	for (k = 0; k < 2; k++) {
		if (make_peer(&p, k == 1) < 0) {
			CHECK(0);
			break;
		}
		pid = spawn(&p, child_tls_bulk, NULL);
		s = stream_new(p.srv_in, p.srv_out, 100);
		stream_set_idle_timeout(s, 5000);
		CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, NULL), STREAM_OK);
		CHECK_EQ_INT(stream_read_exact(s, buf, 3), STREAM_OK);
		CHECK_EQ_INT(stream_read_some(s, buf + 3, 10, &got), STREAM_OK);
		CHECK(got >= 1 && got <= 10);
		total = 3 + got;
		CHECK_EQ_INT(stream_read_exact(s, buf + total, BULK_IN - total), STREAM_OK);
		for (i = 0; i < BULK_IN; i++)
			if (buf[i] != pattern_byte(i))
				break;
		CHECK_EQ_INT(i, BULK_IN);
		for (i = 0; i < BULK_OUT; i++)
			buf[i] = pattern_byte(i);
		CHECK_EQ_INT(stream_write(s, buf, 10), STREAM_OK);
		CHECK_EQ_INT(stream_write(s, buf + 10, BULK_OUT - 10), STREAM_OK);
		CHECK_EQ_INT(stream_close(s), STREAM_OK);
		CHECK_EQ_INT(stream_bytes_in(s), BULK_IN);
		CHECK_EQ_INT(stream_bytes_out(s), BULK_OUT);
		stream_free(s);
		close_srv(&p);
		CHECK_EQ_INT(reap(pid), 0);
	}
	free(buf);
}

/* A silent client, and one that speaks HTTP instead of TLS. */
static void test_tls_handshake_failures(void)
{
	struct peer p;
	struct stream *s;
	unsigned long long t0, dt;
	static const char http[] = "GET / HTTP/1.0\r\n\r\n";
	struct wspec w = { http, sizeof(http) - 1, 4096, 0 };
	pid_t pid;

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 200);
	t0 = ms_now();
	CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, NULL), STREAM_TIMEOUT);
	dt = ms_now() - t0;
	CHECK(dt >= 190 && dt < 3000);
	stream_free(s);
	close_srv(&p);
	close_cli(&p);

	/* a deadline cuts a handshake too */
	if (make_peer(&p, true) < 0) {
		CHECK(0);
		return;
	}
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_deadline_in(s, 200);
	t0 = ms_now();
	CHECK_EQ_INT(stream_start_tls(s, g_creds, NULL, NULL), STREAM_TIMEOUT);
	dt = ms_now() - t0;
	CHECK(dt >= 190 && dt < 3000);
	stream_free(s);
	close_srv(&p);
	close_cli(&p);

	if (make_peer(&p, false) < 0) {
		CHECK(0);
		return;
	}
	pid = spawn(&p, child_writer, &w);
	s = stream_new(p.srv_in, p.srv_out, 100);
	stream_set_idle_timeout(s, 5000);
	t0 = ms_now();
	CHECK(stream_start_tls(s, g_creds, NULL, NULL) != STREAM_OK);
	CHECK(ms_now() - t0 < 3000);
	printf("# http: %s\n", stream_error(s));
	stream_free(s);
	close_srv(&p);
	CHECK_EQ_INT(reap(pid), 0);
}

/* ---- main --------------------------------------------------------------- */

static void cleanup(void)
{
	unlink(g_cert);
	unlink(g_key);
	unlink(g_key2);
	rmdir(g_dir);
}

int main(void)
{
	char err[512];
	bool tls_ok;

	/* as every handler does (stream.h) */
	signal(SIGPIPE, SIG_IGN);

	RUN(test_lines_basic);
	RUN(test_line_exact_max);
	RUN(test_line_buffer_edge);
	RUN(test_line_huge);
	RUN(test_line_eof_and_nul);
	RUN(test_two_pipes);
	RUN(test_read_exact);
	RUN(test_read_exact_large);
	RUN(test_read_some);
	RUN(test_peek_consume);
	RUN(test_write_buffering);
	RUN(test_big_write_socket);
	RUN(test_big_write_pipes);
	RUN(test_flush_before_read);
	RUN(test_idle_timeout);
	RUN(test_deadline);
	RUN(test_eintr);
	RUN(test_write_timeout);
	RUN(test_sigpipe);

	snprintf(g_dir, sizeof(g_dir), "/tmp/zm-XXXXXX");
	if (mkdtemp(g_dir) == NULL) {
		printf("# mkdtemp failed\n");
		return 1;
	}
	snprintf(g_cert, sizeof(g_cert), "%s/cert.pem", g_dir);
	snprintf(g_key, sizeof(g_key), "%s/key.pem", g_dir);
	snprintf(g_key2, sizeof(g_key2), "%s/key2.pem", g_dir);
	tls_ok = make_cert() == 0 &&
		 tls_creds_load(&g_creds, g_cert, g_key, NULL, err, sizeof(err)) == 0;
	if (!tls_ok)
		printf("# no test certificate: %s\n", err);
	CHECK(tls_ok);
	if (tls_ok) {
		RUN(test_tls_creds);
		RUN(test_tls_implicit);
		RUN(test_tls12);
		RUN(test_tls11_refused);
		RUN(test_alpn);
		RUN(test_starttls_injection);
		RUN(test_tls_toolong);
		RUN(test_tls_pending);
		RUN(test_tls_bulk);
		RUN(test_tls_handshake_failures);
	}
	tls_creds_free(g_creds);
	cleanup();
	return tap_done() || !tls_ok;
}
