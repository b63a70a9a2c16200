#!/bin/sh
# inetd_pop3.sh - pop3-handler started by a real inetd from the lines of
# units/inetd.conf.example (openbsd-inetd) and units/xinetd.d/ (xinetd),
# only the address, port and install path changed: curl lists and fetches
# alice's messages over POP3+STLS (port 110 line) and POP3S (port 995 line).
# inetd runs in a private mount namespace with an overlay on /etc, so the
# handler reads the default /etc/zeromail/zeromail.conf as in production
# while the machine is left untouched.
#
# Also checked, for zeromail-pop3@.service: the session works with only
# CAP_SETUID CAP_SETGID in the bounding set and NoNewPrivileges (setpriv),
# and every system call the handler makes through a whole POP3S session is
# in SystemCallFilter=@system-service, every socket it opens is in
# RestrictAddressFamilies=, and no mapping is writable and executable
# (MemoryDenyWriteExecute=) (strace).
. "$ZM_TOP/tests/lib.sh"

P_POP3=24211 P_POP3S=24212 P_CAPS=24213 P_TRACE=24214 P_XPOP3S=24215
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
for c in unshare curl certtool python3 setpriv; do
	command -v "$c" >/dev/null 2>&1 || need="$need $c"
done
[ -x /usr/sbin/inetd ] || need="$need /usr/sbin/inetd(openbsd-inetd)"
[ -x "$ZM_BUILD/pop3-handler" ] || need="$need pop3-handler(not built)"
if [ -n "$need" ]; then
	skip "pop3-handler under inetd (needs:$need)"
	tap_end
	exit
fi

ASAN=${ZM_ASAN:-}
mkdir -p "$T/bin" "$T/tls" "$T/mail/alice" "$T/ov/up" "$T/ov/work"
chown 60001:60001 "$T/mail/alice"
MD=$T/mail/alice/Maildir
cp "$ZM_BUILD/pop3-handler" "$T/bin/"
chmod 0755 "$T/bin/pop3-handler"

( cd "$T/tls" &&
	printf 'cn = "zeromail test"\nca\ncert_signing_key\nexpiration_days = 2\n' >ca.tmpl &&
	printf 'cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >srv.tmpl &&
	certtool --generate-privkey --key-type=ecdsa --outfile ca-key.pem &&
	certtool --generate-self-signed --load-privkey ca-key.pem --template ca.tmpl --outfile ca.pem &&
	certtool --generate-privkey --key-type=ecdsa --outfile key.pem &&
	certtool --generate-certificate --load-privkey key.pem --load-ca-certificate ca.pem \
		--load-ca-privkey ca-key.pem --template srv.tmpl --outfile cert.pem ) >/dev/null 2>&1
check "test certificate made" [ -s "$T/tls/cert.pem" ]
# As the units expect: the key belongs to root (0600), the users file is
# root:<group> 0640; root reads both by their owner bits, no capability.
chmod 0600 "$T/tls/key.pem"

PASS=inetd-pop3-pw
HASH=$(printf '%s\n' "$PASS" | "$ZM_BUILD/zeromail-admin" hash 2>/dev/null)
echo "alice@example.org:$HASH:60001:60001:$MD" >"$T/users"
chmod 0640 "$T/users"
cat >"$T/zeromail.conf" <<EOF
hostname = pop.example.org
local_domains = example.org
users_file = $T/users
tls_cert = $T/tls/cert.pem
tls_key = $T/tls/key.pem
auth_failure_delay = 0
EOF

# Two messages for alice, by deliver (root may name the config).
for i in 1 2; do
	printf 'From: bob@example.net\nSubject: pop3 test %s\n\nbody of message %s\n.leading dot\n' "$i" "$i" |
		"$ZM_BUILD/deliver" --config "$T/zeromail.conf" alice@example.org 2>/dev/null
done
check "two messages in alice's Maildir" [ "$(find "$MD/new" -type f | wc -l)" = 2 ]

