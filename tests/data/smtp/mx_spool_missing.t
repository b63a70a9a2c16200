# mx: the spool directory is missing: DATA 451 4.3.0 before 354; BDAT chunks consumed then 451 4.3.0; nothing delivered
@args --mode mx
@config spool_dir = ${T}/no-such-spool
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 451 4.3.0 
R: BDAT 6\r\nabcdef
S^ 451 4.3.0 
R: BDAT 4 LAST\r\nghij
S^ 451 4.3.0 
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S^ 221 
