/* test_util.c - util_parse_u64, util_set_error, util_write_all. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static void test_parse_u64(void)
{
	uint64_t v = 7;

	CHECK(util_parse_u64("0", 1, &v) && v == 0);
	CHECK(util_parse_u64("12345", 5, &v) && v == 12345);
	CHECK(util_parse_u64("123abc", 3, &v) && v == 123);
	CHECK(util_parse_u64("18446744073709551615", 20, &v) && v == UINT64_MAX);
	v = 7;
	CHECK(!util_parse_u64("18446744073709551616", 20, &v));
	CHECK(!util_parse_u64("999999999999999999999", 21, &v));
	CHECK(!util_parse_u64("", 0, &v));
	CHECK(!util_parse_u64("-1", 2, &v));
	CHECK(!util_parse_u64("+1", 2, &v));
	CHECK(!util_parse_u64(" 1", 2, &v));
	CHECK(!util_parse_u64("1 ", 2, &v));
	CHECK_EQ_INT(v, 7);
}

static void test_set_error(void)
{
	char e[8];

	util_set_error(e, sizeof(e), "%s:%d", "file", 12345);
	CHECK_EQ_STR(e, "file:12");
	util_set_error(NULL, 10, "x");
	util_set_error(e, 0, "x");
	CHECK_EQ_STR(e, "file:12");
}

static void test_write_all(void)
{
	int p[2];
	char buf[100000], back[100000];
	size_t got = 0;

	memset(buf, 'z', sizeof(buf));
	CHECK(pipe(p) == 0);
	if (fork() == 0) {
		close(p[0]);
		_exit(util_write_all(p[1], buf, sizeof(buf)) == 0 ? 0 : 1);
	}
	close(p[1]);
	while (got < sizeof(back)) {
		ssize_t n = read(p[0], back + got, sizeof(back) - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(p[0]);
	CHECK(wait(NULL) > 0);
	CHECK_MEM(back, got, buf, sizeof(buf));
	CHECK_EQ_INT(util_write_all(-1, "x", 1), -1);
	CHECK_EQ_INT(errno, EBADF);
}

static void test_grow(void)
{
	int *a = NULL;
	size_t cap = 0;

	CHECK_EQ_INT(util_grow((void **)&a, &cap, 1, sizeof(*a)), 0);
	CHECK(a != NULL && cap >= 1);
	CHECK_EQ_INT(util_grow((void **)&a, &cap, 1000, sizeof(*a)), 0);
	CHECK(cap >= 1000);
	for (int i = 0; i < 1000; i++)
		a[i] = i;
	CHECK_EQ_INT(util_grow((void **)&a, &cap, 10, sizeof(*a)), 0);
	CHECK(cap >= 1000 && a[999] == 999);
	{
		size_t before = cap;
		int *keep = a;

		CHECK_EQ_INT(util_grow((void **)&a, &cap, SIZE_MAX / 2, sizeof(*a)), -1);
		CHECK(a == keep && cap == before);
	}
	free(a);
}

int main(void)
{
	RUN(test_parse_u64);
	RUN(test_set_error);
	RUN(test_write_all);
	RUN(test_grow);
	return tap_done();
}
