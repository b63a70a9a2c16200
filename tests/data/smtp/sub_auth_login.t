# submission: AUTH LOGIN with the username as initial response, then a message
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
S: 250-AUTH PLAIN LOGIN
S: 250 HELP
C: AUTH LOGIN YWxpY2VAZXhhbXBsZS5vcmc=
S: 334 UGFzc3dvcmQ6
C: c2VjcmV0
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<alice+sent@example.org>
S: 250 2.1.0 Sender OK
C: RCPT TO:<alice@example.org>
S: 250 2.1.5 Recipient OK
C: DATA
S^ 354 
C: Subject: note to self
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <alice+sent@example.org>
M: Delivered-To: alice@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with ESMTPA id [0-9A-F]+
M: 	(authenticated as alice@example.org)
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: note to self
M:
