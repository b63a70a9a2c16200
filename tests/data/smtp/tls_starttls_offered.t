# STARTTLS with a certificate: offered in mx and submission; not in a transaction; 501 with parameters
@args --mode mx
@tls
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
C: STARTTLS x
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: STARTTLS
S^ 503 5.5.1 
C: RSET
S^ 250 
C: QUIT
S^ 221 
