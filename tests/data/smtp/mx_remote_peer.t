# mx: the peer address in Received: [IPv4] and [IPv6:...]; a REMOTE_ADDR that is not an address is ignored
@args --mode mx
@env REMOTE_ADDR=2001:db8::25
S: 220 mx.example.org ESMTP zeromail
C: EHLO [IPv6:2001:db8::25]
S^ 250-mx.example.org greets [IPv6:2001:db8::25]
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S^ 250-
S: 250 HELP
C: MAIL FROM:<a@remote.example>
S^ 250 2.1.0 
C: RCPT TO:<alice@example.org>
S^ 250 2.1.5 
C: DATA
S^ 354 
C: Subject: v6
C:
C: .
S~ 250 2\.0\.0 OK: delivered as (?P<id>[0-9A-F]+)
C: QUIT
S^ 221 
@mail alice
M: Return-Path: <a@remote.example>
M: Delivered-To: alice@example.org
M: Received: from [IPv6:2001:db8::25] ([IPv6:2001:db8::25])
M: 	by mx.example.org (zeromail) with ESMTP id ${id}
M: 	for <alice@example.org>;
M~ \t.*
M: Subject: v6
M:
