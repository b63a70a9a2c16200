# mx: a deliver that dies, exits 75, or reports only some recipients: never 250, always 451 4.3.0
@args --mode mx
@config deliver_path = ${T}/fake-deliver
@file fake-deliver 0755 #!/bin/sh\ncat >/dev/null\ncase "$(cat ${T}/mode)" in\n  die) kill -9 $$ ;;\n  temp) exit 75 ;;\n  half) echo "rcpt 0 2.0.0 250 ok delivered"; exit 0 ;;\n  garbage) echo "rcpt 1 2.0.0 550 ok mismatched"; echo "rcpt 7 2.0.0 250 ok out of range"; exit 0 ;;\nesac\n
@file mode 0644 die
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: x
C:
C: .
S^ 451 4.3.0 
C: QUIT
S^ 221 
