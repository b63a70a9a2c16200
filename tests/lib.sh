# tests/lib.sh - shared helpers for the shell integration tests.
# Each test prints TAP: "ok N - name" / "not ok N - name"; tests/run counts.
# Source it: . "$ZM_TOP/tests/lib.sh"
set -u
ZM_TOP=${ZM_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
ZM_BUILD=${ZM_BUILD:-$ZM_TOP/build}
tap_n=0
tap_failed=0
ok() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $*"; }
not_ok() { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $*"; }
skip() { tap_n=$((tap_n + 1)); echo "ok $tap_n - $* # SKIP"; }
# check NAME COMMAND...: ok when the command succeeds
check() { name=$1; shift; if "$@"; then ok "$name"; else not_ok "$name"; fi; }
diag() { echo "# $*"; }
is_root() { [ "$(id -u)" = 0 ]; }
# A world-traversable temp dir (the delivery children run as other uids).
zm_tmpdir() {
	d=$(mktemp -d /tmp/zm-test.XXXXXX) || exit 2
	chmod 0755 "$d"
	echo "$d"
}
tap_end() { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
