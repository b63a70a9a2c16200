# RFC 6856: LANG (only en), UTF8, UTF-8 user names and passwords.
S: +OK zeromail POP3 server ready
C: LANG
S: +OK Language listing follows
S: en English
S: .
C: LANG en
S: +OK en Language is English
C: LANG *
S: +OK en Language is English
C: LANG EN-gb
S: +OK en Language is English
C: LANG fr
S: -ERR unsupported language, only en is available
C: LANG en_US
S: -ERR invalid language range
C: LANG toolongtag
S: -ERR invalid language range
C: UTF8
S: +OK UTF8 enabled
C: STLS
S: -ERR STLS is not allowed after UTF8
C: USER jörg@example.org
S: +OK Send your password
C: PASS pässwörd
S: +OK maildrop has 0 messages (0 octets)
C: LANG en
S: +OK en Language is English
C: LANG
S: +OK Language listing follows
S: en English
S: .
C: QUIT
S: +OK Bye (maildrop empty)

@session UTF-8 credentials without UTF8, through AUTH PLAIN
S: +OK zeromail POP3 server ready
C: AUTH PLAIN AGrDtnJnQGV4YW1wbGUub3JnAHDDpHNzd8O2cmQ=
S: +OK maildrop has 0 messages (0 octets)
C: QUIT
S: +OK Bye (maildrop empty)

@session a password that is not UTF-8 is refused
S: +OK zeromail POP3 server ready
C: USER jörg@example.org
S: +OK Send your password
B: PASS p\xe4ssw\xf6rd\r\n
S: -ERR command is not valid UTF-8
C: QUIT
S: +OK Bye
