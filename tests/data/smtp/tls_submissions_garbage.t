# submissions: a client speaking plaintext gets no plaintext answer; the handshake fails and the session ends
@args --mode submissions
@tls
@rest-any
@not-output [0-9][0-9][0-9][ -]
@stderr TLS handshake failed
C: EHLO client.example
C: QUIT
