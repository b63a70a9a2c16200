#!/usr/bin/env python3
"""
smtp_attacks.py - smtp-handler against hostile clients.

STARTTLS command injection over a real socket (and AUTH forgotten after
STARTTLS), ALPN (ALPACA), AUTH before TLS, SMTP smuggling (every
end-of-data look-alike followed by a smuggled transaction, in one write and
byte by byte, and in a BDAT chunk), relay tricks (unauthenticated and
authenticated), EHLO names that would break our Received: field, over-long
lines (memory bounded), over-size messages (DATA, and BDAT with the spool
watched through /proc, including a chunk size that wraps around), 10,000
pipelined RCPTs, NUL bytes, 3000 random pipelined commands (one reply
each), slow clients against idle_timeout and command_timeout, a full spool
(ENOSPC on a tmpfs), "mail is never lost" (after a 250 the file is in new/;
strace shows deliver's fsyncs before the 250 is written; 50 pipelined
messages each once), the production privilege model (handler as an
ordinary user, setuid deliver) and 20 concurrent connections.

Handlers run under systemd-socket-activate on 127.0.0.1:24340-24344 (one
process per connection) or on pipes where the test needs the process
itself (its memory, its descriptors).  Fixture, TAP and clients come from
smtp_transcripts.py.
"""

import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import smtp_transcripts as zt  # noqa: E402

PORT_MX, PORT_SUB, PORT_SUBS, PORT_SLOW, PORT_SUB_PLAIN = 24340, 24341, 24342, 24343, 24344
tap = zt.Tap()


def codes(replies):
    """'250 2.1.0 ...' lines -> ['250 2.1.0', ...] (last line of each reply)."""
    return [r[-1][:9] if r else 'EOF' for r in replies]


def read_replies(conn, n):
    return [conn.reply() for _ in range(n)]


def greet(conn, helo='client.example'):
    g = conn.reply()
    e = conn.cmd('EHLO ' + helo)
    return g, e


def total_messages(fx):
    return sum(len(v) for v in fx.all_messages().values())


