#!/usr/bin/env python3
"""pop3_attacks.py - pop3-handler under attack and under load, over TCP on
127.0.0.1 under systemd-socket-activate (ports 24110 STLS, 24111 implicit
TLS, 24112 STLS with plaintext allowed on loopback and short limits):

  - STLS injection: "STLS\\r\\nSTAT\\r\\n" in one write; USER given before
    STLS is forgotten after it;
  - USER, PASS and AUTH before TLS; STLS twice; plaintext on the TLS port;
    ALPN for another protocol;
  - over-long lines and NUL bytes over TLS; pipelined commands;
  - a connection dropped after DELE deletes nothing;
  - two sessions on one mailbox: [IN-USE]; deliver is not blocked; the
    snapshot does not change; a message removed or re-flagged by another
    process meanwhile;
  - the 10-minute idle floor; the delay after a failed login;
  - a 10,000-message mailbox listed and downloaded in full.

Prints TAP.
"""
import os
import socket
import ssl
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "pop3"))
import pop3test  # noqa: E402
from pop3test import Raw, Tap, World, crlf_size, files_of  # noqa: E402

P_STLS, P_TLS, P_LOOP = 24110, 24111, 24112
USER = "alice@example.org"
t = Tap()


def greet(port, tls_ctx=None):
    c = Raw(port)
    if tls_ctx:
        c.starttls(tls_ctx)
    line = c.line()
    assert line.startswith("+OK"), line
    return c


def login(c, user=USER, pw="secret"):
    c.cmd("USER " + user)
    return c.cmd("PASS " + pw)


def stls_tests(w):
    ctx = w.context()
    c = greet(P_STLS)
    c.send(b"STLS\r\nSTAT\r\n")
    first = c.line()
    c.starttls(ctx)
    reply = c.cmd("CAPA")
    t.ok(first == "+OK Begin TLS negotiation" and reply == "+OK Capability list follows",
         "STLS injection: the STAT sent with STLS is never answered", "%r %r" % (first, reply))
    caps = c.multiline()
    t.ok("USER" in caps and "SASL PLAIN LOGIN" in caps and "STLS" not in caps,
         "after STLS: CAPA offers USER and SASL, no STLS", caps)
    t.ok(c.cmd("STLS") == "-ERR TLS is already active", "STLS twice is refused")
    t.ok(login(c).startswith("+OK maildrop has"), "login after STLS")
    c.cmd("QUIT")
    c.close()
    t.ok("discarded 6 bytes of plaintext" in w.log_text(), "the handler logged the discarded plaintext")

    c = greet(P_LOOP)
    t.ok(c.cmd("USER " + USER) == "+OK Send your password", "loopback plaintext allowed: USER before STLS")
    c.send(b"STLS\r\nPASS secret\r\n")
    first = c.line()
    c.starttls(ctx)
    reply = c.cmd("PASS secret")
    t.ok(first == "+OK Begin TLS negotiation" and reply == "-ERR give USER first",
         "STLS forgets the USER given before it (RFC 2595 4); the pipelined PASS is dropped",
         "%r %r" % (first, reply))
    c.close()


def plaintext_tests(w):
    c = greet(P_STLS)
    c.send(b"CAPA\r\n")
    caps = c.multiline()
    t.ok(caps[0] == "+OK Capability list follows" and "STLS" in caps and "USER" not in caps
         and not any(x.startswith("SASL") for x in caps),
         "before TLS: CAPA offers STLS, neither USER nor SASL", caps)
    refused = "-ERR [AUTH] Plaintext authentication disallowed on non-TLS connections: use STLS"
    r1 = c.cmd("USER " + USER)
    r2 = c.cmd("PASS secret")
    r3 = c.cmd("AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==")
    t.ok(r1 == refused and r2 == refused and r3 == refused, "USER, PASS, AUTH before TLS refused with [AUTH]",
         "%r %r %r" % (r1, r2, r3))
    c.close()

    c = Raw(P_TLS)
    c.send(b"CAPA\r\nUSER alice@example.org\r\n")
    closed = c.eof(timeout=5)
    t.ok(closed and b"+OK" not in c.buf, "implicit-TLS port: plaintext gets no POP3 reply", c.buf)
    c.close()

    try:
        c = greet(P_TLS, w.context(alpn=["imap"]))
        t.ok(False, "ALPN offering only imap is refused")
        c.close()
    except (ssl.SSLError, OSError, EOFError, AssertionError):
        t.ok(True, "ALPN offering only imap is refused")
    c = greet(P_TLS, w.context(alpn=["pop3"]))
    t.ok(c.sock.selected_alpn_protocol() == "pop3", "ALPN pop3 is accepted")
    c.close()


