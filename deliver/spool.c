/*
 * spool.c - read the message once, bounded, into a private unlinked file;
 * scan its header section (RFC 5322 2.2: fields up to the first empty
 * line, continuation lines start with WSP) for Received: and Delivered-To:.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spool.h"
#include "util.h"

#define SPOOL_CHUNK 65536
/* The header scan looks at most this far into the message. */
#define SPOOL_HEADER_SCAN_MAX (1024 * 1024)

static int open_private_file(void)
{
	int fd;

	/* Unlinked from birth, mode 0600: nobody else can ever open it. */
	fd = open("/var/tmp", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = open("/tmp", O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		fd = memfd_create("zeromail-deliver", MFD_CLOEXEC);
	return fd;
}

static ssize_t pread_full(int fd, char *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(fd, buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

/* Trim blanks and one pair of angle brackets; copy into out. */
static void field_value(const char *v, size_t len, char *out, size_t outlen)
{
	while (len && (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n'))
		v++, len--;
	while (len && (v[len - 1] == ' ' || v[len - 1] == '\t' || v[len - 1] == '\r' || v[len - 1] == '\n'))
		len--;
	if (len >= 2 && v[0] == '<' && v[len - 1] == '>')
		v++, len -= 2;
	if (len >= outlen)
		len = outlen - 1;
	memcpy(out, v, len);
	out[len] = '\0';
}

static void scan_header(struct spool *sp)
{
	size_t want = sp->size < SPOOL_HEADER_SCAN_MAX ? (size_t)sp->size : SPOOL_HEADER_SCAN_MAX;
	char *h;
	ssize_t got;
	size_t pos = 0;

	if (want == 0)
		return;
	h = malloc(want);
	if (!h)
		return;
	got = pread_full(sp->fd, h, want, sp->offset);
	if (got <= 0) {
		free(h);
		return;
	}
	{
		const char *nl = memchr(h, '\n', (size_t)got);

		sp->crlf = nl && nl > h && nl[-1] == '\r';
	}
	while (pos < (size_t)got) {
		size_t start = pos, end;

		/* An empty line ends the header section (RFC 5322 2.1); test it
		 * before joining continuation lines, or an indented first body
		 * line would be taken for one. */
		if (h[pos] == '\n' || (h[pos] == '\r' && pos + 1 < (size_t)got && h[pos + 1] == '\n'))
			break;
		/* One field: this line plus continuation lines. */
		for (;;) {
			const char *nl = memchr(h + pos, '\n', (size_t)got - pos);

			pos = nl ? (size_t)(nl - h) + 1 : (size_t)got;
			if (pos >= (size_t)got || (h[pos] != ' ' && h[pos] != '\t'))
				break;
		}
		end = pos;
		if (end - start > 8 && strncasecmp(h + start, "Received:", 9) == 0)
			sp->received_count++;
		else if (end - start > 12 && strncasecmp(h + start, "Delivered-To:", 13) == 0) {
			if (sp->delivered_to_count < SPOOL_MAX_DELIVERED_TO)
				field_value(h + start + 13, end - start - 13,
					    sp->delivered_to[sp->delivered_to_count], ZM_ADDR_MAX);
			sp->delivered_to_count++;
		}
	}
	free(h);
}

/* "From sender date..." as the first line (an mbox separator, as fetchmail
 * and procmail-style callers may send): remember the sender, skip it. */
static void strip_mbox_from(struct spool *sp)
{
	char line[1024];
	ssize_t got = pread_full(sp->fd, line, sizeof(line), 0);
	const char *nl;
	size_t len;

	if (got < 5 || memcmp(line, "From ", 5) != 0)
		return;
	nl = memchr(line, '\n', (size_t)got);
	if (!nl)
		return;
	len = strcspn(line + 5, " \t\r\n");
	if (len < sizeof(sp->mbox_sender)) {
		memcpy(sp->mbox_sender, line + 5, len);
		sp->mbox_sender[len] = '\0';
	}
	sp->offset = (uint64_t)(nl - line) + 1;
	sp->size -= sp->offset;
}

int spool_read_stdin(struct spool *sp, uint64_t max_size, bool strip_from)
{
	struct stat st;
	char *buf;
	uint64_t total = 0;

	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	/* A regular file on stdin needs no copy: read it where it is. */
	if (fstat(0, &st) == 0 && S_ISREG(st.st_mode)) {
		off_t here = lseek(0, 0, SEEK_CUR);

		if (here >= 0 && here <= st.st_size) {
			sp->fd = fcntl(0, F_DUPFD_CLOEXEC, 3);
			if (sp->fd < 0)
				return -1;
			/* Honour a caller that already consumed part of it. */
			sp->offset = (uint64_t)here;
			sp->size = (uint64_t)st.st_size - (uint64_t)here;
			if (sp->size > max_size)
				sp->too_big = true;
			if (here == 0 && strip_from)
				strip_mbox_from(sp);
			scan_header(sp);
			return 0;
		}
	}

	sp->fd = open_private_file();
	if (sp->fd < 0)
		return -1;
	buf = malloc(SPOOL_CHUNK);
	if (!buf)
		return -1;
	for (;;) {
		ssize_t n = read(0, buf, SPOOL_CHUNK);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return -1;
		}
		if (n == 0)
			break;
		if (sp->too_big || total + (uint64_t)n > max_size) {
			/* Read to the end so the writer is not cut off, keep nothing. */
			sp->too_big = true;
			total += (uint64_t)n;
			continue;
		}
		if (util_write_all(sp->fd, buf, (size_t)n) != 0) {
			free(buf);
			return -1;
		}
		total += (uint64_t)n;
	}
	free(buf);
	sp->size = total;
	if (!sp->too_big) {
		if (strip_from)
			strip_mbox_from(sp);
		scan_header(sp);
	}
	return 0;
}

void spool_close(struct spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
}

int spool_trace_header(const struct spool *sp, const char *return_path, const char *rcpt,
		       char *out, size_t outlen)
{
	const char *eol = sp->crlf ? "\r\n" : "\n";
	int n = snprintf(out, outlen, "Return-Path: <%s>%sDelivered-To: %s%s", return_path, eol, rcpt, eol);

	return n < 0 || (size_t)n >= outlen ? -1 : n;
}

bool spool_has_delivered_to(const struct spool *sp, const char *address)
{
	size_t n = sp->delivered_to_count < SPOOL_MAX_DELIVERED_TO ? sp->delivered_to_count
								     : SPOOL_MAX_DELIVERED_TO;

	for (size_t i = 0; i < n; i++)
		if (strcasecmp(sp->delivered_to[i], address) == 0)
			return true;
	return false;
}

int spool_copy(const struct spool *sp, spool_sink sink, void *ctx)
{
	char *buf = malloc(SPOOL_CHUNK);
	uint64_t done = 0;
	int r = 0;

	if (!buf)
		return -1;
	while (done < sp->size) {
		size_t want = sp->size - done < SPOOL_CHUNK ? (size_t)(sp->size - done) : SPOOL_CHUNK;
		ssize_t n = pread_full(sp->fd, buf, want, sp->offset + done);

		if (n <= 0) {
			r = -1;
			break;
		}
		if ((r = sink(ctx, buf, (size_t)n)) != 0)
			break;
		done += (uint64_t)n;
	}
	free(buf);
	return r;
}