# ---------------------------------------------------------------------------
def test_starttls_injection(fx, ca):
    # 1. STARTTLS and RSET in one write: the RSET must never be answered,
    #    neither in plaintext nor after the handshake.
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send(b'STARTTLS\r\nRSET\r\n')
    r = c.reply()
    tap.ok(r == ['220 2.0.0 Ready to start TLS'], 'STARTTLS+RSET in one write: 220 2.0.0', r)
    leftover = c.buf
    c.starttls(ca)
    e = c.cmd('EHLO client.example')
    tap.ok(leftover == b'' and e and e[0] == '250-mx.example.org greets client.example',
           'STARTTLS injection: the injected RSET is not answered (first TLS reply is the EHLO)',
           'leftover %r, reply %r' % (leftover, e))
    tap.ok('250-STARTTLS' not in e, 'after TLS, EHLO no longer offers STARTTLS', e)
    r = c.cmd('STARTTLS')
    tap.ok(r and r[0].startswith('503 5.5.1'), 'STARTTLS under TLS: 503 5.5.1', r)
    r = c.cmd('NOOP')
    tap.ok(r == ['250 2.0.0 OK'], 'session in step after the injection attempt', r)
    c.cmd('QUIT')
    c.close()

    # 2. A whole injected transaction after STARTTLS, in the same write.
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send(b'STARTTLS\r\nMAIL FROM:<evil@remote.example>\r\nRCPT TO:<alice@example.org>\r\n'
           b'DATA\r\nSubject: injected\r\n\r\nevil\r\n.\r\n')
    r = c.reply()
    c.starttls(ca)
    m = c.cmd('MAIL FROM:<a@remote.example>')
    tap.ok(m and m[0].startswith('503 5.5.1'),
           'after STARTTLS the state is reset: MAIL before EHLO is 503 (nothing injected ran)', m)
    c.cmd('QUIT')
    c.close()
    time.sleep(0.2)
    tap.ok(total_messages(fx) == 0, 'an injected transaction delivers nothing', fx.all_messages())

    # 3. Plaintext sent just after STARTTLS in a second write, before the
    #    ClientHello: never answered; the handshake may fail, that is fine.
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send(b'STARTTLS\r\n')
    c.send(b'NOOP\r\n')
    r = c.reply()
    time.sleep(0.3)
    try:
        extra = c.buf + c.sock.recv(4096, socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except (BlockingIOError, ConnectionResetError):
        # nothing to read, or the server already took the NOOP for a
        # broken ClientHello and reset the connection: no plaintext either way
        extra = c.buf
    after = []
    try:
        c.starttls(ca)
        after = c.cmd('NOOP')
    except (OSError, zt.ssl_module().SSLError):
        after = ['handshake failed (the NOOP was taken as TLS data)']
    # nothing in plaintext: either nothing at all, or a TLS alert record (0x15)
    plain = extra != b'' and not extra.startswith(b'\x15\x03')
    tap.ok(r == ['220 2.0.0 Ready to start TLS'] and not plain and after in (['250 2.0.0 OK'], [
           'handshake failed (the NOOP was taken as TLS data)']),
           'plaintext in a second write after STARTTLS is never answered in plaintext (%s)' % after[0],
           (r, extra[:200], after))
    c.close()


def test_alpn(ca):
    # RFC 8314 / ALPACA: a client offering ALPN without "smtp" is refused
    results = {}
    for name, protos in (('none', None), ('smtp', ['smtp']), ('http/1.1', ['http/1.1']),
                         ('imap+pop3', ['imap', 'pop3']), ('http/1.1+smtp', ['http/1.1', 'smtp'])):
        ctx = zt.ssl_module().create_default_context(cafile=ca)
        if protos:
            ctx.set_alpn_protocols(protos)
        try:
            raw = socket.create_connection(('127.0.0.1', PORT_SUBS), timeout=10)
            s = ctx.wrap_socket(raw, server_hostname='localhost')
            data = s.recv(4096)
            results[name] = (data.startswith(b'220 '), s.selected_alpn_protocol())
            s.close()
        except (OSError, zt.ssl_module().SSLError):
            results[name] = (False, None)
    tap.ok(results['none'][0] and results['smtp'] == (True, 'smtp') and results['http/1.1+smtp'] == (True, 'smtp')
           and not results['http/1.1'][0] and not results['imap+pop3'][0],
           'ALPN: none or "smtp" accepted (smtp selected), only other protocols refused', results)


def test_starttls_forgets_auth(fx_sub, ca):
    # submission, plaintext AUTH allowed on loopback: AUTH, then STARTTLS:
    # the AUTH is forgotten (RFC 3207 4.2), MAIL needs a new AUTH.
    c = zt.SmtpConn(PORT_SUB)
    greet(c)
    r = c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    tap.ok(r == ['235 2.7.0 Authentication successful'], 'plaintext AUTH on loopback when allowed', r)
    r = c.cmd('STARTTLS')
    c.starttls(ca)
    e = c.cmd('EHLO client.example')
    tap.ok('250-AUTH PLAIN LOGIN' in e, 'after STARTTLS AUTH is offered again (the old one is forgotten)', e)
    m = c.cmd('MAIL FROM:<alice@example.org>')
    tap.ok(m and m[0].startswith('530 5.7.0'), 'after STARTTLS MAIL needs a new AUTH: 530 5.7.0', m)
    r = c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    m = c.cmd('MAIL FROM:<alice@example.org>')
    tap.ok(r == ['235 2.7.0 Authentication successful'] and m == ['250 2.1.0 Sender OK'],
           'AUTH under TLS, then MAIL', (r, m))
    c.cmd('QUIT')
    c.close()


def test_auth_before_tls(fx_plain, ca):
    # submission, allow_plaintext_auth_loopback = no, over a loopback socket
    c = zt.SmtpConn(PORT_SUB_PLAIN)
    g, e = greet(c)
    tap.ok('250-STARTTLS' in e and not any(x.startswith('250-AUTH') for x in e),
           'submission before TLS: STARTTLS offered, AUTH not', e)
    r = c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    tap.ok(r == ['530 5.7.0 Must issue a STARTTLS command first'], 'AUTH before TLS: 530 5.7.0', r)
    r = c.cmd('AUTH LOGIN')
    tap.ok(r == ['530 5.7.0 Must issue a STARTTLS command first'], 'AUTH LOGIN before TLS: 530 5.7.0 (no 334 prompt)', r)
    r = c.cmd('MAIL FROM:<alice@example.org>')
    tap.ok(r and r[0].startswith('530 5.7.0'), 'MAIL before AUTH: 530 5.7.0', r)
    c.cmd('STARTTLS')
    c.starttls(ca)
    e = c.cmd('EHLO client.example')
    tap.ok('250-AUTH PLAIN LOGIN' in e, 'under TLS AUTH is offered', e)
    r = c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    tap.ok(r == ['235 2.7.0 Authentication successful'], 'AUTH under TLS: 235 2.7.0', r)
    c.cmd('QUIT')
    c.close()
    # submissions: implicit TLS, AUTH at once
    c = zt.SmtpConn(PORT_SUBS, tls_ca=ca)
    g, e = greet(c)
    tap.ok(g == ['220 mx.example.org ESMTP zeromail'] and '250-AUTH PLAIN LOGIN' in e
           and '250-STARTTLS' not in e, 'submissions: implicit TLS greeting, AUTH offered, no STARTTLS', (g, e))
    r = c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    tap.ok(r == ['235 2.7.0 Authentication successful'], 'submissions: AUTH 235 2.7.0', r)
    c.cmd('QUIT')
    c.close()


# ---------------------------------------------------------------------------
SMUGGLE = [
    # (name, the bytes between "body" and the smuggled MAIL FROM, final reply of the outer message)
    ('\\n.\\n', b'\n.\n', '554 5.6.0'),
    ('\\n.\\r\\n', b'\n.\r\n', '554 5.6.0'),
    ('\\r.\\r\\n', b'\r.\r\n', '554 5.6.0'),
    ('\\r\\n.\\r', b'\r\n.\r', '554 5.6.0'),
    ('\\r\\n.\\n', b'\r\n.\n', '554 5.6.0'),
    ('.\\n at a line start', b'\r\n.\n', '554 5.6.0'),
    ('\\r\\n.\\r\\r\\n', b'\r\n.\r\r\n', '554 5.6.0'),
    ('\\r\\r\\n.\\r\\r\\n', b'\r\r\n.\r\r\n', '554 5.6.0'),
    ('\\n\\n.\\n\\n', b'\n\n.\n\n', '554 5.6.0'),
    ('\\r\\n\\x00.\\r\\n', b'\r\n\x00.\r\n', '554 5.6.0'),
    ('\\r\\n.\\x00\\r\\n', b'\r\n.\x00\r\n', '554 5.6.0'),
    ('\\r\\n .\\r\\n', b'\r\n .\r\n', '250 2.0.0'),
    ('\\r\\n..\\r\\n (stuffed)', b'\r\n..\r\n', '250 2.0.0'),
]
SMUGGLED = (b'MAIL FROM:<evil@remote.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n'
            b'Subject: smuggled\r\n\r\nevil\r\n.\r\n')


def smuggle_once(fx, seq, split=False):
    """One message holding seq + a smuggled transaction; returns the replies
    after the greeting and EHLO, and the new messages of alice and bob."""
    before_a, before_b = len(fx.messages('alice')), len(fx.messages('bob'))
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    head = (b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n'
            b'Subject: outer\r\n\r\nbody')
    tail = SMUGGLED + b'QUIT\r\n'
    if split:
        # the look-alike cut into single-byte writes
        c.send(head)
        for i in range(len(seq)):
            time.sleep(0.02)
            c.send(seq[i:i + 1])
        time.sleep(0.02)
        c.send(tail)
    else:
        c.send(head + seq + tail)
    data = c.rest(5)
    c.close()
    lines = [ln for ln in data.split(b'\r\n') if ln]
    return lines, fx.messages('alice')[before_a:], fx.messages('bob')[before_b:]


def test_smuggling(fx):
    for name, seq, final in SMUGGLE:
        lines, new_a, new_b = smuggle_once(fx, seq)
        got = [ln.decode('utf-8', 'replace')[:9] for ln in lines]
        want = ['250 2.1.0', '250 2.1.5', '354 2.0.0', final, '221 2.0.0']
        expect_a = 1 if final.startswith('250') else 0
        content_ok = True
        if expect_a and len(new_a) == 1:
            with open(new_a[0], 'rb') as f:
                body = f.read().split(b'\r\n\r\n', 1)[1]
            # the outer message is everything up to the real end, unstuffed
            content_ok = body == b'body' + seq.replace(b'\r\n..', b'\r\n.') + SMUGGLED[:-3]
        tap.ok(got == want and not new_b and len(new_a) == expect_a and content_ok,
               'smuggling %s + MAIL/RCPT/DATA: one reply (%s), no second message' % (name, final),
               'replies %r; alice +%d, bob +%d, content ok %s' % (got, len(new_a), len(new_b), content_ok))
    # the same look-alikes cut into one-byte writes
    for name, seq, final in SMUGGLE[:6]:
        lines, new_a, new_b = smuggle_once(fx, seq, split=True)
        got = [ln.decode('utf-8', 'replace')[:9] for ln in lines]
        tap.ok(got == ['250 2.1.0', '250 2.1.5', '354 2.0.0', final, '221 2.0.0'] and not new_b,
               'smuggling %s in one-byte writes: no second message' % name, (got, len(new_b)))
    # control: a real end followed by a pipelined transaction delivers both
    lines, new_a, new_b = smuggle_once(fx, b'\r\n.\r\n')
    tap.ok(len(new_a) == 1 and len(new_b) == 1,
           'control: a real CRLF.CRLF with a pipelined transaction delivers both (the check can see a second message)',
           (lines, new_a, new_b))
    # BDAT: a chunk is data, whatever it holds
    before_b = len(fx.messages('bob'))
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    chunk = b'Subject: outer\r\n\r\nbody\r\n.\r\n' + SMUGGLED
    c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nBDAT %d LAST\r\n' % len(chunk)
           + chunk + b'QUIT\r\n')
    data = c.rest(5)
    c.close()
    got = [ln[:9] for ln in data.split(b'\r\n') if ln]
    tap.ok(got == [b'250 2.1.0', b'250 2.1.5', b'250 2.0.0', b'221 2.0.0'] and len(fx.messages('bob')) == before_b,
           'BDAT chunk holding CRLF.CRLF and a transaction: one message', got)


