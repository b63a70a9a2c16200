#!/bin/sh
# units_verify.sh - the systemd units, inetd and xinetd files in units/:
# systemd-analyze verify accepts every unit (ExecStart pointed at the built
# handlers) and the documented drop-ins; the ports, Accept=yes, limits,
# handler flags and users are what units/README.md says, in every unit,
# inetd.conf.example and xinetd.d file; the SMTP sandbox keeps deliver's
# setuid bit working (no setting that implies NoNewPrivileges=); POP3 keeps
# its capability set and syscall filter; exposure levels do not regress.
#
# systemd-analyze verify needs no running systemd (it loads the units in a
# test-mode manager), so this works in containers; it is skipped only when
# systemd-analyze is missing.
. "$ZM_TOP/tests/lib.sh"

U=$ZM_TOP/units
T=$(zm_tmpdir)
trap 'rm -rf "$T"' EXIT INT TERM

# The table of units/README.md: socket, port, template, handler+flags, user.
# Rows look like: | `zeromail-smtp.socket` | 25 | `zeromail-smtp@.service` | `smtp-handler --mode mx` | zeromail |
sed -n 's/^| `\(zeromail-[a-z0-9]*\)\.socket` | \([0-9]*\) | `\(zeromail-[a-z0-9]*@\.service\)` | `\([^`]*\)` | \([a-z]*\).*/\1 \2 \3 \5 \4/p' \
	"$U/README.md" >"$T/table"
check "README.md lists the five services" [ "$(wc -l <"$T/table")" = 5 ]
for n in smtp submission submissions pop3 pop3s; do
	check "README.md has a row for zeromail-$n" grep -q "^zeromail-$n " "$T/table"
done

# value KEY FILE: the last "KEY=value" of a unit file (the one systemd uses).
value() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
# standard port of an /etc/services name, without depending on that file.
port_of() {
	case "$1" in
	smtp) echo 25 ;; submission) echo 587 ;; submissions) echo 465 ;;
	pop3) echo 110 ;; pop3s) echo 995 ;; *) echo "?" ;;
	esac
}

