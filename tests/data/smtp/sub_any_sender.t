# submission: smtp_any_sender = yes lets an authenticated user use any MAIL FROM
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config smtp_any_sender = yes
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
C: MAIL FROM:<bob@example.org>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<someone@remote.example>
S: 250 2.1.0 Sender OK
C: QUIT
S^ 221 
