# mx: the client leaves in the middle of DATA: nothing delivered, no reply after 354
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
C: Subject: cut
C:
R: no end\r\n.
