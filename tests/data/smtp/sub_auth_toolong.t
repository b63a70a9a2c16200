# submission: an AUTH response line over max_line_length: 500 5.5.6, the session stays in step
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config max_line_length = 512
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
C: AUTH PLAIN
S: 334 
P: b'QUFB' * 200 + b'\r\n'
S^ 500 5.5.6 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 235 2.7.0 
C: QUIT
S^ 221 
