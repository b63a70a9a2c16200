# submission: a loopback peer (REMOTE_ADDR=127.0.0.1) may AUTH without TLS when allowed; Received shows [127.0.0.1]
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@env REMOTE_ADDR=127.0.0.1
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
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 235 2.7.0 
C: MAIL FROM:<alice@example.org>
S^ 250 2.1.0 
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: from loopback
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id>[0-9A-F]+)
C: QUIT
S^ 221 
@mail bob
M: Return-Path: <alice@example.org>
M: Delivered-To: bob@example.org
M: Received: from client.example ([127.0.0.1])
M: 	by mx.example.org (zeromail) with ESMTPA id ${id}
M: 	(authenticated as alice@example.org)
M: 	for <bob@example.org>;
M~ \t.*
M: Subject: from loopback
M:
