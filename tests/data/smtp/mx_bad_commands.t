# mx: max_bad_commands: each 5xx syntax, sequence or refusal counts; then 421 4.7.0 and the connection closes
@args --mode mx
@config max_bad_commands = 6
S: 220 mx.example.org ESMTP zeromail
C: XYZZY
S^ 500 5.5.2 
C: MAIL FROM:<a@remote.example>
S^ 503 5.5.1 
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example> FOO=1
S^ 555 5.5.4 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<nobody@example.org>
S^ 550 5.1.1 
C: RCPT TO:<x@remote.example>
S^ 550 5.7.1 
# good commands do not reset the count
C: NOOP
S^ 250 
C: RCPT TO:<alice%x@example.org>
S^ 550 5.7.1 
S: 421 4.7.0 mx.example.org Too many errors, closing connection
C: NOOP
C: QUIT
