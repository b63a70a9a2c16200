# pop3_login_delay (RFC 2449 6.5, 8.1.1): announced and enforced.
@conf pop3_login_delay = 300
S: +OK zeromail POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: LOGIN-DELAY 300
S: USER
S: SASL PLAIN LOGIN
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: QUIT
S: +OK Bye (3 messages left)
@files zeromail-pop3-login 1

@session a second login within the delay
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S~ -ERR \[LOGIN-DELAY\] minimum time between logins is 300 seconds, (299|300) left
C: QUIT

@session a failed password does not count as a login, and is not told about the delay
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS wrong
S: -ERR [AUTH] authentication failed
C: QUIT
S: +OK Bye
