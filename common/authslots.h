/*
 * authslots.h - a machine-wide limit on password checks running at once.
 *
 * Owns: the slot files "slot.0" .. "slot.<n-1>" in auth_slot_dir, each
 * held with flock(LOCK_EX) while one password check runs.  Every handler
 * process checks passwords itself, and a yescrypt check at libxcrypt's
 * default cost takes about 16 MiB for its moment (bench/README.md), so
 * without a limit a burst of logins could exhaust a small machine (a
 * Raspberry Pi Zero has 512 MB).  A lock dies with its process.
 *
 * The directory is shared by processes of different users (smtp-handler
 * as zeromail, pop3-handler as root), so it is mode 2770 root:zeromail and
 * slot files are made group-writable.  Failing open: when the directory
 * is not configured, missing, or no slot file can be opened at all, checks
 * are not limited (this is a resource guard, not an access control).
 */
#ifndef ZM_AUTHSLOTS_H
#define ZM_AUTHSLOTS_H

#include "config.h"

enum authslot_result {
	AUTHSLOT_UNLIMITED = -1,  /* no limit applies (see above) */
	AUTHSLOT_BUSY = -2,       /* every slot stayed taken for max_wait_ms */
};

/* Take a free slot, waiting at most max_wait_ms for one.  Returns the
 * slot's fd (>= 0; give it to authslot_release), or an authslot_result. */
int authslot_acquire(const struct zm_config *cfg, unsigned max_wait_ms);
void authslot_release(int fd);

#endif
