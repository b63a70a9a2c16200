# mx: several recipients, a duplicate, an alias to two users, a subaddress folder; no "for" with many
@args --mode mx
@folder alice .lists
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S: 250 2.0.0 mx.example.org
C: MAIL FROM:<>
S: 250 2.1.0 Sender OK
C: RCPT TO:<alice@example.org>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<alice@example.org>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<bob@EXAMPLE.ORG>
S: 250 2.1.5 Recipient OK
C: DATA
S^ 354 
C: Subject: to two
C:
C: body
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id1>[0-9A-F]+)
C: MAIL FROM:<someone@remote.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<team@example.org>
S: 250 2.1.5 Recipient OK
C: DATA
S^ 354 
C: Subject: via an alias
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id2>[0-9A-F]+)
C: MAIL FROM:<someone@remote.example>
S: 250 2.1.0 Sender OK
C: RCPT TO:<alice+lists@example.org>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<info@example.org>
S: 250 2.1.5 Recipient OK
C: DATA
S^ 354 
C: Subject: subaddress
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id3>[0-9A-F]+)
C: QUIT
S^ 221 2.0.0 
# HELO: "with SMTP"; two recipients: no "for" clause
@mail alice
M: Return-Path: <>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id1};
M~ \t\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}
M: Subject: to two
M:
M: body
@mail bob
M: Return-Path: <>
M: Delivered-To: bob@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id1};
M~ \t.*
M: Subject: to two
M:
M: body
@mail alice
M: Return-Path: <someone@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id2}
M: 	for <team@example.org>;
M~ \t.*
M: Subject: via an alias
M:
@mail bob
M: Return-Path: <someone@remote.example>
M: Delivered-To: bob@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id2}
M: 	for <team@example.org>;
M~ \t.*
M: Subject: via an alias
M:
# alice+lists goes into .lists, info (an alias of alice) into the inbox
@mail alice/.lists
M: Return-Path: <someone@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id3};
M~ \t.*
M: Subject: subaddress
M:
@mail alice
M: Return-Path: <someone@remote.example>
M: Delivered-To: alice@example.org
M: Received: from client.example (local)
M: 	by mx.example.org (zeromail) with SMTP id ${id3};
M~ \t.*
M: Subject: subaddress
M:
