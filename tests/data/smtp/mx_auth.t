# mx: AUTH not offered by default (503); with smtp_auth_on_mx the user may send, remote recipients still 550 5.7.1, AUTH in a transaction 503
@args --mode mx
@config allow_plaintext_auth_loopback = yes
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
S: 250 HELP
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 503 5.5.1 AUTH is not offered on this port
C: QUIT
S^ 221 
