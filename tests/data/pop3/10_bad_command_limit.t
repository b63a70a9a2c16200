# max_bad_commands: the third refused command closes the connection.
@conf max_bad_commands = 3
S: +OK zeromail POP3 server ready
C: FOO
S: -ERR unknown command
C: STAT
S: -ERR STAT is not valid in the AUTHORIZATION state
C: BAR
S: -ERR too many bad commands, closing connection
C: QUIT

@session over-long lines count too
@conf max_line_length = 512
S: +OK zeromail POP3 server ready
X: b"x" * 1000 + b"\r\n"
S: -ERR line too long (over 512 octets)
X: b"x" * 100000 + b"\r\n"
S: -ERR line too long (over 512 octets)
X: b"\x00" * 10 + b"\r\n"
S: -ERR too many bad commands, closing connection
C: QUIT

@session a missing message is not a bad command; a closed session deletes nothing
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: DELE 1
S: +OK message 1 deleted
C: LIST 9
S: -ERR no such message
C: LIST 9
S: -ERR no such message
C: LIST 9
S: -ERR no such message
C: RETR 1
S: -ERR message 1 is deleted
C: FOO
S: -ERR unknown command
C: FOO
S: -ERR unknown command
C: FOO
S: -ERR too many bad commands, closing connection
C: QUIT
@files new/${base1} 1
@files cur/* 2

@session max_junk_commands: commands before login are limited even when valid
@conf max_junk_commands = 3
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: USER alice@example.org
S: +OK Send your password
C: USER alice@example.org
S: +OK Send your password
C: USER alice@example.org
S: -ERR too many commands before login, closing connection
C: QUIT
