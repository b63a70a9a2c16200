# STARTTLS without a certificate: not offered, 454 4.7.0; with parameters 501
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: STARTTLS
S: 454 4.7.0 TLS not available
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
S: 250 HELP
C: STARTTLS now
S^ 501 5.5.4 
C: STARTTLS
S: 454 4.7.0 TLS not available
C: NOOP
S^ 250 
C: QUIT
S^ 221 
