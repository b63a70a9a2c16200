# mx with smtp_auth_on_mx = yes: AUTH offered, AUTH in a transaction 503, authenticated remote recipient 550 5.7.1, own sender only
@args --mode mx
@config allow_plaintext_auth_loopback = yes
@config smtp_auth_on_mx = yes
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
# unauthenticated mail is still accepted for local users on port 25
C: MAIL FROM:<someone@remote.example>
S^ 250 2.1.0 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 503 5.5.1 
C: RSET
S^ 250 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<someone@remote.example>
S: 553 5.7.1 Sender address is not owned by the authenticated user
C: MAIL FROM:<alice@example.org>
S^ 250 2.1.0 
C: RCPT TO:<someone@remote.example>
S: 550 5.7.1 Remote delivery is not available yet (no outbound queue)
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: via 25
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id>[0-9A-F]+)
C: QUIT
S^ 221 
@mail bob
M: Return-Path: <alice@example.org>
M: Delivered-To: bob@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with ESMTPA id ${id}
M: 	(authenticated as alice@example.org)
M: 	for <bob@example.org>;
M~ \t.*
M: Subject: via 25
M:
