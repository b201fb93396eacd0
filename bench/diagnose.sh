#!/usr/bin/env bash
# Benchmark: `sockerr diagnose` on a crowded host. Target (issue 11): a host
# with 100,000 sockets and 5,000 processes is diagnosed in under a second.
#
#   sudo bash bench/diagnose.sh                 # 10k/500, 50k/2500, 100k/5000
#   sudo bash bench/diagnose.sh 100000 5000     # one size: SOCKETS PROCESSES
#
# Each size runs in a private network namespace (unshare --net) that holds
# the sockets: a fifth are TCP listeners on 127.0.0.2, the rest loopback
# connections (both ends) to 127.0.0.3, all held by one Python process; and
# PROCESSES sleeping children. Nothing leaves the namespace's loopback.
# Everything is killed when the size is done (or on Ctrl-C), and every
# child sleeps at most 900 s in any case. Needs root (the namespace, a
# million-descriptor limit), python3 and hyperfine.
# Results: bench/results/diagnose-SOCKETS.json and a table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${SOCKERR_BENCH_INNER:-}" = 1 ]; then
  sockets=$1 procs=$2 bin=$3
  listeners=$((sockets / 5))
  pairs=$(((sockets - listeners) / 2))
  pids=()
  cleanup() {
    [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  }
  trap cleanup EXIT INT TERM
  ip link set lo up
  # The connections need more than the default 28k ephemeral ports.
  echo "1024 65535" > /proc/sys/net/ipv4/ip_local_port_range
  # Holders of at most 15,000 descriptors each: a hard RLIMIT_NOFILE of
  # 20,000 is common, and raising it needs CAP_SYS_RESOURCE.
  per=15000
  holders=$(((sockets + per - 1) / per))
  readydir=$(mktemp -d)
  for h in $(seq 0 $((holders - 1))); do
    python3 - "$h" "$holders" "$listeners" "$pairs" "$readydir" <<'PY' &
import socket, sys, time
h, n, listeners, pairs = (int(a) for a in sys.argv[1:5])
ready = sys.argv[5]
# This holder's share of the listeners and connection pairs.
my_l = range(h * listeners // n, (h + 1) * listeners // n)
my_pairs = (h + 1) * pairs // n - h * pairs // n
held = []
for i in my_l:
    s = socket.socket()
    s.bind(("127.0.0.2", 2000 + i))
    s.listen(1)
    held.append(s)
# Connections to 127.0.0.3, ten server ports per holder, so no (address,
# port) pair needs more ephemeral ports than the range has.
servers = []
for p in range(1000 + 10 * h, 1010 + 10 * h):
    s = socket.socket()
    s.bind(("127.0.0.3", p))
    s.listen(4096)
    servers.append(s)
    held.append(s)
done = 0
while done < my_pairs:
    batch = min(1000, my_pairs - done)
    for k in range(batch):
        c = socket.socket()
        c.connect(servers[(done + k) % len(servers)].getsockname())
        held.append(c)
    for k in range(batch):
        conn, _ = servers[(done + k) % len(servers)].accept()
        held.append(conn)
    done += batch
open(f"{ready}/{h}", "w").write("ready\n")
time.sleep(900)
PY
    pids+=($!)
  done
  holder=${pids[0]}
  for _ in $(seq "$procs"); do
    sleep 900 &
    pids+=($!)
  done
  for _ in $(seq 600); do
    [ "$(ls "$readydir" | wc -l)" -ge "$holders" ] && break
    sleep 0.5
  done
  [ "$(ls "$readydir" | wc -l)" -ge "$holders" ] || { echo "bench: the sockets were not ready in 300 s" >&2; exit 1; }
  rm -rf "$readydir"
  n_sock=$(( $(wc -l < /proc/net/tcp) - 1 ))
  n_proc=$(ls /proc | grep -c '^[0-9]')
  echo "namespace: $n_sock TCP sockets in /proc/net/tcp, $n_proc processes on the host" >&2
  hyperfine --runs 5 --warmup 1 -N --export-json "bench/results/diagnose-$sockets.json" \
    -n "EADDRINUSE (owner of one listener)" "$bin diagnose EADDRINUSE 127.0.0.2:2001" \
    -n "ECONNREFUSED (nothing listens; every namespace)" "$bin diagnose ECONNREFUSED 127.0.0.1:9" \
    -n "EADDRNOTAVAIL (ports towards one server)" "$bin diagnose EADDRNOTAVAIL 127.0.0.3:1000" \
    -n "EMFILE (every process's limit)" "$bin diagnose EMFILE" \
    -n "EMFILE --pid (the holder, by kind)" "$bin diagnose EMFILE --pid $holder" \
    >&2
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (a private network namespace, a million descriptors)" >&2; exit 2; }
for tool in hyperfine python3 unshare ip; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 2; }
done
cargo build --release --quiet
bin=$PWD/target/release/sockerr
mkdir -p bench/results
if [ $# -ge 2 ]; then
  sizes=("$1 $2")
else
  sizes=("10000 500" "50000 2500" "100000 5000")
fi
for size in "${sizes[@]}"; do
  set -- $size
  echo "== $1 sockets, $2 processes" >&2
  SOCKERR_BENCH_INNER=1 unshare --net --fork bash "$0" "$1" "$2" "$bin"
done

python3 - "${sizes[@]}" <<'PY'
import json, sys
print("| sockets | processes | command | median | max |")
print("| --- | --- | --- | --- | --- |")
for size in sys.argv[1:]:
    s, p = size.split()
    for r in json.load(open(f"bench/results/diagnose-{s}.json"))["results"]:
        print(f"| {int(s):,} | {int(p):,} | {r['command']} | {r['median']*1000:.0f} ms | {r['max']*1000:.0f} ms |")
PY
