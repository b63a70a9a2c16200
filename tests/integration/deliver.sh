#!/bin/sh
# deliver.sh - deliver(8) end to end: results, exit codes, report lines,
# aliases, subaddresses, loops, limits, concurrency, kill -9, full disk,
# symlinks, ownership, the setuid caller check, and fsync before exit.
. "$ZM_TOP/tests/lib.sh"

D=$ZM_BUILD/deliver
T=$(zm_tmpdir)
cleanup() {
	umount "$T/full" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT INT TERM

if is_root; then A_UID=60001 B_UID=60002; else A_UID=$(id -u) B_UID=$(id -u); fi
mkdir -p "$T/mail/alice" "$T/mail/bob"
[ "$A_UID" != "$(id -u)" ] && chown "$A_UID:$A_UID" "$T/mail/alice"
[ "$B_UID" != "$(id -u)" ] && chown "$B_UID:$B_UID" "$T/mail/bob"
AMD=$T/mail/alice/Maildir
BMD=$T/mail/bob/Maildir
cat >"$T/users" <<EOF
alice@example.org:!:$A_UID:$A_UID:$AMD
bob@example.org:!:$B_UID:$B_UID:$BMD
EOF
cat >"$T/aliases" <<EOF
info: alice
team: alice, bob@example.org
ext: someone@remote.example
loop1: loop2
loop2: loop1
cmd: |cat > $T/pipe-out
postmaster: alice
EOF
cat >"$T/zeromail.conf" <<EOF
hostname = mx.example.org
local_domains = example.org, bücher.example
users_file = $T/users
aliases_file = $T/aliases
max_message_size = 64k
log = stderr
EOF
export ZEROMAIL_CONFIG="$T/zeromail.conf"
MSG="From: a@remote.example
To: alice@example.org
Subject: test

hello
"
count_new() { find "$1/new" -type f 2>/dev/null | wc -l; }
one_file() { find "$1/new" -type f | head -n 1; }

# --- a plain delivery -------------------------------------------------------
printf '%s' "$MSG" | "$D" -f sender@remote.example alice@example.org 2>"$T/err"
rc=$?
check "plain delivery exits 0" [ "$rc" = 0 ]
check "one file in new/" [ "$(count_new "$AMD")" = 1 ]
f=$(one_file "$AMD")
printf 'Return-Path: <sender@remote.example>\nDelivered-To: alice@example.org\n%s' "$MSG" >"$T/expect"
check "content is the message with Return-Path and Delivered-To" cmp -s "$f" "$T/expect"
size=$(wc -c <"$f")
lines=$(wc -l <"$f")
case "$(basename "$f")" in
*,S=$size,W=$((size + lines))) ok "name carries S= and W=" ;;
*) not_ok "name carries S= and W= ($(basename "$f"))" ;;
esac
check "mode 0600, owned by the mailbox owner" [ "$(stat -c '%a %u' "$f")" = "600 $A_UID" ]
check "Maildir created 0700 by the owner" [ "$(stat -c '%a %u' "$AMD")" = "700 $A_UID" ]
check "tmp/ left empty" [ -z "$(ls -A "$AMD/tmp")" ]

# --- results and exit codes ------------------------------------------------
printf '%s' "$MSG" | "$D" nobody@example.org 2>/dev/null
check "unknown user: exit 67" [ $? = 67 ]
printf '%s' "$MSG" | "$D" alice@elsewhere.example 2>/dev/null
check "not a local domain: exit 68" [ $? = 68 ]
printf '%s' "$MSG" | "$D" 'not an address' 2>/dev/null
check "bad address: exit 64" [ $? = 64 ]
"$D" </dev/null 2>/dev/null
check "no recipient: exit 64" [ $? = 64 ]
: | "$D" alice@example.org 2>/dev/null
check "empty message: exit 65" [ $? = 65 ]
head -c 70000 /dev/zero | tr '\0' 'x' | "$D" -r alice@example.org >"$T/rep" 2>/dev/null
rc=$?
check "over max_message_size: exit 65" [ "$rc" = 65 ]
check "over max_message_size: report 5.3.4 552" grep -q '^rcpt 0 5.3.4 552 toobig ' "$T/rep"
check "nothing more delivered so far" [ "$(count_new "$AMD")" = 1 ]

