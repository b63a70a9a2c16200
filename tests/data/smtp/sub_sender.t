# submission: MAIL FROM must be the user's own mailbox (address, alias, subaddress) or <>; else 553 5.7.1
@args --mode submission
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
S^ 250-AUTH 
S: 250 HELP
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 235 2.7.0 
C: MAIL FROM:<bob@example.org>
S: 553 5.7.1 Sender address is not owned by the authenticated user
C: MAIL FROM:<someone@remote.example>
S^ 553 5.7.1 
C: MAIL FROM:<nobody@example.org>
S^ 553 5.7.1 
C: MAIL FROM:<Alice@example.org>
S^ 553 5.7.1 
C: MAIL FROM:<alice%remote.example@example.org>
S^ 553 5.7.1 
C: MAIL FROM:<alice@EXAMPLE.ORG>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<info@example.org>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<postmaster@example.org>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<alice+anything@example.org>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: bounce-like
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 
@mail bob
M: Return-Path: <>
M: Delivered-To: bob@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with ESMTPA id [0-9A-F]+
M: 	(authenticated as alice@example.org)
M: 	for <bob@example.org>;
M~ \t.*
M: Subject: bounce-like
M:
