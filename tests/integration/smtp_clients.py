#!/usr/bin/env python3
"""
smtp_clients.py - real SMTP clients against smtp-handler.

Each handler runs under systemd-socket-activate --accept --inetd on
127.0.0.1 (ports 24310-24319), one process per connection, as a systemd
.socket unit with Accept=yes would run it, with a throw-away CA and
certificate made by certtool:

  24310 mx            (STARTTLS offered)
  24311 submission    (STARTTLS required before AUTH)
  24312 submissions   (implicit TLS)
  24313 a recording relay to 24310: every byte the client sends is kept

Clients: Python smtplib (plain, STARTTLS, AUTH PLAIN and LOGIN, implicit
TLS, SMTPUTF8 with a UTF-8 recipient and a UTF-8 sender, BDAT by hand since
smtplib has no CHUNKING), swaks (plain, STARTTLS, implicit TLS --tlsc,
--pipeline, AUTH PLAIN and LOGIN; swaks cannot send BDAT), curl (smtp://
with --ssl-reqd STARTTLS and smtps://, --user) and msmtp (a config file;
plain, STARTTLS + auth, implicit TLS + auth).

Every message must arrive byte for byte: the Maildir file is Return-Path,
Delivered-To and our Received: field, then exactly the bytes the client
sent after DATA, dot-unstuffed.  Through the recording relay the client's
DATA payload is taken from the wire itself; the TLS runs of the same client
with the same source file must give the same bytes.  The source files are
CRLF-terminated (the clients send them as they are).
"""

import base64
import os
import re
import shutil
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smtp_transcripts as zt  # noqa: E402

P_MX, P_SUB, P_SUBS, P_REC = 24310, 24311, 24312, 24313
tap = zt.Tap()

# The message every client sends: CRLF lines, header fields a client would
# otherwise add (Date, Message-ID), lines that need dot-stuffing, blanks,
# 8-bit UTF-8 and a long line.
SOURCE = (b'From: Alice <alice@example.org>\r\n'
          b'To: Bob <bob@example.org>\r\n'
          b'Subject: zeromail client test\r\n'
          b'Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n'
          b'Message-ID: <client-test@example.org>\r\n'
          b'MIME-Version: 1.0\r\n'
          b'Content-Type: text/plain; charset=utf-8\r\n'
          b'Content-Transfer-Encoding: 8bit\r\n'
          b'\r\n'
          b'.a line that starts with a dot\r\n'
          b'..two dots\r\n'
          b'.\r\n'
          b'\r\n'
          b'trailing blanks   \r\n'
          b'\tTab first\r\n'
          b'Gr\xc3\xbc\xc3\x9fe, J\xc3\xb6rg \xe2\x80\x94 8-bit text\r\n'
          + b'L' * 900 + b'\r\n'
          b'last line\r\n')
SOURCE_UTF8 = (b'From: J\xc3\xb6rg <j\xc3\xb6rg@example.org>\r\n'
               b'To: j\xc3\xb6rg@example.org\r\n'
               b'Subject: Gr\xc3\xbc\xc3\x9fe\r\n'
               b'Date: Mon, 23 Nov 2026 10:00:00 +0000\r\n'
               b'Message-ID: <utf8-test@example.org>\r\n'
               b'\r\n'
               b'SMTPUTF8 body \xe2\x9c\x93\r\n')