# --- report lines for several recipients -----------------------------------
printf '%s' "$MSG" | "$D" -r -f '<>' alice@example.org nobody@example.org bob@example.org >"$T/rep" 2>/dev/null
rc=$?
check "mixed results: exit is the permanent failure's (67)" [ "$rc" = 67 ]
check "report line 0 ok" grep -q '^rcpt 0 2.0.0 250 ok ' "$T/rep"
check "report line 1 nouser" grep -q '^rcpt 1 5.1.1 550 nouser ' "$T/rep"
check "report line 2 ok" grep -q '^rcpt 2 2.0.0 250 ok ' "$T/rep"
check "null sender gives Return-Path: <>" grep -q '^Return-Path: <>$' "$(one_file "$BMD")"

# --- aliases --------------------------------------------------------------
before=$(count_new "$AMD")
printf '%s' "$MSG" | "$D" info@example.org 2>/dev/null
rc=$?
check "alias to a user: exit 0" [ "$rc" = 0 ]
check "alias to a user: delivered" [ "$(count_new "$AMD")" = $((before + 1)) ]
before_b=$(count_new "$BMD")
printf '%s' "$MSG" | "$D" team@example.org 2>/dev/null
rc=$?
check "alias to two users: exit 0" [ "$rc" = 0 ]
check "alias to two users: delivered to the second" [ "$(count_new "$BMD")" = $((before_b + 1)) ]
printf '%s' "$MSG" | "$D" -r loop1@example.org >"$T/rep" 2>/dev/null
rc=$?
check "alias cycle refused: exit 65" [ "$rc" = 65 ]
check "alias cycle refused: 5.4.6" grep -q '^rcpt 0 5.4.6 554 loop ' "$T/rep"
printf '%s' "$MSG" | "$D" -r cmd@example.org >"$T/rep" 2>/dev/null
rc=$?
check "|command alias refused by default: exit 77" [ "$rc" = 77 ]
check "|command alias refused by default: 5.7.1" grep -q '^rcpt 0 5.7.1 ' "$T/rep"
check "|command did not run" [ ! -e "$T/pipe-out" ]
printf '%s' "$MSG" | "$D" -r ext@example.org >"$T/rep" 2>/dev/null
check "external alias target refused until the outbound queue exists" grep -q '^rcpt 0 5.7.1 550 refused ' "$T/rep"
printf '%s' "$MSG" | "$D" POSTMASTER@EXAMPLE.ORG 2>/dev/null
check "postmaster in any case" [ $? = 0 ]
printf '%s' "$MSG" | "$D" 'alice@xn--bcher-kva.example' 2>/dev/null
check "IDN form of a local domain is local (no alice there: 67)" [ $? = 67 ]
printf '%s' "$MSG" | "$D" alice 2>/dev/null
check "bare local part means the first local domain" [ $? = 0 ]

# --- pipe aliases when allowed ---------------------------------------------
if is_root; then
	cp "$T/zeromail.conf" "$T/pipe.conf"
	echo "allow_pipe_aliases = yes" >>"$T/pipe.conf"
	mkdir -p "$T/pipedir" && chmod 0777 "$T/pipedir"
	sed -i "s#^cmd: .*#cmd: |cat > $T/pipedir/out; id -u > $T/pipedir/uid#" "$T/aliases"
	printf '%s' "$MSG" | "$D" -r --config "$T/pipe.conf" cmd@example.org >"$T/rep" 2>/dev/null
	rc=$?
	check "|command alias runs when allowed: exit 0" [ "$rc" = 0 ]
	check "|command alias got the message" grep -q '^hello$' "$T/pipedir/out"
	check "|command does not run as root" [ "$(cat "$T/pipedir/uid" 2>/dev/null)" != 0 ]
	sed -i "s#^cmd: .*#cmd: |echo rcpt 0 2.0.0 250 ok forged; cat >/dev/null; exit 75#" "$T/aliases"
	printf '%s' "$MSG" | "$D" -r --config "$T/pipe.conf" cmd@example.org >"$T/rep" 2>/dev/null
	rc=$?
	check "|command exit 75 is temporary" [ "$rc" = 75 ]
	check "|command output never reaches the report" [ "$(cat "$T/rep")" = "rcpt 0 4.3.0 451 tempfail alias command exited with status 75" ]
	sed -i "s#^cmd: .*#cmd: |sleep 30#" "$T/aliases"
	head -c 400000 /dev/zero | tr '\0' 'y' >"$T/bigmsg"
	printf 'command_timeout = 2\nmax_message_size = 10M\n' >>"$T/pipe.conf"
	start=$(date +%s)
	"$D" --config "$T/pipe.conf" cmd@example.org <"$T/bigmsg" 2>/dev/null
	rc=$?
	took=$(( $(date +%s) - start ))
	check "|command that never reads is stopped by command_timeout: exit 75" [ "$rc" = 75 ]
	check "|command timeout bounds the whole exchange ($took s)" [ "$took" -le 6 ]
