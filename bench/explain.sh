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
cargo build --release --quiet
bin=target/release/sockerr
mkdir -p bench/results

hyperfine --warmup 50 --runs 1000 -N \
  --export-json bench/results/explain.json \
  "$bin explain ECONNRESET" \
  "errno ECONNRESET" \
  "$bin --brief ECONNRESET" \
  "$bin ECONNRESET --syscall recv --json"

python3 - <<'PY'
import json
r = json.load(open('bench/results/explain.json'))['results']
med = {x['command']: x['median'] for x in r}
s = next(v for k, v in med.items() if k.endswith('explain ECONNRESET'))
e = med['errno ECONNRESET']
print(f"median: sockerr explain {s*1e3:.3f} ms, errno {e*1e3:.3f} ms, ratio sockerr/errno = {s/e:.2f}")
PY

rss() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -1; }
echo "max RSS: sockerr explain $(rss $bin explain ECONNRESET) KiB," \
     "sockerr --json -s recv $(rss $bin ECONNRESET --json -s recv) KiB," \
     "errno $(rss errno ECONNRESET) KiB (target: sockerr <= 8192 KiB)"
