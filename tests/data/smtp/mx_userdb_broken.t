# mx: a malformed users file: RCPT gets 451 4.3.0 (temporary), never 550
@args --mode mx
@user this line is not a user
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 451 4.3.0 
C: RCPT TO:<nobody@example.org>
S^ 451 4.3.0 
C: QUIT
S^ 221 
