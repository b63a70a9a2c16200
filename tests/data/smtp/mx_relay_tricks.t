# mx: relay tricks in the local part and source routes get 550 5.7.1, never relayed
@args --mode mx
@config max_bad_commands = 100
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
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<someone@remote.example>
S: 550 5.7.1 Relay access denied
C: RCPT TO:<someone%remote.example@example.org>
S^ 550 5.7.1 
C: RCPT TO:<alice%remote.example@example.org>
S^ 550 5.7.1 
C: RCPT TO:<remote.example!someone@example.org>
S^ 550 5.7.1 
C: RCPT TO:<remote.example!alice@example.org>
S^ 550 5.7.1 
C: RCPT TO:<"someone@remote.example"@example.org>
S^ 550 5.7.1 
C: RCPT TO:<"alice@example.org"@example.org>
S^ 550 5.7.1 
C: RCPT TO:<"alice%remote"@example.org>
S^ 550 5.7.1 
C: RCPT TO:<@remote.example:alice@example.org>
S^ 550 5.7.1 
C: RCPT TO:<@a.example,@b.example:alice@example.org>
S^ 550 5.7.1 
C: RCPT TO:<@example.org:someone@remote.example>
S^ 550 5.7.1 
C: RCPT TO:<someone@[192.0.2.9]>
S^ 550 5.7.1 
C: RCPT TO:<alice@[127.0.0.1]>
S^ 550 5.7.1 
C: RCPT TO:<someone@remote.example> NOTIFY=NEVER
S^ 550 5.7.1 
# a quoted local part that needs no quotes is the plain address
C: RCPT TO:<"alice"@example.org>
S: 250 2.1.5 Recipient OK
C: DATA
S^ 354 
C: Subject: only alice
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 2.0.0 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with ESMTP id [0-9A-F]+
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: only alice
M:
