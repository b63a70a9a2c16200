# submission: allow_plaintext_auth_loopback = yes does not cover a non-loopback peer (REMOTE_ADDR): AUTH 530; STARTTLS offered
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@env REMOTE_ADDR=192.0.2.7
@env REMOTE_PORT=40000
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
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 530 5.7.0 Must issue a STARTTLS command first
C: MAIL FROM:<alice@example.org>
S^ 530 5.7.0 
C: QUIT
S^ 221 
