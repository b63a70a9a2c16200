# submission: AUTH errors: * cancels 501 5.0.0, bad base64 501 5.5.2, unknown mechanism 504 5.5.4, no mechanism 501, before EHLO 503
@args --mode submission
@config allow_plaintext_auth_loopback = yes
S: 220 mx.example.org ESMTP zeromail
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S^ 503 5.5.1 
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
C: AUTH PLAIN
S: 334 
C: *
S: 501 5.0.0 Authentication cancelled
C: AUTH LOGIN
S: 334 VXNlcm5hbWU6
C: YWxpY2VAZXhhbXBsZS5vcmc=
S: 334 UGFzc3dvcmQ6
C: *
S: 501 5.0.0 Authentication cancelled
C: AUTH PLAIN !!!notbase64
S^ 501 5.5.2 
C: AUTH PLAIN
S: 334 
C: AGFsaWNl=QGV4
S^ 501 5.5.2 
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3Jn
S^ 501 5.5.2 
C: AUTH CRAM-MD5
S^ 504 5.5.4 
C: AUTH XOAUTH2 dG9rZW4=
S^ 504 5.5.4 
C: AUTH
S^ 501 5.5.4 
C: AUTH PLAIN abc def
S^ 501 5.5.4 
# after all that, a good login still works (none was a password failure)
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: 235 2.7.0 Authentication successful
C: QUIT
S^ 221 
