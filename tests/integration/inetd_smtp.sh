#!/bin/sh
# inetd_smtp.sh - smtp-handler started by a real inetd from the lines of
# units/inetd.conf.example (openbsd-inetd) and units/xinetd.d/ (xinetd),
# only the address, port and install path changed, answering real swaks
# sessions on 127.0.0.1: MX (plain and STARTTLS), submission (STARTTLS +
# AUTH) and submissions (implicit TLS + AUTH); each message must arrive in
# alice's Maildir.  As in production, the handler runs as the unprivileged
# user zeromail and hands each message to a setuid-root deliver (mode 4750
# root:zeromail) that reads the default /etc/zeromail/zeromail.conf.
#
# To get that without touching the machine, inetd runs in a private mount
# namespace with an overlay on /etc (the user zeromail, if missing, and
# /etc/zeromail/zeromail.conf exist only there).  Also checked: deliver
# works with the capability bounding set of zeromail-smtp@.service
# (setpriv), and fails (temporarily, nothing lost) with NoNewPrivileges,
# which is why the unit must not imply it.  Under ASan the handler runs as
# root with a plain deliver (a setuid ASan binary is not usable).
. "$ZM_TOP/tests/lib.sh"

P_MX=24201 P_SUB=24202 P_SUBS=24203 P_CAPS=24204 P_NNP=24205 P_XMX=24206 P_XSUBS=24207
T=$(zm_tmpdir)
cleanup() {
	for f in "$T/inetd.pid" "$T/xinetd.pid"; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	[ -n "${ns_pid:-}" ] && kill "$ns_pid" 2>/dev/null && wait "$ns_pid" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

need=""
is_root || need="$need root"
for c in unshare swaks certtool python3 setpriv; do
	command -v "$c" >/dev/null 2>&1 || need="$need $c"
done
[ -x /usr/sbin/inetd ] || need="$need /usr/sbin/inetd(openbsd-inetd)"
[ -x "$ZM_BUILD/smtp-handler" ] || need="$need smtp-handler(not built)"
if [ -n "$need" ]; then
	skip "smtp-handler under inetd (needs:$need)"
	tap_end
	exit
fi

ASAN=${ZM_ASAN:-}
mkdir -p "$T/bin" "$T/tls" "$T/mail/alice" "$T/ov/up" "$T/ov/work"
chown 60001:60001 "$T/mail/alice"
MD=$T/mail/alice/Maildir
# Copies: the handler must be reachable by zeromail (a checkout under /root
# is not), and deliver needs its own mode.
cp "$ZM_BUILD/smtp-handler" "$ZM_BUILD/deliver" "$T/bin/"
chmod 0755 "$T/bin/smtp-handler"

( cd "$T/tls" &&
	printf 'cn = "zeromail test"\nca\ncert_signing_key\nexpiration_days = 2\n' >ca.tmpl &&
	printf 'cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >srv.tmpl &&
	certtool --generate-privkey --key-type=ecdsa --outfile ca-key.pem &&
	certtool --generate-self-signed --load-privkey ca-key.pem --template ca.tmpl --outfile ca.pem &&
	certtool --generate-privkey --key-type=ecdsa --outfile key.pem &&
	certtool --generate-certificate --load-privkey key.pem --load-ca-certificate ca.pem \
		--load-ca-privkey ca-key.pem --template srv.tmpl --outfile cert.pem ) >/dev/null 2>&1
check "test certificate made" [ -s "$T/tls/cert.pem" ]

PASS=inetd-test-pw
HASH=$(printf '%s\n' "$PASS" | "$ZM_BUILD/zeromail-admin" hash 2>/dev/null)
echo "alice@example.org:$HASH:60001:60001:$MD" >"$T/users"
cat >"$T/zeromail.conf" <<EOF
hostname = mx.example.org
local_domains = example.org
users_file = $T/users
deliver_path = $T/bin/deliver
tls_cert = $T/tls/cert.pem
tls_key = $T/tls/key.pem
auth_failure_delay = 0
EOF

# The service lines, from the examples: address:port instead of the
# service name, $T/bin instead of the install path.
EX=$ZM_TOP/units/inetd.conf.example
from_example() { # SERVICE PORT [WRAPPER...]: the example line, rewritten
	svc=$1 port=$2
	shift 2
	line=$(grep "^${svc}[[:space:]]" "$EX" | sed "s#^$svc#127.0.0.1:$port#; s#/usr/local/lib/zeromail/#$T/bin/#g")
	[ -n "$ASAN" ] && line=$(echo "$line" | sed 's/[[:space:]]zeromail[[:space:]]/ root /')
	if [ $# -gt 0 ]; then
		# "... user /path/prog prog args" -> "... user WRAPPER0 WRAPPER... /path/prog args"
		echo "$line" | awk -v w="$*" '{ out = $1 " " $2 " " $3 " " $4 " " $5 " " w " " $6
			for (i = 8; i <= NF; i++) out = out " " $i; print out }'
	else
		echo "$line"
	fi
}
{
	from_example smtp $P_MX
	from_example submission $P_SUB
	from_example submissions $P_SUBS
	if [ -z "$ASAN" ]; then
		# zeromail-smtp@.service: CapabilityBoundingSet=CAP_SETUID CAP_SETGID CAP_KILL
		from_example smtp $P_CAPS /usr/bin/setpriv setpriv --bounding-set -all,+setuid,+setgid,+kill --
		# what NoNewPrivileges=yes would do
		from_example smtp $P_NNP /usr/bin/setpriv setpriv --no-new-privs --
	fi
} >"$T/inetd.conf"
diag "inetd.conf:"
sed 's/^/#   /' "$T/inetd.conf"
check "inetd.conf has the example's lines" [ "$(grep -c "$T/bin/smtp-handler" "$T/inetd.conf")" -ge 3 ]

# xinetd: the example files, with a test service name, port and address.
# xinetd conflicts with openbsd-inetd in Debian, so it is usually absent;
# ZM_XINETD may name a binary (e.g. unpacked from the package).
XINETD=${ZM_XINETD:-/usr/sbin/xinetd}
HAVE_XINETD=""
if [ -x "$XINETD" ]; then
	HAVE_XINETD=1
	mkdir -p "$T/xinetd.d"
	for pair in smtp:$P_XMX submissions:$P_XSUBS; do
		n=${pair%%:*} p=${pair#*:}
		sed -e "s/^service $n\$/service zmtest-$n/" \
			-e "/^{/a\\
	type		= UNLISTED\\
	port		= $p\\
	bind		= 127.0.0.1" \
			-e 's/^\(\tflags\t*= \)IPv6$/\1IPv4/' \
			-e "s#/usr/local/lib/zeromail/#$T/bin/#" \
			"$ZM_TOP/units/xinetd.d/zeromail-$n" >"$T/xinetd.d/$n"
		[ -n "$ASAN" ] && sed -i 's/^\(\tuser\t*= \)zeromail$/\1root/' "$T/xinetd.d/$n"
	done
	printf 'defaults\n{\n\tlog_type = FILE %s/xinetd-service.log\n}\nincludedir %s/xinetd.d\n' "$T" "$T" >"$T/xinetd.conf"
fi

# Inside the namespace: the overlay on /etc, the user zeromail if missing,
# the default config, the modes that need the group zeromail; then xinetd
# (background) and inetd (foreground, debug).
cat >"$T/inner.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=/etc,upperdir=$T/ov/up,workdir=$T/ov/work /etc
getent group zeromail >/dev/null || echo 'zeromail:x:60090:' >>/etc/group
getent passwd zeromail >/dev/null || echo 'zeromail:x:60090:60090:zeromail test:/nonexistent:/usr/sbin/nologin' >>/etc/passwd
mkdir -p /etc/zeromail
cp $T/zeromail.conf /etc/zeromail/zeromail.conf
chmod 0644 /etc/zeromail/zeromail.conf
chown root:zeromail $T/users $T/tls/key.pem $T/bin/deliver
chmod 0640 $T/users $T/tls/key.pem
if [ -z "$ASAN" ]; then chmod 4750 $T/bin/deliver; else chmod 0755 $T/bin/deliver; fi
if [ -n "$HAVE_XINETD" ]; then
	$XINETD -dontfork -filelog $T/xinetd.log -f $T/xinetd.conf -pidfile $T/xinetd.pid.x &
	echo \$! >$T/xinetd.pid
fi
echo \$\$ >$T/inetd.pid
exec /usr/sbin/inetd -d -i $T/inetd.conf
EOF
unshare --mount --propagation private sh "$T/inner.sh" >"$T/inetd.log" 2>&1 &
ns_pid=$!

listening() { python3 -c 'import socket,sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()' "$1" 2>/dev/null; }
wait_port() {
	i=0
	while [ $i -lt 50 ]; do
		listening "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	return 1
}
if ! wait_port $P_MX; then
	not_ok "inetd listens on 127.0.0.1:$P_MX"
	sed 's/^/# /' "$T/inetd.log"
	tap_end
	exit
fi
ok "inetd listens on 127.0.0.1:$P_MX"

count_new() { find "$MD/new" -type f 2>/dev/null | wc -l; }
newest() { ls -t "$MD"/new/* 2>/dev/null | head -n 1; }
# send NAME PORT SWAKS-OPTIONS...: one message to alice, which must arrive.
send() {
	what=$1 port=$2
	shift 2
	before=$(count_new)
	swaks --server 127.0.0.1 --port "$port" --timeout 20 --from "${FROM:-sender@remote.example}" \
		--to alice@example.org --header "Subject: $what" --body "sent by $what" "$@" >"$T/swaks.out" 2>&1
	rc=$?
	if [ "$rc" = 0 ] && [ "$(count_new)" = $((before + 1)) ] && grep -q "^sent by $what" "$(newest)"; then
		ok "$what: accepted and in alice's Maildir"
	else
		not_ok "$what: accepted and in alice's Maildir (swaks $rc)"
		grep -E '^( *<[-~*]| *\*\*\*)' "$T/swaks.out" | tail -n 8 | sed 's/^/#   /'
	fi
}
AUTH="--auth PLAIN --auth-user alice@example.org --auth-password $PASS"

send "inetd mx" $P_MX
f=$(newest)
check "inetd mx: delivered as alice (uid 60001), mode 0600" [ "$(stat -c '%u %a' "$f" 2>/dev/null)" = "60001 600" ]
check "inetd mx: Received: names the peer 127.0.0.1 (from getpeername)" grep -q '127\.0\.0\.1' "$f"
send "inetd mx STARTTLS" $P_MX --tls --tls-ca-path "$T/tls/ca.pem"
check "inetd mx STARTTLS: Received: says TLS" grep -qi 'tls' "$(newest)"
FROM=alice@example.org send "inetd submission STARTTLS+AUTH" $P_SUB --tls --tls-ca-path "$T/tls/ca.pem" $AUTH
FROM=alice@example.org send "inetd submissions (implicit TLS)+AUTH" $P_SUBS --tlsc --tls-ca-path "$T/tls/ca.pem" $AUTH

before=$(count_new)
swaks --server 127.0.0.1 --port $P_MX --timeout 20 --from a@remote.example --to nobody@example.org >"$T/swaks.out" 2>&1
check "inetd mx: unknown recipient refused with 550" grep -q '^ *<\*\* *550' "$T/swaks.out"
swaks --server 127.0.0.1 --port $P_SUB --timeout 20 --from alice@example.org --to alice@example.org \
	--auth PLAIN --auth-user alice@example.org --auth-password "$PASS" >"$T/swaks.out" 2>&1
check "inetd submission: AUTH without TLS refused" [ $? != 0 ]
check "nothing else arrived" [ "$(count_new)" = "$before" ]

if [ -z "$ASAN" ]; then
	send "bounding set CAP_SETUID CAP_SETGID CAP_KILL" $P_CAPS
	before=$(count_new)
	swaks --server 127.0.0.1 --port $P_NNP --timeout 20 --from a@remote.example --to alice@example.org \
		--body "nnp" >"$T/swaks.out" 2>&1
	check "with NoNewPrivileges deliver cannot work: 4xx, not accepted" grep -q '^ *<\*\* *4[0-9][0-9]' "$T/swaks.out"
	check "with NoNewPrivileges nothing was delivered" [ "$(count_new)" = "$before" ]
else
	skip "capability bounding set and NoNewPrivileges (not under ASan)"
fi

if [ -n "$HAVE_XINETD" ]; then
	if wait_port $P_XMX; then
		send "xinetd mx" $P_XMX
		FROM=alice@example.org send "xinetd submissions (implicit TLS)+AUTH" $P_XSUBS --tlsc --tls-ca-path "$T/tls/ca.pem" $AUTH
	else
		not_ok "xinetd listens on 127.0.0.1:$P_XMX"
		sed 's/^/# /' "$T/xinetd.log" 2>/dev/null
	fi
else
	skip "xinetd entries (no xinetd: it conflicts with openbsd-inetd; set ZM_XINETD)"
fi

# Stop inetd and xinetd; the ports must close.
for f in "$T/inetd.pid" "$T/xinetd.pid"; do
	[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
done
wait "$ns_pid" 2>/dev/null
ns_pid=""
i=0
while listening $P_MX && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
check "inetd stopped (port closed)" sh -c "! python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $P_MX), 0.5)' 2>/dev/null"

tap_end
