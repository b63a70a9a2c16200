"""pop3test.py - shared helpers of the POP3 integration tests
(tests/integration/pop3_*.py): TAP output, a throw-away CA and server
certificate made with certtool, users and Maildirs, and pop3-handler
listeners under systemd-socket-activate on 127.0.0.1.

Written for zeromail (ISC).  Not a test itself: tests/run only runs
tests/integration/*.py.
"""
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time

TOP = os.environ.get("ZM_TOP") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BUILD = os.environ.get("ZM_BUILD") or os.path.join(TOP, "build")
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
HANDLER = os.path.join(BUILD, "pop3-handler")
ADMIN = os.path.join(BUILD, "zeromail-admin")
DELIVER = os.path.join(BUILD, "deliver")
IS_ROOT = os.geteuid() == 0
# Mailbox owners: unprivileged uids when we are root (tests run as root in CI).
OWNER_A = 60001 if IS_ROOT else os.geteuid()
OWNER_B = 60002 if IS_ROOT else os.geteuid()


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        if not cond:
            self.failed += 1
        print("%sok %d - %s" % ("" if cond else "not ", self.n, name))
        if not cond and diag:
            for line in str(diag).splitlines():
                print("#   " + line)
        sys.stdout.flush()
        return cond

    def skip(self, name, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, name, why))
        sys.stdout.flush()

    def diag(self, text):
        for line in str(text).splitlines():
            print("# " + line)
        sys.stdout.flush()

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


def crlf_size(data):
    """Octets with every LF not after a CR counted as CRLF (deliver's W=)."""
    return len(data) + data.count(b"\n") - data.count(b"\r\n")


def hash_password(pw):
    out = subprocess.run([ADMIN, "hash"], input=(pw + "\n").encode(), capture_output=True, check=True)
    return out.stdout.decode().strip()


def chown_tree(path, uid):
    if not IS_ROOT:
        return
    for root, dirs, files in os.walk(path):
        os.lchown(root, uid, uid)
        for x in dirs + files:
            os.lchown(os.path.join(root, x), uid, uid)


