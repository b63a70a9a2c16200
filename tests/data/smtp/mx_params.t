# mx: MAIL and RCPT parameters: SIZE, BODY, SMTPUTF8, RET, ENVID, AUTH, NOTIFY, ORCPT; unknown 555, bad or twice 501
@args --mode mx
@config max_bad_commands = 1000
@config max_message_size = 64k
S: 220 mx.example.org ESMTP zeromail
C: EHLO client.example
S^ 250-
S^ 250-
S: 250-SIZE 61440
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250 HELP
# SIZE (RFC 1870)
C: MAIL FROM:<a@remote.example> SIZE=61440
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> SIZE=61441
S^ 552 5.3.4 
C: MAIL FROM:<a@remote.example> SIZE=0
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> SIZE=99999999999999999999999
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE=12k
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE=-1
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE=
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE=10 SIZE=10
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> size=10
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
# BODY (RFC 6152, RFC 3030)
C: MAIL FROM:<a@remote.example> BODY=7BIT
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> BODY=8bitmime
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> BODY=BINARYMIME
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> BODY=8BIT
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> BODY
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> BODY=7BIT BODY=7BIT
S^ 501 5.5.4 
# SMTPUTF8 (RFC 6531)
C: MAIL FROM:<a@remote.example> SMTPUTF8
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> SMTPUTF8=yes
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SMTPUTF8 SMTPUTF8
S^ 501 5.5.4 
C: MAIL FROM:<jörg@bücher.example>
S^ 553 5.6.7 
C: MAIL FROM:<jörg@bücher.example> SMTPUTF8
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
# RET and ENVID (RFC 3461 4.3, 4.4)
C: MAIL FROM:<a@remote.example> RET=FULL ENVID=QQ+2Bid+3D1
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> RET=hdrs
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> RET=ALL
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> RET=FULL RET=HDRS
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> ENVID=a+2
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> ENVID=a+zz
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> ENVID=x ENVID=y
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> ENVID=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> ENVID=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
S^ 501 5.5.4 
# AUTH= (RFC 4954 5): checked for form, then ignored
C: MAIL FROM:<a@remote.example> AUTH=<>
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> AUTH=alice+40example.org
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<a@remote.example> AUTH=a+b
S^ 501 5.5.4 
# unknown and malformed parameters
C: MAIL FROM:<a@remote.example> FOO=bar
S^ 555 5.5.4 
C: MAIL FROM:<a@remote.example> NOTIFY=NEVER
S^ 555 5.5.4 
C: MAIL FROM:<a@remote.example> =x
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example> SIZE=1=2
S^ 501 5.5.4 
C: MAIL FROM:<a@remote.example>SIZE=1
S^ 501 5.5.4 
C: MAIL FROM:a@remote.example
S^ 501 5.1.7 
C: MAIL FROM:<a@remote.example.>
S^ 501 5.1.7 
C: MAIL FROM:<a b@remote.example>
S^ 501 5.1.7 
C: MAIL TO:<a@remote.example>
S^ 501 5.5.4 
C: MAIL
S^ 501 5.5.4 
# RCPT parameters: NOTIFY and ORCPT (RFC 3461 4.1, 4.2)
C: MAIL FROM:<a@remote.example>   SIZE=100   BODY=8BITMIME   
S: 250 2.1.0 Sender OK
C: RCPT TO:<alice@example.org> NOTIFY=SUCCESS,FAILURE,DELAY ORCPT=rfc822;alice+40example.org
S: 250 2.1.5 Recipient OK
C: RCPT TO:<bob@example.org> NOTIFY=never
S: 250 2.1.5 Recipient OK
C: RCPT TO:<bob@example.org> NOTIFY=NEVER,SUCCESS
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> NOTIFY=SUCCESS,
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> NOTIFY=SOMETIMES
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> NOTIFY
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> NOTIFY=FAILURE NOTIFY=FAILURE
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> ORCPT=bob@example.org
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> ORCPT=x400;bob
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> ORCPT=rfc822;
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> ORCPT=rfc822;a+zz
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> ORCPT=rfc822;a ORCPT=rfc822;b
S^ 501 5.5.4 
C: RCPT TO:<bob@example.org> SIZE=10
S^ 555 5.5.4 
C: RCPT TO:<bob@example.org> X-FOO
S^ 555 5.5.4 
C: RCPT TO:<jörg@example.org>
S^ 553 5.6.7 
C: DATA
S^ 354 
C: Subject: params
C:
C: .
S^ 250 2.0.0 
# UTF-8 recipient and ORCPT=utf-8 with SMTPUTF8
C: MAIL FROM:<a@remote.example> SMTPUTF8
S^ 250 2.1.0 
C: RCPT TO:<jörg@example.org> ORCPT=utf-8;jörg@example.org
S: 250 2.1.5 Recipient OK
C: RCPT TO:<hans@bücher.example>
S: 250 2.1.5 Recipient OK
C: QUIT
S^ 221 
@count alice 1
@count bob 1
