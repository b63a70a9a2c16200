# mx: local recipients only; unknown users, relaying, local part exact, domain any case and IDN form
@args --mode mx
@alias mixed: alice@example.org, someone@remote.example
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 2.0.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<nobody@example.org>
S: 550 5.1.1 No such user here
C: RCPT TO:<someone@remote.example>
S: 550 5.7.1 Relay access denied
C: RCPT TO:<alice@example.org.evil.example>
S: 550 5.7.1 Relay access denied
# local part is matched exactly
C: RCPT TO:<Alice@example.org>
S: 550 5.1.1 No such user here
C: RCPT TO:<alice@EXAMPLE.Org>
S: 250 2.1.5 Recipient OK
# U-label and A-label forms are equal; the U-label needs SMTPUTF8
C: RCPT TO:<hans@xn--bcher-kva.example>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<hans@XN--BCHER-KVA.EXAMPLE>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<hans@bücher.example>
S^ 553 5.6.7 
# a trailing dot is not in the RFC 5321 Domain grammar
C: RCPT TO:<alice@example.org.>
S^ 501 5.1.3 
C: RCPT TO:<alice@>
S^ 501 5.1.3 
C: RCPT TO:alice@example.org
S^ 501 5.1.3 
C: RCPT TO:<>
S^ 501 5.1.3 
C: RCPT <alice@example.org>
S^ 501 5.5.4 
C: RCPT TO:<alice@example.org>x
S^ 501 5.5.4 
# blanks around the colon are tolerated
C: RCPT TO: <bob@example.org>
S: 250 2.1.5 Recipient OK
# an IP literal is local only when listed in local_domains
C: RCPT TO:<postmaster@[127.0.0.1]>
S: 550 5.7.1 Relay access denied
C: RCPT TO:<postmaster@[IPv6:::1]>
S: 550 5.7.1 Relay access denied
# postmaster in any case, also without a domain (RFC 5321 4.5.1)
C: RCPT TO:<PostMaster@example.org>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<Postmaster>
S: 250 2.1.5 Recipient OK
# aliases: a loop, a pipe (not allowed), an external target (no outbound queue)
C: RCPT TO:<loop1@example.org>
S: 550 5.4.6 Alias loop
C: RCPT TO:<cmd@example.org>
S^ 550 5.7.1 
C: RCPT TO:<ext@example.org>
S^ 550 5.7.1 
# an alias with a local and a remote target: refused, the remote copy could not leave
C: RCPT TO:<mixed@example.org>
S^ 550 5.7.1 
C: RCPT TO:<carol@example.org>
S: 250 2.1.5 Recipient OK
C: QUIT
S^ 221 2.0.0 
