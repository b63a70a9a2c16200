# Mailboxes this server must not open: [SYS/PERM] (RFC 3206 5), or cannot
# open now: [SYS/TEMP]; either way the
# connection ends.  perm@ is owned by root when the test runs as root (a
# root-owned mailbox is never served), else by another uid than ours.
S: +OK zeromail POP3 server ready
C: USER perm@example.org
S: +OK Send your password
C: PASS secret
S~ -ERR \[SYS/PERM\] .*
C: QUIT

@session a Maildir that is a symlink is unsafe
S: +OK zeromail POP3 server ready
C: USER link@example.org
S: +OK Send your password
C: PASS secret
S: -ERR [SYS/PERM] mailbox not available
C: QUIT

@session a Maildir that cannot be created is a temporary failure
S: +OK zeromail POP3 server ready
C: USER gone@example.org
S: +OK Send your password
C: PASS secret
S: -ERR [SYS/TEMP] cannot open the mailbox now
C: QUIT
