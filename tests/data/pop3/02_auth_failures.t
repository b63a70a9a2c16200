# Failed logins: [AUTH] (RFC 3206 4), USER forgotten after a failed PASS,
# max_auth_failures (3 by default) then the connection is closed.
S: +OK zeromail POP3 server ready
C: PASS secret
S: -ERR give USER first
C: USER
S: -ERR syntax: USER name
C: USER alice@example.org
S: +OK Send your password
C: PASS wrong
S: -ERR [AUTH] authentication failed
C: PASS secret
S: -ERR give USER first
C: USER nobody@example.org
S: +OK Send your password
C: PASS secret
S: -ERR [AUTH] authentication failed
C: USER alice@example.org
S: +OK Send your password
C: PASS also wrong
S: -ERR [AUTH] too many authentication failures
C: USER alice@example.org
C: PASS secret
@files new/* 1

@session failures are counted across USER and AUTH
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS wrong
S: -ERR [AUTH] authentication failed
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n
S: -ERR [AUTH] authentication failed
C: AUTH LOGIN YWxpY2VAZXhhbXBsZS5vcmc=
S: + UGFzc3dvcmQ6
C: d3Jvbmc=
S: -ERR [AUTH] too many authentication failures
