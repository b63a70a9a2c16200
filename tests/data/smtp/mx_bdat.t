# mx: BDAT (RFC 3030): chunks taken exactly, n octets received, LAST delivers, BDAT 0 LAST, BINARYMIME
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250-CHUNKING
S: 250-BINARYMIME
S^ 250-
S: 250 HELP
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
# a chunk holding what would end DATA, and a command, is only data
R: BDAT 32\r\nSubject: chunks\r\n\r\n.\r\nMAIL FROM:
S: 250 2.0.0 32 octets received
C: NOOP
S: 250 2.0.0 OK
R: bdat 9 last\r\n<x>\r\n..\r\n
S~ 250 2\.0\.0 OK: delivered as (?P<id1>[0-9A-F]+)
# BDAT 0 LAST after a chunk
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 15\r\nSubject: zero\r\n
S: 250 2.0.0 15 octets received
C: BDAT 0 LAST
S~ 250 2\.0\.0 OK: delivered as (?P<id2>[0-9A-F]+)
# BINARYMIME: bare LF, bare CR and NUL are data; no final CRLF
C: MAIL FROM:<a@remote.example> BODY=BINARYMIME
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 23 LAST\r\nSubject: bin\r\n\r\na\nb\rc\x00d
S~ 250 2\.0\.0 OK: delivered as (?P<id3>[0-9A-F]+)
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with ESMTP id ${id1}
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: chunks
M:
M: .
MR: MAIL FROM:<x>\r\n..\r\n
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with ESMTP id ${id2}
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: zero
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with ESMTP id ${id3}
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: bin
M:
MR: a\nb\rc\x00d
