# mx: waiting for the next command is bounded by idle_timeout (3 s), not by a shorter command_timeout (1 s)
@args --mode mx
@config idle_timeout = 3
@config command_timeout = 1
@keep-open
@elapsed-min 2.8
@elapsed-max 6
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
S: 421 4.4.2 mx.example.org Timeout, closing connection
