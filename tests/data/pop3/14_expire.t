# pop3_expire_days (RFC 2449 6.7): announced by CAPA EXPIRE; at login,
# Seen messages older than that are removed.  Message 3 is Seen and 10
# days old; message 2 is old but not Seen; message 1 is new.
@conf pop3_expire_days = 7
@old 3 10
@old 2 10
S: +OK zeromail POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE 7
S: USER
S: SASL PLAIN LOGIN
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 2 messages (${live12} octets)
C: UIDL
S: +OK Unique-ID listing follows
S: 1 ${uidl1}
S: 2 ${uidl2}
S: .
@files cur/1700000003* 0
@files cur/${base2}:2,F 1
@files new/${base1} 1