EX=$ZM_TOP/units/inetd.conf.example
from_example() { # SERVICE PORT [WRAPPER...]: the example line, rewritten
	svc=$1 port=$2
	shift 2
	line=$(grep "^${svc}[[:space:]]" "$EX" | sed "s#^$svc#127.0.0.1:$port#; s#/usr/local/lib/zeromail/#$T/bin/#g")
	if [ $# -gt 0 ]; then
		echo "$line" | awk -v w="$*" '{ out = $1 " " $2 " " $3 " " $4 " " $5 " " w " " $6
			for (i = 8; i <= NF; i++) out = out " " $i; print out }'
	else
		echo "$line"
	fi
}
# zeromail-pop3@.service: CapabilityBoundingSet=CAP_SETUID CAP_SETGID, NoNewPrivileges=yes
CAPS="--bounding-set -all,+setuid,+setgid --inh-caps -all --no-new-privs"
TRACE=""
if [ -z "$ASAN" ] && command -v strace >/dev/null 2>&1 && command -v systemd-analyze >/dev/null 2>&1; then
	TRACE=1
fi
{
	from_example pop3 $P_POP3
	from_example pop3s $P_POP3S
	[ -z "$ASAN" ] && from_example pop3s $P_CAPS /usr/bin/setpriv setpriv $CAPS --
	[ -n "$TRACE" ] && from_example pop3s $P_TRACE "$(command -v strace)" strace -f -qq -o "$T/trace" \
		/usr/bin/setpriv $CAPS --
} >"$T/inetd.conf"
diag "inetd.conf:"
sed 's/^/#   /' "$T/inetd.conf"
check "inetd.conf has the example's lines" [ "$(grep -c "$T/bin/pop3-handler" "$T/inetd.conf")" -ge 2 ]

XINETD=${ZM_XINETD:-/usr/sbin/xinetd}
HAVE_XINETD=""
if [ -x "$XINETD" ]; then
	HAVE_XINETD=1
	mkdir -p "$T/xinetd.d"
	sed -e "s/^service pop3s\$/service zmtest-pop3s/" \
		-e "/^{/a\\
	type		= UNLISTED\\
	port		= $P_XPOP3S\\
	bind		= 127.0.0.1" \
		-e 's/^\(\tflags\t*= \)IPv6$/\1IPv4/' \
		-e "s#/usr/local/lib/zeromail/#$T/bin/#" \
		"$ZM_TOP/units/xinetd.d/zeromail-pop3s" >"$T/xinetd.d/pop3s"
	printf 'defaults\n{\n\tlog_type = FILE %s/xinetd-service.log\n}\nincludedir %s/xinetd.d\n' "$T" "$T" >"$T/xinetd.conf"
fi

cat >"$T/inner.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=/etc,upperdir=$T/ov/up,workdir=$T/ov/work /etc
getent group zeromail >/dev/null || echo 'zeromail:x:60090:' >>/etc/group
mkdir -p /etc/zeromail
cp $T/zeromail.conf /etc/zeromail/zeromail.conf
chmod 0644 /etc/zeromail/zeromail.conf
chown root:zeromail $T/users
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
if ! wait_port $P_POP3; then
	not_ok "inetd listens on 127.0.0.1:$P_POP3"
	sed 's/^/# /' "$T/inetd.log"
	tap_end
	exit
fi
ok "inetd listens on 127.0.0.1:$P_POP3"

CURL="curl -s --max-time 20 --user alice@example.org:$PASS --cacert $T/tls/ca.pem"
# list NAME URL [OPTIONS]: LIST must show the two messages.
list() {
	what=$1 url=$2
	shift 2
	$CURL "$@" "$url" >"$T/list" 2>"$T/curl.err"
	rc=$?
	if [ "$rc" = 0 ] && [ "$(tr -d '\r' <"$T/list" | grep -c '^[12] [0-9][0-9]*$')" = 2 ]; then
		ok "$what: LIST shows two messages"
	else
		not_ok "$what: LIST shows two messages (curl $rc)"
		sed 's/^/#   /' "$T/list" "$T/curl.err"
	fi
}
# fetch NAME URL [OPTIONS]: RETR N gives a message with its body.
fetch() {
	what=$1 url=$2
	shift 2
	$CURL "$@" "$url" >"$T/msg" 2>"$T/curl.err"
	rc=$?
	if [ "$rc" = 0 ] && tr -d '\r' <"$T/msg" | grep -q '^body of message [12]$'; then
		ok "$what: RETR gives the message"
	else
		not_ok "$what: RETR gives the message (curl $rc)"
		sed 's/^/#   /' "$T/curl.err"
	fi
}

