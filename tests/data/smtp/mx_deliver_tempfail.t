# mx: deliver cannot be run: 451 4.3.0 after DATA and after BDAT LAST, nothing delivered, the session goes on
@args --mode mx
@config deliver_path = ${T}/no-such-deliver
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: temp
C:
C: .
S^ 451 4.3.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
R: BDAT 5 LAST\r\nhello
S^ 451 4.3.0 
C: QUIT
S^ 221 
