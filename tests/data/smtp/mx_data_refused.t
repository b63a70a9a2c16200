# mx: a message with a bare LF, a bare CR or a NUL is read to its end and refused 554 5.6.0; the session goes on
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
R: Subject: bare LF\r\n\r\nline one\nline two\r\n.\r\n
S^ 554 5.6.0 
# the transaction is over
C: DATA
S^ 503 5.5.1 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
R: Subject: bare CR\r\n\r\nline one\rline two\r\n.\r\n
S^ 554 5.6.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
R: Subject: NUL\r\n\r\nline \x00one\r\n.\r\n
S^ 554 5.6.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
R: Subject: CR at the very end\r\n\r\nx\r\r\n.\r\n
S^ 554 5.6.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
R: Subject: LF first\n\r\n.\r\n
S^ 554 5.6.0 
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S^ 221 
