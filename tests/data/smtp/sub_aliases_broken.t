# submission: the aliases file cannot be parsed: AUTH works (users file), MAIL FROM gets 451 4.3.0 (sender check cannot be done), never 553
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@alias this line has no colon
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
S^ 235 2.7.0 
C: MAIL FROM:<alice@example.org>
S^ 451 4.3.0 
C: MAIL FROM:<bob@example.org>
S^ 451 4.3.0 
C: MAIL FROM:<>
S^ 250 2.1.0 
C: RCPT TO:<bob@example.org>
S^ 451 4.3.0 
C: QUIT
S^ 221 
