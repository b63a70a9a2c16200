# submission: AUTH PLAIN without initial response, "=" empty response, AUTH LOGIN both ways, login by an IDN domain
@args --mode submission
@config allow_plaintext_auth_loopback = yes
@config max_auth_failures = 10
S: 220 mx.example.org ESMTP zeromail
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
S: 250-AUTH PLAIN LOGIN
S: 250 HELP
# "=" is an empty initial response: not valid PLAIN
C: AUTH PLAIN =
S^ 501 5.5.2 
C: AUTH PLAIN
S: 334 
C: AGFsaWNlQGV4YW1wbGUub3JnAHdyb25n
S: 535 5.7.8 Authentication credentials invalid
C: AUTH login
S: 334 VXNlcm5hbWU6
C: YWxpY2VAZXhhbXBsZS5vcmc=
S: 334 UGFzc3dvcmQ6
C: d3Jvbmc=
S: 535 5.7.8 Authentication credentials invalid
C: AUTH LOGIN YWxpY2VAZXhhbXBsZS5vcmc=
S: 334 UGFzc3dvcmQ6
C: d3Jvbmc=
S: 535 5.7.8 Authentication credentials invalid
# PLAIN with authzid = authcid is fine; someone else's authzid is refused
C: AUTH PLAIN Ym9iQGV4YW1wbGUub3JnAGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 535 5.7.8 Authentication credentials invalid
C: AUTH PLAIN AGNhcm9sQGV4YW1wbGUub3JnAHg=
S: 535 5.7.8 Authentication credentials invalid
C: AUTH PLAIN AG5vYm9keUBleGFtcGxlLm9yZwBzZWNyZXQ=
S: 535 5.7.8 Authentication credentials invalid
C: AUTH PLAIN AGhhbnNAeG4tLWJjaGVyLWt2YS5leGFtcGxlAGhhbnNwYXNz
S: 235 2.7.0 Authentication successful
C: MAIL FROM:<hans@bücher.example> SMTPUTF8
S: 250 2.1.0 Sender OK
C: RSET
S^ 250 
C: MAIL FROM:<hans@xn--bcher-kva.example>
S: 250 2.1.0 Sender OK
C: QUIT
S^ 221 
