/*
 * privdrop.c - giving up root for good: setgroups, setresgid, setresuid,
 * then verify with getresgid/getresuid that nothing of root is left.
 */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "privdrop.h"

static int parse_id(const char *s, unsigned long *out)
{
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || *end || *out >= (unsigned long)(uid_t)-1)
		return -1;
	return 0;
}

int privdrop_lookup_user(const char *name, uid_t *uid, gid_t *gid)
{
	unsigned long n;
	struct passwd pw, *res = NULL;
	char buf[4096];

	if (!name || !*name)
		return -1;
	if (parse_id(name, &n) == 0) {
		*uid = (uid_t)n;
		/* A number with no passwd entry keeps gid = uid unless known. */
		if (getpwuid_r(*uid, &pw, buf, sizeof(buf), &res) == 0 && res)
			*gid = pw.pw_gid;
		else
			*gid = (gid_t)n;
		return 0;
	}
	if (getpwnam_r(name, &pw, buf, sizeof(buf), &res) != 0 || !res)
		return -1;
	*uid = pw.pw_uid;
	*gid = pw.pw_gid;
	return 0;
}

int privdrop_lookup_group(const char *name, gid_t *gid)
{
	unsigned long n;
	struct group gr, *res = NULL;
	char buf[8192];

	if (!name || !*name)
		return -1;
	if (parse_id(name, &n) == 0) {
		*gid = (gid_t)n;
		return 0;
	}
	if (getgrnam_r(name, &gr, buf, sizeof(buf), &res) != 0 || !res)
		return -1;
	*gid = gr.gr_gid;
	return 0;
}

int privdrop_to(uid_t uid, gid_t gid)
{
	uid_t ru, eu, su;
	gid_t rg, eg, sg;

	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0)
		return -1;
	/* Already exactly that identity and not root: nothing to give up. */
	if (ru == uid && eu == uid && su == uid && rg == gid && eg == gid && sg == gid && uid != 0)
		return 0;

	/* Order matters: groups first, while we still may change them. */
	if (setgroups(1, &gid) != 0)
		return -1;
	if (setresgid(gid, gid, gid) != 0)
		return -1;
	if (setresuid(uid, uid, uid) != 0)
		return -1;

	if (getresuid(&ru, &eu, &su) != 0 || getresgid(&rg, &eg, &sg) != 0)
		return -1;
	if (ru != uid || eu != uid || su != uid || rg != gid || eg != gid || sg != gid) {
		errno = EPERM;
		return -1;
	}
	/* A real drop from root must not be reversible. */
	if (uid != 0 && setuid(0) == 0) {
		errno = EPERM;
		return -1;
	}
	/* A uid change makes the process dumpable again (when
	 * fs.suid_dumpable allows): it still holds what root read. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	return 0;
}
