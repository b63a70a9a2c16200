# Lines that are not commands: unknown keywords, empty lines, NUL and
# control bytes, invalid UTF-8, over-long lines (max_line_length), too
# many arguments.  A line of exactly max_line_length octets is accepted,
# and a bare LF ends a line as CRLF does.
@conf max_line_length = 512
S: +OK zeromail POP3 server ready
C: FOO
S: -ERR unknown command
C: 
S: -ERR empty command
C:  QUIT
S: -ERR unknown command
C: STATUS
S: -ERR unknown command
C: ST-T
S: -ERR unknown command
B: ST\x00AT\r\n
S: -ERR control characters or NUL in command
B: USER alice\x00@example.org\r\n
S: -ERR control characters or NUL in command
B: NOOP\tx\r\n
S: -ERR control characters or NUL in command
B: USER \xff\xfe@example.org\r\n
S: -ERR command is not valid UTF-8
X: b"USER " + b"a" * 600 + b"\r\n"
S: -ERR line too long (over 512 octets)
X: b"USER " + b"a" * 600 + b"\nCAPA\r\n"
S: -ERR line too long (over 512 octets)
S: +OK Capability list follows
S: TOP
S: UIDL
S: RESP-CODES
S: AUTH-RESP-CODE
S: PIPELINING
S: EXPIRE NEVER
S: USER
S: SASL PLAIN LOGIN
S: UTF8 USER
S: LANG
S: IMPLEMENTATION zeromail
S: .
X: b"USER " + b"a" * 507 + b"\r\n"
S: +OK Send your password
C: USER a b
S: -ERR [AUTH] invalid user name
C: CAPA x
S: -ERR syntax: CAPA
C: LANG a b c d e f
S: -ERR syntax: LANG [language-range]
B: QUIT\n
S: +OK Bye
