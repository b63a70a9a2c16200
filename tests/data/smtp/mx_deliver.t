# mx: one message delivered byte for byte: trace fields, CRLF kept, dots unstuffed
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-mx.example.org
S^ 250-PIPELINING
S^ 250-SIZE
S^ 250-8BITMIME
S^ 250-SMTPUTF8
S^ 250-ENHANCEDSTATUSCODES
S^ 250-CHUNKING
S^ 250-BINARYMIME
S^ 250-DSN
S: 250 HELP
C: MAIL FROM:<sender@remote.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<alice@example.org>
S: 250 2.1.5 Recipient OK
C: DATA
S: 354 2.0.0 End data with <CR><LF>.<CR><LF>
C: From: sender@remote.example
C: To: alice@example.org
C: Subject: dots and spaces
C:
C: ..a line that started with one dot
C: ...two dots
C: ..
C: . 
C: trailing blanks   
C: 	tab start
C: 8bit: grüße
R: gr\xc3\xbc\xc3\x9fe raw UTF-8\r\n
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id>[0-9A-F]+)
C: QUIT
S: 221 2.0.0 mx.example.org closing connection
@mail alice
M: Return-Path: <sender@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with ESMTP id ${id}
M: 	for <alice@example.org>;
M~ \t(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d [+-]\d{4}
M: From: sender@remote.example
M: To: alice@example.org
M: Subject: dots and spaces
M:
M: .a line that started with one dot
M: ..two dots
M: .
M:  
M: trailing blanks   
M: 	tab start
M: 8bit: grüße
MR: gr\xc3\xbc\xc3\x9fe raw UTF-8\r\n
