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
. "$ZM_TOP/tests/inetd_lib.sh"

P_POP3=24211 P_POP3S=24212 P_CAPS=24213 P_TRACE=24214 P_XPOP3S=24215
inetd_begin curl pop3-handler
# As the units expect: the key belongs to root (0600), the users file is
# root:<group> 0640; root reads both by their owner bits, no capability.
chmod 0600 "$T/tls/key.pem"

PASS=inetd-pop3-pw
inetd_users "$PASS" pop.example.org
chmod 0640 "$T/users"

# Two messages for alice, by deliver (root may name the config).
for i in 1 2; do
	printf 'From: bob@example.net\nSubject: pop3 test %s\n\nbody of message %s\n.leading dot\n' "$i" "$i" |
		"$ZM_BUILD/deliver" --config "$T/zeromail.conf" alice@example.org 2>/dev/null
done
check "two messages in alice's Maildir" [ "$(find "$MD/new" -type f | wc -l)" = 2 ]

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
inetd_conf_check pop3-handler 2
inetd_xinetd pop3s:$P_XPOP3S

inetd_start $P_POP3 "chown root:zeromail $T/users"

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

if xinetd_ready $P_XPOP3S "xinetd entry"; then
	list "xinetd pop3s" "pop3s://127.0.0.1:$P_XPOP3S/"
fi

check "nothing was deleted (no DELE sent)" [ "$(find "$MD/new" "$MD/cur" -type f | wc -l)" = 2 ]

inetd_stop $P_POP3

tap_end
