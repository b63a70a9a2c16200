# mx: greeting, EHLO list, HELO, NOOP, RSET, HELP, VRFY, EXPN, unknown commands, QUIT
@args --mode mx
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S: 250-mx.example.org greets client.example
S: 250-PIPELINING
S: 250-SIZE 52424704
S: 250-8BITMIME
S: 250-SMTPUTF8
S: 250-ENHANCEDSTATUSCODES
S: 250-CHUNKING
S: 250-BINARYMIME
S: 250-DSN
S: 250 HELP
# HELO after EHLO: allowed, resets
C: HELO client.example
S: 250 2.0.0 mx.example.org
# verbs in any case
C: ehlo   client.example  
S: 250-mx.example.org greets client.example
S^ 250-PIPELINING
S^ 250-SIZE
S^ 250-8BITMIME
S^ 250-SMTPUTF8
S^ 250-ENHANCEDSTATUSCODES
S^ 250-CHUNKING
S^ 250-BINARYMIME
S^ 250-DSN
S: 250 HELP
C: NOOP
S: 250 2.0.0 OK
# RFC 5321 4.1.1.9: NOOP takes an ignored parameter
C: noop some words
S: 250 2.0.0 OK
C: RSET
S: 250 2.0.0 Reset OK
C: RSET now
S^ 501 5.5.4 
C: HELP
S^ 214 2.0.0 
C: help MAIL
S^ 214 2.0.0 
C: VRFY alice@example.org
S^ 252 2.5.0 
C: VRFY nobody
S^ 252 2.5.0 
C: VRFY
S^ 501 5.5.4 
C: EXPN info
S^ 502 5.5.1 
C: XYZZY
S: 500 5.5.2 Command not recognized
C: MAILFROM:<a@b.example>
S: 500 5.5.2 Command not recognized
C:
S: 500 5.5.2 Command not recognized
C: QUIT now
S^ 501 5.5.4 
C: quit
S: 221 2.0.0 mx.example.org closing connection
# nothing after QUIT is read
C: NOOP
