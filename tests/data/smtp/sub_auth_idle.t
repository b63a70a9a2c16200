# submission: idle_timeout while the AUTH exchange waits for the client's response: 421 4.4.2 and close
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config idle_timeout = 1
@keep-open
@elapsed-max 4
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
S^ 250-AUTH 
S: 250 HELP
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
S: 421 4.4.2 mx.example.org Timeout, closing connection
