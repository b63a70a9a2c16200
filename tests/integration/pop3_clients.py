#!/usr/bin/env python3
"""pop3_clients.py - pop3-handler with real POP3 clients, over TLS, under
systemd-socket-activate --accept --inetd on 127.0.0.1 (ports 24100 STLS
and 24101 implicit TLS):

  - Python poplib: STLS, CAPA before and after it, USER/PASS, STAT, LIST,
    UIDL (stable across sessions), TOP, RETR (octet counts), DELE, QUIT;
    POP3_SSL on the implicit-TLS port;
  - fetchmail with zeromail's deliver as its MDA into a second Maildir:
    every message arrives byte-identical; keep mode, UIDL-based "new
    only", then delete mode;
  - getmail6 (SimplePOP3SSLRetriever) into a Maildir of its own;
  - curl pop3:// (STLS required) and pop3s://, with SASL PLAIN and LOGIN.

Prints TAP.  Every process started here is stopped; the temp dir removed.
"""
import os
import poplib
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "pop3"))
import pop3test  # noqa: E402
from pop3test import Tap, World, crlf_size, files_of  # noqa: E402

PORT_STLS, PORT_TLS = 24100, 24101
poplib._MAXLINE = 65536  # one test line is 3000 octets (RFC 5322 allows 998; real mail has more)
t = Tap()

