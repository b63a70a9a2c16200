# submissions (implicit TLS) without a certificate: no plaintext greeting, exit 78 (EX_CONFIG)
@args --mode submissions
@exit 78
C: EHLO client.example
