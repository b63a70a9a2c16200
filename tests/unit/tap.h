/*
 * tap.h - the tiny unit-test harness: each test function is a case; the
 * program prints TAP ("ok N - name" / "not ok N - name") and tests/run
 * counts the lines.  CHECK failures are reported with file:line and the
 * case goes on (so one run shows every failure of a case).
 *
 *   static void test_something(void) { CHECK(1 + 1 == 2); }
 *   int main(void) { RUN(test_something); return tap_done(); }
 */
#ifndef ZM_TAP_H
#define ZM_TAP_H

#include <stdio.h>
#include <string.h>

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

static inline int tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
