#!/usr/bin/env python3
"""
smtp_transcripts.py - session transcripts piped through a protocol handler.

Runs every tests/data/smtp/*.t file (or the files named on the command
line): starts the handler named in the file on pipes with a throw-away
configuration, writes all the client lines (pipelined, in one go unless the
file says to pause), closes its stdin, and compares every line the handler
wrote with the expected lines in order; then checks the Maildirs byte for
byte.  One TAP line per transcript ("ok N - file: title").

The same module is the shared fixture of smtp_attacks.py and
smtp_clients.py (imported, not run): Fixture (users, aliases, Maildirs,
config), make_certs (a throw-away CA and server certificate by certtool),
Tap, Listener (systemd-socket-activate) and Handler (a handler on pipes).

TRANSCRIPT FORMAT (one directive or line per text line; '#' lines and blank
lines are ignored; the first '#' line is the title):

  @handler NAME        program under $ZM_BUILD (default smtp-handler); the
                       format knows nothing about SMTP, so POP3/IMAP
                       transcripts can use it too
  @args A B ...        its arguments (split on blanks), e.g. --mode submission;
                       --config FILE is always added first
  @config KEY = VALUE  appended to the fixture's configuration (the last
                       value of a key wins); ${T} is the fixture directory
  @user LINE           appended to the users file (e.g. a user with a hash
                       of ${HASH_alice}, or a broken line)
  @alias LINE          appended to the aliases file
  @folder BOX .NAME    create the Maildir++ folder .NAME of mailbox BOX
  @symlink PATH TARGET make PATH (under ${T}) a symlink to TARGET
  @file PATH MODE TEXT write TEXT (Python escapes, e.g. #!/bin/sh\nexit 75\n)
                       to PATH under ${T} with octal MODE (a fake deliver ...)
  @tls                 make a certificate; adds tls_cert/tls_key to the config
  @env K=V             environment of the handler (e.g. REMOTE_ADDR=192.0.2.7)
  @timeout S           kill the handler after S seconds (default 10): fails
  @keep-open           do not close the handler's stdin after the last line;
                       the handler must end by itself (timeouts, 421 ...)
  @exit N              expected exit status (default 0)
  @elapsed-max S       the handler must end within S seconds
  @elapsed-min S       ... and not before S seconds
  @stderr REGEX        some line the handler logged (log = stderr) matches
  @not-output REGEX    nothing the handler wrote matches REGEX
  @rest-any            bytes after the last expected line are not checked
                       (e.g. a TLS alert after a failed handshake)

 Client side, written to the handler's stdin in file order:
  C: TEXT              TEXT + CRLF ("C:" alone sends an empty line)
  R: ESCAPED           bytes, with Python escapes (\\r \\n \\t \\x00 \\\\), no CRLF
  P: EXPR              bytes from a Python expression, e.g. b'x' * 70000
  @sleep S             pause the writer S seconds (the handler runs on)

 Server side, compared in order with every line the handler wrote (each
 must end with CRLF; nothing more may follow the last expected line):
  S: TEXT              exactly this line
  S^ PREFIX            a line that starts with PREFIX (e.g. "503 5.5.1 "
                       where the contract fixes the codes, not the text)
  S~ REGEX             a line REGEX matches in full; named groups
                       (?P<name>...) become variables ${name} for later lines

 Mailboxes (after the handler ended).  BOX is a fixture mailbox (alice, bob,
 carol, hans, joerg) or BOX/.folder.  Each @mail block is the next message
 in BOX in delivery order and must match the file byte for byte:
  @mail BOX            starts a block; then any of:
  M: TEXT              exactly TEXT + CRLF
  M~ REGEX             one line (up to CRLF) that REGEX matches in full
  MR: ESCAPED          exactly these bytes (no CRLF added)
  MP: EXPR             exactly these bytes, from a Python expression
  @count BOX N         BOX holds exactly N messages (default: as many as
                       @mail blocks; every mailbox not named holds none)

 Variables in TEXT, REGEX and config lines: ${T} (fixture directory),
 ${BUILD}, ${HASH_alice}, ${UID_alice}, ${GID_alice} (any fixture user), and
 captured groups (escaped inside REGEX).

FIXTURE (a fresh temp dir per transcript): hostname mx.example.org; local
domains example.org and b\u00fccher.example; users (address, password,
mailbox owner uid when run as root) alice@example.org "secret" 60001,
bob@example.org "bobpass" 60002, carol@example.org (no login) 60003,
hans@b\u00fccher.example "hanspass" 60004, j\u00f6rg@example.org "joergpass" 60005;
aliases postmaster (to alice), info (alice), team (alice, bob), ext (a
remote address), loop1/loop2 (a cycle), cmd (a pipe); log = stderr,
auth_failure_delay = 0, spool in ${T}/spool, deliver from $ZM_BUILD.

ZM_TRANSCRIPT=substring runs only the transcripts whose name contains it.
"""

