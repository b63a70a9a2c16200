# mx: max_junk_commands counts commands without progress: an accepted message resets it (Postfix's smtpd_junk_command_limit), so RSET before each of many messages is fine
@args --mode mx
@config max_junk_commands = 3
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 2.0.0 
C: RSET
S^ 250 2.0.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: 1
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: RSET
S^ 250 2.0.0 
C: NOOP
S^ 250 2.0.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: 2
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: RSET
S^ 250 2.0.0 
C: NOOP
S^ 250 2.0.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: 3
C:
C: .
S^ 250 2.0.0 OK: delivered as 
C: RSET
S^ 250 2.0.0 
C: QUIT
S^ 221 
@count alice 3
