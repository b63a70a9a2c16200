# Server-side problems after or during authentication: [SYS/TEMP] when the
# user database cannot be read (RFC 3206 5).
@conf users_file = /nonexistent/users
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: -ERR [SYS/TEMP] authentication temporarily unavailable
C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==
S: -ERR [SYS/TEMP] authentication temporarily unavailable
C: QUIT
S: +OK Bye
