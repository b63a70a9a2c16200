# mx: commands out of order get 503 5.5.1 (or 554 5.5.1 for DATA without recipients)
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: MAIL FROM:<a@remote.example>
S: 503 5.5.1 Send EHLO or HELO first
C: RCPT TO:<alice@example.org>
S: 503 5.5.1 Send EHLO or HELO first
C: DATA
S^ 503 5.5.1 
C: EHLO
S^ 501 5.5.4 
C: EHLO bad(name)
S^ 501 5.5.4 
C: HELO
S^ 501 5.5.4 
C: EHLO client.example
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250 HELP
C: RCPT TO:<alice@example.org>
S: 503 5.5.1 Need MAIL first
C: DATA
S^ 503 5.5.1 
C: MAIL FROM:<a@remote.example>
S: 250 2.1.0 Sender OK
C: MAIL FROM:<a@remote.example>
S: 503 5.5.1 Nested MAIL command
# RFC 5321 3.3: DATA with no accepted recipient
C: DATA
S: 554 5.5.1 No valid recipients
C: RCPT TO:<nobody@example.org>
S: 550 5.1.1 No such user here
C: DATA
S: 554 5.5.1 No valid recipients
C: RCPT TO:<alice@example.org>
S: 250 2.1.5 Recipient OK
C: DATA now
S^ 501 5.5.4 
# RSET ends the transaction: DATA is out of sequence again
C: RSET
S: 250 2.0.0 Reset OK
C: DATA
S^ 503 5.5.1 
C: RCPT TO:<alice@example.org>
S: 503 5.5.1 Need MAIL first
# EHLO in a transaction resets it too
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: HELO client.example
S^ 250 2.0.0 
C: DATA
S^ 503 5.5.1 
C: QUIT
S^ 221 2.0.0 
