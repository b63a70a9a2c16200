# mx: QUIT or EOF in the middle of BDAT chunks or DATA delivers nothing
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 5\r\nhello
S: 250 2.0.0 5 octets received
C: QUIT
S^ 221 2.0.0 
