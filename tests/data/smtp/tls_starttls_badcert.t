# STARTTLS when the configured certificate cannot be loaded: 454 4.7.0 only, never a 220 first
@args --mode mx
@config tls_cert = ${T}/missing-cert.pem
@config tls_key = ${T}/missing-key.pem
S: 220 mx.example.org ESMTP zeromail
C: HELO client.example
S^ 250 
C: STARTTLS
S: 454 4.7.0 TLS not available
C: NOOP
S: 250 2.0.0 OK
C: QUIT
S^ 221 
