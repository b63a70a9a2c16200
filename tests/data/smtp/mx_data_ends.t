# mx: only CRLF.CRLF ends DATA; an empty message; the command after the dot in the same write
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
# "." CRLF right after 354: an empty message (trace fields only)
R: .\r\nNOOP\r\n
S~ 250 2\.0\.0 OK: delivered as (?P<id1>[0-9A-F]+)
S: 250 2.0.0 OK
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
# ". x" and ".." lines are text; no end before the real one
R: a\r\n. x\r\n.. \r\n..\r\n\r\n.\r\nQUIT\r\n
S~ 250 2\.0\.0 OK: delivered as (?P<id2>[0-9A-F]+)
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id1}
M: 	for <alice@example.org>;
M~ \t.*
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id2}
M: 	for <alice@example.org>;
M~ \t.*
M: a
M:  x
M: . 
M: .
M:
