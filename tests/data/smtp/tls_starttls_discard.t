# STARTTLS: 220 2.0.0, then plaintext pipelined after it is discarded (never answered); a failed handshake ends the session
@args --mode mx
@tls
@stderr discarded \d+ bytes of plaintext
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250-STARTTLS
S: 250 HELP
C: STARTTLS
C: NOOP
C: MAIL FROM:<a@remote.example>
C: RCPT TO:<alice@example.org>
C: DATA
C: Subject: injected
C:
C: .
C: QUIT
S: 220 2.0.0 Ready to start TLS
