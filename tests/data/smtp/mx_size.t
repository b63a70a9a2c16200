# mx: max_message_size: SIZE announced, SIZE refused at MAIL, an over-size message read to its end then 552 5.3.4
@args --mode mx
@config max_message_size = 64k
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-
S^ 250-
S: 250-SIZE 61440
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250 HELP
C: MAIL FROM:<a@remote.example> SIZE=70000
S: 552 5.3.4 Message size exceeds the limit of 61440 bytes
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
P: b'Subject: big\r\n\r\n' + (b'x' * 998 + b'\r\n') * 62 + b'.\r\n'
S^ 552 5.3.4 
# in step: the next transaction works; exactly at the limit is accepted
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
P: b'Subject: fits\r\n\r\n' + b'y' * (61440 - 17 - 2) + b'\r\n.\r\n'
S^ 250 2.0.0 OK: delivered as 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
P: b'Subject: one too many\r\n\r\n' + b'y' * (61440 - 25 - 2 + 1) + b'\r\n.\r\n'
S^ 552 5.3.4 
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with ESMTP id [0-9A-F]+
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: fits
M:
MP: b'y' * (61440 - 17 - 2) + b'\r\n'
