# mx: SMTPUTF8: a UTF-8 recipient and sender, U-label domain, "with UTF8SMTP"; UTF-8 without SMTPUTF8 553 5.6.7
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250-SMTPUTF8
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250 HELP
C: MAIL FROM:<sender@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<jörg@example.org>
S: 553 5.6.7 Non-ASCII recipient address needs SMTPUTF8 on MAIL
C: RSET
S^ 250 
C: MAIL FROM:<José@exämple.example> SMTPUTF8
S^ 250 2.1.0 
C: RCPT TO:<jörg@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: From: José <José@exämple.example>
C: To: jörg@example.org
C: Subject: Grüße
C:
C: Hallo Jörg
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id1>[0-9A-F]+)
C: MAIL FROM:<sender@remote.example> SMTPUTF8 BODY=8BITMIME
S^ 250 2.1.0 
C: RCPT TO:<hans@bücher.example>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: idn
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id2>[0-9A-F]+)
C: QUIT
S^ 221 
@mail joerg
M: Return-Path: <José@xn--exmple-cua.example>
M: Delivered-To: jörg@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with UTF8SMTP id ${id1}
M: 	for <jörg@example.org>;
M~ \t.*
M: From: José <José@exämple.example>
M: To: jörg@example.org
M: Subject: Grüße
M:
M: Hallo Jörg
@mail hans
M: Return-Path: <sender@remote.example>
M~ Delivered-To: hans@(bücher\.example|xn--bcher-kva\.example)
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with UTF8SMTP id ${id2}
M~ \tfor <hans@(bücher\.example|xn--bcher-kva\.example)>;
M~ \t.*
M: Subject: idn
M:
