/*
 * zmlimits.h - every named limit of zeromail, with its built-in default.
 *
 * Owns: the compile-time defaults and hard caps.  The values in force for a
 * connection live in struct zm_config (config.h); each key there that is a
 * limit starts from the default here.  A HARD cap is a ceiling the config
 * cannot raise, chosen so that fixed buffers stay bounded.
 */
#ifndef ZM_ZMLIMITS_H
#define ZM_ZMLIMITS_H

/* RFC 5321 4.5.3.1.4: a command line is at most 512 octets with CRLF; the
 * extensions we offer (SIZE, AUTH, DSN, SMTPUTF8) may add to it, so the
 * default is more generous and configurable. */
#define ZM_DEFAULT_MAX_LINE          2048
#define ZM_HARD_MAX_LINE             65536

/* RFC 5321 4.5.3.1.8: at least 100 recipients must be accepted. */
#define ZM_DEFAULT_MAX_RECIPIENTS    100
#define ZM_DEFAULT_MAX_MESSAGE_SIZE  (50UL * 1024 * 1024)
#define ZM_DEFAULT_MAX_BAD_COMMANDS  20
/* Commands that make no progress (SMTP NOOP, RSET, VRFY, HELP, EHLO;
 * any POP3 command before login) per connection, like Postfix's
 * smtpd_junk_command_limit: without it a client holds a slot for ever. */
#define ZM_DEFAULT_MAX_JUNK_COMMANDS 100
#define ZM_DEFAULT_MAX_AUTH_FAILURES 3
#define ZM_DEFAULT_AUTH_FAIL_DELAY_MS 2000
/* Password checks running at once on the machine (authslots.h): each
 * yescrypt check at the default cost takes about 16 MiB for its moment. */
#define ZM_DEFAULT_AUTH_SLOTS        4
#define ZM_AUTH_SLOT_WAIT_MS         10000

/* RFC 5321 4.5.3.2.7: the server should wait at least 5 minutes for the
 * next command; RFC 1939 3: POP3 autologout at least 10 minutes; RFC 9051
 * 5.4: IMAP at least 30 minutes while authenticated. */
#define ZM_DEFAULT_IDLE_TIMEOUT_S    300
#define ZM_DEFAULT_COMMAND_TIMEOUT_S 600

/* deliver: alias expansion depth and Delivered-To hops before a loop. */
#define ZM_DEFAULT_MAX_HOPS          50
#define ZM_MAX_ALIAS_DEPTH           10
#define ZM_MAX_ALIAS_TARGETS         256

/* Sizes of fixed fields (bytes, including the NUL). */
#define ZM_ADDR_MAX     512   /* a whole address: RFC 5321 4.5.3.1.3 path 256 */
#define ZM_LOCAL_MAX    256   /* local part; RFC 5321 4.5.3.1.1 says 64 octets */
#define ZM_DOMAIN_MAX   256   /* RFC 5321 4.5.3.1.2: 255 octets */
#define ZM_PATH_MAX     1024  /* file system paths we build */
#define ZM_MAX_LOCAL_DOMAINS 64

#endif
