# submission: max_auth_failures: 535 5.7.8 until the cap, then 421 4.7.0 and close
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config max_auth_failures = 2
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
S: 250-AUTH PLAIN LOGIN
S: 250 HELP
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n
S: 535 5.7.8 Authentication credentials invalid
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n
S^ 421 4.7.0 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
C: QUIT
