# tests/inetd_lib.sh - shared setup for the tests that run a handler under a
# real inetd (tests/integration/inetd_*.sh).  Source it after tests/lib.sh.
#
# It owns: the temp dir $T and its cleanup; the skip when root or a tool is
# missing; the copies of the programs in $T/bin; the throw-away CA and server
# certificate in $T/tls (certtool); alice ($MD) in $T/users and the config
# $T/zeromail.conf; the inetd.conf lines made from units/inetd.conf.example
# (from_example) and the xinetd files made from units/xinetd.d/; the private
# mount namespace with an overlay on /etc in which openbsd-inetd (and xinetd,
# if ZM_XINETD or /usr/sbin/xinetd) run; waiting for a port; stopping them.
# The tests keep their ports, clients and checks.
#
# Under ZM_ASAN=1 ($ASAN) the handlers run as root instead of zeromail (a
# setuid ASan deliver is not usable); lines that already say root are kept.

ASAN=${ZM_ASAN:-}
EX=$ZM_TOP/units/inetd.conf.example
XINETD=${ZM_XINETD:-/usr/sbin/xinetd}
HAVE_XINETD=""
ns_pid=""

inetd_kill() {
	for f in "$T/inetd.pid" "$T/xinetd.pid"; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
}
inetd_cleanup() {
	inetd_kill
	[ -n "${ns_pid:-}" ] && kill "$ns_pid" 2>/dev/null && wait "$ns_pid" 2>/dev/null
	rm -rf "$T"
}

# inetd_begin CLIENT HANDLER [PROGRAM...]: the temp dir $T (removed at exit);
# skip the whole test unless root, CLIENT and the other tools, openbsd-inetd
# and HANDLER are there; copy HANDLER and the PROGRAMs from $ZM_BUILD to
# $T/bin (the handler must be reachable by zeromail, which a checkout under
# /root is not; the others get their modes later); make the certificate.
inetd_begin() {
	client=$1 handler=$2
	shift 2
	T=$(zm_tmpdir)
	trap inetd_cleanup EXIT INT TERM
	need=""
	is_root || need="$need root"
	for c in unshare "$client" certtool python3 setpriv; do
		command -v "$c" >/dev/null 2>&1 || need="$need $c"
	done
	[ -x /usr/sbin/inetd ] || need="$need /usr/sbin/inetd(openbsd-inetd)"
	[ -x "$ZM_BUILD/$handler" ] || need="$need $handler(not built)"
	if [ -n "$need" ]; then
		skip "$handler under inetd (needs:$need)"
		tap_end
		exit
	fi

	mkdir -p "$T/bin" "$T/tls" "$T/mail/alice" "$T/ov/up" "$T/ov/work"
	chown 60001:60001 "$T/mail/alice"
	MD=$T/mail/alice/Maildir
	for p in "$handler" "$@"; do
		cp "$ZM_BUILD/$p" "$T/bin/"
	done
	chmod 0755 "$T/bin/$handler"

	( cd "$T/tls" &&
		printf 'cn = "zeromail test"\nca\ncert_signing_key\nexpiration_days = 2\n' >ca.tmpl &&
		printf 'cn = "localhost"\ndns_name = "localhost"\nip_address = "127.0.0.1"\ntls_www_server\nsigning_key\nencryption_key\nexpiration_days = 2\n' >srv.tmpl &&
		certtool --generate-privkey --key-type=ecdsa --outfile ca-key.pem &&
		certtool --generate-self-signed --load-privkey ca-key.pem --template ca.tmpl --outfile ca.pem &&
		certtool --generate-privkey --key-type=ecdsa --outfile key.pem &&
		certtool --generate-certificate --load-privkey key.pem --load-ca-certificate ca.pem \
			--load-ca-privkey ca-key.pem --template srv.tmpl --outfile cert.pem ) >/dev/null 2>&1
	check "test certificate made" [ -s "$T/tls/cert.pem" ]
}

# inetd_users PASS HOSTNAME [CONF-LINE...]: $T/users with alice@example.org
# (password PASS, uid 60001, Maildir $MD) and $T/zeromail.conf for HOSTNAME
# with the TLS files, plus the CONF-LINEs.
inetd_users() {
	hash=$(printf '%s\n' "$1" | "$ZM_BUILD/zeromail-admin" hash 2>/dev/null)
	echo "alice@example.org:$hash:60001:60001:$MD" >"$T/users"
	host=$2
	shift 2
	{
		echo "hostname = $host"
		echo "local_domains = example.org"
		echo "users_file = $T/users"
		echo "tls_cert = $T/tls/cert.pem"
		echo "tls_key = $T/tls/key.pem"
		echo "auth_failure_delay = 0"
		for l in "$@"; do echo "$l"; done
	} >"$T/zeromail.conf"
}

