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
. "$ZM_TOP/tests/inetd_lib.sh"

P_MX=24201 P_SUB=24202 P_SUBS=24203 P_CAPS=24204 P_NNP=24205 P_XMX=24206 P_XSUBS=24207
inetd_begin swaks smtp-handler deliver

PASS=inetd-test-pw
inetd_users "$PASS" mx.example.org "deliver_path = $T/bin/deliver"

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
inetd_conf_check smtp-handler 3
inetd_xinetd smtp:$P_XMX submissions:$P_XSUBS

# In the namespace: the user zeromail if missing, and the modes that need the
# group zeromail (deliver setuid root, group zeromail; plain under ASan).
if [ -z "$ASAN" ]; then DELIVER_MODE=4750; else DELIVER_MODE=0755; fi
inetd_start $P_MX "getent passwd zeromail >/dev/null || echo 'zeromail:x:60090:60090:zeromail test:/nonexistent:/usr/sbin/nologin' >>/etc/passwd
chown root:zeromail $T/users $T/tls/key.pem $T/bin/deliver
chmod 0640 $T/users $T/tls/key.pem
chmod $DELIVER_MODE $T/bin/deliver"

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

if xinetd_ready $P_XMX "xinetd entries"; then
	send "xinetd mx" $P_XMX
	FROM=alice@example.org send "xinetd submissions (implicit TLS)+AUTH" $P_XSUBS --tlsc --tls-ca-path "$T/tls/ca.pem" $AUTH
fi

inetd_stop $P_MX

tap_end