class World:
    """A temp dir with a CA, a certificate for localhost, a config, a
    users file and Maildirs.  users: {login: (password, owner uid)}."""

    def __init__(self, users, extra_conf=""):
        self.dir = tempfile.mkdtemp(prefix="zm-pop3.", dir="/tmp")
        os.chmod(self.dir, 0o755)
        self.mail = os.path.join(self.dir, "mail")
        os.makedirs(self.mail)
        os.chmod(self.mail, 0o755)
        self.servers = []
        self.make_tls()
        lines = []
        self.maildirs = {}
        for login, (pw, uid) in users.items():
            local = login.split("@")[0]
            home = os.path.join(self.mail, local)
            os.makedirs(home)
            md = os.path.join(home, "Maildir")
            for d in ("tmp", "new", "cur"):
                os.makedirs(os.path.join(md, d))
            os.chmod(md, 0o700)
            chown_tree(home, uid)
            self.maildirs[login] = md
            lines.append("%s:%s:%d:%d:%s" % (login, hash_password(pw), uid, uid, md))
        with open(os.path.join(self.dir, "users"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.conf = os.path.join(self.dir, "zeromail.conf")
        self.write_conf(self.conf, extra_conf)

    def write_conf(self, path, extra=""):
        with open(path, "w", encoding="utf-8") as f:
            f.write("hostname = localhost\nlocal_domains = example.org\n"
                    "users_file = %s/users\ntls_cert = %s\ntls_key = %s\n"
                    "auth_failure_delay = 0\nlog = stderr\n%s\n"
                    % (self.dir, self.cert, self.key, extra))

    def make_tls(self):
        tls = os.path.join(self.dir, "tls")
        os.makedirs(tls)
        with open(os.path.join(tls, "ca.tmpl"), "w") as f:
            f.write('cn = "zeromail test CA"\nca\ncert_signing_key\nexpiration_days = 2\n')
        with open(os.path.join(tls, "server.tmpl"), "w") as f:
            f.write('cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\n'
                    "tls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n")
        run = lambda *a: subprocess.run(["certtool"] + list(a), cwd=tls, check=True, capture_output=True)
        run("--generate-privkey", "--key-type=ecdsa", "--outfile", "ca-key.pem")
        run("--generate-self-signed", "--load-privkey", "ca-key.pem", "--template", "ca.tmpl", "--outfile", "ca.pem")
        run("--generate-privkey", "--key-type=ecdsa", "--outfile", "key.pem")
        run("--generate-certificate", "--load-privkey", "key.pem", "--load-ca-certificate", "ca.pem",
            "--load-ca-privkey", "ca-key.pem", "--template", "server.tmpl", "--outfile", "cert.pem")
        for x in ("ca.pem", "cert.pem"):
            os.chmod(os.path.join(tls, x), 0o644)
        self.ca = os.path.join(tls, "ca.pem")
        self.cert = os.path.join(tls, "cert.pem")
        self.key = os.path.join(tls, "key.pem")

    def context(self, alpn=None):
        ctx = ssl.create_default_context(cafile=self.ca)
        if alpn:
            ctx.set_alpn_protocols(alpn)
        return ctx

    def add_message(self, login, base, content, where="new", flags=None, with_w=True, mtime=None):
        """Write a message file directly (as deliver names them)."""
        md = self.maildirs[login]
        name = "%s,S=%d" % (base, len(content))
        if with_w:
            name += ",W=%d" % crlf_size(content)
        if flags is not None:
            name += ":2," + flags
        path = os.path.join(md, where, name)
        with open(path, "wb") as f:
            f.write(content)
        os.chmod(path, 0o600)
        if IS_ROOT:
            os.lchown(path, *(2 * [os.stat(md).st_uid]))
        if mtime:
            os.utime(path, (mtime, mtime))
        return path

    def listen(self, port, args=(), conf=None):
        """pop3-handler on 127.0.0.1:port, one process per connection."""
        log = open(os.path.join(self.dir, "activate-%d.log" % port), "wb")
        p = subprocess.Popen(["systemd-socket-activate", "--listen=127.0.0.1:%d" % port, "--accept", "--inetd",
                              "--setenv=ZEROMAIL_CONFIG=%s" % (conf or self.conf), HANDLER] + list(args),
                             stdout=subprocess.DEVNULL, stderr=log, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        self.servers.append((p, log))
        deadline = time.time() + 10
        while time.time() < deadline:
            with open(log.name, "rb") as f:
                if b"Listening on" in f.read():
                    return port
            if p.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError("systemd-socket-activate did not start on port %d" % port)

    def log_text(self):
        out = ""
        for p, log in self.servers:
            log.flush()
            with open(log.name, "rb") as f:
                out += f.read().decode("utf-8", "replace")
        return out

    def close(self):
        for p, log in self.servers:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def files_of(md):
    """{base name: (dir, flags, path)} of the messages in a Maildir."""
    out = {}
    for where in ("new", "cur"):
        for name in os.listdir(os.path.join(md, where)):
            base, _, info = name.partition(":")
            out[base] = (where, info[2:] if info.startswith("2,") else "", os.path.join(md, where, name))
    return out


class Raw:
    """A line-oriented raw POP3 client over a socket (plain or TLS)."""

    def __init__(self, port, timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def line(self):
        while b"\r\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed; buffered %r" % self.buf)
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\r\n")
        return line.decode("utf-8", "replace")

    def cmd(self, text):
        self.send(text.encode() + b"\r\n")
        return self.line()

    def multiline(self):
        lines = []
        while True:
            x = self.line()
            if x == ".":
                return lines
            lines.append(x)

    def starttls(self, ctx):
        self.sock = ctx.wrap_socket(self.sock, server_hostname="localhost")

    def eof(self, timeout=5):
        """true when the server closes the connection (reading what is left)."""
        self.sock.settimeout(timeout)
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    return True
                self.buf += chunk
        except (socket.timeout, TimeoutError):
            return False
        except (ConnectionResetError, ssl.SSLError, OSError):
            return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass
