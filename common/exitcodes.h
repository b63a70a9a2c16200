/*
 * exitcodes.h - one table for delivery results.
 *
 * Owns: the mapping between sysexits codes (what deliver exits with), the
 * RFC 3463 enhanced status codes (what deliver reports per recipient), and
 * the SMTP reply code a caller should send for each.  Status codes are taken
 * from here, never typed by hand (OpenSMTPD esc.c idea).
 */
#ifndef ZM_EXITCODES_H
#define ZM_EXITCODES_H

#include <sysexits.h>

enum delivery_status {
	DS_OK = 0,          /* 2.0.0  EX_OK          250 */
	DS_USAGE,           /* 5.5.4  EX_USAGE       550 (bad invocation) */
	DS_DATA,            /* 5.6.0  EX_DATAERR     554 (message refused) */
	DS_NO_USER,         /* 5.1.1  EX_NOUSER      550 */
	DS_NO_DOMAIN,       /* 5.1.2  EX_NOHOST      550 (not a local domain) */
	DS_LOOP,            /* 5.4.6  EX_DATAERR     554 (routing loop) */
	DS_TOO_BIG,         /* 5.3.4  EX_DATAERR     552 */
	DS_REFUSED,         /* 5.7.1  EX_NOPERM      550 (policy: pipe alias, external) */
	DS_CANT_CREATE,     /* 4.2.0  EX_TEMPFAIL    451 (mailbox not usable now) */
	DS_IO,              /* 4.3.0  EX_TEMPFAIL    451 (I/O error) */
	DS_FULL,            /* 4.3.1  EX_TEMPFAIL    452 (disk full) */
	DS_TEMP,            /* 4.3.0  EX_TEMPFAIL    451 */
	DS_COUNT
};

struct delivery_status_info {
	const char *name;      /* short token, e.g. "nouser" */
	const char *enhanced;  /* "5.1.1" */
	int sysexit;           /* EX_NOUSER */
	int smtp_code;         /* 550 */
	const char *text;      /* human text for replies and logs */
};

const struct delivery_status_info *delivery_status_info(enum delivery_status ds);

/* true when the result is temporary (4xx, EX_TEMPFAIL class). */
int delivery_status_is_temporary(enum delivery_status ds);

/* Parse a status name ("nouser") back; returns -1 if unknown. */
int delivery_status_from_name(const char *name);

#endif
