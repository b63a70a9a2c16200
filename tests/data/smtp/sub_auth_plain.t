# submission (plaintext AUTH allowed on local pipes): MAIL before AUTH 530, AUTH PLAIN 235, no AUTH after it, sent mail has ESMTPA
@args --mode submission
@config allow_plaintext_auth_loopback = yes
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S: 250-mx.example.org greets client.example
S: 250-PIPELINING
S: 250-SIZE 52424704
S: 250-8BITMIME
S: 250-SMTPUTF8
S: 250-ENHANCEDSTATUSCODES
S: 250-CHUNKING
S: 250-BINARYMIME
S: 250-DSN
S: 250-AUTH PLAIN LOGIN
S: 250 HELP
C: MAIL FROM:<alice@example.org>
S: 530 5.7.0 Authentication required
C: RCPT TO:<bob@example.org>
S^ 503 5.5.1 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 503 5.5.1 
C: EHLO client.example
S: 250-mx.example.org greets client.example
S: 250-PIPELINING
S: 250-SIZE 52424704
S: 250-8BITMIME
S: 250-SMTPUTF8
S: 250-ENHANCEDSTATUSCODES
S: 250-CHUNKING
S: 250-BINARYMIME
S: 250-DSN
S: 250 HELP
C: MAIL FROM:<alice@example.org>
S: 250 2.1.0 Sender OK
C: RCPT TO:<bob@example.org>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<someone@remote.example>
S^ 550 5.7.1 
C: DATA
S^ 354 
C: Subject: from alice
C:
C: hi bob
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
M: Subject: from alice
M:
M: hi bob
