# Without TLS and without allow_plaintext_auth_loopback no password is
# taken (RFC 2595 2.1, RFC 8314): USER, PASS and AUTH are refused with
# [AUTH] before the client sends a password; CAPA lists neither USER nor
# SASL; STLS is refused when no certificate is configured.
@conf allow_plaintext_auth_loopback = no
S: +OK zeromail POP3 server ready
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: USER alice@example.org
S: -ERR [AUTH] Plaintext authentication disallowed on non-TLS connections: use STLS
C: PASS secret
S: -ERR [AUTH] Plaintext authentication disallowed on non-TLS connections: use STLS
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: -ERR [AUTH] Plaintext authentication disallowed on non-TLS connections: use STLS
C: AUTH LOGIN
S: -ERR [AUTH] Plaintext authentication disallowed on non-TLS connections: use STLS
C: AUTH
S: +OK Mechanisms follow
S: .
C: STLS
S: -ERR TLS is not available
C: QUIT
S: +OK Bye
