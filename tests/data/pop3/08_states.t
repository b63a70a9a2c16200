# Every command in a state where it is not valid (RFC 1939 3): refused,
# counted as a bad command, the session goes on.  APOP is not offered.
S: +OK zeromail POP3 server ready
C: STAT
S: -ERR STAT is not valid in the AUTHORIZATION state
C: LIST
S: -ERR LIST is not valid in the AUTHORIZATION state
C: RETR 1
S: -ERR RETR is not valid in the AUTHORIZATION state
C: DELE 1
S: -ERR DELE is not valid in the AUTHORIZATION state
C: NOOP
S: -ERR NOOP is not valid in the AUTHORIZATION state
C: RSET
S: -ERR RSET is not valid in the AUTHORIZATION state
C: TOP 1 1
S: -ERR TOP is not valid in the AUTHORIZATION state
C: UIDL
S: -ERR UIDL is not valid in the AUTHORIZATION state
C: APOP alice@example.org c4c9334bac560ecc979e58001b3e22fb
S: -ERR unknown command
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: USER alice@example.org
S: -ERR USER is not valid in the TRANSACTION state
C: PASS secret
S: -ERR PASS is not valid in the TRANSACTION state
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: -ERR AUTH is not valid in the TRANSACTION state
C: STLS
S: -ERR STLS is not valid in the TRANSACTION state
C: UTF8
S: -ERR UTF8 is not valid in the TRANSACTION state
C: APOP alice@example.org c4c9334bac560ecc979e58001b3e22fb
S: -ERR unknown command
C: NOOP
S: +OK
C: QUIT
S: +OK Bye (3 messages left)
