#!/usr/bin/env bash
# Benchmark: `sockerr diagnose` on a crowded host. Target (issue 11): a host
# with 100,000 sockets and 5,000 processes is diagnosed in under a second.
#
#   sudo bash bench/diagnose.sh                 # 10k/500, 50k/2500, 100k/5000
#   sudo bash bench/diagnose.sh 100000 5000     # one size: SOCKETS PROCESSES
#   sudo BEFORE=/tmp/sockerr-old bash bench/diagnose.sh 100000 5000
#                                   # and an older build (absolute path), same run
#
# Each size runs in a private network namespace (unshare --net) that holds
# the sockets: a fifth are TCP listeners on 127.0.0.2, the rest loopback
# connections (both ends) to 127.0.0.3, held by Python processes of at
# most 15,000 descriptors each; and PROCESSES sleeping children. Nothing
# leaves the namespace's loopback. Everything is killed when the size is
# done (or on Ctrl-C), and every child sleeps at most 900 s in any case.
#
# Each command runs RUNS times (default 9) after one warm-up, for this
# build, for this build told to read /proc (SOCKERR_NO_SOCK_DIAG=1, the
# fallback), and for BEFORE, taking turns run by run so that all see the
# same load. Wall time and CPU
# time (user + system, from wait4) are measured per run; the table gives
# the median of each. Needs root (the namespace, a million descriptors)
# and python3. Results: bench/results/diagnose-SOCKETS.json.
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
  python3 - "$sockets" "$holder" "$bin" "${BEFORE:-}" "${RUNS:-9}" <<'PY' >&2
import json, os, statistics, subprocess, sys, time
sockets, holder, new, old, runs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
commands = [
    ("EADDRINUSE (owner of one listener)", ["EADDRINUSE", "127.0.0.2:2001"]),
    ("ECONNREFUSED (nothing listens; every namespace)", ["ECONNREFUSED", "127.0.0.1:9"]),
    ("EADDRNOTAVAIL (ports towards one server)", ["EADDRNOTAVAIL", "127.0.0.3:1000"]),
    ("EMFILE (every process's limit)", ["EMFILE"]),
    ("EMFILE --pid (the holder, by kind)", ["EMFILE", "--pid", holder]),
]
# The build under test, the same build reading /proc instead of
# sock_diag (the fallback), and optionally an older build.
plain = dict(os.environ)
plain.pop("SOCKERR_NO_SOCK_DIAG", None)
builds = [("this", new, plain), ("this, /proc", new, dict(plain, SOCKERR_NO_SOCK_DIAG="1"))]
if old:
    builds.append(("before", old, plain))

def once(binary, args, env):
    t = time.perf_counter()
    p = subprocess.Popen([binary, "diagnose", *args], stdout=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench: {binary} diagnose {' '.join(args)} exited {status}")
    return wall, ru.ru_utime + ru.ru_stime

results = []
for name, args in commands:
    for build, binary, env in builds:
        once(binary, args, env)  # warm-up: caches, dentries
    got = {b: ([], []) for b, _, _ in builds}
    for _ in range(runs):
        for build, binary, env in builds:
            w, c = once(binary, args, env)
            got[build][0].append(w)
            got[build][1].append(c)
    for build, _, _ in builds:
        wall, cpu = got[build]
        results.append({"command": name, "args": args, "build": build,
                        "wall": wall, "cpu": cpu,
                        "wall_median": statistics.median(wall),
                        "cpu_median": statistics.median(cpu)})
        print(f"{build:11} {name}: wall {statistics.median(wall)*1000:.0f} ms, cpu {statistics.median(cpu)*1000:.0f} ms (median of {runs})")
load = open("/proc/loadavg").read().split()[0]
json.dump({"sockets": int(sockets), "load": load, "results": results},
          open(f"bench/results/diagnose-{sockets}.json", "w"), indent=1)
PY
  exit 0
fi

[ "$(id -u)" -eq 0 ] || { echo "bench: run as root (a private network namespace, a million descriptors)" >&2; exit 2; }
for tool in python3 unshare ip; do
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
print("| sockets, processes | command | build | wall (median) | CPU (median) |")
print("| --- | --- | --- | --- | --- |")
for size in sys.argv[1:]:
    s, p = size.split()
    data = json.load(open(f"bench/results/diagnose-{s}.json"))
    for r in data["results"]:
        print(f"| {int(s):,}, {int(p):,} | `diagnose {' '.join(r['args'])}` | {r['build']} | {r['wall_median']*1000:.0f} ms | {r['cpu_median']*1000:.0f} ms |")
    print(f"(load average {data['load']} at the end of {int(s):,})")
PY
