# mx: deliver refuses a looping message (Delivered-To): 554 5.4.6; with another recipient delivered, still one 5xx reply
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Delivered-To: alice@example.org
C: Subject: loop
C:
C: .
S^ 554 5.4.6 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: RCPT TO:<bob@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Delivered-To: alice@example.org
C: Subject: loop for one
C:
C: .
S~ 554 5\.4\.6 Delivered to 1 of 2 recipients; <alice@example\.org>: .*
C: QUIT
S^ 221 
@count bob 1
