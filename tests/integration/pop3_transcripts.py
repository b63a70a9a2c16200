#!/usr/bin/env python3
"""pop3_transcripts.py - POP3 session transcripts piped through pop3-handler.

Each tests/data/pop3/*.t file holds one or more sessions.  Every session is
one run of pop3-handler with the client's lines on stdin (all written at
once, as a pipelining client would) and its output compared line by line.
All sessions of a file work on the same freshly made Maildir (the fixture
below), so a later session sees what an earlier one's UPDATE did.

Transcript syntax (one directive a line; '#' lines are comments):
    @conf KEY = VALUE   a config line for every session of the file
    @rawconf TEXT       write TEXT as the whole config file (config errors)
    @args ARG...        extra pop3-handler arguments for this session
    @old N DAYS         make fixture message N's file DAYS days old
    @session NAME       start a new session (the first one is implicit)
    @exit N             expected exit status of this session (default 0)
    C: TEXT             a client line, sent with CRLF
    B: TEXT             raw client bytes, Python escapes (\\r \\n \\x00), no CRLF added
    X: EXPR             raw client bytes from a Python expression (b"x" * 3000)
    S: TEXT             the server's next line, exactly
    S~ REGEX            the server's next line matches REGEX (fullmatch)
    @files GLOB COUNT   after the session: COUNT files match GLOB in the Maildir
    @grep GLOB TEXT     after the session: the one file matching GLOB contains TEXT
In S: lines and GLOBs ${name} is replaced by a fixture value: size1..size3,
total, live12 and live13 (sizes of two of them), uidl1..uidl3, base1..base3
(file names without the ":2," part).

Prints TAP.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("ZM_TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.environ.get("ZM_BUILD") or os.path.join(TOP, "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
HANDLER = os.path.join(BUILD, "pop3-handler")
ADMIN = os.path.join(BUILD, "zeromail-admin")
DATA = os.path.join(TOP, "tests", "data", "pop3")

IS_ROOT = os.geteuid() == 0
OWNER = 60001 if IS_ROOT else os.geteuid()
# A mailbox owner this server may not use: root's own when we are root,
# someone else's when we are not.
FOREIGN = 0 if IS_ROOT else (65534 if os.geteuid() != 65534 else 65533)

UIDVALIDITY = 1700000000
# The fixture: (base name, directory, flags, content, name carries W=)
MESSAGES = [
    ("1700000001.M1P1Q1.test", "new", None,
     b"Subject: one\nFrom: a@example.net\n\nline one\n.starts with a dot\n..two dots\n.\nend\n", True),
    ("1700000002.M2P2Q1.test", "cur", "F",
     b"Subject: two\r\nX-Mixed: yes\n\r\nbody\r\nlone\rCR\n\nthird\n", False),
    ("1700000003.M3P3Q1.test", "cur", "S",
     b"Subject: three\n\nno final newline", True),
]

n_test = 0
n_failed = 0


def tap(ok, name, diag=None):
    global n_test, n_failed
    n_test += 1
    if not ok:
        n_failed += 1
    print("%sok %d - %s" % ("" if ok else "not ", n_test, name))
    if not ok and diag:
        for line in diag.splitlines():
            print("#   " + line)
    sys.stdout.flush()


def crlf_size(data):
    n = len(data)
    prev = None
    for b in data:
        if b == 0x0A and prev != 0x0D:
            n += 1
        prev = b
    return n


def hash_password(pw):
    out = subprocess.run([ADMIN, "hash"], input=(pw + "\n").encode(), capture_output=True, check=True)
    return out.stdout.decode().strip()


def make_world(tmp, hashes):
    """Users file and Maildirs for one transcript file."""
    mail = os.path.join(tmp, "mail")
    os.makedirs(mail)
    os.chmod(tmp, 0o755)
    os.chmod(mail, 0o755)
    md = os.path.join(mail, "alice", "Maildir")
    for d in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(md, d))
    values = {}
    total = 0
    lines = ["zeromail-uidlist 1 V%d N%d M1\n" % (UIDVALIDITY, len(MESSAGES) + 1)]
    for i, (base, where, flags, content, with_w) in enumerate(MESSAGES, 1):
        name = "%s,S=%d" % (base, len(content))
        if with_w:
            name += ",W=%d" % crlf_size(content)
        full = name + (":2," + flags if flags is not None else "")
        with open(os.path.join(md, where, full), "wb") as f:
            f.write(content)
        lines.append("%d 1 :%s\n" % (i, name))
        values["size%d" % i] = str(crlf_size(content))
        values["uidl%d" % i] = "%08X%08X" % (i, UIDVALIDITY)
        values["base%d" % i] = name
        total += crlf_size(content)
    values["total"] = str(total)
    sizes = [crlf_size(m[3]) for m in MESSAGES]
    values["live12"] = str(sizes[0] + sizes[1])
    values["live13"] = str(sizes[0] + sizes[2])
    with open(os.path.join(md, "zeromail-uidlist"), "w") as f:
        f.write("".join(lines))
    # jörg: a UTF-8 login with an empty Maildir made on first login
    os.makedirs(os.path.join(mail, "joerg"))
    # perm: a mailbox owner this server may not become
    os.makedirs(os.path.join(mail, "perm"))
    # link: the Maildir is a symlink (refused as unsafe)
    os.makedirs(os.path.join(mail, "link", "real", "new"))
    os.makedirs(os.path.join(mail, "link", "real", "cur"))
    os.makedirs(os.path.join(mail, "link", "real", "tmp"))
    os.symlink(os.path.join(mail, "link", "real"), os.path.join(mail, "link", "Maildir"))
    if IS_ROOT:
        for top in ("alice", "joerg", "link"):
            for root, dirs, files in os.walk(os.path.join(mail, top)):
                os.lchown(root, OWNER, OWNER)
                for x in dirs + files:
                    os.lchown(os.path.join(root, x), OWNER, OWNER)
    for root, dirs, files in os.walk(md):
        for x in dirs:
            os.chmod(os.path.join(root, x), 0o700)
        for x in files:
            os.chmod(os.path.join(root, x), 0o600)
    users = [
        "alice@example.org:%s:%d:%d:%s" % (hashes["secret"], OWNER, OWNER, md),
        "jörg@example.org:%s:%d:%d:%s/joerg/Maildir" % (hashes["pässwörd"], OWNER, OWNER, mail),
        "perm@example.org:%s:%d:%d:%s/perm/Maildir" % (hashes["secret"], FOREIGN, FOREIGN, mail),
        "link@example.org:%s:%d:%d:%s/link/Maildir" % (hashes["secret"], OWNER, OWNER, mail),
        # gone: the Maildir's parent does not exist (it cannot be created)
        "gone@example.org:%s:%d:%d:%s/nonexistent/Maildir" % (hashes["secret"], OWNER, OWNER, mail),
    ]
    with open(os.path.join(tmp, "users"), "w", encoding="utf-8") as f:
        f.write("\n".join(users) + "\n")
    return md, values


def parse_transcript(path):
    conf, rawconf, old, sessions = [], None, [], []
    cur = {"name": "session", "send": b"", "expect": [], "exit": 0, "checks": [], "args": []}
    sessions.append(cur)
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("@conf "):
                conf.append(line[6:])
            elif line.startswith("@rawconf "):
                rawconf = line[9:].replace("\\n", "\n")
            elif line.startswith("@args "):
                cur["args"] = line[6:].split()
            elif line.startswith("@old "):
                n, days = line[5:].split()
                old.append((int(n), int(days)))
            elif line.startswith("@session"):
                name = line[8:].strip() or "session %d" % (len(sessions) + 1)
                if not cur["send"] and not cur["expect"]:
                    cur["name"] = name
                else:
                    cur = {"name": name, "send": b"", "expect": [], "exit": 0, "checks": [], "args": []}
                    sessions.append(cur)
            elif line.startswith("@exit "):
                cur["exit"] = int(line[6:])
            elif line.startswith("@files "):
                g, count = line[7:].rsplit(" ", 1)
                cur["checks"].append(("files", g, int(count)))
            elif line.startswith("@grep "):
                g, text = line[6:].split(" ", 1)
                cur["checks"].append(("grep", g, text))
            elif line.startswith("C: "):
                cur["send"] += line[3:].encode("utf-8") + b"\r\n"
            elif line == "C:":
                cur["send"] += b"\r\n"
            elif line.startswith("B: "):
                cur["send"] += line[3:].encode("latin-1").decode("unicode_escape").encode("latin-1")
            elif line.startswith("X: "):
                cur["send"] += eval(line[3:], {})  # test data only
            elif line.startswith("S: ") or line == "S:":
                cur["expect"].append(("eq", line[3:]))
            elif line.startswith("S~ "):
                cur["expect"].append(("re", line[3:]))
            else:
                raise ValueError("%s: cannot parse: %s" % (path, line))
    return conf, rawconf, old, sessions


def subst(text, values):
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], text)


def run_file(path, hashes):
    name = os.path.basename(path)[:-2]
    conf, rawconf, old, sessions = parse_transcript(path)
    tmp = tempfile.mkdtemp(prefix="zm-pop3t.", dir="/tmp")
    try:
        md, values = make_world(tmp, hashes)
        for n, days in old:
            base, where, flags, content, with_w = MESSAGES[n - 1]
            for p in glob.glob(os.path.join(md, where, base + "*")):
                t = time.time() - days * 86400
                os.utime(p, (t, t))
        cpath = os.path.join(tmp, "zeromail.conf")
        with open(cpath, "w", encoding="utf-8") as f:
            if rawconf is not None:
                f.write(rawconf)
            else:
                f.write("hostname = pop.example.org\nlocal_domains = example.org\n"
                        "users_file = %s/users\nallow_plaintext_auth_loopback = yes\n"
                        "auth_failure_delay = 0\nlog = stderr\n" % tmp)
                for c in conf:
                    f.write(c + "\n")
        env = dict(os.environ)
        for v in ("REMOTE_ADDR", "REMOTE_PORT", "TCPREMOTEIP", "TCPREMOTEPORT", "ZEROMAIL_CONFIG"):
            env.pop(v, None)
        for s in sessions:
            label = "%s: %s" % (name, s["name"])
            try:
                p = subprocess.run([HANDLER, "--config", cpath] + s["args"], input=s["send"],
                                   capture_output=True, timeout=30, env=env)
            except subprocess.TimeoutExpired:
                tap(False, label, "timed out")
                continue
            got = p.stdout.decode("utf-8", "replace").split("\r\n")
            if got and got[-1] == "":
                got.pop()
            problems = []
            for i, (kind, want) in enumerate(s["expect"]):
                want = subst(want, values) if kind == "eq" else want
                have = got[i] if i < len(got) else None
                if have is None:
                    problems.append("line %d: expected %r, got end of output" % (i + 1, want))
                    break
                if (kind == "eq" and have != want) or (kind == "re" and not re.fullmatch(subst(want, values), have)):
                    problems.append("line %d: expected %s%r\n         got %r" % (i + 1, "" if kind == "eq" else "~", want, have))
                    break
            if not problems and len(got) > len(s["expect"]):
                problems.append("extra output from line %d: %r" % (len(s["expect"]) + 1, got[len(s["expect"])]))
            if p.stdout and not p.stdout.endswith(b"\r\n"):
                problems.append("output does not end with CRLF")
            if p.returncode != s["exit"]:
                problems.append("exit status %d, expected %d" % (p.returncode, s["exit"]))
            diag = "\n".join(problems)
            if problems:
                diag += "\n--- output ---\n" + p.stdout.decode("utf-8", "replace").replace("\r\n", "\n") \
                    + "--- log ---\n" + p.stderr.decode("utf-8", "replace")
            tap(not problems, label, diag)
            for check in s["checks"]:
                pattern = subst(check[1], values)
                if check[0] == "files":
                    found = glob.glob(os.path.join(md, pattern))
                    tap(len(found) == check[2], "%s: %d file(s) match %s" % (label, check[2], check[1]),
                        "found: %r" % [os.path.relpath(x, md) for x in found])
                else:
                    found = glob.glob(os.path.join(md, pattern))
                    text = subst(check[2], values).encode()
                    okk = False
                    if len(found) == 1:
                        with open(found[0], "rb") as f:
                            okk = text in f.read()
                    tap(okk, "%s: %s contains %r" % (label, check[1], check[2]), "found: %r" % found)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if not os.access(HANDLER, os.X_OK):
        print("ok 1 - pop3-handler not built # SKIP")
        print("1..1")
        return 0
    hashes = {pw: hash_password(pw) for pw in ("secret", "pässwörd")}
    files = sorted(glob.glob(os.path.join(DATA, "*.t")))
    for path in files:
        run_file(path, hashes)
    print("1..%d" % n_test)
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
