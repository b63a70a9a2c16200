# mx: the client leaves in the middle of a BDAT LAST chunk: nothing delivered
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 100 LAST\r\nonly a part
