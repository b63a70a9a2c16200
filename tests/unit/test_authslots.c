/* test_authslots.c - the machine-wide limit on concurrent password checks. */
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "authslots.h"
#include "tap.h"

static char dir[] = "/tmp/zm-authslots-XXXXXX";

static void cfg_with(struct zm_config *cfg, unsigned slots, const char *d)
{
	config_defaults(cfg);
	cfg->auth_slots = slots;
	snprintf(cfg->auth_slot_dir, sizeof(cfg->auth_slot_dir), "%s", d);
}

static void test_unlimited(void)
{
	struct zm_config cfg;

	cfg_with(&cfg, 0, dir);
	CHECK_EQ_INT(authslot_acquire(&cfg, 0), AUTHSLOT_UNLIMITED);
	cfg_with(&cfg, 2, "");
	CHECK_EQ_INT(authslot_acquire(&cfg, 0), AUTHSLOT_UNLIMITED);
	cfg_with(&cfg, 2, "/nonexistent/zm-slots");
	CHECK_EQ_INT(authslot_acquire(&cfg, 0), AUTHSLOT_UNLIMITED);
}

static void test_slots(void)
{
	struct zm_config cfg;
	struct stat st;
	int a, b, c;

	cfg_with(&cfg, 2, dir);
	a = authslot_acquire(&cfg, 0);
	b = authslot_acquire(&cfg, 0);
	CHECK(a >= 0 && b >= 0);
	/* both slots held (flock is per open file, so this process competes
	 * with itself like two handlers would) */
	CHECK_EQ_INT(authslot_acquire(&cfg, 100), AUTHSLOT_BUSY);
	authslot_release(a);
	c = authslot_acquire(&cfg, 100);
	CHECK(c >= 0);
	authslot_release(b);
	authslot_release(c);
	/* slot files are group-writable whatever the umask */
	CHECK(fstatat(AT_FDCWD, dir, &st, 0) == 0);
	{
		char path[128];

		snprintf(path, sizeof(path), "%s/slot.0", dir);
		CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0660);
	}
}

static void test_wait_for_other_process(void)
{
	struct zm_config cfg;
	struct timespec t0, t1;
	int fd, status = 0;
	pid_t pid;
	long ms;

	cfg_with(&cfg, 1, dir);
	pid = fork();
	if (pid == 0) {
		int held = authslot_acquire(&cfg, 0);

		if (held < 0)
			_exit(1);
		usleep(400000);
		_exit(0);
	}
	usleep(100000);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	fd = authslot_acquire(&cfg, 5000);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(fd >= 0);
	CHECK(ms >= 150);   /* it had to wait for the other process */
	CHECK(ms < 4000);   /* and got the slot when that one ended */
	authslot_release(fd);
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	umask(077);
	if (!mkdtemp(dir))
		return 1;
	RUN(test_unlimited);
	RUN(test_slots);
	RUN(test_wait_for_other_process);
	tap_rm_rf_at(AT_FDCWD, dir);
	return tap_done();
}
