/*
 * util.h - the few small helpers several modules need, written once.
 *
 * Owns: strict bounded decimal parsing, formatting an error message into a
 * caller's buffer, and writing a whole buffer to an fd.
 */
#ifndef ZM_UTIL_H
#define ZM_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* p[0..len) is 1-20 ASCII digits whose value fits in 64 bits: *v set,
 * true.  Anything else (empty, sign, blank, overflow): false. */
bool util_parse_u64(const char *p, size_t len, uint64_t *v);

/* vsnprintf into err (errlen bytes) when err is not NULL and errlen > 0. */
void util_set_error(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Grow the array *p (elements of size elem, *cap of them) to hold at least
 * need, doubling; overflow-checked.  0, or -1 (errno ENOMEM) leaving *p
 * and *cap as they were. */
int util_grow(void **p, size_t *cap, size_t need, size_t elem);

/* true if fd is open and a socket. */
bool util_fd_is_socket(int fd);

/* CLOCK_MONOTONIC in milliseconds: deadlines and waits. */
unsigned long long util_now_ms(void);

/* Write all len bytes (retrying short writes and EINTR).  0, or -1 with
 * errno set. */
int util_write_all(int fd, const void *buf, size_t len);

#endif