# ---------------------------------------------------------------------------
RELAY = ['someone@remote.example', 'someone%remote.example@example.org', 'alice%remote.example@example.org',
         'remote.example!someone@example.org', '"someone@remote.example"@example.org',
         '"alice@example.org"@example.org', '@remote.example:alice@example.org',
         '@a.example,@b.example:alice@example.org', '@example.org:someone@remote.example',
         'someone@[192.0.2.9]', 'alice@[127.0.0.1]', 'someone@remote.example.',
         'alice@example.org@remote.example', 'alice@example.org.remote.example']


def test_relay(fx, fx_plain, ca):
    before = total_messages(fx)
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send('MAIL FROM:<a@remote.example>\r\n' + ''.join('RCPT TO:<%s>\r\n' % a for a in RELAY) + 'DATA\r\nQUIT\r\n')
    replies = read_replies(c, len(RELAY) + 3)
    c.close()
    rc = codes(replies)
    bad = [(a, r) for a, r in zip(RELAY, rc[1:]) if not re.match(r'5(50 5\.7\.1|01 5\.1\.3|01 5\.5\.4)', r)]
    relay_denied = sum(1 for r in rc[1:len(RELAY) + 1] if r == '550 5.7.1')
    tap.ok(not bad and relay_denied >= 11 and rc[-2] == '554 5.5.1',
           'mx: %d relay-trick addresses refused (550 5.7.1, or 501 syntax), DATA 554' % len(RELAY), (bad, rc))
    # the same from an authenticated user on submission (no outbound queue)
    c = zt.SmtpConn(PORT_SUBS, tls_ca=ca)
    greet(c)
    c.cmd('AUTH PLAIN AGFsaWNlQGV4YW1wbGUub3JnAHNlY3JldA==')
    c.send('MAIL FROM:<alice@example.org>\r\n' + ''.join('RCPT TO:<%s>\r\n' % a for a in RELAY) + 'QUIT\r\n')
    replies = read_replies(c, len(RELAY) + 2)
    c.close()
    rc = codes(replies)
    bad = [(a, r) for a, r in zip(RELAY, rc[1:]) if not re.match(r'5(50 5\.7\.1|01 5\.1\.3|01 5\.5\.4)', r)]
    tap.ok(rc[0] == '250 2.1.0' and not bad, 'authenticated: relay tricks and remote recipients refused', (bad, rc))
    time.sleep(0.1)
    tap.ok(total_messages(fx) == before and total_messages(fx_plain) == 0, 'relay tricks delivered nothing',
           (fx.all_messages(), fx_plain.all_messages()))


