# mx: a REMOTE_ADDR that is not a numeric address never reaches the Received: field
@args --mode mx
@env REMOTE_ADDR=evil) (by x
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: bogus peer
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id>[0-9A-F]+)
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id}
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: bogus peer
M:
