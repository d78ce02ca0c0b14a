#!/usr/bin/env bash
# make install's layout under a DESTDIR: the binary, a man page made from the
# help texts with a section per command, the data files, and a systemd unit
# that `systemd-analyze verify` accepts with the installed binary in it.
set -euo pipefail
root=$OMNIBUS_SOURCE_DIR
tmp=$(mktemp -d "${OMNIBUS_TEST_TMP:-/tmp}/install.XXXXXX" 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
build=$(dirname "$OMNIBUS_BIN")
prefix=$tmp/prefix
# scripts/install takes the build folder relative to the source tree.
DESTDIR="" bash "$root/scripts/install" "$(realpath --relative-to="$root" "$build")" "$prefix" \
  >/dev/null
for f in bin/omnibus share/man/man1/omnibus.1 share/omnibus/sources.json \
  share/omnibus/demo/site lib/systemd/system/omnibus.service; do
  [ -e "$prefix/$f" ] || fail "make install did not write $f"
done
"$prefix/bin/omnibus" --version | grep -q "^omnibus " || fail "the installed binary"
man -M "$prefix/share/man" omnibus 2>/dev/null | grep -q "usage: omnibus sources add" ||
  fail "the man page has no section for sources"
unit=$prefix/lib/systemd/system/omnibus.service
grep -q "ExecStart=$prefix/bin/omnibus run" "$unit" || fail "the unit's ExecStart: $(grep ExecStart "$unit")"
grep -q "^DynamicUser=yes" "$unit" && grep -q "^ProtectSystem=strict" "$unit" &&
  grep -q "^StateDirectory=omnibus" "$unit" || fail "the unit is not hardened"
command -v systemd-analyze >/dev/null || fail "systemd-analyze is missing (scripts/deps test)"
MANPATH=$prefix/share/man systemd-analyze verify "$unit" || fail "systemd-analyze verify"
echo "install: all checks passed"