MESSAGES = [
    b"From: Carol <carol@example.net>\nTo: alice@example.org\nSubject: dots\n"
    b"Message-ID: <m1@example.net>\n\n.\n..\n.leading dot\nFrom the start of a line\n...\nend\n",
    b"From: dan@example.net\nTo: alice@example.org\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\n"
    b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n" +
    "Grüße, naïve café\n".encode() + b"\n\n" + b"trailing blank lines above\n",
    b"From: erin@example.net\nSubject: long lines\n\n" + b"x" * 3000 + b"\n" + b"y" * 998 + b"\n" + b"z\n" * 500,
    b"From: frank@example.net\nSubject: big\n\n" + b"".join(
        (b"%06d " % i) + b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/ABCD\n" for i in range(4000)),
    b"From: grace@example.net\nSubject: courier name without W=\n\nbody\n.\n",
]


def load(world):
    paths = []
    for i, m in enumerate(MESSAGES, 1):
        paths.append(world.add_message("alice@example.org", "17000000%02d.M%dP1Q1.test" % (i, i), m,
                                       with_w=(i != len(MESSAGES))))
    return paths


def poplib_tests(w):
    ctx = w.context()
    p = poplib.POP3("127.0.0.1", PORT_STLS, timeout=20)
    caps = p.capa()
    t.ok("STLS" in caps and "USER" not in caps and "SASL" not in caps,
         "poplib: CAPA before TLS offers STLS, not USER or SASL", caps)
    try:
        p.user("alice@example.org")
        t.ok(False, "poplib: USER before TLS is refused")
    except poplib.error_proto as e:
        t.ok(str(e).startswith("b'-ERR [AUTH]"), "poplib: USER before TLS is refused with [AUTH]", e)
    p.stls(ctx)
    caps = p.capa()
    t.ok("STLS" not in caps and "USER" in caps and caps.get("SASL") == ["PLAIN", "LOGIN"]
         and "TOP" in caps and "UIDL" in caps and "PIPELINING" in caps and "RESP-CODES" in caps
         and caps.get("EXPIRE") == ["NEVER"] and caps.get("IMPLEMENTATION") == ["zeromail"],
         "poplib: CAPA after STLS", caps)
    p.user("alice@example.org")
    resp = p.pass_("secret")
    total = sum(crlf_size(m) for m in MESSAGES)
    t.ok(resp == b"+OK maildrop has %d messages (%d octets)" % (len(MESSAGES), total), "poplib: login", resp)
    t.ok(p.stat() == (len(MESSAGES), total), "poplib: STAT counts octets with CRLF line ends")
    resp, listing, _ = p.list()
    sizes = [int(x.split()[1]) for x in listing]
    t.ok(sizes == [crlf_size(m) for m in MESSAGES], "poplib: LIST sizes (also for a name without W=)", listing)
    resp, uidls, _ = p.uidl()
    uids = [x.split()[1].decode() for x in uidls]
    t.ok(len(set(uids)) == len(MESSAGES) and all(re.fullmatch(r"[0-9A-F]{16}", u) for u in uids),
         "poplib: UIDL gives 16 hex digits, unique", uids)
    resp, lines, _ = p.top(1, 0)
    t.ok(b"\n".join(lines) + b"\n" == MESSAGES[0].split(b"\n\n")[0] + b"\n\n", "poplib: TOP 1 0 is the header")
    resp, lines, _ = p.top(1, 2)
    t.ok(lines[-2:] == [b".", b".."], "poplib: TOP 1 2 ends after two body lines, dots unstuffed", lines)
    same = True
    for i, m in enumerate(MESSAGES, 1):
        resp, lines, octets = p.retr(i)
        announced = int(resp.split()[1])
        got = b"\n".join(lines) + b"\n"
        if got != m or announced != crlf_size(m) or octets != crlf_size(m):
            same = False
            t.diag("message %d: announced %d, octets %d, expected %d, equal %s"
                   % (i, announced, octets, crlf_size(m), got == m))
    t.ok(same, "poplib: RETR of every message gives its bytes; +OK size = octets received")
    p.dele(1)
    p.dele(3)
    try:
        p.retr(1)
        t.ok(False, "poplib: RETR of a deleted message is refused")
    except poplib.error_proto:
        t.ok(True, "poplib: RETR of a deleted message is refused")
    p.rset()
    t.ok(p.stat()[0] == len(MESSAGES), "poplib: RSET undeletes")
    p.dele(1)
    t.ok(p.quit().startswith(b"+OK"), "poplib: QUIT")
    md = w.maildirs["alice@example.org"]
    f = files_of(md)
    t.ok(len(f) == len(MESSAGES) - 1 and all(v[0] == "cur" and "S" in v[1] for v in f.values()),
         "poplib: after QUIT one message is gone, the others are in cur/ and Seen", f)

    p = poplib.POP3_SSL("127.0.0.1", PORT_TLS, timeout=20, context=ctx)
    caps = p.capa()
    t.ok("STLS" not in caps and "USER" in caps, "poplib POP3_SSL: implicit TLS, CAPA without STLS", caps)
    p.user("alice@example.org")
    p.pass_("secret")
    resp, uidls2, _ = p.uidl()
    t.ok([x.split()[1].decode() for x in uidls2] == uids[1:], "poplib: UIDLs are the same in the next session")
    p.quit()


def curl_tests(w, paths):
    if not shutil.which("curl"):
        t.skip("curl", "curl not installed")
        return
    base = ["curl", "-sS", "--max-time", "20", "--cacert", w.ca, "-u", "alice@example.org:secret"]
    r = subprocess.run(base + ["--ssl-reqd", "pop3://localhost:%d/" % PORT_STLS], capture_output=True)
    listing = r.stdout.decode().split("\r\n")
    t.ok(r.returncode == 0 and len([x for x in listing if x]) == len(MESSAGES) - 1,
         "curl pop3:// with STLS: LIST", r.stdout + r.stderr)
    r = subprocess.run(base + ["--ssl-reqd", "pop3://localhost:%d/1" % PORT_STLS], capture_output=True)
    t.ok(r.returncode == 0 and r.stdout.replace(b"\r\n", b"\n") == MESSAGES[1],
         "curl pop3:// with STLS: RETR (SASL PLAIN)", r.stderr)
    r = subprocess.run(base + ["--login-options", "AUTH=LOGIN", "pop3s://localhost:%d/4" % PORT_TLS],
                       capture_output=True)
    t.ok(r.returncode == 0 and r.stdout.replace(b"\r\n", b"\n") == MESSAGES[4],
         "curl pop3s://: RETR (SASL LOGIN)", r.stderr)
    r = subprocess.run(base + ["-X", "UIDL", "pop3s://localhost:%d/" % PORT_TLS], capture_output=True)
    t.ok(r.returncode == 0 and len(r.stdout.split(b"\r\n")) == len(MESSAGES), "curl pop3s://: UIDL", r.stdout)
    r = subprocess.run(["curl", "-sS", "--max-time", "20", "--cacert", w.ca, "-u", "alice@example.org:wrong",
                        "pop3s://localhost:%d/" % PORT_TLS], capture_output=True)
    t.ok(r.returncode == 67, "curl: a wrong password is a login failure (exit 67)", r.returncode)
    r = subprocess.run(base + ["pop3://localhost:%d/1" % PORT_STLS], capture_output=True)
    t.ok(r.returncode != 0, "curl pop3:// without TLS cannot log in (USER refused)", r.returncode)


def fetchmail_tests(w):
    if not shutil.which("fetchmail"):
        t.skip("fetchmail", "fetchmail not installed")
        return
    src = w.maildirs["alice@example.org"]
    dst = w.maildirs["bob@example.org"]
    # a fresh source mailbox
    for where in ("new", "cur"):
        for x in os.listdir(os.path.join(src, where)):
            os.unlink(os.path.join(src, where, x))
    for i, m in enumerate(MESSAGES, 1):
        w.add_message("alice@example.org", "17000001%02d.M%dP2Q1.test" % (i, i), m, with_w=(i != 2))
    fm = os.path.join(w.dir, "fetchmail")
    os.makedirs(fm)
    os.chmod(fm, 0o700)
    rc = os.path.join(fm, "fetchmailrc")

    def run(keep):
        # keep: leave mail on the server, fetch what the idfile has not
        # seen (UIDL); else fetch the new ones and delete everything
        # (flush: also the messages fetched before).
        with open(rc, "w") as f:
            f.write('set no bouncemail\nset no syslog\n'
                    'poll localhost with proto POP3 port %d uidl\n'
                    '  user "alice@example.org" there with password "secret" is "bob" here\n'
                    '  options %s sslproto "TLS1.2+" sslcertck sslcertfile "%s"\n'
                    '  mda "%s --config %s -d bob@example.org"\n'
                    % (PORT_STLS, "keep" if keep else "nokeep flush", w.ca, pop3test.DELIVER, w.conf))
        os.chmod(rc, 0o600)
        env = dict(os.environ, FETCHMAILHOME=fm, HOME=fm)
        return subprocess.run(["fetchmail", "-f", rc, "--idfile", os.path.join(fm, "ids"),
                               "--pidfile", os.path.join(fm, "pid"), "--invisible", "--nosyslog",
                               "--norewrite", "-v"], capture_output=True, env=env, timeout=60)

    def delivered():
        out = []
        for where in ("new", "cur"):
            d = os.path.join(dst, where)
            for x in sorted(os.listdir(d)):
                with open(os.path.join(d, x), "rb") as f:
                    out.append(f.read())
        return out

    def strip(data):
        # deliver prepends Return-Path: and Delivered-To:; the rest is the message
        lines = data.split(b"\n", 2)
        ok = lines[0].startswith(b"Return-Path: ") and lines[1] == b"Delivered-To: bob@example.org"
        return lines[2] if ok else None

    r = run(keep=True)
    got = delivered()
    ok = r.returncode == 0 and len(got) == len(MESSAGES)
    t.ok(ok, "fetchmail (keep, STLS, deliver as MDA): every message delivered",
         r.stdout.decode(errors="replace")[-3000:] + r.stderr.decode(errors="replace")[-2000:])
    bodies = sorted(strip(x) or b"" for x in got)
    t.ok(bodies == sorted(MESSAGES), "fetchmail: every message arrives byte-identical")
    t.ok(len(files_of(src)) == len(MESSAGES), "fetchmail keep: nothing deleted on the server")
    r = run(keep=True)
    t.ok(r.returncode == 1 and len(delivered()) == len(MESSAGES),
         "fetchmail keep + uidl: a second run fetches nothing (exit 1: no mail)", r.returncode)
    new = b"From: henry@example.net\nSubject: the new one\n\nnew\n"
    w.add_message("alice@example.org", "1700000200.M1P3Q1.test", new)
    r = run(keep=True)
    got = delivered()
    t.ok(r.returncode == 0 and len(got) == len(MESSAGES) + 1 and new in [strip(x) for x in got],
         "fetchmail keep + uidl: only the new message is fetched", r.returncode)
    new2 = b"From: ivy@example.net\nSubject: another new one\n\nnew too\n"
    w.add_message("alice@example.org", "1700000201.M1P3Q1.test", new2)
    r = run(keep=False)
    t.ok(r.returncode == 0 and len(files_of(src)) == 0,
         "fetchmail delete mode (flush): the server mailbox is empty afterwards",
         "%d %r" % (r.returncode, files_of(src)))
    got = delivered()
    t.ok(len(got) == len(MESSAGES) + 2 and new2 in [strip(x) for x in got],
         "fetchmail delete mode: the new message fetched, none delivered twice")


def getmail_tests(w):
    if not shutil.which("getmail"):
        t.skip("getmail", "getmail not installed")
        return
    for i, m in enumerate(MESSAGES, 1):
        w.add_message("alice@example.org", "17000003%02d.M%dP4Q1.test" % (i, i), m)
    gd = os.path.join(w.dir, "getmail")
    dest = os.path.join(gd, "Maildir")
    for d in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(dest, d))
    # getmail refuses to deliver as root: run it as an unprivileged uid
    as_user = []
    if pop3test.IS_ROOT:
        pop3test.chown_tree(gd, 65534)  # nobody: getmail needs a passwd entry
        as_user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    with open(os.path.join(gd, "getmailrc"), "w") as f:
        f.write("[retriever]\ntype = SimplePOP3SSLRetriever\nserver = 127.0.0.1\nport = %d\n"
                "username = alice@example.org\npassword = secret\nca_certs = %s\n"
                "ssl_cert_hostname = localhost\n\n"
                "[destination]\ntype = Maildir\npath = %s/\n\n"
                "[options]\nread_all = true\ndelete = true\ndelivered_to = false\nreceived = false\n"
                "verbose = 0\n" % (PORT_TLS, w.ca, dest))
    r = subprocess.run(as_user + ["getmail", "--getmaildir", gd, "--rcfile", "getmailrc"], capture_output=True,
                       timeout=60, env=dict(os.environ, HOME=gd))
    got = []
    for x in sorted(os.listdir(os.path.join(dest, "new"))):
        with open(os.path.join(dest, "new", x), "rb") as f:
            data = f.read()
        # getmail's Maildir destination writes a Return-Path: of its own
        if data.startswith(b"Return-Path: <unknown>\n"):
            data = data[len(b"Return-Path: <unknown>\n"):]
        got.append(data)
    t.ok(r.returncode == 0 and len(got) == len(MESSAGES), "getmail6 (POP3 over implicit TLS): all retrieved",
         r.stdout.decode(errors="replace") + r.stderr.decode(errors="replace"))
    t.ok(sorted(got) == sorted(MESSAGES), "getmail6: every message byte-identical",
         "\n".join(repr(x[:300]) for x in sorted(got)))
    t.ok(len(files_of(w.maildirs["alice@example.org"])) == 0, "getmail6 delete = true: server mailbox empty")


def main():
    if not os.access(pop3test.HANDLER, os.X_OK) or not shutil.which("systemd-socket-activate") \
            or not shutil.which("certtool"):
        t.skip("pop3 clients", "needs pop3-handler, systemd-socket-activate and certtool")
        return t.done()
    w = World({"alice@example.org": ("secret", pop3test.OWNER_A),
               "bob@example.org": ("bobsecret", pop3test.OWNER_B)})
    try:
        w.listen(PORT_STLS)
        w.listen(PORT_TLS, ["--implicit-tls"])
        paths = load(w)
        poplib_tests(w)
        curl_tests(w, paths)
        fetchmail_tests(w)
        getmail_tests(w)
    finally:
        if t.failed:
            t.diag("--- handler log ---\n" + w.log_text()[-6000:])
        w.close()
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
