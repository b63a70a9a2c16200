# mx: command_timeout bounds one command line sent slowly, each wait shorter than idle_timeout
@args --mode mx
@config idle_timeout = 2
@config command_timeout = 2
@keep-open
@elapsed-max 5
S: 220 mx.example.org ESMTP zeromail
R: NOOP
@sleep 0.8
R: x
@sleep 0.8
R: x
@sleep 0.8
R: x
@sleep 0.8
R: x
@sleep 0.8
R: x\r\n
S: 421 4.4.2 mx.example.org Timeout, closing connection