# --- what each socket and service says, against the table -----------------
while read -r sname port tmpl user cmd; do
	sock=$U/$sname.socket
	svc=$U/$tmpl
	check "$sname.socket exists" [ -f "$sock" ]
	check "$tmpl exists" [ -f "$svc" ]
	[ -f "$sock" ] && [ -f "$svc" ] || continue
	check "$sname.socket: ListenStream=$port" [ "$(value ListenStream "$sock")" = "$port" ]
	check "$sname.socket: Accept=yes" [ "$(value Accept "$sock")" = yes ]
	mc=$(value MaxConnections "$sock")
	mps=$(value MaxConnectionsPerSource "$sock")
	case "$mc" in '' | *[!0-9]*) not_ok "$sname.socket: MaxConnections= is a number ($mc)" ;;
	*) check "$sname.socket: MaxConnections=$mc, 0 < n <= 100" test "$mc" -gt 0 -a "$mc" -le 100 ;; esac
	case "$mps" in '' | *[!0-9]*) not_ok "$sname.socket: MaxConnectionsPerSource= is a number ($mps)" ;;
	*) check "$sname.socket: 0 < MaxConnectionsPerSource=$mps < MaxConnections" test "$mps" -gt 0 -a "$mps" -lt "$mc" ;; esac
	check "$sname.socket: no trigger limit (TriggerLimitIntervalSec=0)" [ "$(value TriggerLimitIntervalSec "$sock")" = 0 ]
	check "$sname.socket: WantedBy=sockets.target" [ "$(value WantedBy "$sock")" = sockets.target ]
	check "$sname.socket: a comment says why the limits" grep -qi '^# limits' "$sock"

	check "$tmpl: ExecStart runs $cmd" [ "$(value ExecStart "$svc")" = "/usr/local/lib/zeromail/$cmd" ]
	check "$tmpl: StandardInput=socket" [ "$(value StandardInput "$svc")" = socket ]
	check "$tmpl: StandardOutput=socket" [ "$(value StandardOutput "$svc")" = socket ]
	check "$tmpl: StandardError=journal" [ "$(value StandardError "$svc")" = journal ]
	check "$tmpl: CollectMode=inactive-or-failed" [ "$(value CollectMode "$svc")" = inactive-or-failed ]
	check "$tmpl: ProtectSystem=strict" [ "$(value ProtectSystem "$svc")" = strict ]
	check "$tmpl: PrivateTmp=yes" [ "$(value PrivateTmp "$svc")" = yes ]
	check "$tmpl: Maildirs writable (ReadWritePaths=-/home -/var/mail -/var/vmail)" \
		grep -qx 'ReadWritePaths=-/home -/var/mail -/var/vmail' "$svc"
	check "$tmpl: password-check slots writable (ReadWritePaths=-/var/lib/zeromail/auth-slots)" \
		grep -qx 'ReadWritePaths=-/var/lib/zeromail/auth-slots' "$svc"
	check "$tmpl: ProtectHome=no (Maildirs under /home)" [ "$(value ProtectHome "$svc")" = no ]

	case "$cmd" in
	smtp-handler*)
		check "$tmpl: User=zeromail Group=zeromail" \
			test "$user/$(value User "$svc")/$(value Group "$svc")" = zeromail/zeromail/zeromail
		check "$tmpl: NoNewPrivileges=no (deliver is setuid)" [ "$(value NoNewPrivileges "$svc")" = no ]
		check "$tmpl: capabilities for deliver only" \
			[ "$(value CapabilityBoundingSet "$svc")" = "CAP_SETUID CAP_SETGID CAP_KILL" ]
		# systemd.exec(5), systemd 252: each of these implies
		# NoNewPrivileges=yes for a service with User=, which would
		# disarm deliver's setuid bit.
		bad=""
		for k in SystemCallFilter SystemCallArchitectures SystemCallLog RestrictAddressFamilies \
			RestrictNamespaces RestrictRealtime RestrictSUIDSGID LockPersonality \
			MemoryDenyWriteExecute PrivateDevices ProtectKernelTunables ProtectKernelModules \
			ProtectKernelLogs ProtectClock ProtectHostname DynamicUser; do
			grep -q "^$k=" "$svc" && bad="$bad $k"
		done
		check "$tmpl: no setting that implies NoNewPrivileges=yes${bad:+ (has$bad)}" [ -z "$bad" ]
		;;
	pop3-handler*)
		check "$tmpl: starts as root (no User=)" [ -z "$(value User "$svc")" ]
		check "$tmpl: CapabilityBoundingSet=CAP_SETUID CAP_SETGID" \
			[ "$(value CapabilityBoundingSet "$svc")" = "CAP_SETUID CAP_SETGID" ]
		check "$tmpl: NoNewPrivileges=yes" [ "$(value NoNewPrivileges "$svc")" = yes ]
		check "$tmpl: SystemCallFilter=@system-service" [ "$(value SystemCallFilter "$svc")" = @system-service ]
		check "$tmpl: RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6" \
			[ "$(value RestrictAddressFamilies "$svc")" = "AF_UNIX AF_INET AF_INET6" ]
		;;
	esac

	# inetd.conf.example: "service stream tcp nowait[.max] user path argv0 args"
	svcname=${sname#zeromail-}
	line=$(grep "^${svcname}[[:space:]]" "$U/inetd.conf.example" | tr -s ' \t' ' ')
	prog=${cmd%% *}
	args=${cmd#"$prog"}
	iuser=$user
	[ "$prog" = pop3-handler ] && iuser=root
	case "$line" in
	"$svcname stream tcp nowait"*" $iuser /usr/local/lib/zeromail/$prog $prog$args")
		ok "inetd.conf.example: $svcname runs $cmd as $iuser, nowait" ;;
	*) not_ok "inetd.conf.example: $svcname runs $cmd as $iuser, nowait (got: $line)" ;;
	esac
	check "inetd.conf.example: $svcname is port $port" [ "$(port_of "$svcname")" = "$port" ]

	x=$U/xinetd.d/$sname
	if [ -f "$x" ]; then
		xv() { sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$x" | tail -n 1; }
		check "xinetd.d/$sname: service $svcname (port $port)" grep -q "^service $svcname\$" "$x"
		check "xinetd.d/$sname: wait = no, stream" test "$(xv wait)/$(xv socket_type)" = no/stream
		check "xinetd.d/$sname: user $iuser" [ "$(xv user)" = "$iuser" ]
		check "xinetd.d/$sname: server $prog" [ "$(xv server)" = "/usr/local/lib/zeromail/$prog" ]
		check "xinetd.d/$sname: server_args '${args# }'" [ "$(xv server_args)" = "${args# }" ]
		check "xinetd.d/$sname: instances and per_source as the socket" \
			test "$(xv instances)/$(xv per_source)" = "$mc/$mps"
	else
		not_ok "xinetd.d/$sname exists"
	fi
done <"$T/table"

check "no other units in units/" [ "$(ls "$U"/*.socket "$U"/*.service | wc -l)" = 10 ]
check "inetd.conf.example has exactly five services" \
	[ "$(grep -c '^[a-z]' "$U/inetd.conf.example")" = 5 ]

# --- systemd-analyze verify ---------------------------------------------------
if ! command -v systemd-analyze >/dev/null 2>&1; then
	skip "systemd-analyze verify (systemd-analyze not installed)"
	tap_end
	exit
fi

# Copies whose ExecStart names the built handlers (verify checks that the
# program exists and is executable); a handler not built yet is replaced
# by a stand-in so the rest of the unit is still checked.
mkdir -p "$T/units"
cp "$U"/*.socket "$U"/*.service "$T/units/"
printf '#!/bin/sh\nexit 0\n' >"$T/stand-in"
chmod 0755 "$T/stand-in"
for f in "$T"/units/*.service; do
	prog=$(value ExecStart "$f" | sed 's#^/usr/local/lib/zeromail/\([^ ]*\).*#\1#')
	bin=$ZM_BUILD/$prog
	if [ ! -x "$bin" ]; then
		diag "$prog is not built: $(basename "$f") checked with a stand-in program"
		bin=$T/stand-in
	fi
	sed -i "s#^ExecStart=/usr/local/lib/zeromail/$prog#ExecStart=$bin#" "$f"
done

# verify FILE...: run in the copies' directory; any output is a problem
# (unknown keys and bad values are only warnings, with exit status 0).
verify() {
	(cd "$T/units" && systemd-analyze verify --man=no "$@") >"$T/out" 2>&1
	rc=$?
	[ "$rc" = 0 ] && [ ! -s "$T/out" ] && return 0
	sed 's/^/# /' "$T/out"
	return 1
}
while read -r sname port tmpl user cmd; do
	check "systemd-analyze verify $sname.socket (with its template)" verify "./$sname.socket"
	check "systemd-analyze verify $tmpl" verify "./$tmpl"
	# (a real instance is named like 7-192.0.2.1:25-198.51.100.7:40000;
	# verify takes ':' in a path for something else)
	inst=$(echo "$tmpl" | sed 's/@\.service$/@7-198.51.100.7.service/')
	check "systemd-analyze verify an instance ($inst)" verify "./$inst"
done <"$T/table"

# The check must be able to fail: a misspelt key is reported.
cp "$T/units/zeromail-pop3@.service" "$T/pop3.keep"
printf 'ProtectSytem=strict\n' >>"$T/units/zeromail-pop3@.service"
if verify ./zeromail-pop3@.service >/dev/null; then
	not_ok "verify reports a misspelt key (control)"
else
	ok "verify reports a misspelt key (control)"
fi
cp "$T/pop3.keep" "$T/units/zeromail-pop3@.service"

# The drop-ins units/README.md suggests are valid and reach every service.
mkdir -p "$T/units/zeromail-.service.d"
printf '[Service]\nReadWritePaths=/srv/mail\nSupplementaryGroups=shadow\nReadWritePaths=/var/spool/zeromail\n' \
	>"$T/units/zeromail-.service.d/local.conf"
check "the README drop-in (ReadWritePaths=, SupplementaryGroups=shadow) verifies" \
	verify ./zeromail-smtp@.service ./zeromail-pop3s@.service
printf 'ReadWritePath=/typo\n' >>"$T/units/zeromail-.service.d/local.conf"
if verify ./zeromail-submission@.service >/dev/null; then
	not_ok "a drop-in in zeromail-.service.d/ applies to zeromail-submission@ (control)"
else
	ok "a drop-in in zeromail-.service.d/ applies to zeromail-submission@ (control)"
fi
rm -rf "$T/units/zeromail-.service.d"

# Exposure (systemd-analyze security, tenths): guards against a setting
# being dropped by accident.  POP3 about 2.5, SMTP about 6.2 today.
security_ok() { # UNIT MAX
	(cd "$T/units" && systemd-analyze security --offline=yes --threshold="$2" "./$1") >/dev/null 2>&1
}
for s in pop3 pop3s; do
	check "zeromail-$s@: exposure at most 3.0 (systemd-analyze security)" security_ok "zeromail-$s@.service" 30
done
for s in smtp submission submissions; do
	check "zeromail-$s@: exposure at most 6.5 (systemd-analyze security)" security_ok "zeromail-$s@.service" 65
done

tap_end