# ---------------------------------------------------------------------------
def test_helo_in_trace(fx):
    """The EHLO name goes into our Received: field.  A name that is not an
    RFC 5321 Domain or address literal must be refused (501) or must not
    break the field: RFC 5322 3.6.7 received = tokens ";" date-time, so a
    ';' from the client would end the tokens early (a forged date)."""
    for helo in ('a;Mon,_1_Jan_2001', 'x"y', '<a@b>', 'a,b'):
        c = zt.SmtpConn(PORT_MX)
        c.reply()
        e = c.cmd('EHLO ' + helo)
        if e and e[-1].startswith('501'):
            tap.ok(True, 'EHLO %s: refused with 501' % helo)
            c.cmd('QUIT')
            c.close()
            continue
        before = len(fx.messages('carol'))
        c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n')
        read_replies(c, 3)
        c.cmd(b'Subject: helo\r\n\r\n.')
        c.cmd('QUIT')
        c.close()
        files = fx.messages('carol')[before:]
        rec = b''
        if files:
            with open(files[0], 'rb') as f:
                m = re.search(rb'\r\n(Received:.*?)\r\n(?=\S)', f.read(), re.S)
                rec = m.group(1) if m else b''
        semis = rec.count(b';')
        tap.ok(semis == 1 and re.search(rb';\r\n\t\w{3}, \d\d \w{3} \d{4} [\d:]{8} [+-]\d{4}$', rec) is not None
               and b'"' not in rec.split(b'(', 1)[0],
               'EHLO %s: accepted, but the Received: field keeps one ";" before the date and no quote' % helo, rec)


def vm_hwm_kb(pid):
    """Peak resident size of a running process (VmHWM), in kB; 0 if unknown.
    (wait4's ru_maxrss would count the Python parent's pages before exec.)"""
    try:
        with open('/proc/%d/status' % pid) as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def test_long_lines(fx):
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send(b'NOOP ' + b'x' * 100000 + b'\r\nNOOP\r\n')
    r1, r2 = c.reply(), c.reply()
    tap.ok(r1 == ['500 5.5.6 Line too long'] and r2 == ['250 2.0.0 OK'],
           'a 100 kB command line: 500 5.5.6, then in step', (r1, r2))
    c.send(b'MAIL FROM:<' + b'a' * 70000 + b'@remote.example>\r\nRCPT TO:<alice@example.org>\r\nQUIT\r\n')
    rs = read_replies(c, 3)
    tap.ok(codes(rs) == ['500 5.5.6', '503 5.5.1', '221 2.0.0'], 'an over-long MAIL is not half-taken', codes(rs))
    c.close()
    # 20 MB without any LF, on pipes: memory stays bounded
    fxp = zt.Fixture()
    try:
        h = zt.Handler(fxp, args=['--mode', 'mx'])
        chunk = b'y' * (1 << 20)

        def writer():
            h.write(b'HELO client.example\r\nNOOP ')
            for _ in range(20):
                if not h.write(chunk):
                    return
            h.write(b'\r\nNOOP\r\n')
        w = threading.Thread(target=writer, daemon=True)
        w.start()
        h.wait_output(rb'Line too long\r\n250 2\.0\.0 OK\r\n', 30)
        rss_kb = vm_hwm_kb(h.p.pid)
        h.write(b'QUIT\r\n')
        h.close_input()
        st = h.wait(30)
        w.join(5)
        out = bytes(h.out).split(b'\r\n')
        tap.ok(st == 0 and out[2:5] == [b'500 5.5.6 Line too long', b'250 2.0.0 OK', b'221 2.0.0 mx.example.org closing connection'],
               'a 20 MB line without LF: 500 5.5.6 and the session goes on', out[:6])
        if zt.ASAN:
            tap.skip('memory bounded while reading a 20 MB line', 'ASan build')
        else:
            tap.ok(0 < rss_kb < 20 * 1024, 'memory bounded while reading a 20 MB line (max RSS %d kB)' % rss_kb)
    finally:
        fxp.cleanup()


def test_size_limit(fx_small):
    # max_message_size = 64k in this fixture (SIZE 61440)
    c = zt.SmtpConn(PORT_SLOW)
    greet(c)
    body = b'Subject: big\r\n\r\n' + (b'z' * 998 + b'\r\n') * 2100  # about 2 MB
    c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n')
    rs = read_replies(c, 3)
    c.send(body + b'.\r\nNOOP\r\n')
    r = c.reply()
    n = c.reply()
    c.cmd('QUIT')
    c.close()
    time.sleep(0.1)
    tap.ok(codes(rs) == ['250 2.1.0', '250 2.1.5', '354 2.0.0'] and r and r[0].startswith('552 5.3.4')
           and n == ['250 2.0.0 OK'], 'a 2 MB message over a 64 kB limit: read to the end, 552 5.3.4, in step', (rs, r, n))
    tap.ok(total_messages(fx_small) == 0, 'the over-size message is not delivered', fx_small.all_messages())
    tap.ok(os.listdir(os.path.join(fx_small.dir, 'spool')) == [], 'no spool file left behind')


def spool_sizes(pid, spool_dir):
    """Sizes of the files the process has open in spool_dir (its unlinked spool)."""
    sizes = []
    d = '/proc/%d/fd' % pid
    try:
        for fd in os.listdir(d):
            try:
                target = os.readlink(os.path.join(d, fd))
                if target.startswith(spool_dir):
                    sizes.append(os.stat(os.path.join(d, fd)).st_size)
            except OSError:
                pass
    except OSError:
        pass
    return sizes


