# mx: idle_timeout: 421 4.4.2 and close when the client stays silent
@args --mode mx
@config idle_timeout = 1
@keep-open
@elapsed-min 0.9
@elapsed-max 4
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
S: 421 4.4.2 mx.example.org Timeout, closing connection
