/*
 * authslots.c - flock slots bounding concurrent password checks.
 * See authslots.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "authslots.h"
#include "util.h"

/* Open slot i below dfd (creating it group-writable).  -1 if impossible. */
static int open_slot(int dfd, unsigned i)
{
	char name[32];
	int fd;

	snprintf(name, sizeof(name), "slot.%u", i);
	fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0660);
	if (fd >= 0) {
		(void)fchmod(fd, 0660);  /* our umask may be 077; fails harmlessly if not ours */
		return fd;
	}
	/* flock works on a read-only descriptor too */
	return openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
}

int authslot_acquire(const struct zm_config *cfg, unsigned max_wait_ms)
{
	unsigned long long deadline = util_now_ms() + max_wait_ms;
	unsigned start = (unsigned)getpid(), n = cfg->auth_slots;
	int dfd;

	if (n == 0 || cfg->auth_slot_dir[0] == '\0')
		return AUTHSLOT_UNLIMITED;
	dfd = open(cfg->auth_slot_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0)
		return AUTHSLOT_UNLIMITED;
	for (unsigned round = 0;; round++) {
		unsigned usable = 0;

		for (unsigned k = 0; k < n; k++) {
			int fd = open_slot(dfd, (start + k) % n);

			if (fd < 0)
				continue;
			usable++;
			if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
				close(dfd);
				return fd;
			}
			close(fd);
		}
		if (usable == 0 || util_now_ms() >= deadline) {
			close(dfd);
			return usable == 0 ? AUTHSLOT_UNLIMITED : AUTHSLOT_BUSY;
		}
		/* a check takes tens of ms: look again soon, spread out */
		usleep(5000 + (start + round) % 7 * 1000);
	}
}

void authslot_release(int fd)
{
	if (fd >= 0)
		close(fd);  /* closing the last descriptor releases the flock */
}
