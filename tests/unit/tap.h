/*
 * tap.h - the tiny unit-test harness: each test function is a case; the
 * program prints TAP ("ok N - name" / "not ok N - name") and tests/run
 * counts the lines.  CHECK failures are reported with file:line and the
 * case goes on (so one run shows every failure of a case).
 *
 *   static void test_something(void) { CHECK(1 + 1 == 2); }
 *   int main(void) { RUN(test_something); return tap_done(); }
 *
 * Also: SKIP(fn, why), tap_all_zero(p, len), tap_rm_rf_at(dfd, name).
 */
#ifndef ZM_TAP_H
#define ZM_TAP_H

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int tap_case_failed;
static int tap_count;
static int tap_failed;

#define CHECK(cond) do { if (!(cond)) { tap_case_failed = 1; \
	printf("#   %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); fflush(stdout); } } while (0)

#define CHECK_EQ_INT(a, b) do { long long _a = (long long)(a), _b = (long long)(b); \
	if (_a != _b) { tap_case_failed = 1; \
	printf("#   %s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, _a, #b, _b); fflush(stdout); } } while (0)

#define CHECK_EQ_STR(a, b) do { const char *_a = (a), *_b = (b); \
	if (!_a || !_b || strcmp(_a, _b) != 0) { tap_case_failed = 1; \
	printf("#   %s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, _a ? _a : "(null)", _b ? _b : "(null)"); fflush(stdout); } } while (0)

#define CHECK_MEM(a, alen, b, blen) do { size_t _al = (alen), _bl = (blen); \
	if (_al != _bl || memcmp((a), (b), _al) != 0) { tap_case_failed = 1; \
	printf("#   %s:%d: %s (%zu bytes) differs from %s (%zu bytes)\n", __FILE__, __LINE__, #a, _al, #b, _bl); fflush(stdout); } } while (0)

#define RUN(fn) do { tap_case_failed = 0; fn(); tap_count++; \
	if (tap_case_failed) tap_failed++; \
	printf("%sok %d - %s\n", tap_case_failed ? "not " : "", tap_count, #fn); fflush(stdout); } while (0)

/* "ok N - name # SKIP why" as one TAP case (tests/run counts it as skipped). */
#define SKIP(fn, why) do { tap_count++; \
	printf("ok %d - %s # SKIP %s\n", tap_count, #fn, why); fflush(stdout); } while (0)

/* true if len bytes at p are all zero (wiped buffers). */
static inline int tap_all_zero(const void *p, size_t len)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return 0;
	return 1;
}

/* Remove name below dfd and everything in it, never following symlinks
 * (test temporary directories). */
static inline int tap_rm_rf_at(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d;
	struct dirent *de;

	if (fd < 0)
		return unlinkat(dfd, name, 0);
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		tap_rm_rf_at(dirfd(d), de->d_name);
	}
	closedir(d);
	return unlinkat(dfd, name, AT_REMOVEDIR);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
