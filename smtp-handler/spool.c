/*
 * spool.c - an unlinked, buffered spool file for one message.  See spool.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "util.h"

int smtp_spool_open(struct smtp_spool *sp, const char *dir)
{
	char path[4096];
	int fd;

	memset(sp, 0, sizeof(*sp));
	sp->fd = -1;
	sp->buf = malloc(SMTP_SPOOL_BUF);
	if (!sp->buf)
		return -1;
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
		/* a file system without O_TMPFILE: the classic way */
		if (snprintf(path, sizeof(path), "%s/zeromail-smtp.XXXXXX", dir) >= (int)sizeof(path)) {
			errno = ENAMETOOLONG;
		} else {
			fd = mkostemp(path, O_CLOEXEC);
			if (fd >= 0)
				unlink(path);
		}
	}
	if (fd < 0) {
		int e = errno;

		free(sp->buf);
		sp->buf = NULL;
		errno = e;
		return -1;
	}
	sp->fd = fd;
	return 0;
}

int smtp_spool_flush(struct smtp_spool *sp)
{
	if (sp->len && !sp->error && util_write_all(sp->fd, sp->buf, sp->len) != 0)
		sp->error = errno ? errno : EIO;
	sp->len = 0;
	return sp->error ? -1 : 0;
}

void smtp_spool_write(struct smtp_spool *sp, const void *data, size_t len)
{
	const unsigned char *p = data;

	sp->size += len;
	if (sp->error)
		return;
	while (len > 0) {
		size_t room = SMTP_SPOOL_BUF - sp->len, n = len < room ? len : room;

		memcpy(sp->buf + sp->len, p, n);
		sp->len += n;
		p += n;
		len -= n;
		if (sp->len == SMTP_SPOOL_BUF && smtp_spool_flush(sp) != 0)
			return;
	}
}

void smtp_spool_close(struct smtp_spool *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	free(sp->buf);
	sp->buf = NULL;
	sp->len = 0;
}