import codecs
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.environ.get('ZM_TOP') or os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
BUILD = os.environ.get('ZM_BUILD') or os.path.join(TOP, 'build')
if not os.path.isabs(BUILD):
    BUILD = os.path.join(TOP, BUILD)
ASAN = bool(os.environ.get('ZM_ASAN'))
IS_ROOT = os.getuid() == 0
DATA_DIR = os.path.join(TOP, 'tests', 'data', 'smtp')

# Fixture users: name -> (address, password or None, uid offset).  Mailbox
# owners are uids 60001+ when run as root (deliver never writes as root).
USERS = [
    ('alice', 'alice@example.org', 'secret', 1),
    ('bob', 'bob@example.org', 'bobpass', 2),
    ('carol', 'carol@example.org', None, 3),           # cannot log in
    ('hans', 'hans@b\u00fccher.example', 'hanspass', 4),  # IDN domain
    ('joerg', 'j\u00f6rg@example.org', 'joergpass', 5),   # UTF-8 local part
]
PASSWORDS = {name: pw for name, _, pw, _ in USERS if pw}

ALIASES = """# fixture aliases
postmaster: alice@example.org
info: alice
team: alice, bob@example.org
ext: someone@remote.example
loop1: loop2
loop2: loop1
cmd: |cat >/dev/null
"""


def exit_on_sigterm():
    """tests/run stops a program that runs too long with SIGTERM: exit
    through the finally blocks, so temp dirs and listeners are removed."""
    signal.signal(signal.SIGTERM, lambda signo, frame: sys.exit(128 + signo))


class Tap:
    """TAP output: ok/not ok lines, '# ' diagnostics, the plan at the end."""

    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, name, diag=None):
        self.n += 1
        if cond:
            print('ok %d - %s' % (self.n, name))
        else:
            self.failed += 1
            print('not ok %d - %s' % (self.n, name))
            if diag:
                self.diag(diag)
        sys.stdout.flush()
        return cond

    def skip(self, name, why):
        self.n += 1
        print('ok %d - %s # SKIP %s' % (self.n, name, why))
        sys.stdout.flush()

    def diag(self, text):
        for line in str(text).splitlines():
            print('#   ' + line)
        sys.stdout.flush()

    def done(self):
        print('1..%d' % self.n)
        sys.stdout.flush()
        return 1 if self.failed else 0


_hash_cache = {}


def password_hash(password):
    """A yescrypt hash made by zeromail-admin (cached per process)."""
    if password not in _hash_cache:
        out = subprocess.run([os.path.join(BUILD, 'zeromail-admin'), 'hash'],
                             input=(password + '\n').encode(), stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, timeout=30, check=True)
        _hash_cache[password] = out.stdout.decode().strip()
    return _hash_cache[password]


_certs = {}


