# submission: a malformed users file: AUTH 454 4.7.0 (temporary, not counted as a failure), RCPT 451 4.3.0
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config max_auth_failures = 1
@user this line is not a user
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
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 454 4.7.0 Temporary authentication failure
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 454 4.7.0 Temporary authentication failure
C: QUIT
S^ 221 
