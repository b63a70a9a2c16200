# mx: max_junk_commands: NOOP, RSET, VRFY, HELP, EHLO/HELO that make no progress; then 421 4.7.0 and close
@args --mode mx
@config max_junk_commands = 5
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 2.0.0 
C: NOOP
S: 250 2.0.0 OK
C: RSET
S^ 250 2.0.0 
C: VRFY alice
S^ 252 2.5.0 
C: HELP
S^ 214 2.0.0 
C: NOOP
S: 421 4.7.0 mx.example.org Too many commands without mail, closing connection
C: QUIT