class Recorder:
    """A relay on 127.0.0.1:listen to 127.0.0.1:target that keeps the bytes
    each client sent (one entry per connection)."""

    def __init__(self, listen, target):
        self.target = target
        self.sessions = []
        self.srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.srv.bind(('127.0.0.1', listen))
        self.srv.listen(8)
        self.stop_flag = False
        self.t = threading.Thread(target=self._accept, daemon=True)
        self.t.start()

    def _accept(self):
        while not self.stop_flag:
            try:
                c, _ = self.srv.accept()
            except OSError:
                return
            s = socket.create_connection(('127.0.0.1', self.target))
            rec = bytearray()
            self.sessions.append(rec)
            threading.Thread(target=self._pump, args=(c, s, rec), daemon=True).start()
            threading.Thread(target=self._pump, args=(s, c, None), daemon=True).start()

    @staticmethod
    def _pump(src, dst, rec):
        try:
            while True:
                b = src.recv(65536)
                if not b:
                    break
                if rec is not None:
                    rec.extend(b)
                dst.sendall(b)
        except OSError:
            pass
        for s in (dst,):
            try:
                s.shutdown(socket.SHUT_WR)
            except OSError:
                pass

    def last(self):
        return bytes(self.sessions[-1]) if self.sessions else b''

    def close(self):
        self.stop_flag = True
        self.srv.close()


def wire_message(client_bytes):
    """The message a client sent after its (last) DATA command, dot-unstuffed
    (RFC 5321 4.5.2), without the final "." line."""
    found = list(re.finditer(rb'(?i)(?:^|\r\n)DATA\r\n', client_bytes))
    if not found:
        return None
    data = client_bytes[found[-1].end():]
    end = data.find(b'\r\n.\r\n')
    if data.startswith(b'.\r\n'):
        return b''
    if end < 0:
        return None
    body = data[:end + 2]
    lines = body.split(b'\r\n')
    return b'\r\n'.join(ln[1:] if ln.startswith(b'.') else ln for ln in lines)


RECEIVED = re.compile(
    rb'Received: from (?P<helo>\S+) \(\[127\.0\.0\.1\]\)\r\n'
    rb'\tby mx\.example\.org \(zeromail\) with (?P<with>[A-Z0-9]+) id (?P<id>[0-9A-F]+)\r\n'
    rb'(?:\t\((?P<extra>[^\r\n]*)\)\r\n)?'
    rb'\tfor <(?P<for>[^>\r\n]+)>;\r\n'
    rb'\t\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}\r\n')


def check_arrival(fx, box, before, name, sender, delivered_to, rcpt, content, with_, auth=None, tls=False):
    """One TAP line: exactly one new message in box, made of Return-Path,
    Delivered-To, our Received: (protocol with_, TLS and AUTH comments) and
    then content byte for byte."""
    files = fx.messages(box)[before:]
    problems = []
    if len(files) != 1:
        problems.append('%d new messages in %s, expected 1' % (len(files), box))
    else:
        with open(files[0], 'rb') as f:
            data = f.read()
        head = b'Return-Path: <%s>\r\nDelivered-To: %s\r\n' % (sender.encode(), delivered_to.encode())
        if not data.startswith(head):
            problems.append('trace fields: %r' % data[:120])
        m = RECEIVED.match(data, len(head)) if data.startswith(head) else None
        if not m:
            problems.append('Received: %r' % data[len(head):len(head) + 300])
        else:
            if m.group('with').decode() != with_:
                problems.append('with %s, expected %s' % (m.group('with').decode(), with_))
            extra = (m.group('extra') or b'').decode('utf-8', 'replace')
            if tls and not re.match(r'using TLSv1\.[23] ', extra):
                problems.append('no TLS comment: %r' % extra)
            if not tls and 'using' in extra:
                problems.append('TLS comment on a plaintext session: %r' % extra)
            if auth and not extra.endswith('authenticated as %s' % auth):
                problems.append('no "authenticated as %s": %r' % (auth, extra))
            if not auth and 'authenticated' in extra:
                problems.append('unexpected auth comment: %r' % extra)
            if m.group('for').decode('utf-8', 'replace') != rcpt:
                problems.append('for <%s>, expected <%s>' % (m.group('for').decode('utf-8', 'replace'), rcpt))
            rest = data[m.end():]
            if rest != content:
                problems.append('content differs from what the client sent (%d vs %d bytes); first difference at %d'
                                % (len(rest), len(content),
                                   next((i for i in range(min(len(rest), len(content))) if rest[i] != content[i]),
                                        min(len(rest), len(content)))))
    return tap.ok(not problems, name, '\n'.join(problems))