def limits_tests(w):
    ctx = w.context()
    c = greet(P_TLS, ctx)
    r = c.cmd("NOOP " + "x" * 100000)
    t.ok(r == "-ERR line too long (over 2048 octets)", "over TLS: a 100 kB line is refused", r)
    c.send(b"USER ali\x00ce@example.org\r\n" + b"\x00" * 1000 + b"\r\n")
    r1, r2 = c.line(), c.line()
    t.ok(r1 == r2 == "-ERR control characters or NUL in command", "NUL bytes in commands are refused",
         "%r %r" % (r1, r2))
    t.ok(c.cmd("CAPA") == "+OK Capability list follows", "the session goes on in step after both")
    c.multiline()
    # pipelining (RFC 2449 6.6): one write, replies in order
    c.send(b"USER alice@example.org\r\nPASS secret\r\nSTAT\r\nLIST\r\nUIDL 1\r\nNOOP\r\nQUIT\r\n")
    lines = [c.line() for _ in range(3)]
    listing = c.multiline()
    rest = [c.line() for _ in range(3)]
    t.ok(lines[0].startswith("+OK Send") and lines[1].startswith("+OK maildrop") and lines[2].startswith("+OK 3 ")
         and listing[0].startswith("+OK 3 messages") and rest[0].startswith("+OK 1 ") and rest[1] == "+OK"
         and rest[2].startswith("+OK Bye"), "pipelined commands are answered in order", lines + listing + rest)
    c.close()

    c = greet(P_LOOP)
    c.send(b"USER alice@example.org\r\n")
    c.line()
    start = time.time()
    r = c.cmd("PASS wrong")
    took = time.time() - start
    t.ok(r == "-ERR [AUTH] authentication failed" and took >= 0.3,
         "a failed login is answered after auth_failure_delay (%.2f s)" % took, r)
    c.close()

    c = greet(P_LOOP)
    time.sleep(2.5)
    r = c.cmd("CAPA")
    t.ok(r == "+OK Capability list follows",
         "idle_timeout = 1 is raised to the RFC 1939 minimum of 10 minutes (alive after 2.5 s)", r)
    c.close()


def dropped_tests(w):
    md = w.maildirs[USER]
    before = sorted(os.listdir(os.path.join(md, "new")) + os.listdir(os.path.join(md, "cur")))
    c = greet(P_TLS, w.context())
    login(c)
    ok = c.cmd("DELE 1").startswith("+OK") and c.cmd("DELE 2").startswith("+OK")
    c.send(b"RETR 3\r\n")
    c.line()
    c.multiline()
    # drop it hard (RST) with no QUIT
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.close()
    time.sleep(0.5)
    after = sorted(os.listdir(os.path.join(md, "new")) + os.listdir(os.path.join(md, "cur")))
    t.ok(ok and after == before, "a connection dropped after DELE deletes nothing and changes no flag",
         "%r\n%r" % (before, after))
    c = greet(P_TLS, w.context())
    login(c)
    r = c.cmd("STAT")
    t.ok(r.startswith("+OK 3 "), "the next session sees every message", r)
    c.cmd("QUIT")
    c.close()


def concurrency_tests(w):
    ctx = w.context()
    md = w.maildirs[USER]
    a = greet(P_TLS, ctx)
    login(a)
    stat_a = a.cmd("STAT")
    b = greet(P_TLS, ctx)
    r = login(b)
    t.ok(r.startswith("-ERR [IN-USE] "), "a second session on the mailbox gets [IN-USE]", r)
    t.ok(b.eof(), "... and its connection is closed")
    b.close()
    msg = b"Subject: while locked\n\nhello\n"
    d = subprocess.run([pop3test.DELIVER, "--config", w.conf, USER], input=msg, capture_output=True, timeout=20)
    t.ok(d.returncode == 0, "deliver is not blocked by the POP3 lock", d.stderr)
    t.ok(a.cmd("STAT") == stat_a, "the session's snapshot does not change")
    # another process (an IMAP session) expunges message 1 and flags message 2
    f = files_of(md)
    names = sorted(f)
    os.unlink(f[names[0]][2])
    where, flags, path = f[names[1]]
    os.rename(path, os.path.join(md, "cur", names[1] + ":2,F"))
    r1 = a.cmd("RETR 1")
    t.ok(r1 == "-ERR message 1 was removed by another session", "RETR of a message expunged meanwhile", r1)
    r2 = a.cmd("RETR 2")
    body = a.multiline()
    t.ok(r2.startswith("+OK") and len(body) > 0, "RETR of a message renamed (re-flagged) meanwhile", r2)
    t.ok(a.cmd("DELE 1").startswith("+OK"), "DELE of the expunged message")
    r = a.cmd("QUIT")
    t.ok(r.startswith("+OK Bye"), "QUIT: a message already removed is not an error", r)
    a.close()
    f = files_of(md)
    t.ok(names[0] not in f and f[names[1]][:2] == ("cur", "FS"),
         "UPDATE kept the other process's F flag and added S", f)
    c = greet(P_TLS, ctx)
    r = login(c)
    t.ok(r.startswith("+OK maildrop has 3 messages"), "after the lock is gone the next session logs in and sees "
         "the new message", r)
    # The uid list is lost mid-session (damaged, or deleted by an admin):
    # the sync at QUIT rebuilds it with a new UIDVALIDITY and new UIDs, and
    # DELE 1 must still remove message 1, not whatever now has its old UID.
    r = c.cmd("RETR 1")
    subject = [x for x in c.multiline() if x.lower().startswith("subject:")]
    before = files_of(md)
    t.ok(r.startswith("+OK") and len(subject) == 1 and c.cmd("DELE 1").startswith("+OK"),
         "RETR 1 and DELE 1, then the uid list is lost", r)
    os.unlink(os.path.join(md, "zeromail-uidlist"))
    r = c.cmd("QUIT")
    c.close()
    after = files_of(md)
    left = b"".join(open(v[2], "rb").read() for v in after.values())
    t.ok(r.startswith("+OK") and len(after) == len(before) - 1 and bool(subject) and
         subject[0].encode() not in left,
         "uid list rebuilt during the session: QUIT deletes message 1 itself (matched by name, not UID)",
         "%r -> %r" % (sorted(before), sorted(after)))


