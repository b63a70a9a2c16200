# AUTH (RFC 5034): the mechanism list, PLAIN and LOGIN with and without an
# initial response, "=" as an empty one, "*" to cancel, bad responses.
S: +OK zeromail POP3 server ready
C: AUTH
S: +OK Mechanisms follow
S: PLAIN
S: LOGIN
S: .
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: +OK maildrop has 3 messages (${total} octets)
C: QUIT
S: +OK Bye (3 messages left)

@session PLAIN without an initial response
S: +OK zeromail POP3 server ready
C: auth plain
S: + 
C: YWxpY2VAZXhhbXBsZS5vcmcAYWxpY2VAZXhhbXBsZS5vcmcAc2VjcmV0
S: +OK maildrop has 3 messages (${total} octets)
C: QUIT
S: +OK Bye (3 messages left)

@session LOGIN with prompts
S: +OK zeromail POP3 server ready
C: AUTH LOGIN
S: + VXNlcm5hbWU6
C: YWxpY2VAZXhhbXBsZS5vcmc=
S: + UGFzc3dvcmQ6
C: c2VjcmV0
S: +OK maildrop has 3 messages (${total} octets)
C: QUIT
S: +OK Bye (3 messages left)

@session LOGIN with an initial response
S: +OK zeromail POP3 server ready
C: AUTH LOGIN YWxpY2VAZXhhbXBsZS5vcmc=
S: + UGFzc3dvcmQ6
C: c2VjcmV0
S: +OK maildrop has 3 messages (${total} octets)
C: QUIT
S: +OK Bye (3 messages left)

@session LOGIN with "=" as the initial response is prompted
S: +OK zeromail POP3 server ready
C: AUTH LOGIN =
S: + VXNlcm5hbWU6
C: *
S: -ERR authentication cancelled
C: QUIT
S: +OK Bye

@session refusals that are not password failures
S: +OK zeromail POP3 server ready
C: AUTH CRAM-MD5
S: -ERR unrecognized authentication type
C: AUTH PLAIN
S: + 
C: *
S: -ERR authentication cancelled
C: AUTH PLAIN !!!
S: -ERR invalid SASL response
C: AUTH PLAIN =
S: -ERR invalid SASL response
C: AUTH PLAIN Ym9iQGV4YW1wbGUub3JnAGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: -ERR [AUTH] authorization identity must be empty or the user's own
C: AUTH PLAIN a b c
S: -ERR syntax: AUTH [mechanism [initial-response]]
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n
S: -ERR [AUTH] authentication failed
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: +OK maildrop has 3 messages (${total} octets)
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: -ERR AUTH is not valid in the TRANSACTION state
C: QUIT
S: +OK Bye (3 messages left)

@session a SASL line over the limit
@conf max_line_length = 512
S: +OK zeromail POP3 server ready
C: AUTH PLAIN
S: + 
X: b"A" * 600 + b"\r\n"
S: -ERR line too long
C: QUIT
S: +OK Bye
