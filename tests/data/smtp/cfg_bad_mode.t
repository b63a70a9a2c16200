# a bad --mode: usage, exit 64 (EX_USAGE), nothing on stdout
@args --mode pop3
@exit 64
C: EHLO client.example
