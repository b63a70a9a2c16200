# submission without TLS and allow_plaintext_auth_loopback = no: no AUTH offered; AUTH 530 5.7.0 STARTTLS first; MAIL 530
@args --mode submission
@config allow_plaintext_auth_loopback = no
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S: 250-mx.example.org greets client.example
S: 250-PIPELINING
S: 250-SIZE 52424704
S: 250-8BITMIME
S: 250-SMTPUTF8
S: 250-ENHANCEDSTATUSCODES
S: 250-CHUNKING
S: 250-BINARYMIME
S: 250-DSN
S: 250 HELP
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 530 5.7.0 Must issue a STARTTLS command first
C: AUTH LOGIN
S: 530 5.7.0 Must issue a STARTTLS command first
C: MAIL FROM:<alice@example.org>
S: 530 5.7.0 Authentication required
C: STARTTLS
S: 454 4.7.0 TLS not available
C: QUIT
S^ 221 