def run(cmd, name, timeout=30, input_=None, quiet=False):
    try:
        p = subprocess.run(cmd, input=input_, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        if p.returncode != 0 and not quiet:
            tap.diag('%s exited %d:\n%s' % (name, p.returncode, p.stdout.decode('utf-8', 'replace')[-1500:]))
        return p.returncode
    except subprocess.TimeoutExpired:
        tap.diag('%s timed out' % name)
        return -1


# ---------------------------------------------------------------------------
def test_smtplib(fx, rec, ca):
    ctx = ssl.create_default_context(cafile=ca)
    # plain, through the recording relay: the wire is the reference
    before = len(fx.messages('bob'))
    with smtplib.SMTP('127.0.0.1', P_REC, local_hostname='client.example', timeout=20) as s:
        s.sendmail('a@remote.example', ['bob@example.org'], SOURCE)
    time.sleep(0.1)
    wire = wire_message(rec.last())
    tap.ok(wire == SOURCE, 'smtplib: the DATA on the wire is the CRLF source file', (wire or b'')[:200])
    check_arrival(fx, 'bob', before, 'smtplib plain (mx): arrives byte for byte as sent on the wire',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', wire or b'?', 'ESMTP')

    # mx with STARTTLS, no AUTH
    before = len(fx.messages('bob'))
    with smtplib.SMTP('127.0.0.1', P_MX, local_hostname='client.example', timeout=20) as s:
        s.starttls(context=ctx)
        s.sendmail('a@remote.example', ['bob@example.org'], SOURCE)
    check_arrival(fx, 'bob', before, 'smtplib STARTTLS (mx): ESMTPS, byte for byte',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPS', tls=True)

    # submission: STARTTLS + AUTH PLAIN
    before = len(fx.messages('bob'))
    with smtplib.SMTP('127.0.0.1', P_SUB, local_hostname='client.example', timeout=20) as s:
        s.ehlo()
        auth_before = 'auth' in s.esmtp_features
        s.starttls(context=ctx)
        s.ehlo()
        s.user, s.password = 'alice@example.org', 'secret'
        s.auth('PLAIN', s.auth_plain)
        s.sendmail('alice@example.org', ['bob@example.org'], SOURCE)
    tap.ok(not auth_before, 'smtplib: submission offers AUTH only after STARTTLS')
    check_arrival(fx, 'bob', before, 'smtplib STARTTLS + AUTH PLAIN (submission): ESMTPSA, byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    # submission: STARTTLS + AUTH LOGIN
    before = len(fx.messages('alice'))
    with smtplib.SMTP('127.0.0.1', P_SUB, local_hostname='client.example', timeout=20) as s:
        s.starttls(context=ctx)
        s.user, s.password = 'alice@example.org', 'secret'
        s.ehlo()
        s.auth('LOGIN', s.auth_login)
        s.sendmail('alice+copy@example.org', ['alice@example.org'], SOURCE)
    check_arrival(fx, 'alice', before, 'smtplib STARTTLS + AUTH LOGIN (submission): byte for byte',
                  'alice+copy@example.org', 'alice@example.org', 'alice@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    # submissions: implicit TLS + login()
    before = len(fx.messages('bob'))
    with smtplib.SMTP_SSL('127.0.0.1', P_SUBS, local_hostname='client.example', context=ctx, timeout=20) as s:
        s.login('alice@example.org', 'secret')
        s.sendmail('alice@example.org', ['bob@example.org'], SOURCE)
    check_arrival(fx, 'bob', before, 'smtplib implicit TLS + login() (submissions): byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    # a wrong password, then the right one
    with smtplib.SMTP_SSL('127.0.0.1', P_SUBS, local_hostname='client.example', context=ctx, timeout=20) as s:
        try:
            s.login('alice@example.org', 'wrong')
            bad = None
        except smtplib.SMTPAuthenticationError as e:
            bad = e.smtp_code
        s.login('alice@example.org', 'secret')
    tap.ok(bad == 535, 'smtplib: a wrong password is SMTPAuthenticationError 535, then login works', bad)

    # SMTPUTF8: a UTF-8 recipient
    before = len(fx.messages('joerg'))
    with smtplib.SMTP('127.0.0.1', P_SUB, local_hostname='client.example', timeout=20) as s:
        s.starttls(context=ctx)
        s.login('alice@example.org', 'secret')
        s.sendmail('alice@example.org', ['j\u00f6rg@example.org'], SOURCE_UTF8, mail_options=['SMTPUTF8'])
    check_arrival(fx, 'joerg', before, 'smtplib SMTPUTF8 to a UTF-8 recipient: UTF8SMTPSA, byte for byte',
                  'alice@example.org', 'j\u00f6rg@example.org', 'j\u00f6rg@example.org', SOURCE_UTF8,
                  'UTF8SMTPSA', auth='alice@example.org', tls=True)

    # SMTPUTF8: a UTF-8 sender (hans@bücher.example, logged in by the U-label)
    before = len(fx.messages('alice'))
    with smtplib.SMTP('127.0.0.1', P_SUB, local_hostname='client.example', timeout=20) as s:
        s.starttls(context=ctx)
        # smtplib's login() only encodes ASCII: AUTH PLAIN with a UTF-8 authcid by hand
        s.ehlo()
        resp = base64.b64encode('\0hans@b\u00fccher.example\0hanspass'.encode('utf-8')).decode()
        code, _ = s.docmd('AUTH', 'PLAIN ' + resp)
        tap.ok(code == 235, 'AUTH PLAIN with a UTF-8 login (hans@b\u00fccher.example): 235', code)
        s.sendmail('hans@b\u00fccher.example', ['alice@example.org'], SOURCE_UTF8, mail_options=['SMTPUTF8'])
    check_utf8_sender(fx, before)

    # BDAT (CHUNKING) by hand over STARTTLS + AUTH: smtplib has no BDAT
    before = len(fx.messages('bob'))
    with smtplib.SMTP('127.0.0.1', P_SUB, local_hostname='client.example', timeout=20) as s:
        s.starttls(context=ctx)
        s.login('alice@example.org', 'secret')
        chunking = s.has_extn('chunking')
        s.mail('alice@example.org', ['BODY=BINARYMIME'])
        s.rcpt('bob@example.org')
        half = len(SOURCE) // 2
        s.putcmd('BDAT', '%d' % half)
        s.send(SOURCE[:half])
        r1 = s.getreply()
        s.putcmd('BDAT', '%d LAST' % (len(SOURCE) - half))
        s.send(SOURCE[half:])
        r2 = s.getreply()
    tap.ok(chunking and r1[0] == 250 and r2[0] == 250, 'smtplib BDAT: CHUNKING offered, two chunks 250', (r1, r2))
    check_arrival(fx, 'bob', before, 'smtplib BDAT (BINARYMIME) over STARTTLS + AUTH: the chunks byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)


def check_utf8_sender(fx, before):
    """The sender's domain may be kept as sent (U-label) or normalised to
    its A-label: both name the same mailbox; the rest must be exact."""
    files = fx.messages('alice')[before:]
    if len(files) != 1:
        return tap.ok(False, 'smtplib SMTPUTF8 from a UTF-8 sender: one message', files)
    with open(files[0], 'rb') as f:
        data = f.read()
    m0 = re.match(rb'Return-Path: <hans@(b\xc3\xbccher\.example|xn--bcher-kva\.example)>\r\n'
                  rb'Delivered-To: alice@example\.org\r\n', data)
    m = RECEIVED.match(data, m0.end()) if m0 else None
    extra = (m.group('extra') or b'').decode('utf-8', 'replace') if m else ''
    ok = (m is not None and m.group('with') == b'UTF8SMTPSA' and extra.startswith('using TLS')
          and re.search(r'authenticated as hans@(b\u00fccher\.example|xn--bcher-kva\.example)$', extra) is not None
          and m.group('for') == b'alice@example.org' and data[m.end():] == SOURCE_UTF8)
    return tap.ok(ok, 'smtplib SMTPUTF8 from a UTF-8 sender (hans@b\u00fccher.example): UTF8SMTPSA, byte for byte',
                  data[:400])


# ---------------------------------------------------------------------------
def test_swaks(fx, rec, ca, tmp):
    if not shutil.which('swaks'):
        tap.skip('swaks', 'swaks not installed')
        return
    # swaks appends CRLF "." itself: the source goes without its last CRLF
    src = os.path.join(tmp, 'swaks.eml')
    with open(src, 'wb') as f:
        f.write(SOURCE[:-2])
    base = ['swaks', '--server', '127.0.0.1', '--helo', 'client.example', '--data', '@' + src,
            '--timeout', '20']
    tls = ['--tls-verify', '--tls-ca-path', ca]

    before = len(fx.messages('bob'))
    rc = run(base + ['--port', str(P_REC), '--from', 'a@remote.example', '--to', 'bob@example.org'], 'swaks')
    time.sleep(0.1)
    wire = wire_message(rec.last())
    tap.ok(rc == 0 and wire == SOURCE, 'swaks: the DATA on the wire is the source (plus the CRLF before the dot)',
           (wire or b'')[-100:])
    check_arrival(fx, 'bob', before, 'swaks plain (mx): byte for byte as on the wire',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', wire or b'?', 'ESMTP')

    before = len(fx.messages('bob'))
    rc = run(base + ['--port', str(P_REC), '--pipeline', '--from', 'a@remote.example', '--to', 'bob@example.org'],
             'swaks --pipeline')
    time.sleep(0.1)
    raw = rec.last()
    pipelined = re.search(rb'MAIL FROM:<a@remote\.example>\r\nRCPT TO:<bob@example\.org>\r\nDATA\r\n', raw)
    tap.ok(rc == 0 and pipelined is not None, 'swaks --pipeline: MAIL, RCPT and DATA in one group', raw[:300])
    check_arrival(fx, 'bob', before, 'swaks --pipeline (mx): byte for byte as on the wire',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', wire_message(raw) or b'?', 'ESMTP')

    before = len(fx.messages('bob'))
    rc = run(base + tls + ['--port', str(P_MX), '--tls', '--from', 'a@remote.example', '--to', 'bob@example.org'],
             'swaks --tls')
    tap.ok(rc == 0, 'swaks --tls (STARTTLS, certificate verified) exits 0')
    check_arrival(fx, 'bob', before, 'swaks STARTTLS (mx): ESMTPS, byte for byte',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPS', tls=True)

    before = len(fx.messages('bob'))
    rc = run(base + tls + ['--port', str(P_SUB), '--tls', '--auth', 'PLAIN', '--auth-user', 'alice@example.org',
                           '--auth-password', 'secret', '--from', 'alice@example.org', '--to', 'bob@example.org'],
             'swaks --tls --auth PLAIN')
    tap.ok(rc == 0, 'swaks --tls --auth PLAIN (submission) exits 0')
    check_arrival(fx, 'bob', before, 'swaks STARTTLS + AUTH PLAIN (submission): ESMTPSA, byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    rc = run(base + tls + ['--port', str(P_SUBS), '--tlsc', '--auth', 'LOGIN', '--auth-user', 'alice@example.org',
                           '--auth-password', 'secret', '--from', 'alice@example.org', '--to', 'bob@example.org'],
             'swaks --tlsc --auth LOGIN')
    tap.ok(rc == 0, 'swaks --tlsc --auth LOGIN (submissions) exits 0')
    check_arrival(fx, 'bob', before, 'swaks implicit TLS + AUTH LOGIN (submissions): byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    rc = run(base + ['--port', str(P_SUB), '--auth', 'PLAIN', '--auth-user', 'alice@example.org',
                     '--auth-password', 'secret', '--from', 'alice@example.org', '--to', 'bob@example.org'],
             'swaks --auth without TLS', quiet=True)
    tap.ok(rc != 0 and len(fx.messages('bob')) == before,
           'swaks --auth without TLS on submission fails (AUTH not offered before STARTTLS), nothing sent')


# ---------------------------------------------------------------------------
def test_curl(fx, rec, ca, tmp):
    if not shutil.which('curl'):
        tap.skip('curl', 'curl not installed')
        return
    src = os.path.join(tmp, 'curl.eml')
    with open(src, 'wb') as f:
        f.write(SOURCE)
    base = ['curl', '-sS', '--max-time', '20', '--upload-file', src]

    before = len(fx.messages('bob'))
    rc = run(base + ['--url', 'smtp://127.0.0.1:%d/client.example' % P_REC, '--mail-from', 'a@remote.example',
                     '--mail-rcpt', 'bob@example.org'], 'curl smtp://')
    time.sleep(0.1)
    wire = wire_message(rec.last())
    tap.ok(rc == 0 and wire == SOURCE, 'curl: the DATA on the wire is the CRLF source file', (wire or b'')[:100])
    check_arrival(fx, 'bob', before, 'curl smtp:// (mx): byte for byte as on the wire',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', wire or b'?', 'ESMTP')

    before = len(fx.messages('bob'))
    rc = run(base + ['--url', 'smtp://127.0.0.1:%d/client.example' % P_SUB, '--ssl-reqd', '--cacert', ca,
                     '--user', 'alice@example.org:secret', '--mail-from', 'alice@example.org',
                     '--mail-rcpt', 'bob@example.org'], 'curl --ssl-reqd')
    tap.ok(rc == 0, 'curl smtp:// --ssl-reqd --user (STARTTLS + AUTH) exits 0')
    check_arrival(fx, 'bob', before, 'curl STARTTLS + AUTH (submission): ESMTPSA, byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    rc = run(base + ['--url', 'smtps://127.0.0.1:%d/client.example' % P_SUBS, '--cacert', ca,
                     '--user', 'alice@example.org:secret', '--mail-from', 'alice@example.org',
                     '--mail-rcpt', 'bob@example.org'], 'curl smtps://')
    tap.ok(rc == 0, 'curl smtps:// --user (implicit TLS + AUTH) exits 0')
    check_arrival(fx, 'bob', before, 'curl smtps:// (submissions): byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    rc = run(base + ['--url', 'smtps://127.0.0.1:%d/client.example' % P_SUBS, '--cacert', ca,
                     '--user', 'alice@example.org:wrong', '--mail-from', 'alice@example.org',
                     '--mail-rcpt', 'bob@example.org'], 'curl wrong password', quiet=True)
    tap.ok(rc == 67 and len(fx.messages('bob')) == before, 'curl with a wrong password: login denied (67), nothing sent',
           rc)


# ---------------------------------------------------------------------------
def test_msmtp(fx, rec, ca, tmp):
    if not shutil.which('msmtp'):
        tap.skip('msmtp', 'msmtp not installed')
        return

    def conf(name, lines):
        p = os.path.join(tmp, name)
        with open(p, 'w') as f:
            f.write('defaults\nhost 127.0.0.1\ndomain client.example\ntimeout 20\nlogfile -\n'
                    'tls_trust_file %s\naccount default\n%s\n' % (ca, '\n'.join(lines)))
        os.chmod(p, 0o600)
        return p

    before = len(fx.messages('bob'))
    c = conf('plain.rc', ['port %d' % P_REC, 'from a@remote.example', 'tls off', 'auth off'])
    rc = run(['msmtp', '-C', c, 'bob@example.org'], 'msmtp plain', input_=SOURCE)
    time.sleep(0.1)
    wire = wire_message(rec.last())
    tap.ok(rc == 0 and wire == SOURCE, 'msmtp: the DATA on the wire is the CRLF source', (wire or b'')[:100])
    check_arrival(fx, 'bob', before, 'msmtp plain (mx): byte for byte as on the wire',
                  'a@remote.example', 'bob@example.org', 'bob@example.org', wire or b'?', 'ESMTP')

    before = len(fx.messages('bob'))
    c = conf('starttls.rc', ['port %d' % P_SUB, 'from alice@example.org', 'tls on', 'tls_starttls on', 'auth on',
                             'user alice@example.org', 'password secret'])
    rc = run(['msmtp', '-C', c, 'bob@example.org'], 'msmtp starttls', input_=SOURCE)
    tap.ok(rc == 0, 'msmtp tls on + starttls + auth on (submission) exits 0')
    check_arrival(fx, 'bob', before, 'msmtp STARTTLS + AUTH (submission): ESMTPSA, byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    c = conf('tls.rc', ['port %d' % P_SUBS, 'from alice@example.org', 'tls on', 'tls_starttls off', 'auth login',
                        'user alice@example.org', 'password secret'])
    rc = run(['msmtp', '-C', c, 'bob@example.org'], 'msmtp implicit tls', input_=SOURCE)
    tap.ok(rc == 0, 'msmtp implicit TLS + auth login (submissions) exits 0')
    check_arrival(fx, 'bob', before, 'msmtp implicit TLS + AUTH LOGIN (submissions): byte for byte',
                  'alice@example.org', 'bob@example.org', 'bob@example.org', SOURCE, 'ESMTPSA',
                  auth='alice@example.org', tls=True)

    before = len(fx.messages('bob'))
    c = conf('sender.rc', ['port %d' % P_SUBS, 'from bob@example.org', 'tls on', 'tls_starttls off', 'auth plain',
                           'user alice@example.org', 'password secret'])
    rc = run(['msmtp', '-C', c, 'bob@example.org'], 'msmtp foreign sender', input_=SOURCE, quiet=True)
    tap.ok(rc != 0 and len(fx.messages('bob')) == before,
           'msmtp as alice with from bob@example.org: refused (553), nothing sent', rc)


def main():
    zt.exit_on_sigterm()
    if not os.path.exists(os.path.join(zt.BUILD, 'smtp-handler')):
        tap.skip('smtp clients', 'no smtp-handler')
        return tap.done()
    if not shutil.which('systemd-socket-activate') or not shutil.which('certtool'):
        tap.skip('smtp clients', 'needs systemd-socket-activate and certtool')
        return tap.done()
    ca = zt.make_certs()['ca']
    fx = zt.Fixture(tls=True)
    tmp = os.path.join(fx.dir, 'clients')
    os.makedirs(tmp)
    listeners, rec = [], None
    try:
        for port, mode in ((P_MX, 'mx'), (P_SUB, 'submission'), (P_SUBS, 'submissions')):
            listeners.append(zt.Listener(fx, port, ['--mode', mode]))
        rec = Recorder(P_REC, P_MX)
        for test, args in ((test_smtplib, (fx, rec, ca)), (test_swaks, (fx, rec, ca, tmp)),
                           (test_curl, (fx, rec, ca, tmp)), (test_msmtp, (fx, rec, ca, tmp))):
            try:
                test(*args)
            except Exception:  # noqa: BLE001 - one failure, then the next client
                import traceback
                tap.ok(False, '%s raised' % test.__name__, traceback.format_exc())
        unexpected = {b: len(m) for b, m in fx.all_messages().items() if b not in ('alice', 'bob', 'joerg')}
        tap.ok(not unexpected, 'no message went anywhere else', unexpected)
    finally:
        if rec:
            rec.close()
        for ls in listeners:
            ls.stop()
        if zt.ASAN:
            logs = b''.join(ls.err for ls in listeners).decode('utf-8', 'replace')
            tap.ok(not re.search(r'AddressSanitizer|runtime error:|LeakSanitizer', logs), 'no sanitizer report',
                   logs[-3000:])
        fx.cleanup()
        zt.cleanup_certs()
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
