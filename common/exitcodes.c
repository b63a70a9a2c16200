/*
 * exitcodes.c - the one table of delivery results (see exitcodes.h).
 * Enhanced codes from RFC 3463: X.1.1 bad destination mailbox, X.1.2 bad
 * destination system, X.2.0 mailbox status, X.3.0/X.3.1 mail system status
 * (X.3.1 = system full), X.3.4 message too big, X.4.6 routing loop,
 * X.5.4 invalid command arguments, X.6.0 media error, X.7.1 not authorized.
 */
#include <string.h>

#include "exitcodes.h"

static const struct delivery_status_info table[DS_COUNT] = {
	[DS_OK]          = { "ok",       "2.0.0", EX_OK,        250, "delivered" },
	[DS_USAGE]       = { "usage",    "5.5.4", EX_USAGE,     550, "bad invocation of deliver" },
	[DS_DATA]        = { "data",     "5.6.0", EX_DATAERR,   554, "message refused: malformed data" },
	[DS_NO_USER]     = { "nouser",   "5.1.1", EX_NOUSER,    550, "no such user here" },
	[DS_NO_DOMAIN]   = { "nodomain", "5.1.2", EX_NOHOST,    550, "not a local domain" },
	[DS_LOOP]        = { "loop",     "5.4.6", EX_DATAERR,   554, "mail loop detected" },
	[DS_TOO_BIG]     = { "toobig",   "5.3.4", EX_DATAERR,   552, "message too big" },
	[DS_REFUSED]     = { "refused",  "5.7.1", EX_NOPERM,    550, "delivery not permitted" },
	/* Temporary, so the exit status is EX_TEMPFAIL: MTAs and fetchmail
	 * take EX_CANTCREAT and EX_IOERR for permanent and would bounce. */
	[DS_CANT_CREATE] = { "cantcreat","4.2.0", EX_TEMPFAIL,  451, "mailbox not usable now" },
	[DS_IO]          = { "ioerr",    "4.3.0", EX_TEMPFAIL,  451, "I/O error writing the mailbox" },
	[DS_FULL]        = { "full",     "4.3.1", EX_TEMPFAIL,  452, "mail system full" },
	[DS_TEMP]        = { "tempfail", "4.3.0", EX_TEMPFAIL,  451, "temporary failure" },
};

const struct delivery_status_info *delivery_status_info(enum delivery_status ds)
{
	if ((unsigned)ds >= DS_COUNT)
		ds = DS_TEMP;
	return &table[ds];
}

int delivery_status_is_temporary(enum delivery_status ds)
{
	return delivery_status_info(ds)->enhanced[0] == '4';
}

int delivery_status_from_name(const char *name)
{
	for (int i = 0; i < DS_COUNT; i++)
		if (strcmp(table[i].name, name) == 0)
			return i;
	return -1;
}
