/*
 * pipe.h - deliver to a "|command" alias target (only when the config says
 * allow_pipe_aliases = yes).  The command runs through /bin/sh -c as the
 * unprivileged mail_owner user (or nobody), with the message, preceded by
 * Return-Path: and Delivered-To:, on its stdin; environment SENDER,
 * RECIPIENT, PATH only; at most command_timeout seconds.  Its exit status is
 * read as sysexits: 0 delivered, 75 (EX_TEMPFAIL) temporary, anything else
 * permanent.
 */
#ifndef ZM_DELIVER_PIPE_H
#define ZM_DELIVER_PIPE_H

#include "config.h"
#include "exitcodes.h"
#include "recipient.h"
#include "spool.h"

enum delivery_status pipe_deliver(const struct zm_config *cfg, const struct recipient_target *t,
				  const struct spool *sp, const char *return_path,
				  char *why, size_t whylen);

#endif
