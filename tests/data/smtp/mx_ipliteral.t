# mx: an IP-literal domain listed in local_domains is local
@args --mode mx
@config local_domains = example.org, [192.0.2.1], [IPv6:2001:db8::1]
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 2.0.0 
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<postmaster@[192.0.2.1]>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<postmaster@[IPv6:2001:DB8:0::1]>
S: 250 2.1.5 Recipient OK
C: RCPT TO:<nobody@[192.0.2.1]>
S: 550 5.1.1 No such user here
C: RCPT TO:<postmaster@[192.0.2.2]>
S: 550 5.7.1 Relay access denied
C: RCPT TO:<postmaster@[192.0.2.1.]>
S^ 501 5.1.3 
C: QUIT
S^ 221 2.0.0 