def bdat_spool_probe(first_chunk, big_size):
    """BDAT first_chunk bytes, then BDAT big_size with 3 MB of data behind it;
    returns the largest spool file seen (max_message_size 64k) and the replies."""
    fxp = zt.Fixture(config=['max_message_size = 64k', 'command_timeout = 20'])
    try:
        h = zt.Handler(fxp, args=['--mode', 'mx'])
        h.write(b'HELO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\n')
        if first_chunk:
            h.write(b'BDAT %d\r\n' % first_chunk + b'a' * first_chunk)
        h.write(b'BDAT %d\r\n' % big_size)
        mb = b'b' * (1 << 20)
        for _ in range(3):
            h.write(mb)
        time.sleep(0.3)
        largest = max(spool_sizes(h.p.pid, os.path.join(fxp.dir, 'spool')) or [0])
        h.close_input()
        h.wait(10)
        return largest, bytes(h.out)
    finally:
        fxp.cleanup()


def test_bdat_size_overflow():
    largest, out = bdat_spool_probe(0, 2 ** 64 - 1)
    tap.ok(largest <= 64 * 1024, 'BDAT 18446744073709551615: nothing beyond the limit is spooled (spool %d bytes)' % largest)
    largest, out = bdat_spool_probe(10, 2 ** 64 - 6)
    tap.ok(largest <= 64 * 1024,
           'BDAT 10 then BDAT 2^64-6 (size + chunk wraps around): nothing beyond max_message_size is spooled '
           '(spool %d bytes)' % largest, out.decode('utf-8', 'replace')[-200:])


# ---------------------------------------------------------------------------
def test_many_rcpts():
    fxp = zt.Fixture()
    try:
        # 10,000 valid, distinct recipients (subaddresses of alice)
        h = zt.Handler(fxp, args=['--mode', 'mx'])
        data = (b'EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\n'
                + b''.join(b'RCPT TO:<alice+%d@example.org>\r\n' % i for i in range(10000))
                + b'RSET\r\n')
        w = threading.Thread(target=lambda: h.write(data), daemon=True)
        w.start()
        h.wait_output(rb'250 2\.0\.0 Reset OK\r\n', 30)
        rss = vm_hwm_kb(h.p.pid)
        h.write(b'QUIT\r\n')
        h.close_input()
        st = h.wait(30)
        w.join(5)
        lines = bytes(h.out).split(b'\r\n')
        ok250 = sum(1 for ln in lines if ln.startswith(b'250 2.1.5'))
        full = sum(1 for ln in lines if ln.startswith(b'452 4.5.3'))
        tap.ok(st == 0 and ok250 == 100 and full == 9900 and b'221 2.0.0' in lines[-2],
               '10,000 pipelined RCPTs: 100 accepted, 9900 x 452 4.5.3, all answered, QUIT 221',
               (st, ok250, full, lines[-3:]))
        if zt.ASAN:
            tap.skip('memory bounded with 10,000 RCPTs', 'ASan build')
        else:
            tap.ok(0 < rss < 20 * 1024, 'memory bounded with 10,000 RCPTs (max RSS %d kB)' % rss)
        tap.ok(h.elapsed < 20, '10,000 RCPTs answered in %.1f s' % h.elapsed)
        # 10,000 unknown users: 421 after max_bad_commands, then closed
        h = zt.Handler(fxp, args=['--mode', 'mx'])
        data = (b'EHLO client.example\r\nMAIL FROM:<a@remote.example>\r\n'
                + b''.join(b'RCPT TO:<nobody%d@example.org>\r\n' % i for i in range(10000)) + b'QUIT\r\n')
        w = threading.Thread(target=lambda: (h.write(data), h.close_input()), daemon=True)
        w.start()
        st = h.wait(30)
        w.join(5)
        lines = [ln for ln in bytes(h.out).split(b'\r\n') if ln]
        n550 = sum(1 for ln in lines if ln.startswith(b'550 5.1.1'))
        tap.ok(st == 0 and n550 == 20 and lines[-1].startswith(b'421 4.7.0'),
               '10,000 pipelined unknown RCPTs: 20 x 550 5.1.1, then 421 4.7.0 and close', (st, n550, lines[-2:]))
        tap.ok(total_messages(fxp) == 0, 'no message from the RCPT floods')
    finally:
        fxp.cleanup()


