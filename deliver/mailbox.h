/*
 * mailbox.h - write one copy of the message into one user's Maildir.
 *
 * Owns: the order of a delivery (STYLE.md 8): become the owner, open the
 * Maildir (no symlinks, right owner), pick the subaddress folder if it
 * exists, write Return-Path: and Delivered-To: then the message into tmp/,
 * fsync, link into new/, fsync new/.  Runs in a child process so the drop
 * to the owner is for good.
 */
#ifndef ZM_DELIVER_MAILBOX_H
#define ZM_DELIVER_MAILBOX_H

#include "exitcodes.h"
#include "recipient.h"
#include "spool.h"

/* Deliver in a forked child that drops to the target's owner, waiting at
 * most timeout_s for it.  Returns the delivery status; name_out gets the
 * Maildir file name on success, why the reason otherwise.  Owners uid 0 or
 * gid 0 are refused (DS_CANT_CREATE). */
enum delivery_status mailbox_deliver(const struct recipient_target *t, const struct spool *sp,
				     const char *return_path, unsigned timeout_s,
				     char *name_out, size_t name_outlen, char *why, size_t whylen);

#endif
