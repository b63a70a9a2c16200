# submission with a certificate and plaintext AUTH allowed on pipes: EHLO lists STARTTLS and AUTH
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@tls
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
S: 250-STARTTLS
S: 250-AUTH PLAIN LOGIN
S: 250 HELP
C: QUIT
S^ 221 