def test_random_session():
    """A deterministic random mix of 3000 command lines (good, bad, over-long,
    NUL, bare CR, bare-LF ends, wrong order; no DATA/BDAT/AUTH/STARTTLS,
    which take more input) pipelined in one write: exactly one final reply
    per line, in order, each with an enhanced status code (but the EHLO
    lines, RFC 2034), and the session ends cleanly at QUIT."""
    import random
    rnd = random.Random(20261123)
    words = [b'HELO client.example', b'EHLO client.example', b'MAIL FROM:<a@remote.example>',
             b'MAIL FROM:<>', b'MAIL FROM:<a@remote.example> SIZE=10 BODY=8BITMIME', b'MAIL FROM:<x@y> FOO=1',
             b'RCPT TO:<alice@example.org>', b'RCPT TO:<bob@example.org> NOTIFY=NEVER', b'RCPT TO:<nobody@example.org>',
             b'RCPT TO:<x@remote.example>', b'RCPT TO:<alice%x@example.org>', b'RSET', b'NOOP', b'NOOP x y',
             b'VRFY alice', b'EXPN info', b'HELP', b'XYZZY', b'', b'MAIL', b'RCPT', b'HELO', b'EHLO a;b',
             b'RSET now', b'mail from:<a@remote.example>', b'rcpt to:<carol@example.org>']
    lines = []
    for _ in range(3000):
        k = rnd.random()
        if k < 0.85:
            ln = rnd.choice(words)
        elif k < 0.9:
            ln = b'NOOP ' + b'z' * rnd.randint(2040, 5000)
        elif k < 0.94:
            w = bytearray(rnd.choice(words) or b'NOOP')
            w.insert(rnd.randrange(len(w) + 1), 0)
            ln = bytes(w)
        else:
            w = bytearray(rnd.choice(words) or b'NOOP')
            w.insert(rnd.randrange(len(w) + 1), 13)
            ln = bytes(w)
        end = b'\n' if rnd.random() < 0.05 else b'\r\n'
        lines.append(ln + end)
    fxp = zt.Fixture(config=['max_bad_commands = 10000', 'max_junk_commands = 100000'])
    try:
        h = zt.Handler(fxp, args=['--mode', 'mx'])
        data = b''.join(lines) + b'QUIT\r\n'
        w = threading.Thread(target=lambda: (h.write(data), h.close_input()), daemon=True)
        w.start()
        st = h.wait(60)
        w.join(5)
        out = bytes(h.out)
        replies = [ln for ln in out.split(b'\r\n') if re.match(rb'\d{3} ', ln)]
        malformed = [ln for ln in out.split(b'\r\n')[1:-1]
                     if not re.match(rb'(\d{3}-|\d{3} [245]\.\d{1,3}\.\d{1,3} |250 HELP$)', ln)]
        tap.ok(st == 0 and len(replies) == len(lines) + 2 and replies[-1].startswith(b'221 2.0.0')
               and not malformed and out.endswith(b'\r\n'),
               '3000 random pipelined command lines: one final reply each, in step, all with enhanced codes',
               (st, len(replies), len(lines) + 2, malformed[:3], replies[-2:]))
        if zt.ASAN:
            log = bytes(h.err).decode('utf-8', 'replace')
            tap.ok(not re.search(r'AddressSanitizer|runtime error:', log), 'random session: no sanitizer report',
                   log[-2000:])
    finally:
        fxp.cleanup()


def test_nul(fx):
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    c.send(b'MAIL FROM:<a\x00@remote.example>\r\n\x00\r\nRCPT\x00TO:<alice@example.org>\r\nNOOP\r\n')
    rs = read_replies(c, 4)
    tap.ok(codes(rs) == ['500 5.5.2', '500 5.5.2', '500 5.5.2', '250 2.0.0'], 'NUL bytes in commands: 500 5.5.2 each',
           codes(rs))
    before = len(fx.messages('alice'))
    c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n')
    read_replies(c, 3)
    c.send(b'Subject: nul\r\n\r\n' + b'\x00' * 1000 + b'\r\n.\r\n')
    r = c.reply()
    c.cmd('QUIT')
    c.close()
    tap.ok(r and r[0].startswith('554 5.6.0') and len(fx.messages('alice')) == before,
           'NUL bytes in DATA: 554 5.6.0, nothing delivered', r)


