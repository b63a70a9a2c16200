# mx: max_line_length (512 bytes without CRLF pass, 513 get 500 5.5.6; the session stays in step), NUL in a command, max_recipients (452 4.5.3)
@args --mode mx
@config max_line_length = 512
@config max_recipients = 3
S: 220 mx.example.org ESMTP zeromail
P: b'NOOP ' + b'x' * 507 + b'\r\n'
S: 250 2.0.0 OK
P: b'NOOP ' + b'x' * 508 + b'\r\n'
S: 500 5.5.6 Line too long
P: b'MAIL FROM:<' + b'a' * 3000 + b'@remote.example>\r\nHELO client.example\r\n'
S: 500 5.5.6 Line too long
S: 250 2.0.0 mx.example.org
R: NO\x00OP\r\n
S: 500 5.5.2 NUL byte in command
R: NOOP \x00\r\n
S: 500 5.5.2 NUL byte in command
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: RCPT TO:<carol@example.org>
S^ 250 2.1.5 
C: RCPT TO:<info@example.org>
S: 452 4.5.3 Too many recipients (at most 3 per message)
C: RCPT TO:<alice@example.org>
S^ 452 4.5.3 
C: DATA
S^ 354 
C: Subject: three
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: QUIT
S^ 221 
@count alice 1
@count bob 1
@count carol 1