else
	skip "|command alias runs when allowed (needs root)"
	skip "|command does not run as root (needs root)"
fi

# --- subaddressing ---------------------------------------------------------
mkdir -p "$AMD/.lists/new" "$AMD/.lists/cur" "$AMD/.lists/tmp"
chown -R "$A_UID:$A_UID" "$AMD/.lists" 2>/dev/null
chmod -R 0700 "$AMD/.lists"
printf '%s' "$MSG" | "$D" alice+lists@example.org 2>/dev/null
check "user+folder goes into that folder" [ "$(count_new "$AMD/.lists")" = 1 ]
check "Delivered-To names the mailbox address" grep -q '^Delivered-To: alice@example.org$' "$(one_file "$AMD/.lists")"
before=$(count_new "$AMD")
printf '%s' "$MSG" | "$D" alice+nosuch@example.org 2>/dev/null
check "user+missing-folder goes to the inbox" [ "$(count_new "$AMD")" = $((before + 1)) ]

# --- -d login form, mbox From line, CRLF messages --------------------------
before=$(count_new "$BMD")
printf 'From mboxsender@remote.example Mon Nov 23 10:00:00 2026\nSubject: via fetchmail\n\nbody\n' |
	"$D" -d bob@example.org 2>/dev/null
rc=$?
check "-d user: exit 0" [ "$rc" = 0 ]
check "-d user delivers to that user" [ "$(count_new "$BMD")" = $((before + 1)) ]
f=$(ls -t "$BMD"/new/* | head -n 1)
check "mbox From line used as the sender" [ "$(head -n 1 "$f")" = "Return-Path: <mboxsender@remote.example>" ]
check "mbox From line stripped" sh -c "! grep -q '^From mboxsender' '$f'"
printf '%s' "$MSG" | "$D" -d nobody@example.org 2>/dev/null
check "-d unknown user: exit 67" [ $? = 67 ]
rm -f "$BMD"/new/*
printf 'Subject: crlf\r\n\r\nline\r\n' | "$D" bob@example.org 2>/dev/null
f=$(one_file "$BMD")
cr=$(printf '\r')
check "CRLF message: added headers use CRLF too" grep -q "^Delivered-To: bob@example.org$cr\$" "$f"
size=$(wc -c <"$f")
case "$(basename "$f")" in
*,S=$size,W=$size) ok "CRLF message: W= equals S=" ;;
*) not_ok "CRLF message: W= equals S= ($(basename "$f"))" ;;
esac

# --- loops -----------------------------------------------------------------
printf 'Delivered-To: alice@example.org\n%s' "$MSG" | "$D" -r alice@example.org >"$T/rep" 2>/dev/null
rc=$?
check "Delivered-To already present: loop, exit 65" [ "$rc" = 65 ]
check "Delivered-To already present: 5.4.6" grep -q '^rcpt 0 5.4.6 ' "$T/rep"
printf 'delivered-to:   <ALICE@example.org>\n%s' "$MSG" | "$D" info@example.org 2>/dev/null
check "Delivered-To loop seen through an alias and in any case" [ $? = 65 ]
hops=""
i=0
while [ $i -lt 60 ]; do
	hops="${hops}Received: from hop$i by x; Mon, 23 Nov 2026 10:00:00 +0000
"
	i=$((i + 1))
done
printf '%s%s' "$hops" "$MSG" | "$D" alice@example.org 2>/dev/null
check "more than max_hops Received: fields: exit 65" [ $? = 65 ]

printf 'Subject: x\n\n  indented first body line\nDelivered-To: alice@example.org\nReceived: in the body\n' |
	"$D" alice@example.org 2>/dev/null
check "header scan stops at the empty line (an indented body line is body)" [ $? = 0 ]

# --- -S: the announced size must match -------------------------------------
printf 'Subject: sized\n\n12345\n' | "$D" -S 22 bob@example.org 2>/dev/null
check "-S with the right size delivers" [ $? = 0 ]
before=$(count_new "$BMD")
printf 'Subject: sized\n\n12' | "$D" -S 22 bob@example.org 2>/dev/null
check "-S with a cut-off message: exit 75" [ $? = 75 ]
check "-S with a cut-off message: nothing delivered" [ "$(count_new "$BMD")" = "$before" ]
printf 'x' | "$D" -S 12abc bob@example.org 2>/dev/null
check "-S with a bad number: exit 64" [ $? = 64 ]
printf 'From sender@x Mon Nov 23 10:00:00 2026\nSubject: kept\n\nb\n' | "$D" -f a@b.example bob@example.org 2>/dev/null
f=$(ls -t "$BMD"/new/* | head -n 1)
check "with -f a leading From line is message text and kept" grep -q '^From sender@x ' "$f"
printf '%s' "$MSG" | "$D" -- -notanoption@example.org 2>/dev/null
check "a recipient after -- may start with a dash (no such user: 67)" [ $? = 67 ]

# --- mailbox safety ---------------------------------------------------------
mkdir -p "$T/mail/evil" "$T/elsewhere"
[ "$A_UID" != "$(id -u)" ] && chown "$A_UID" "$T/mail/evil" "$T/elsewhere"
echo "evil@example.org:!:$A_UID:$A_UID:$T/mail/evil/Maildir" >>"$T/users"
ln -s "$T/elsewhere" "$T/mail/evil/Maildir"
printf '%s' "$MSG" | "$D" evil@example.org 2>/dev/null
rc=$?
check "symlinked Maildir refused: exit 75 (temporary)" [ "$rc" = 75 ]
check "nothing written through the symlink" [ -z "$(ls -A "$T/elsewhere")" ]
rm "$T/mail/evil/Maildir"
mkdir -p "$T/mail/evil/Maildir/new" "$T/mail/evil/Maildir/cur"
ln -s "$T/elsewhere" "$T/mail/evil/Maildir/tmp"
[ "$A_UID" != "$(id -u)" ] && chown -h -R "$A_UID:$A_UID" "$T/mail/evil"
printf '%s' "$MSG" | "$D" evil@example.org 2>/dev/null
rc=$?
check "symlinked tmp/ refused: exit 75 (temporary)" [ "$rc" = 75 ]
check "nothing written into the symlink target" [ -z "$(ls -A "$T/elsewhere")" ]
if is_root; then
	rm -rf "$T/mail/evil/Maildir"
	mkdir -p "$T/mail/evil/Maildir/new" "$T/mail/evil/Maildir/cur" "$T/mail/evil/Maildir/tmp"
	chown -R "$B_UID:$B_UID" "$T/mail/evil/Maildir"
	printf '%s' "$MSG" | "$D" evil@example.org 2>/dev/null
	rc=$?
	check "Maildir owned by someone else refused: exit 75 (temporary)" [ "$rc" = 75 ]
	echo "rootbox@example.org:!:0:0:$T/mail/rootbox/Maildir" >>"$T/users"
	printf '%s' "$MSG" | "$D" -r rootbox@example.org >"$T/rep" 2>/dev/null
	rc=$?
	check "a mailbox owned by root is refused: exit 75" [ "$rc" = 75 ]
	check "a mailbox owned by root is refused: 4.2.0 in the report" grep -q '^rcpt 0 4.2.0 451 cantcreat ' "$T/rep"
	check "nothing created for the root-owned mailbox" [ ! -e "$T/mail/rootbox" ]
else
	skip "foreign-owned Maildir (needs root)"
fi

# --- fsync before the exit status (mail is never lost) ----------------------
if command -v strace >/dev/null 2>&1 && [ -z "${ZM_ASAN:-}" ]; then
	printf '%s' "$MSG" | strace -f -o "$T/strace" -e trace=fsync,fdatasync,link,linkat,rename,renameat,renameat2 \
		"$D" bob@example.org 2>/dev/null
	awk '/fsync|fdatasync/ { if (!linked) pre++; else post++ }
	     /link|rename/ && !/unlink/ { linked = 1 }
	     END { exit !(pre >= 1 && linked && post >= 1) }' "$T/strace"
	check "file fsynced before it enters new/, and new/ fsynced after" [ $? = 0 ]
else
	skip "fsync order (needs strace, not under ASan)"
fi

# --- 200 concurrent deliveries into one Maildir ------------------------------
rm -f "$BMD"/new/* "$BMD"/cur/*
i=0
while [ $i -lt 200 ]; do
	printf 'Subject: concurrent %d\n\nbody %d\n' "$i" "$i" | "$D" bob@example.org 2>/dev/null &
	i=$((i + 1))
done
wait
check "200 concurrent deliveries give 200 files" [ "$(count_new "$BMD")" = 200 ]
check "200 distinct complete messages" [ "$(cat "$BMD"/new/* | grep '^body [0-9]*$' | sort -u | wc -l)" = 200 ]

# --- kill -9 at random moments during 100 deliveries -------------------------
# Messages of about 3.2 MB, piped (so deliver spools them first), killed
# after 0-9 ms: some die while spooling, some while writing tmp/, some
# while syncing, some after finishing.
rm -f "$BMD"/new/* "$BMD"/tmp/*
head -c 600000 /dev/urandom | base64 >"$T/big"
cp "$T/zeromail.conf" "$T/big.conf"
echo "max_message_size = 10M" >>"$T/big.conf"
i=0
while [ $i -lt 100 ]; do
	{ printf 'Subject: kill %d\n\n' "$i"; cat "$T/big" "$T/big" "$T/big" "$T/big"; echo "END $i"; } >"$T/msg"
	cp "$T/msg" "$T/msg.$i"
	cat "$T/msg" | "$D" --config "$T/big.conf" bob@example.org 2>/dev/null &
	p=$!
	ms=$(( (i * 3) % 10 ))
	sleep "$(printf '0.%03d' "$ms")"
	pkill -9 -P "$p" 2>/dev/null
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	i=$((i + 1))
done
sleep 0.3
bad=0
for f in "$BMD"/new/* "$BMD"/cur/*; do
	[ -f "$f" ] || continue
	n=$(tail -n 1 "$f" | sed -n 's/^END \([0-9]*\)$/\1/p')
	if [ -z "$n" ] || ! tail -n +3 "$f" | cmp -s - "$T/msg.$n"; then
		bad=$((bad + 1))
		diag "partial or wrong: $f"
	fi
done
diag "kill -9 run: $(count_new "$BMD") of 100 deliveries completed before the kill, $(ls "$BMD/tmp" | wc -l) left in tmp/"
check "kill -9 during 100 deliveries leaves no partial file in new/ or cur/" [ "$bad" = 0 ]
rm -f "$T"/msg.*

# --- a full disk ------------------------------------------------------------
if is_root && unshare -m true 2>/dev/null; then
	mkdir -p "$T/full"
	echo "full@example.org:!:$A_UID:$A_UID:$T/full/Maildir" >>"$T/users"
	head -c 300000 /dev/urandom | base64 >"$T/huge"
	unshare -m sh -c "
		mount --make-rprivate / &&
		mount -t tmpfs -o size=128k,mode=0755 tmpfs '$T/full' &&
		mkdir '$T/full/Maildir' && chown $A_UID:$A_UID '$T/full/Maildir' &&
		'$D' --config '$T/big.conf' full@example.org <'$T/huge' 2>/dev/null
		echo \$? >'$T/full-rc'
		ls -A '$T/full/Maildir/new' | wc -l >'$T/full-new'
		ls -A '$T/full/Maildir/tmp' | wc -l >'$T/full-tmp'"
	check "full disk: exit 75" [ "$(cat "$T/full-rc")" = 75 ]
	check "full disk: nothing in new/" [ "$(cat "$T/full-new")" = 0 ]
	check "full disk: tmp/ cleaned" [ "$(cat "$T/full-tmp")" = 0 ]
else
	skip "full disk (needs root and unshare)"
	skip "full disk: nothing in new/"
	skip "full disk: tmp/ cleaned"
fi

# --- who may run deliver (setuid) -------------------------------------------
if is_root && command -v setpriv >/dev/null 2>&1 && [ -z "${ZM_ASAN:-}" ] && unshare -m true 2>/dev/null; then
	cp "$D" "$T/deliver-suid"
	chown root:60100 "$T/deliver-suid"
	chmod 4755 "$T/deliver-suid"
	mkdir -p "$T/etc"
	cat >"$T/etc/zeromail.conf" <<EOF
local_domains = example.org
users_file = $T/users
deliver_group = 60100
log = stderr
EOF
	before=$(count_new "$BMD")
	# A non-root caller always gets the default config path: bind our
	# directory over /etc/zeromail in a private mount namespace.
	# The default config for the non-root caller: no ZEROMAIL_CONFIG.
	env -u ZEROMAIL_CONFIG unshare -m sh -c "
		mount --make-rprivate / && mkdir -p /etc/zeromail && mount --bind '$T/etc' /etc/zeromail &&
		{ printf 'Subject: x\n\nby a stranger\n' | setpriv --reuid=60003 --regid=60003 --clear-groups '$T/deliver-suid' bob@example.org 2>/dev/null
		echo \$? >'$T/suid-rc1'
		printf 'Subject: x\n\nby a member\n' | setpriv --reuid=60003 --regid=60003 --groups=60100 '$T/deliver-suid' bob@example.org 2>'$T/suid-err2'
		echo \$? >'$T/suid-rc2'
		printf 'Subject: x\n\noverride\n' | ZEROMAIL_CONFIG=/nonexistent setpriv --reuid=60003 --regid=60003 --groups=60100 '$T/deliver-suid' --config /nonexistent bob@example.org 2>/dev/null
		echo \$? >'$T/suid-rc3'; }"
	check "setuid deliver refuses a caller outside deliver_group: exit 77" [ "$(cat "$T/suid-rc1")" = 77 ]
	check "setuid deliver accepts a member of deliver_group" [ "$(cat "$T/suid-rc2")" = 0 ]
	diag "member run: $(cat "$T/suid-err2")"
	check "setuid deliver refuses --config and ZEROMAIL_CONFIG from non-root callers: exit 77" [ "$(cat "$T/suid-rc3")" = 77 ]
	check "only the member's accepted message arrived" [ "$(count_new "$BMD")" = $((before + 1)) ]
else
	skip "setuid caller check (needs root, setpriv and unshare; not under ASan)"
fi

# --- one copy per mailbox, however many recipients name it -------------
before=$(count_new "$AMD")
out=$(printf '%s' "$MSG" | "$D" -r -f s@remote.example alice@example.org info@example.org \
	alice+nofolder@example.org 2>/dev/null)
rc=$?
check "alice, her alias and her subaddress: exit 0" [ "$rc" = 0 ]
check "... each reported delivered" [ "$(printf '%s\n' "$out" | grep -c ' 2.0.0 250 ok ')" = 3 ]
check "... one copy in the mailbox" [ "$(count_new "$AMD")" = $((before + 1)) ]
before_b=$(count_new "$BMD")
before=$(count_new "$AMD")
printf '%s' "$MSG" | "$D" -f s@remote.example team@example.org alice@example.org 2>/dev/null
check "team (alice, bob) and alice: one copy each" \
	[ "$(count_new "$AMD")" = $((before + 1)) ] && [ "$(count_new "$BMD")" = $((before_b + 1)) ]

tap_end