# ---------------------------------------------------------------------------
def test_slow_clients(fx_slow):
    # idle_timeout = 2, command_timeout = 3 in this fixture
    # 1. steady commands, each within idle_timeout, for longer than command_timeout: all answered
    c = zt.SmtpConn(PORT_SLOW)
    greet(c)
    good = True
    for _ in range(4):
        time.sleep(1)
        good = good and c.cmd('NOOP') == ['250 2.0.0 OK']
    tap.ok(good, 'a NOOP every second for 4 s (idle 2 s, command 3 s): all answered')
    c.cmd('QUIT')
    c.close()

    def dribble(prefix, stream_byte, limit=7.0):
        """Send prefix, then one byte every 0.5 s; returns (seconds until
        the server closed or answered, what it said)."""
        c = zt.SmtpConn(PORT_SLOW)
        greet(c)
        c.send(prefix)
        start = time.monotonic()
        c.sock.settimeout(0.5)
        got = b''
        while time.monotonic() - start < limit:
            try:
                b = c.sock.recv(4096)
                if not b:
                    break
                got += b
                if re.search(rb'(^|\r\n)421 ', got):
                    break
            except socket.timeout:
                pass
            try:
                c.send(stream_byte)
            except OSError:
                break
        took = time.monotonic() - start
        c.close()
        return took, got

    took, got = dribble(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n', b'x')
    tap.ok(b'421 4.4.2' in got and took <= 5.0,
           'DATA one byte every 0.5 s: 421 4.4.2 within command_timeout (took %.1f s)' % took, got[-200:])
    took, got = dribble(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nBDAT 1000 LAST\r\n', b'x')
    tap.ok(b'421 4.4.2' in got and took <= 5.0,
           'BDAT chunk one byte every 0.5 s: 421 4.4.2 within command_timeout (took %.1f s)' % took, got[-200:])
    took, got = dribble(b'NOOP ', b'x')
    tap.ok(b'421 4.4.2' in got and took <= 5.0,
           'a command line one byte every 0.5 s: ended within command_timeout (took %.1f s; docs/config.md: '
           'command_timeout is the longest time for one command)' % took, got[-200:])
    took, got = dribble(b'AUTH PLAIN\r\n', b'Q')
    tap.ok(re.match(rb'334 ', got) is not None and b'421 4.4.2' in got and took <= 5.0,
           'an AUTH response one byte every 0.5 s: ended within command_timeout (took %.1f s)' % took, got[-200:])
    time.sleep(0.2)
    tap.ok(total_messages(fx_slow) == 0, 'slow clients delivered nothing', fx_slow.all_messages())


# ---------------------------------------------------------------------------
def test_never_lost(fx):
    # after each 250 the message is already in new/
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    ok = True
    for i in range(5):
        before = len(fx.messages('bob'))
        c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<bob@example.org>\r\nDATA\r\n')
        read_replies(c, 3)
        r = c.cmd(b'Subject: n%d\r\n\r\nbody\r\n.' % i)
        ok = ok and r[0].startswith('250 2.0.0') and len(fx.messages('bob')) == before + 1
    c.cmd('QUIT')
    c.close()
    tap.ok(ok, 'after every 250 the message is already in new/ (checked before the next command)')

    # 50 transactions pipelined in one write: 50 messages, each once, in order
    c = zt.SmtpConn(PORT_MX)
    greet(c)
    before = fx.messages('carol')
    c.send(b''.join(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<carol@example.org>\r\nDATA\r\n'
                    b'Subject: p%d\r\n\r\nbody %d\r\n.\r\n' % (i, i) for i in range(50)) + b'QUIT\r\n')
    data = c.rest(20)
    c.close()
    n250 = data.count(b'250 2.0.0 OK: delivered as ')
    files = fx.messages('carol')[len(before):]
    subjects = []
    for f in files:
        with open(f, 'rb') as fh:
            m = re.search(rb'\r\nSubject: p(\d+)\r\n', fh.read())
            subjects.append(int(m.group(1)) if m else -1)
    tap.ok(n250 == 50 and subjects == list(range(50)), '50 pipelined transactions: 50 messages, each once, in order',
           (n250, subjects[:10]))

    # strace: deliver's fsync (file, then new/) before the 250 is written
    if zt.ASAN or not shutil.which('strace'):
        tap.skip('fsync before the 250 (strace)', 'needs strace, not under ASan')
        return
    fxp = zt.Fixture()
    try:
        trace = os.path.join(fxp.dir, 'strace')
        msg = (b'HELO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\n'
               b'DATA\r\nSubject: synced\r\n\r\nbody\r\n.\r\nQUIT\r\n')
        p = subprocess.run(['strace', '-f', '-qq', '-o', trace, '-s', '4096', '-e',
                            'trace=fsync,fdatasync,write,link,linkat,rename,renameat,renameat2',
                            os.path.join(zt.BUILD, 'smtp-handler'), '--config', fxp.conf, '--mode', 'mx'],
                           input=msg, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=30)
        with open(trace, errors='replace') as f:
            tl = f.read().splitlines()
        reply_at = next((i for i, ln in enumerate(tl) if re.search(r'write\(1, ".*250 2\.0\.0 OK: delivered', ln)), None)
        syncs = [i for i, ln in enumerate(tl) if re.search(r'\b(fsync|fdatasync)\(', ln)]
        links = [i for i, ln in enumerate(tl) if re.search(r'\b(link|linkat|rename|renameat2?)\(', ln)]
        ok = (reply_at is not None and b'250 2.0.0 OK' in p.stdout and len([s for s in syncs if s < reply_at]) >= 2
              and links and links[0] < reply_at and any(links[0] < s < reply_at for s in syncs)
              and any(s < links[0] for s in syncs))
        tap.ok(ok, 'strace: the file is fsynced, linked into new/, new/ fsynced, and only then 250 is written',
               '250 at %s, fsyncs at %s, links at %s' % (reply_at, syncs, links))
    finally:
        fxp.cleanup()


def test_spool_full():
    # the spool on a 64 kB tmpfs in a private mount namespace: 4xx, nothing delivered
    if not zt.IS_ROOT or subprocess.run(['unshare', '-m', 'true'], stderr=subprocess.DEVNULL).returncode != 0:
        tap.skip('spool full: temporary failure', 'needs root and unshare -m')
        return
    fxp = zt.Fixture(config=['max_message_size = 10M'])
    try:
        spool = os.path.join(fxp.dir, 'spool')
        script = ('mount --make-rprivate / && mount -t tmpfs -o size=64k,mode=0700 tmpfs "%s" && exec "%s" --config "%s" --mode mx'
                  % (spool, os.path.join(zt.BUILD, 'smtp-handler'), fxp.conf))
        body = b'Subject: big\r\n\r\n' + (b'q' * 998 + b'\r\n') * 300
        msg = (b'HELO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\nDATA\r\n'
               + body + b'.\r\nNOOP\r\nQUIT\r\n')
        p = subprocess.run(['unshare', '-m', 'sh', '-c', script], input=msg, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=30)
        lines = p.stdout.split(b'\r\n')
        final = lines[5] if len(lines) > 5 else b''
        tap.ok(lines[4].startswith(b'354 ') and re.match(rb'4\d\d 4\.3\.\d ', final) is not None and lines[6:8] == [b'250 2.0.0 OK', b'221 2.0.0 mx.example.org closing connection'],
               'spool full (ENOSPC): a temporary 4xx 4.3.x after DATA, session in step (%s)' % final[:9].decode(), lines[:8])
        tap.ok(total_messages(fxp) == 0, 'spool full: nothing delivered')
    finally:
        fxp.cleanup()


def test_unprivileged():
    """The production privilege model: smtp-handler as an ordinary user in
    deliver_group, deliver setuid root (mode 4750), the default config path
    (a setuid deliver refuses another file from a non-root caller), bound
    over /etc/zeromail in a private mount namespace as deliver.sh does."""
    if (not zt.IS_ROOT or zt.ASAN or not shutil.which('setpriv')
            or subprocess.run(['unshare', '-m', 'true'], stderr=subprocess.DEVNULL).returncode != 0):
        tap.skip('unprivileged smtp-handler with a setuid deliver', 'needs root, setpriv, unshare; not under ASan')
        return
    fxp = zt.Fixture()
    try:
        etc = os.path.join(fxp.dir, 'etc')
        spool = os.path.join(fxp.dir, 'spool-u')
        os.makedirs(etc)
        os.makedirs(spool)
        os.chown(spool, 60010, 60010)
        os.chmod(spool, 0o700)
        suid = os.path.join(fxp.dir, 'deliver-suid')
        shutil.copy(os.path.join(zt.BUILD, 'deliver'), suid)
        os.chown(suid, 0, 60100)
        os.chmod(suid, 0o4750)
        with open(fxp.conf) as f:
            conf = f.read()
        conf += 'deliver_group = 60100\ndeliver_path = %s\nspool_dir = %s\n' % (suid, spool)
        with open(os.path.join(etc, 'zeromail.conf'), 'w') as f:
            f.write(conf)
        msg = (b'HELO client.example\r\nMAIL FROM:<a@remote.example>\r\nRCPT TO:<alice@example.org>\r\n'
               b'DATA\r\nSubject: unprivileged\r\n\r\nbody\r\n.\r\nQUIT\r\n')

        def session(groups):
            script = ('mount --make-rprivate / && mkdir -p /etc/zeromail && mount --bind "%s" /etc/zeromail && '
                      'exec setpriv --reuid=60010 --regid=60010 %s "%s" --mode mx'
                      % (etc, groups, os.path.join(zt.BUILD, 'smtp-handler')))
            env = {k: v for k, v in os.environ.items() if k != 'ZEROMAIL_CONFIG'}
            p = subprocess.run(['unshare', '-m', 'sh', '-c', script], input=msg, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=30, env=env)
            return p.stdout.split(b'\r\n'), p.stderr.decode('utf-8', 'replace')
        lines, err = session('--groups=60100')
        files = fxp.messages('alice')
        owner = os.stat(files[0]).st_uid if files else None
        tap.ok(len(lines) > 5 and lines[5].startswith(b'250 2.0.0 OK: delivered as ') and len(files) == 1
               and owner == 60001,
               'smtp-handler as uid 60010 in deliver_group, setuid deliver: 250, the file owned by the mailbox owner',
               (lines[:7], err[-1500:]))
        lines, err = session('--clear-groups')
        tap.ok(len(lines) > 5 and lines[5].startswith(b'451 4.3.0') and len(fxp.messages('alice')) == 1,
               'smtp-handler outside deliver_group: deliver refuses to run, 451 4.3.0, nothing delivered',
               (lines[:7], err[-1500:]))
    finally:
        fxp.cleanup()


def test_concurrent(fx):
    results = []

    def one(i):
        try:
            c = zt.SmtpConn(PORT_MX)
            greet(c)
            c.send(b'MAIL FROM:<a@remote.example>\r\nRCPT TO:<team@example.org>\r\nDATA\r\n')
            read_replies(c, 3)
            r = c.cmd(b'Subject: c%d\r\n\r\nbody\r\n.' % i)
            c.cmd('QUIT')
            c.close()
            results.append(r[0][:9] if r else 'EOF')
        except OSError as e:
            results.append(str(e))
    before_a, before_b = len(fx.messages('alice')), len(fx.messages('bob'))
    ts = [threading.Thread(target=one, args=(i,)) for i in range(20)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    tap.ok(results.count('250 2.0.0') == 20 and len(fx.messages('alice')) == before_a + 20
           and len(fx.messages('bob')) == before_b + 20,
           '20 concurrent connections (one process each): 20 messages to each member of an alias', results)


def run(test, *args):
    """Run one group; an exception is one failure with its traceback."""
    try:
        test(*args)
    except Exception:  # noqa: BLE001 - report and go on with the next group
        import traceback
        tap.ok(False, '%s raised' % test.__name__, traceback.format_exc())


def main():
    zt.exit_on_sigterm()
    if not os.path.exists(os.path.join(zt.BUILD, 'smtp-handler')):
        tap.skip('smtp attacks', 'no smtp-handler')
        return tap.done()
    if not shutil.which('systemd-socket-activate') or not shutil.which('certtool'):
        tap.skip('smtp attacks', 'needs systemd-socket-activate and certtool')
        return tap.done()
    certs = zt.make_certs()
    ca = certs['ca']
    fx = zt.Fixture(tls=True)
    fx_sub = zt.Fixture(tls=True, config=['allow_plaintext_auth_loopback = yes'])
    fx_plain = zt.Fixture(tls=True, config=['allow_plaintext_auth_loopback = no'])
    fx_slow = zt.Fixture(config=['idle_timeout = 2', 'command_timeout = 3', 'max_message_size = 64k',
                                 'smtp_auth_on_mx = yes', 'allow_plaintext_auth_loopback = yes'])
    listeners = []
    try:
        for f, port, mode in ((fx, PORT_MX, 'mx'), (fx_sub, PORT_SUB, 'submission'),
                              (fx_plain, PORT_SUBS, 'submissions'), (fx_slow, PORT_SLOW, 'mx'),
                              (fx_plain, PORT_SUB_PLAIN, 'submission')):
            listeners.append(zt.Listener(f, port, ['--mode', mode]))
        run(test_starttls_injection, fx, ca)
        run(test_alpn, ca)
        run(test_starttls_forgets_auth, fx_sub, ca)
        run(test_auth_before_tls, fx_plain, ca)
        run(test_smuggling, fx)
        run(test_relay, fx, fx_plain, ca)
        run(test_helo_in_trace, fx)
        run(test_long_lines, fx)
        run(test_size_limit, fx_slow)
        run(test_bdat_size_overflow)
        run(test_many_rcpts)
        run(test_nul, fx)
        run(test_random_session)
        run(test_slow_clients, fx_slow)
        run(test_never_lost, fx)
        run(test_spool_full)
        run(test_unprivileged)
        run(test_concurrent, fx)
    finally:
        for ls in listeners:
            ls.stop()
        if zt.ASAN:
            logs = b''.join(ls.err for ls in listeners).decode('utf-8', 'replace')
            tap.ok(not re.search(r'AddressSanitizer|runtime error:|LeakSanitizer', logs), 'no sanitizer report',
                   logs[-3000:])
        for f in (fx, fx_sub, fx_plain, fx_slow):
            f.cleanup()
        zt.cleanup_certs()
    return tap.done()


if __name__ == '__main__':
    sys.exit(main())
