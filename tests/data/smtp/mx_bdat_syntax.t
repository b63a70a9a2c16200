# mx: a malformed BDAT line gets 501 5.5.4 and the connection is closed (its data cannot be found)
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: BDAT 5x
S^ 501 5.5.4 
C: NOOP
C: QUIT
