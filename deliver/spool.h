/*
 * spool.h - deliver's private copy of the incoming message.
 *
 * Owns: reading the message from stdin once (into an unlinked 0600 file,
 * or stdin itself when it is a regular file), enforcing the size limit
 * while reading, stripping a leading mbox "From " line, and scanning the
 * header section for the facts loop detection needs.
 */
#ifndef ZM_DELIVER_SPOOL_H
#define ZM_DELIVER_SPOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "zmlimits.h"

#define SPOOL_MAX_DELIVERED_TO 64

struct spool {
	int fd;                  /* readable with pread; owned by the spool */
	uint64_t offset;         /* where the message starts (after "From ") */
	uint64_t size;           /* message bytes from offset */
	bool too_big;            /* over the limit: the rest was read and dropped */
	bool crlf;               /* first line ends in CRLF: added headers use it too */
	char mbox_sender[ZM_ADDR_MAX]; /* from a leading "From sender date" line */
	unsigned received_count;       /* Received: fields */
	unsigned delivered_to_count;
	char delivered_to[SPOOL_MAX_DELIVERED_TO][ZM_ADDR_MAX]; /* values, trimmed */
};

/* Read all of fd 0 into *sp, at most max_size bytes of message.  A leading
 * mbox "From " line is removed only when strip_mbox_from is true (no -f
 * given).  Returns 0, or -1 (I/O error or no space for the spool: a
 * temporary failure). */
int spool_read_stdin(struct spool *sp, uint64_t max_size, bool strip_mbox_from);

/* "Return-Path: <rp>" and "Delivered-To: rcpt" with the message's own line
 * end, into out; returns the length, or -1 if it does not fit. */
int spool_trace_header(const struct spool *sp, const char *return_path, const char *rcpt,
		       char *out, size_t outlen);
void spool_close(struct spool *sp);

/* true if the header has a Delivered-To: equal to address (case-insensitive). */
bool spool_has_delivered_to(const struct spool *sp, const char *address);

/* Copy the message to fd out_fd's writer callback in chunks. */
typedef int (*spool_sink)(void *ctx, const void *buf, size_t len);
int spool_copy(const struct spool *sp, spool_sink sink, void *ctx);

#endif
