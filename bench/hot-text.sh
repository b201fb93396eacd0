#!/usr/bin/env bash
# Regenerates src/build/hot-text.txt: the functions a plain lookup runs, as
# patterns the build script turns into a linker script that places them
# side by side at the front of the code (see src/build/link.rs for why).
# Run by hand from the repository root after a change that moves the lookup
# path to other functions, or after a Rust upgrade renames std's:
#   bash bench/hot-text.sh
# Needs valgrind (apt-get install valgrind). It runs the release binary
# under callgrind for the invocations below, keeps every function of the
# binary that ran, and writes each mangled name with its hash and crate
# disambiguators replaced by `*`, so the patterns outlive a rebuild.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "hot-text: valgrind is missing (apt-get install valgrind)" >&2; exit 2; }
cargo build --release --quiet
bin=target/release/sockerr
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
invocations=(
  "explain ECONNRESET"
  "--brief ECONNRESET"
  "ECONNRESET --syscall recv --json"
  "104 --syscall recv"
  "Connection reset by peer"
  "--lang zh ECONNREFUSED"
)
for i in "${!invocations[@]}"; do
  # shellcheck disable=SC2086  # each invocation is its words
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/cg.$i" \
    "$bin" ${invocations[i]} >/dev/null 2>&1
done
nm "$bin" | awk '$2 ~ /^[tT]$/ {print $3}' | sort -u >"$work/defined"
{
  echo "# Functions a plain lookup runs, as section-name patterns (one per line),"
  echo "# in the order the linker places them: the first invocation's first."
  echo "# Written by bench/hot-text.sh; read by src/build/link.rs. Do not edit by hand."
  for i in "${!invocations[@]}"; do
    echo "## sockerr ${invocations[i]}"
    sed -n -E 's/^c?fn=\([0-9]+\) //p' "$work/cg.$i" | sort -u | comm -12 "$work/defined" -
  done | python3 -c '
import re, sys
seen = set()
for name in sys.stdin.read().split("\n"):
    if not name or name.startswith("##"):
        if name:
            print(name)
        continue
    # LTO numbers local copies (.1234, .llvm.NNN) differently every build;
    # the pattern ends in `*` instead.
    name = re.sub(r"(\.llvm)?(\.[0-9]+)+$", "", name)
    # Legacy mangling: the trailing hash changes with every build setting.
    name = re.sub(r"17h[0-9a-f]{16}E$", "", name)
    # v0 mangling: crate disambiguators and the back-references that count
    # bytes of the name change with the compiler and the crate versions.
    if name.startswith("_R"):
        name = re.sub(r"Cs[0-9A-Za-z]*_", "C*", name)
        name = re.sub(r"B[0-9A-Za-z]*_", "B*", name)
    # `$` is not a safe character in a linker-script pattern; `?` matches it.
    name = re.sub(r"\*+", "*", name.replace("$", "?"))
    if name != "main":
        name = name.rstrip("*") + "*"
    if name not in seen:
        seen.add(name)
        print(name)
'
} >src/build/hot-text.txt
echo "hot-text: $(grep -vc '^#' src/build/hot-text.txt) patterns written to src/build/hot-text.txt"
