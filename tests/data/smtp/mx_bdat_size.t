# mx: BDAT over max_message_size: every chunk still consumed, 552 5.3.4 to the end, nothing delivered
@args --mode mx
@config max_message_size = 64k
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
P: b'BDAT 70000 LAST\r\n' + b'z' * 70000
S^ 552 5.3.4 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
P: b'BDAT 61440\r\n' + b'z' * 61440
S: 250 2.0.0 61440 octets received
P: b'BDAT 1\r\nz'
S^ 552 5.3.4 
P: b'BDAT 1000\r\n' + b'z' * 1000
S^ 552 5.3.4 
C: BDAT 0 LAST
S^ 552 5.3.4 
C: NOOP
S: 250 2.0.0 OK
# a message of exactly the limit is delivered
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
P: b'BDAT 61440 LAST\r\n' + b'w' * 61440
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with SMTP id [0-9A-F]+
M: 	for <alice@example.org>;
M~ \t.*
MP: b'w' * 61440
