# mx: idle_timeout also ends a half-sent command line and a silent DATA
@args --mode mx
@config idle_timeout = 1
@keep-open
@elapsed-max 4
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
R: Subject: never ends\r\n\r\nhalf a line
S: 421 4.4.2 mx.example.org Timeout, closing connection
@count alice 0
