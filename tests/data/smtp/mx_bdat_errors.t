# mx: BDAT errors: no recipient (chunk consumed, 554/503), only BDAT/RSET/NOOP/HELP/QUIT during BDAT, DATA with BINARYMIME
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
# no transaction: the chunk is read and refused
R: BDAT 6\r\nQUIT\r\n
S^ 503 5.5.1 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
R: BDAT 6 LAST\r\nRSET\r\n
S: 554 5.5.1 No valid recipients
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 5\r\nabcde
S: 250 2.0.0 5 octets received
# during BDAT: only BDAT, RSET, NOOP, HELP, QUIT
C: MAIL FROM:<a@remote.example>
S^ 503 5.5.1 
C: RCPT TO:<bob@example.org>
S^ 503 5.5.1 
C: DATA
S^ 503 5.5.1 
C: EHLO client.example
S^ 503 5.5.1 
C: HELO client.example
S^ 503 5.5.1 
C: VRFY alice
S^ 503 5.5.1 
C: STARTTLS
S^ 503 5.5.1 
C: AUTH PLAIN
S^ 503 5.5.1 
C: NOOP
S: 250 2.0.0 OK
C: HELP
S^ 214 2.0.0 
# RSET drops the chunks; BDAT is then out of sequence
C: RSET
S: 250 2.0.0 Reset OK
R: BDAT 3 LAST\r\nxyz
S^ 503 5.5.1 
# BODY=BINARYMIME needs BDAT
C: MAIL FROM:<a@remote.example> BODY=BINARYMIME
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S: 503 5.5.1 BODY=BINARYMIME requires BDAT
# DATA after a BDAT chunk is refused
R: BDAT 2\r\nab
S: 250 2.0.0 2 octets received
C: DATA
S^ 503 5.5.1 
R: BDAT 2 LAST\r\ncd
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M~ Received: from client\.example \(local\)
M~ \tby mx\.example\.org \(zeromail\) with ESMTP id [0-9A-F]+
M: 	for <alice@example.org>;
M~ \t.*
MR: abcd