list "inetd pop3 (STLS)" "pop3://127.0.0.1:$P_POP3/" --ssl-reqd
fetch "inetd pop3 (STLS)" "pop3://127.0.0.1:$P_POP3/1" --ssl-reqd
$CURL "pop3://127.0.0.1:$P_POP3/" >/dev/null 2>&1
check "inetd pop3: password without TLS refused" [ $? != 0 ]
list "inetd pop3s (implicit TLS)" "pop3s://127.0.0.1:$P_POP3S/"
fetch "inetd pop3s (implicit TLS)" "pop3s://127.0.0.1:$P_POP3S/2"

if [ -z "$ASAN" ]; then
	list "bounding set CAP_SETUID CAP_SETGID + NoNewPrivileges" "pop3s://127.0.0.1:$P_CAPS/"
else
	skip "capability bounding set (not under ASan)"
fi

if [ -n "$TRACE" ]; then
	list "under strace" "pop3s://127.0.0.1:$P_TRACE/"
	fetch "under strace" "pop3s://127.0.0.1:$P_TRACE/1"
	# Every syscall the handler made (after its execve; before it, strace
	# and setpriv), against @system-service expanded.
	expand() {
		systemd-analyze syscall-filter "$1" 2>/dev/null | sed -n '2,$p' |
			sed 's/^[[:space:]]*//; s/[[:space:]]*#.*//' | grep -v '^$' |
			while read -r s; do
				case "$s" in @*) expand "$s" ;; *) echo "$s" ;; esac
			done
	}
	expand @system-service | sort -u >"$T/allowed"
	awk -v prog="$T/bin/pop3-handler" '
		index($0, "execve(\"" prog "\"") { on = 1 }
		on && match($0, /^[0-9]+ +[a-z0-9_]+\(/) { s = substr($0, RSTART, RLENGTH - 1); sub(/^[0-9]+ +/, "", s); print s }
		on && match($0, /^[0-9]+ +<\.\.\. [a-z0-9_]+ resumed/) { s = substr($0, RSTART, RLENGTH); sub(/^[0-9]+ +<\.\.\. /, "", s); sub(/ resumed$/, "", s); print s }
	' "$T/trace" | sort -u >"$T/used"
	check "strace saw the handler's system calls ($(wc -l <"$T/used") distinct)" [ "$(wc -l <"$T/used")" -gt 20 ]
	missing=$(comm -23 "$T/used" "$T/allowed" | tr '\n' ' ')
	check "every system call is in SystemCallFilter=@system-service${missing:+ (not: $missing)}" [ -z "$missing" ]
	fams=$(grep -o 'socket(AF_[A-Z0-9]*' "$T/trace" | sed 's/socket(//' | sort -u | tr '\n' ' ')
	bad=$(echo "$fams" | tr ' ' '\n' | grep -v -e '^$' -e '^AF_UNIX$' -e '^AF_INET$' -e '^AF_INET6$' | tr '\n' ' ')
	check "sockets only of RestrictAddressFamilies= (${fams:-none})" [ -z "$bad" ]
	check "no writable and executable mapping (MemoryDenyWriteExecute=)" \
		sh -c "! grep -E '(mmap|mprotect|pkey_mprotect)\\(.*(PROT_WRITE\\|PROT_EXEC|PROT_EXEC\\|PROT_WRITE)' '$T/trace' >/dev/null"
else
	skip "system calls against the unit's filter (needs strace and systemd-analyze; not under ASan)"
fi

if [ -n "$HAVE_XINETD" ]; then
	if wait_port $P_XPOP3S; then
		list "xinetd pop3s" "pop3s://127.0.0.1:$P_XPOP3S/"
	else
		not_ok "xinetd listens on 127.0.0.1:$P_XPOP3S"
	fi
else
	skip "xinetd entry (no xinetd: it conflicts with openbsd-inetd; set ZM_XINETD)"
fi

check "nothing was deleted (no DELE sent)" [ "$(find "$MD/new" "$MD/cur" -type f | wc -l)" = 2 ]

for f in "$T/inetd.pid" "$T/xinetd.pid"; do
	[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
done
wait "$ns_pid" 2>/dev/null
ns_pid=""
i=0
while listening $P_POP3 && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
check "inetd stopped (port closed)" sh -c "! python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $P_POP3), 0.5)' 2>/dev/null"

tap_end
