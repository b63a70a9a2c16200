# mx: one recipient's Maildir is unusable (a symlink): 451 4.3.0 for the message, never 250
@args --mode mx
@user broken@example.org:!:${UID_carol}:${GID_carol}:${T}/mail/carol/Maildir-link
@symlink mail/carol/Maildir-link ${T}/mail/carol
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: RCPT TO:<broken@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: half
C:
C: .
S~ 451 4\.3\.0 .*broken@example\.org.*
C: QUIT
S^ 221 
# bob may have his copy (never lose, at worst repeat)
@count bob 1
