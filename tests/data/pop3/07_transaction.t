# The TRANSACTION commands (RFC 1939 5, 7): STAT, LIST, UIDL, RETR with
# CRLF line ends and byte-stuffing, TOP, DELE, RSET, NOOP; then UPDATE:
# RETRieved messages get Seen, new/ moves to cur/, DELEted are removed.
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 3 messages (${total} octets)
C: STAT
S: +OK 3 ${total}
C: LIST
S: +OK 3 messages (${total} octets)
S: 1 ${size1}
S: 2 ${size2}
S: 3 ${size3}
S: .
C: LIST 2
S: +OK 2 ${size2}
C: LIST 0
S: -ERR no such message
C: LIST 4
S: -ERR no such message
C: LIST x
S: -ERR invalid message number
C: LIST -1
S: -ERR invalid message number
C: LIST 1 2
S: -ERR syntax: LIST [msg]
C: UIDL
S: +OK Unique-ID listing follows
S: 1 ${uidl1}
S: 2 ${uidl2}
S: 3 ${uidl3}
S: .
C: UIDL 3
S: +OK 3 000000036553F100
C: RETR 1
S: +OK ${size1} octets
S: Subject: one
S: From: a@example.net
S:
S: line one
S: ..starts with a dot
S: ...two dots
S: ..
S: end
S: .
C: RETR 2
S: +OK ${size2} octets
S: Subject: two
S: X-Mixed: yes
S:
S: body
S~ lone\rCR
S:
S: third
S: .
C: TOP 3 0
S: +OK top of message follows
S: Subject: three
S:
S: .
C: TOP 3 5
S: +OK top of message follows
S: Subject: three
S:
S: no final newline
S: .
C: TOP 2 0
S: +OK top of message follows
S: Subject: two
S: X-Mixed: yes
S:
S: .
C: TOP 2 2
S: +OK top of message follows
S: Subject: two
S: X-Mixed: yes
S:
S: body
S~ lone\rCR
S: .
C: TOP 1 2
S: +OK top of message follows
S: Subject: one
S: From: a@example.net
S:
S: line one
S: ..starts with a dot
S: .
C: TOP 1 99999999999999999999
S: -ERR syntax: TOP msg n
C: TOP 1
S: -ERR syntax: TOP msg n
C: RETR
S: -ERR syntax: RETR msg
C: DELE 2
S: +OK message 2 deleted
C: DELE 2
S: -ERR message 2 is deleted
C: RETR 2
S: -ERR message 2 is deleted
C: TOP 2 1
S: -ERR message 2 is deleted
C: UIDL 2
S: -ERR message 2 is deleted
C: LIST
S: +OK 2 messages (${live13} octets)
S: 1 ${size1}
S: 3 ${size3}
S: .
C: UIDL
S: +OK Unique-ID listing follows
S: 1 ${uidl1}
S: 3 ${uidl3}
S: .
C: RSET
S: +OK maildrop has 3 messages (${total} octets)
C: STAT
S: +OK 3 ${total}
C: DELE 3
S: +OK message 3 deleted
C: STAT
S: +OK 2 ${live12}
C: NOOP
S: +OK
C: QUIT
S: +OK Bye (2 messages left)
# RETR 1 and 2 set Seen (2 keeps its F); TOP 3 did not matter: 3 is gone
@files new/* 0
@files cur/${base1}:2,S 1
@files cur/${base2}:2,FS 1
@files cur/1700000003* 0
@grep zeromail-uidlist ${base1}

@session the next session sees the result, same UIDLs
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 2 messages (${live12} octets)
C: UIDL
S: +OK Unique-ID listing follows
S: 1 ${uidl1}
S: 2 ${uidl2}
S: .
C: TOP 1 0
S: +OK top of message follows
S: Subject: one
S: From: a@example.net
S:
S: .
C: DELE 1
S: +OK message 1 deleted
C: DELE 2
S: +OK message 2 deleted
C: QUIT
S: +OK Bye (maildrop empty)
@files cur/* 0
@files new/* 0

@session an empty maildrop
S: +OK zeromail POP3 server ready
C: USER alice@example.org
S: +OK Send your password
C: PASS secret
S: +OK maildrop has 0 messages (0 octets)
C: STAT
S: +OK 0 0
C: LIST
S: +OK 0 messages (0 octets)
S: .
C: UIDL
S: +OK Unique-ID listing follows
S: .
C: LIST 1
S: -ERR no such message
C: RSET
S: +OK maildrop has 0 messages (0 octets)
C: QUIT
S: +OK Bye (maildrop empty)
