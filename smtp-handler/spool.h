/*
 * spool.h - the SMTP handler's copy of the message being received.
 *
 * Owns: an unlinked file in spool_dir (O_TMPFILE, else mkstemp + unlink)
 * written through a 64 KiB buffer, so a message of any size never sits in
 * memory; its size; and the first write error (ENOSPC ...), kept until the
 * end of the message so the client still gets one reply at the end.
 */
#ifndef ZM_SMTP_SPOOL_H
#define ZM_SMTP_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMTP_SPOOL_BUF (64 * 1024)

struct smtp_spool {
	int fd;                 /* -1 when closed */
	uint64_t size;          /* bytes accepted so far (written or buffered) */
	int error;              /* first errno, 0 = none */
	size_t len;             /* bytes in buf */
	unsigned char *buf;     /* SMTP_SPOOL_BUF bytes */
};

/* Create the spool file in dir.  Returns 0, or -1 with errno set. */
int smtp_spool_open(struct smtp_spool *sp, const char *dir);
/* Append; after an error the bytes are counted but dropped. */
void smtp_spool_write(struct smtp_spool *sp, const void *data, size_t len);
/* Flush the buffer.  Returns 0, or -1 with the first error in sp->error. */
int smtp_spool_flush(struct smtp_spool *sp);
void smtp_spool_close(struct smtp_spool *sp);

#endif
