# A connection that ends without QUIT never enters UPDATE (RFC 1939 6):
# nothing is deleted, no flag changes, new/ stays new/.
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: RETR 3
S: +OK ${size3} octets
S: Subject: three
S:
S: no final newline
S: .
C: DELE 1
S: +OK message 1 deleted
C: DELE 2
S: +OK message 2 deleted
C: DELE 3
S: +OK message 3 deleted
@files new/${base1} 1
@files cur/${base2}:2,F 1
@files cur/${base3}:2,S 1

@session a command cut off by EOF is not run
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: DELE 1
S: +OK message 1 deleted
B: QUIT
@files new/${base1} 1
