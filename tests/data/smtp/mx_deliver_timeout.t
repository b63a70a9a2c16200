# mx: deliver does not finish within command_timeout: it is killed, 451 4.3.0, the session goes on
@args --mode mx
@config command_timeout = 1
@config deliver_path = ${T}/slow-deliver
@file slow-deliver 0755 #!/bin/sh\nexec sleep 30\n
@elapsed-max 5
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: slow
C:
C: .
S^ 451 4.3.0 
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S^ 221 