def make_certs():
    """A throw-away CA and a certificate for localhost/127.0.0.1 made with
    certtool (as scripts/run does), once per process.  Returns a dict with
    ca, cert, key paths; removed by cleanup_certs()."""
    if _certs:
        return _certs
    d = tempfile.mkdtemp(prefix='zm-smtp-tls.')
    os.chmod(d, 0o755)
    with open(os.path.join(d, 'ca.tmpl'), 'w') as f:
        f.write('cn = "zeromail test CA"\nca\ncert_signing_key\nexpiration_days = 2\n')
    with open(os.path.join(d, 'server.tmpl'), 'w') as f:
        f.write('cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\n'
                'tls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n')

    def ct(*args):
        subprocess.run(['certtool'] + list(args), cwd=d, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=True, timeout=30)
    ct('--generate-privkey', '--key-type=ecdsa', '--outfile', 'ca-key.pem')
    ct('--generate-self-signed', '--load-privkey', 'ca-key.pem', '--template', 'ca.tmpl',
       '--outfile', 'ca.pem')
    ct('--generate-privkey', '--key-type=ecdsa', '--outfile', 'key.pem')
    ct('--generate-certificate', '--load-privkey', 'key.pem', '--load-ca-certificate', 'ca.pem',
       '--load-ca-privkey', 'ca-key.pem', '--template', 'server.tmpl', '--outfile', 'cert.pem')
    for n in ('ca.pem', 'cert.pem', 'key.pem'):
        os.chmod(os.path.join(d, n), 0o644)
    _certs.update(dir=d, ca=os.path.join(d, 'ca.pem'), cert=os.path.join(d, 'cert.pem'),
                  key=os.path.join(d, 'key.pem'))
    return _certs


def cleanup_certs():
    if _certs:
        shutil.rmtree(_certs['dir'], ignore_errors=True)
        _certs.clear()


def maildir_messages(path):
    """Files in path/new and path/cur, in delivery order (the Maildir name
    starts with seconds.M<microseconds>)."""
    files = []
    for sub in ('new', 'cur'):
        d = os.path.join(path, sub)
        if not os.path.isdir(d):
            continue
        for n in os.listdir(d):
            m = re.match(r'(\d+)\.M(\d+)P(\d+)Q(\d+)', n)
            key = (int(m.group(1)), int(m.group(2)), int(m.group(4))) if m else (0, 0, 0)
            files.append((key, n, os.path.join(d, n)))
    files.sort()
    return [f[2] for f in files]


class Fixture:
    """A temp dir with users, aliases, Maildir parents owned by 60001+, a
    spool dir and a config file (self.conf)."""

    def __init__(self, config=(), users=(), aliases=(), tls=False):
        self.dir = tempfile.mkdtemp(prefix='zm-smtp.')
        os.chmod(self.dir, 0o755)
        self.vars = {'T': self.dir, 'BUILD': BUILD}
        os.makedirs(os.path.join(self.dir, 'spool'), mode=0o700)
        os.makedirs(os.path.join(self.dir, 'mail'))
        os.chmod(os.path.join(self.dir, 'mail'), 0o755)
        self.uids = {}
        lines = []
        for name, addr, pw, off in USERS:
            uid = 60000 + off if IS_ROOT else os.getuid()
            gid = uid if IS_ROOT else os.getgid()
            self.uids[name] = (uid, gid)
            home = os.path.join(self.dir, 'mail', name)
            os.makedirs(home)
            os.chown(home, uid, gid)
            h = password_hash(pw) if pw else '!'
            self.vars['HASH_' + name] = h
            self.vars['UID_' + name] = str(uid)
            self.vars['GID_' + name] = str(gid)
            lines.append('%s:%s:%d:%d:%s' % (addr, h, uid, gid, self.maildir(name)))
        lines.extend(self.subst(u) for u in users)
        with open(os.path.join(self.dir, 'users'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        with open(os.path.join(self.dir, 'aliases'), 'w', encoding='utf-8') as f:
            f.write(ALIASES + ''.join(self.subst(a) + '\n' for a in aliases))
        cfg = [
            'hostname = mx.example.org',
            'local_domains = example.org, b\u00fccher.example',
            'users_file = %s/users' % self.dir,
            'aliases_file = %s/aliases' % self.dir,
            'deliver_path = %s/deliver' % BUILD,
            'spool_dir = %s/spool' % self.dir,
            'log = stderr',
            'auth_failure_delay = 0',
        ]
        if not IS_ROOT:
            import grp
            cfg.append('deliver_group = %s' % grp.getgrgid(os.getgid()).gr_name)
        if tls:
            c = make_certs()
            cfg += ['tls_cert = %s' % c['cert'], 'tls_key = %s' % c['key']]
        cfg.extend(self.subst(c) for c in config)
        self.conf = os.path.join(self.dir, 'zeromail.conf')
        with open(self.conf, 'w', encoding='utf-8') as f:
            f.write('\n'.join(cfg) + '\n')

    def subst(self, text):
        return re.sub(r'\$\{(\w+)\}', lambda m: self.vars.get(m.group(1), m.group(0)), text)

    def maildir(self, box):
        name, _, folder = box.partition('/')
        p = os.path.join(self.dir, 'mail', name, 'Maildir')
        return os.path.join(p, folder) if folder else p

    def messages(self, box):
        return maildir_messages(self.maildir(box))

    def all_messages(self):
        """{box: [files]} for every mailbox and folder that holds mail."""
        out = {}
        for name, _, _, _ in USERS:
            md = self.maildir(name)
            boxes = [name]
            if os.path.isdir(md):
                boxes += [name + '/' + d for d in sorted(os.listdir(md)) if d.startswith('.')]
            for b in boxes:
                m = self.messages(b)
                if m:
                    out[b] = m
        return out

    def make_folder(self, box, folder):
        uid, gid = self.uids[box]
        md = self.maildir(box)
        for p in (md, os.path.join(md, folder)):
            for sub in ('', 'cur', 'new', 'tmp'):
                q = os.path.join(p, sub)
                os.makedirs(q, exist_ok=True)
                os.chmod(q, 0o700)
                os.chown(q, uid, gid)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class Handler:
    """A handler on pipes: the writer runs in a thread (sleeps allowed), the
    output and the log are read in threads, so nothing can deadlock."""

    def __init__(self, fixture, name='smtp-handler', args=(), env=None):
        e = {'PATH': os.environ.get('PATH', '/usr/bin:/bin')}
        for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            if k in os.environ:
                e[k] = os.environ[k]
        e.update(env or {})
        self.start = time.monotonic()
        self.p = subprocess.Popen([os.path.join(BUILD, name), '--config', fixture.conf] + list(args),
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  env=e)
        self.out = bytearray()
        self.err = bytearray()
        self.cond = threading.Condition()
        self.threads = [threading.Thread(target=self._read, args=(self.p.stdout, self.out), daemon=True),
                        threading.Thread(target=self._read, args=(self.p.stderr, self.err), daemon=True)]
        for t in self.threads:
            t.start()
        self.rusage = None
        self.status = None
        self.elapsed = None

    def _read(self, f, buf):
        while True:
            b = os.read(f.fileno(), 65536)
            if not b:
                break
            with self.cond:
                buf.extend(b)
                self.cond.notify_all()

    def write(self, data):
        """False when the handler no longer reads (it closed its stdin)."""
        try:
            self.p.stdin.write(data)
            self.p.stdin.flush()
            return True
        except (BrokenPipeError, ValueError, OSError):
            return False

    def close_input(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass

    def wait_output(self, pattern, timeout=10):
        """Wait until the output so far matches the regex (bytes); the match or None."""
        end = time.monotonic() + timeout
        rx = re.compile(pattern)
        with self.cond:
            while True:
                m = rx.search(bytes(self.out))
                if m:
                    return m
                left = end - time.monotonic()
                if left <= 0 or (self.p.poll() is not None and not any(t.is_alive() for t in self.threads)):
                    return None
                self.cond.wait(min(left, 0.2))

    def wait(self, timeout=10):
        """Exit status, or None after killing it at the timeout."""
        end = time.monotonic() + timeout
        while True:
            pid, status, ru = os.wait4(self.p.pid, os.WNOHANG)
            if pid:
                self.elapsed = time.monotonic() - self.start
                self.rusage = ru
                self.status = os.waitstatus_to_exitcode(status)
                self.p.returncode = self.status
                break
            if time.monotonic() >= end:
                self.p.kill()
                _, status, ru = os.wait4(self.p.pid, 0)
                self.elapsed = time.monotonic() - self.start
                self.rusage = ru
                self.p.returncode = -9
                self.status = None
                break
            time.sleep(0.01)
        self.close_input()
        for t in self.threads:
            t.join(5)
        return self.status


def port_open(port):
    try:
        with socket.create_connection(('127.0.0.1', port), timeout=0.2):
            return True
    except OSError:
        return False


class Listener:
    """systemd-socket-activate --accept --inetd on 127.0.0.1:port: one
    handler process per connection, as a .socket unit with Accept=yes."""

    def __init__(self, fixture, port, args=(), name='smtp-handler'):
        self.port = port
        env = dict(os.environ)
        self.p = subprocess.Popen(['systemd-socket-activate', '--listen=127.0.0.1:%d' % port, '--accept',
                                   '--inetd', '--setenv=ZEROMAIL_CONFIG=%s' % fixture.conf]
                                  + [a for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS') if k in os.environ
                                     for a in ['--setenv=%s=%s' % (k, os.environ[k])]]
                                  + [os.path.join(BUILD, name)] + list(args),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                                  start_new_session=True)
        self.err = bytearray()
        self.t = threading.Thread(target=self._read, daemon=True)
        self.t.start()
        # the socket is bound before the first accept: wait for LISTEN
        for _ in range(100):
            if self.p.poll() is not None:
                break
            if self._listening():
                break
            time.sleep(0.05)
        if self.p.poll() is not None:
            raise RuntimeError('systemd-socket-activate on port %d exited (port in use?): %s'
                               % (port, bytes(self.err).decode('utf-8', 'replace')[-500:]))

    def _read(self):
        while True:
            b = os.read(self.p.stderr.fileno(), 65536)
            if not b:
                break
            self.err.extend(b)

    def _listening(self):
        hexport = ':%04X' % self.port
        try:
            with open('/proc/net/tcp') as f:
                for line in f.readlines()[1:]:
                    parts = line.split()
                    if parts[1].endswith(hexport) and parts[3] == '0A':
                        return True
        except OSError:
            pass
        return False

    def stop(self):
        """Stop the listener and the handlers it started (its session)."""
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
        except OSError:
            pass
        try:
            self.p.wait(5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.p.pid, signal.SIGKILL)
            except OSError:
                pass
            self.p.wait(5)
        self.t.join(2)


class SmtpConn:
    """A line-oriented client on a real TCP socket, for tests that need a
    socket (STARTTLS, timing, several writes)."""

    def __init__(self, port, timeout=10, host='127.0.0.1', tls_ca=None):
        """tls_ca: implicit TLS (submissions), verified with that CA file."""
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b''
        if tls_ca:
            self.starttls(tls_ca)

    def send(self, data):
        if isinstance(data, str):
            data = data.encode('utf-8')
        self.sock.sendall(data)

    def cmd(self, line):
        self.send(line.encode('utf-8') + b'\r\n' if isinstance(line, str) else line + b'\r\n')
        return self.reply()

    def line(self):
        """One CRLF-terminated line without its CRLF; None at EOF."""
        while b'\r\n' not in self.buf:
            try:
                b = self.sock.recv(65536)
            except (ConnectionResetError, ssl_module().SSLError):
                b = b''
            if not b:
                return None
            self.buf += b
        line, _, self.buf = self.buf.partition(b'\r\n')
        return line.decode('utf-8', 'surrogateescape')

    def reply(self):
        """The lines of one (possibly multi-line) reply; [] at EOF."""
        lines = []
        while True:
            ln = self.line()
            if ln is None:
                return lines
            lines.append(ln)
            if len(ln) < 4 or ln[3] != '-':
                return lines

    def rest(self, timeout=5):
        """Everything until the server closes (or the timeout)."""
        self.sock.settimeout(timeout)
        data = self.buf
        self.buf = b''
        try:
            while True:
                b = self.sock.recv(65536)
                if not b:
                    break
                data += b
        except (socket.timeout, ConnectionResetError, OSError):
            pass
        return data

    def starttls(self, cafile, server_hostname='localhost'):
        ssl = ssl_module()
        ctx = ssl.create_default_context(cafile=cafile)
        self.sock = ctx.wrap_socket(self.sock, server_hostname=server_hostname)
        return self.sock

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def ssl_module():
    import ssl
    return ssl


# ---------------------------------------------------------------------------
# The transcript runner.

def unescape(s):
    return codecs.escape_decode(s.encode('utf-8'))[0]


def evaluate(expr):
    v = eval(expr, {'__builtins__': {}}, {})  # test data of this repository only
    if isinstance(v, str):
        v = v.encode('utf-8')
    if not isinstance(v, (bytes, bytearray)):
        raise ValueError('P: expression is not bytes: %r' % expr)
    return bytes(v)


class Transcript:
    def __init__(self, path):
        self.path = path
        self.title = ''
        self.handler = 'smtp-handler'
        self.args = []
        self.config, self.users, self.aliases, self.folders = [], [], [], []
        self.symlinks = []
        self.files = []
        self.tls = False
        self.env = {}
        self.timeout = 10.0
        self.keep_open = False
        self.exit = 0
        self.elapsed_max = self.elapsed_min = None
        self.stderr = []
        self.rest_any = False
        self.not_output = []
        self.client = []     # ('data', str kind, text) / ('sleep', secs)
        self.server = []     # (kind ':' or '~', text, lineno)
        self.mails = []      # (box, [(kind, text, lineno)])
        self.counts = {}
        self.parse()

    def parse(self):
        with open(self.path, encoding='utf-8') as f:
            lines = f.read().split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        mail = None
        for no, line in enumerate(lines, 1):
            if line.startswith('#'):
                if not self.title:
                    self.title = line.lstrip('# ').strip()
                continue
            if not line.strip():
                continue
            if line.startswith('@'):
                word, _, rest = line[1:].partition(' ')
                rest = rest.strip()
                if word != 'mail' and mail is not None and word not in ('count',):
                    mail = None
                if word == 'handler':
                    self.handler = rest
                elif word == 'args':
                    self.args = rest.split()
                elif word == 'config':
                    self.config.append(rest)
                elif word == 'user':
                    self.users.append(rest)
                elif word == 'alias':
                    self.aliases.append(rest)
                elif word == 'folder':
                    box, folder = rest.split()
                    self.folders.append((box, folder))
                elif word == 'file':
                    path, mode, text = rest.split(' ', 2)
                    self.files.append((path, int(mode, 8), text))
                elif word == 'symlink':
                    path, target = rest.split()
                    self.symlinks.append((path, target))
                elif word == 'tls':
                    self.tls = True
                elif word == 'env':
                    k, _, v = rest.partition('=')
                    self.env[k] = v
                elif word == 'timeout':
                    self.timeout = float(rest)
                elif word == 'keep-open':
                    self.keep_open = True
                elif word == 'exit':
                    self.exit = int(rest)
                elif word == 'elapsed-max':
                    self.elapsed_max = float(rest)
                elif word == 'elapsed-min':
                    self.elapsed_min = float(rest)
                elif word == 'not-output':
                    self.not_output.append(rest)
                elif word == 'rest-any':
                    self.rest_any = True
                elif word == 'stderr':
                    self.stderr.append(rest)
                elif word == 'sleep':
                    self.client.append(('sleep', float(rest)))
                elif word == 'mail':
                    mail = (rest, [])
                    self.mails.append(mail)
                elif word == 'count':
                    box, n = rest.split()
                    self.counts[box] = int(n)
                else:
                    raise ValueError('%s:%d: unknown directive @%s' % (self.path, no, word))
                continue
            m = re.match(r'(C|R|P|S|M|MR|MP)(:|~|\^)( |$)(.*)$', line)
            if not m:
                raise ValueError('%s:%d: cannot parse: %r' % (self.path, no, line))
            kind, sep, text = m.group(1), m.group(2), m.group(4)
            if kind in ('C', 'R', 'P') and sep == ':':
                self.client.append(('data', kind, text))
            elif kind == 'S':
                self.server.append((sep, text, no))
            elif kind in ('M', 'MR', 'MP') and sep != '^' and mail is not None:
                mail[1].append((kind + sep, text, no))
            else:
                raise ValueError('%s:%d: misplaced line: %r' % (self.path, no, line))

    def client_chunks(self, fx):
        """[(bytes, sleep_after)] grouped between @sleep lines."""
        chunks, cur = [], bytearray()
        for item in self.client:
            if item[0] == 'sleep':
                chunks.append((bytes(cur), item[1]))
                cur = bytearray()
                continue
            _, kind, text = item
            if kind == 'C':
                cur += fx.subst(text).encode('utf-8') + b'\r\n'
            elif kind == 'R':
                cur += unescape(fx.subst(text))
            else:
                cur += evaluate(text)
        chunks.append((bytes(cur), 0))
        return chunks


def match_server(t, out, vars_, fx):
    """Compare the handler's output with t.server; returns a list of errors."""
    errors = []
    lines = out.split(b'\r\n')
    tail = lines.pop()  # after the last CRLF: must be empty
    for i, (sep, text, no) in enumerate(t.server):
        if i >= len(lines):
            errors.append('line %d: expected %r, but the output ended' % (no, text))
            return errors
        got = lines[i].decode('utf-8', 'surrogateescape')
        if b'\n' in lines[i] or b'\r' in lines[i]:
            errors.append('line %d: reply with a bare CR or LF: %r' % (no, got))
        if sep in (':', '^'):
            want = fx.subst(re.sub(r'\$\{(\w+)\}', lambda m: vars_.get(m.group(1), m.group(0)), text))
            if got != want if sep == ':' else not got.startswith(want):
                errors.append('line %d: expected %s%r, got %r' % (no, '' if sep == ':' else 'a line starting with ',
                                                                want, got))
                return errors
        else:
            rx = re.sub(r'\$\{(\w+)\}',
                        lambda m: re.escape(vars_[m.group(1)]) if m.group(1) in vars_
                        else re.escape(fx.vars.get(m.group(1), m.group(0))), text)
            mm = re.fullmatch(rx, got)
            if not mm:
                errors.append('line %d: expected /%s/, got %r' % (no, rx, got))
                return errors
            vars_.update({k: v for k, v in mm.groupdict().items() if v is not None})
    if t.rest_any:
        return errors
    if len(lines) > len(t.server):
        errors.append('unexpected output after the last expected line: %r'
                      % b'\r\n'.join(lines[len(t.server):])[:300])
    if tail:
        errors.append('output does not end with CRLF: %r' % tail[:200])
    return errors


def match_mail(fx, box, items, data, vars_):
    """Compare one message file with an @mail block; list of errors."""
    pos = 0
    for kind, text, no in items:
        text = re.sub(r'\$\{(\w+)\}', lambda m: vars_.get(m.group(1), m.group(0)), text)
        if kind in ('M:', 'MR:', 'MP:'):
            if kind == 'M:':
                want = fx.subst(text).encode('utf-8') + b'\r\n'
            elif kind == 'MR:':
                want = unescape(fx.subst(text))
            else:
                want = evaluate(text)
            if data[pos:pos + len(want)] != want:
                return ['%s line %d: expected %r, got %r' % (box, no, want[:200], data[pos:pos + len(want)][:200])]
            pos += len(want)
        elif kind == 'M~':
            end = data.find(b'\r\n', pos)
            if end < 0:
                return ['%s line %d: expected a CRLF line, got %r' % (box, no, data[pos:pos + 200])]
            got = data[pos:end].decode('utf-8', 'surrogateescape')
            if not re.fullmatch(text, got):
                return ['%s line %d: expected /%s/, got %r' % (box, no, text, got)]
            pos = end + 2
        else:
            return ['%s line %d: bad mail line kind %s' % (box, no, kind)]
    if pos != len(data):
        return ['%s: %d unexpected bytes at the end: %r' % (box, len(data) - pos, data[pos:pos + 200])]
    return []


def run_transcript(t):
    """Run one transcript; returns (errors, output)."""
    fx = Fixture(config=t.config, users=t.users, aliases=t.aliases, tls=t.tls)
    try:
        for box, folder in t.folders:
            fx.make_folder(box, folder)
        for path, mode, text in t.files:
            fp = os.path.join(fx.dir, path)
            with open(fp, 'wb') as f:
                f.write(unescape(fx.subst(text)))
            os.chmod(fp, mode)
        for path, target in t.symlinks:
            os.symlink(fx.subst(target), os.path.join(fx.dir, path))
        h = Handler(fx, t.handler, [fx.subst(a) for a in t.args], t.env)

        def writer():
            for data, pause in t.client_chunks(fx):
                if data and not h.write(data):
                    return
                if pause:
                    time.sleep(pause)
            if not t.keep_open:
                h.close_input()
        w = threading.Thread(target=writer, daemon=True)
        w.start()
        status = h.wait(t.timeout)
        w.join(2)
        out = bytes(h.out)
        errors = []
        if status is None:
            errors.append('the handler did not end within %g s (killed)' % t.timeout)
        elif status != t.exit:
            errors.append('exit status %s, expected %d' % (status, t.exit))
        if t.elapsed_max is not None and h.elapsed > t.elapsed_max:
            errors.append('took %.2f s, at most %g s expected' % (h.elapsed, t.elapsed_max))
        if t.elapsed_min is not None and h.elapsed < t.elapsed_min:
            errors.append('took %.2f s, at least %g s expected' % (h.elapsed, t.elapsed_min))
        vars_ = {}
        errors += match_server(t, out, vars_, fx)
        for rx in t.not_output:
            if re.search(rx.encode('utf-8'), out):
                errors.append('the output matches /%s/' % rx)
        log = bytes(h.err).decode('utf-8', 'replace')
        for rx in t.stderr:
            if not re.search(rx, log):
                errors.append('no log line matches /%s/' % rx)
        if ASAN and re.search(r'AddressSanitizer|runtime error:|LeakSanitizer', log):
            errors.append('sanitizer report in the log')
        # Mailboxes: every @mail block in order, nothing else anywhere.
        have = fx.all_messages()
        wanted = {}
        for box, items in t.mails:
            wanted.setdefault(box, []).append(items)
        boxes = set(have) | set(wanted) | set(t.counts)
        for box in sorted(boxes):
            files = have.get(box, [])
            n = t.counts.get(box, len(wanted.get(box, [])))
            if len(files) != n:
                errors.append('mailbox %s holds %d messages, expected %d' % (box, len(files), n))
            for items, path in zip(wanted.get(box, []), files):
                with open(path, 'rb') as f:
                    errors += match_mail(fx, box, items, f.read(), vars_)
        return errors, out, log
    finally:
        fx.cleanup()


def main(argv):
    exit_on_sigterm()
    tap = Tap()
    files = argv[1:] or sorted(os.path.join(DATA_DIR, f) for f in os.listdir(DATA_DIR) if f.endswith('.t'))
    filt = os.environ.get('ZM_TRANSCRIPT')
    if not os.path.exists(os.path.join(BUILD, 'smtp-handler')):
        tap.skip('smtp transcripts', 'no smtp-handler in ' + BUILD)
        return tap.done()
    try:
        for path in files:
            if filt and filt not in os.path.basename(path):
                continue
            try:
                t = Transcript(path)
            except (ValueError, OSError) as e:
                tap.ok(False, os.path.basename(path), str(e))
                continue
            errors, out, log = run_transcript(t)
            name = '%s: %s' % (os.path.basename(path), t.title)
            if not tap.ok(not errors, name):
                tap.diag('\n'.join(errors))
                tap.diag('--- output:\n' + out.decode('utf-8', 'replace')[-3000:])
                tap.diag('--- log:\n' + log[-2000:])
    finally:
        cleanup_certs()
    return tap.done()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
