# submission: auth_failure_delay: a failed AUTH is answered only after the delay
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config auth_failure_delay = 1500ms
@elapsed-min 1.4
@elapsed-max 5
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
C: QUIT
S^ 221 
