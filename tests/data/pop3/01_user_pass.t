# USER/PASS login (RFC 1939 7), CAPA in both states (RFC 2449 5), QUIT
# without changes moves new/ to cur/ (UPDATE).
S: +OK zeromail POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: USER
S: SASL PLAIN LOGIN
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: user alice@example.org
S: +OK Send your password
C: pass secret
S: +OK maildrop has 3 messages (${total} octets)
C: STAT
S: +OK 3 ${total}
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: QUIT
S: +OK Bye (3 messages left)
@files new/* 0
@files cur/${base1}:2, 1
@files cur/${base2}:2,F 1
@files cur/${base3}:2,S 1

@session QUIT in AUTHORIZATION
S: +OK zeromail POP3 server ready
C: QUIT
S: +OK Bye

@session PASS with spaces is one password
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS  secret
S: -ERR [AUTH] authentication failed
C: USER alice@example.org
S: +OK Send your password
C: PASS secret 
S: -ERR [AUTH] authentication failed
C: QUIT
S: +OK Bye
