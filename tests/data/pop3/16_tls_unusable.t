# A certificate is configured but cannot be loaded: CAPA offers STLS (the
# file might be fixed for the next connection), STLS answers [SYS/TEMP]
# before any "+OK", and the session goes on in plaintext.  With
# --implicit-tls nothing can be said: exit 75.
@conf tls_cert = /nonexistent/cert.pem
@conf tls_key = /nonexistent/key.pem
S: +OK zeromail POP3 server ready
C: STLS
S: -ERR [SYS/TEMP] TLS is not available now
C: CAPA
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: STLS
S: USER
S: SASL PLAIN LOGIN
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
C: QUIT
S: +OK Bye

@session implicit TLS without usable credentials
@args --implicit-tls
@exit 75
C: CAPA

@session an unknown option
@args --bogus
@exit 64
C: CAPA