def big_mailbox_tests(w):
    user = "big@example.org"
    md = w.maildirs[user]
    n = 10000
    start = time.time()
    contents = {}
    for i in range(1, n + 1):
        body = b"From: sender%d@example.net\nSubject: message %d\n\n" % (i, i) + (b"line\n" * (i % 7)) \
            + (b".dot\n" if i % 3 == 0 else b"") + b"end %d\n" % i
        base = "17%08d.M%dP9Q1.test" % (i, i)
        w.add_message(user, base, body)
        contents[i] = body
    t.diag("made %d messages in %.1f s" % (n, time.time() - start))
    start = time.time()
    c = greet(P_TLS, w.context())
    c.sock.settimeout(60)
    r = login(c, user, "bigsecret")
    total = sum(crlf_size(x) for x in contents.values())
    t.ok(r == "+OK maildrop has %d messages (%d octets)" % (n, total), "10,000 messages: login", r)
    t.ok(c.cmd("STAT") == "+OK %d %d" % (n, total), "10,000 messages: STAT")
    c.send(b"LIST\r\n")
    listing = c.multiline()
    sizes_ok = len(listing) == n + 1 and all(
        listing[i] == "%d %d" % (i, crlf_size(contents[i])) for i in range(1, n + 1))
    t.ok(sizes_ok, "10,000 messages: LIST has every size")
    c.send(b"UIDL\r\n")
    uidl = c.multiline()
    t.ok(len(uidl) == n + 1 and len(set(x.split()[1] for x in uidl[1:])) == n, "10,000 messages: UIDL unique")
    # RETR everything, pipelined in batches of 200
    same = 0
    for first in range(1, n + 1, 200):
        last = min(first + 199, n)
        c.send(b"".join(b"RETR %d\r\n" % i for i in range(first, last + 1)))
        for i in range(first, last + 1):
            head = c.line()
            lines = c.multiline()
            data = "\n".join(x[1:] if x.startswith(".") else x for x in lines).encode() + b"\n"
            if head == "+OK %d octets" % crlf_size(contents[i]) and data == contents[i]:
                same += 1
    t.ok(same == n, "10,000 messages: every RETR gives the message (%d equal)" % same)
    c.send(b"".join(b"DELE %d\r\n" % i for i in range(2, n + 1, 2)))
    dels = [c.line() for _ in range(n // 2)]
    t.ok(all(x.startswith("+OK") for x in dels), "10,000 messages: 5,000 DELE")
    r = c.cmd("QUIT")
    c.close()
    took = time.time() - start
    f = files_of(md)
    t.ok(r == "+OK Bye (5000 messages left)" and len(f) == n // 2
         and all(v[0] == "cur" and v[1] == "S" for v in f.values()),
         "10,000 messages: UPDATE left 5,000 in cur/, all Seen (%.1f s for the session)" % took, r)


def main():
    import shutil
    if not os.access(pop3test.HANDLER, os.X_OK) or not shutil.which("systemd-socket-activate") \
            or not shutil.which("certtool"):
        t.skip("pop3 attacks", "needs pop3-handler, systemd-socket-activate and certtool")
        return t.done()
    w = World({USER: ("secret", pop3test.OWNER_A), "big@example.org": ("bigsecret", pop3test.OWNER_B)})
    try:
        loopconf = os.path.join(w.dir, "loop.conf")
        w.write_conf(loopconf, "allow_plaintext_auth_loopback = yes\nidle_timeout = 1\nauth_failure_delay = 300ms\n")
        w.listen(P_STLS)
        w.listen(P_TLS, ["--implicit-tls"])
        w.listen(P_LOOP, conf=loopconf)
        for i in range(1, 4):
            w.add_message(USER, "1700000%03d.M%dP1Q1.test" % (i, i),
                          b"Subject: %d\n\n.\nbody %d\n" % (i, i), where="new" if i < 3 else "cur",
                          flags=None if i < 3 else "")
        stls_tests(w)
        plaintext_tests(w)
        limits_tests(w)
        dropped_tests(w)
        concurrency_tests(w)
        big_mailbox_tests(w)
    finally:
        if t.failed:
            t.diag("--- handler log (end) ---\n" + w.log_text()[-5000:])
        w.close()
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
