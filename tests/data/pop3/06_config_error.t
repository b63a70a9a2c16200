# A configuration that does not parse: a temporary error and exit 75.
@rawconf this is not a config\n
@exit 75
S: -ERR [SYS/TEMP] server configuration error, try again later
C: QUIT

@session implicit TLS with a broken configuration says nothing
@exit 75
@args --implicit-tls
C: QUIT
