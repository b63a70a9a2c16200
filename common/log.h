/*
 * log.h - the one logging call of zeromail.
 *
 * Owns: where log lines go.  The journal (libsystemd) when the journal
 * socket exists, syslog otherwise; stderr only when the config asks for it
 * AND stderr is not a socket (under inetd stderr is the connection).
 * Never stdout.  Every line carries the program name and, once known, the
 * connection's peer and user.
 */
#ifndef ZM_LOG_H
#define ZM_LOG_H

#include <stdarg.h>
#include <syslog.h>
#include "config.h"

/* Open the log for program ident (a static string).  Safe to call again
 * after the config is read, to change the target. */
void log_open(const char *ident, enum zm_log_target target, bool debug);

/* Context added to every line from now on; NULL clears a field. */
void log_set_peer(const char *peer);
void log_set_user(const char *user);

/* prio is a syslog priority (LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG). */
void log_msg(int prio, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void log_vmsg(int prio, const char *fmt, va_list ap);

/* The target actually chosen (never ZM_LOG_AUTO after log_open). */
enum zm_log_target log_target_in_use(void);

#endif
