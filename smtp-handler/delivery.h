/*
 * delivery.h - handing an accepted message to deliver(8).
 *
 * Owns: running deliver once per message with the spool file as its
 * standard input, no other inherited descriptor, a clean environment and a
 * time limit; and reading its per-recipient report ("rcpt <index>
 * <enhanced> <smtp> <name> <text>", deliver -r) into one result per
 * recipient.  Anything that goes wrong around deliver itself (it cannot be
 * run, it dies, a line is missing) is a temporary failure for the
 * recipients it did not report: mail is never acknowledged on a guess.
 */
#ifndef ZM_SMTP_DELIVERY_H
#define ZM_SMTP_DELIVERY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

struct delivery_result {
	int code;             /* SMTP reply code: 250, 4xx, 5xx */
	char enhanced[16];    /* "2.0.0" */
	char text[200];       /* deliver's text */
	bool reported;        /* deliver printed a line for this recipient */
};

/*
 * Run deliver for the message in spool_fd (size bytes from offset 0) from
 * sender (printed form, "" for the null path) to rcpts[0..n).  Every result
 * is filled.  Returns deliver's exit status (0..255), or -1 when it could
 * not be run or did not finish in time (err says why).
 */
int delivery_run(const struct zm_config *cfg, int spool_fd, uint64_t size,
		 const char *sender, char *const *rcpts, size_t n,
		 struct delivery_result *results, char *err, size_t errlen);

/* Parse one report line ("rcpt 0 2.0.0 250 ok delivered") into *index and
 * *r.  Returns 0 or -1 (not a report line).  Exposed for tests. */
int delivery_parse_report(const char *line, size_t len, size_t *index, struct delivery_result *r);

#endif
