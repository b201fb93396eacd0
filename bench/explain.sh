#!/usr/bin/env bash
# Benchmark: one lookup, sockerr against errno(1) from moreutils.
# Targets (issue 2): sockerr's median wall time at or below errno's, peak
# memory (max RSS) at or below 8 MiB. Run by hand from the repository root:
#   bash bench/explain.sh
# Needs hyperfine and moreutils (apt-get install hyperfine moreutils).
# Results go to bench/results/ (ignored by git) and to standard output.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine errno /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install hyperfine moreutils time)" >&2; exit 2; }
done
# The binary as README's Install section builds it for x86_64 Linux:
# statically linked, not position-independent. Half of a dynamic Rust
# binary's start-up is the dynamic loader (relocations, symbol binding);
# a static one starts faster than errno(1) itself.
bin=$(bash bench/static-build.sh)
dyn=target/release/sockerr
cargo build --release --quiet
mkdir -p bench/results

hyperfine --warmup 50 --runs 1000 -N \
  --export-json bench/results/explain.json \
  "$bin explain ECONNRESET" \
  "errno ECONNRESET" \
  "$dyn explain ECONNRESET" \
  "$bin --brief ECONNRESET" \
  "$bin ECONNRESET --syscall recv --json"

python3 - <<'PY'
import json
r = json.load(open('bench/results/explain.json'))['results']
med = {x['command']: x['median'] for x in r}
e = med['errno ECONNRESET']
for k, v in med.items():
    print(f"median {v*1e3:.3f} ms  ratio to errno {v/e:.2f}  {k}")
PY

rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
echo "max RSS: sockerr explain $(rss $bin explain ECONNRESET) KiB," \
     "sockerr --json -s recv $(rss $bin ECONNRESET --json -s recv) KiB," \
     "errno $(rss errno ECONNRESET) KiB (target: sockerr <= 8192 KiB)"
