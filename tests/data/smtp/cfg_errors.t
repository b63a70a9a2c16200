# a broken configuration: 421 4.3.0 and exit 78 (EX_CONFIG) before any command
@args --mode mx
@config no_such_key = 1
@exit 78
S~ 421 4\.3\.0 \S+ Configuration error, try again later
C: EHLO client.example