# from_example SERVICE PORT [WRAPPER...]: the example line of SERVICE with
# 127.0.0.1:PORT instead of the service name and $T/bin instead of the
# install path; WRAPPER (program path, argv0, arguments) runs the handler.
from_example() {
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

# inetd_conf_check HANDLER MIN: show $T/inetd.conf; it must run HANDLER from
# the example's lines at least MIN times.
inetd_conf_check() {
	diag "inetd.conf:"
	sed 's/^/#   /' "$T/inetd.conf"
	check "inetd.conf has the example's lines" [ "$(grep -c "$T/bin/$1" "$T/inetd.conf")" -ge "$2" ]
}

# inetd_xinetd SERVICE:PORT...: if there is an xinetd ($XINETD; it conflicts
# with openbsd-inetd in Debian, so it is usually absent and ZM_XINETD may name
# a binary, e.g. unpacked from the package), the example files
# units/xinetd.d/zeromail-SERVICE with a test service name, port and address,
# and $T/xinetd.conf; sets HAVE_XINETD.
inetd_xinetd() {
	[ -x "$XINETD" ] || return 0
	HAVE_XINETD=1
	mkdir -p "$T/xinetd.d"
	for pair in "$@"; do
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
}

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

# inetd_start PORT [SHELL-LINES]: in a private mount namespace, an overlay on
# /etc with the group zeromail (if missing) and the default config
# /etc/zeromail/zeromail.conf (a copy of $T/zeromail.conf), then SHELL-LINES
# (more users, owners and modes), then xinetd (background, if HAVE_XINETD)
# and inetd (foreground, debug) on $T/inetd.conf.  Checks that inetd listens
# on PORT; if not, shows its log and ends the test.
inetd_start() {
	port=$1 extra=${2:-}
	cat >"$T/inner.sh" <<EOF
set -e
mount -t overlay overlay -o lowerdir=/etc,upperdir=$T/ov/up,workdir=$T/ov/work /etc
getent group zeromail >/dev/null || echo 'zeromail:x:60090:' >>/etc/group
mkdir -p /etc/zeromail
cp $T/zeromail.conf /etc/zeromail/zeromail.conf
chmod 0644 /etc/zeromail/zeromail.conf
$extra
if [ -n "$HAVE_XINETD" ]; then
	$XINETD -dontfork -filelog $T/xinetd.log -f $T/xinetd.conf -pidfile $T/xinetd.pid.x &
	echo \$! >$T/xinetd.pid
fi
echo \$\$ >$T/inetd.pid
exec /usr/sbin/inetd -d -i $T/inetd.conf
EOF
	unshare --mount --propagation private sh "$T/inner.sh" >"$T/inetd.log" 2>&1 &
	ns_pid=$!
	if ! wait_port "$port"; then
		not_ok "inetd listens on 127.0.0.1:$port"
		sed 's/^/# /' "$T/inetd.log"
		tap_end
		exit
	fi
	ok "inetd listens on 127.0.0.1:$port"
}

# xinetd_ready PORT WHAT: true when xinetd runs and listens on PORT;
# otherwise one skip of WHAT (no xinetd) or one failure (with its log), false.
xinetd_ready() {
	if [ -z "$HAVE_XINETD" ]; then
		skip "$2 (no xinetd: it conflicts with openbsd-inetd; set ZM_XINETD)"
		return 1
	fi
	wait_port "$1" && return 0
	not_ok "xinetd listens on 127.0.0.1:$1"
	sed 's/^/# /' "$T/xinetd.log" 2>/dev/null
	return 1
}

# inetd_stop PORT: stop inetd and xinetd; PORT must close.
inetd_stop() {
	inetd_kill
	wait "$ns_pid" 2>/dev/null
	ns_pid=""
	i=0
	while listening "$1" && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
	check "inetd stopped (port closed)" sh -c "! python3 -c 'import socket; socket.create_connection((\"127.0.0.1\", $1), 0.5)' 2>/dev/null"
}
