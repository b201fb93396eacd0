#!/usr/bin/env bash
# Benchmark: what `sockerr trace` costs a program making 100,000 socket
# calls, against running it bare and against plain `strace -f`.
#
#   bash bench/trace.sh            # builds the release binary, writes bench/results/
#   RUNS=20 bash bench/trace.sh
#
# Needs strace, gcc and python3 (apt-get install strace gcc python3).
#
# The workloads (one small C program, built here):
#   fail   100,000 send() on a socketpair whose peer is closed: every call
#          fails with EPIPE, so every call is a finding sockerr must read,
#          judge and count (the worst case for sockerr's own work).
#   ok     50,000 send() and 50,000 recv() of one byte on a socketpair: all
#          succeed; strace still stops the program twice per call.
#   mixed  100,000 getppid() and 1,000 failing send(): a program that does
#          mostly other things; sockerr does not trace getppid.
#
# The commands:
#   bare           the program alone
#   strace -f      plain `strace -f -o /dev/null`: every call, full decoding
#   strace -f -yy  the same with -yy, which sockerr needs for the sockets'
#                  addresses (a sock_diag query per socket strace decodes)
#   strace (same)  strace with sockerr's own options (the calls it traces,
#                  -yy, -s 1, -D, --seccomp-bpf) writing to /dev/null: the
#                  cost of tracing alone, without sockerr reading it
#   sockerr        `sockerr trace -o /dev/null --`: findings written
#   sockerr -s     `sockerr trace --summary --`: only the table
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
results="$here/results"
mkdir -p "$results"
RUNS=${RUNS:-10}
for tool in strace gcc python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 2; }
done
(cd "$root" && cargo build --release --quiet)
sockerr="$root/target/release/sockerr"

prog="$results/trace-calls"
cat >"$prog.c" <<'EOF'
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int sv[2];
  char c = 'x';
  if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) return 1;
  if (strcmp(argv[1], "fail") == 0) {
    close(sv[1]);
    for (int i = 0; i < 100000; i++) send(sv[0], &c, 1, MSG_NOSIGNAL);
  } else if (strcmp(argv[1], "ok") == 0) {
    for (int i = 0; i < 50000; i++) { send(sv[0], &c, 1, 0); recv(sv[1], &c, 1, 0); }
  } else {
    close(sv[1]);
    for (int i = 0; i < 100000; i++) {
      getppid();
      if (i % 100 == 0) send(sv[0], &c, 1, MSG_NOSIGNAL);
    }
  }
  return 0;
}
EOF
gcc -O2 -o "$prog" "$prog.c"

# sockerr's strace options (src/trace/session.rs: strace_args and TRACED).
traced='%network,?read,?write,?readv,?writev,?sendfile,?splice,?close,?poll,?ppoll,?select,?_newselect,?pselect6,?epoll_wait,?epoll_pwait,?epoll_pwait2,?epoll_ctl,?clone,?clone3,?fork,?vfork,?execve,?execveat'
same="strace -D -f -qq -yy -s 1 -e signal=none -e trace=$traced --seccomp-bpf -o /dev/null"

# Each command runs RUNS times (after one warm-up run), the commands of a
# workload taking turns, so that a burst of load elsewhere on the machine
# falls on all of them alike. For each run: the wall time, and the CPU time
# (user + system) of every process it made: the program, strace, sockerr.
# The runner makes itself a child subreaper, so strace -D's tracer, which
# leaves its parent, is counted too. Medians of both are printed.
python3 - "$results" "$RUNS" "$prog" "$sockerr" "$same" <<'PY'
import ctypes, json, os, resource, sys, time
results, runs, prog, sockerr, same = sys.argv[1], int(sys.argv[2]), *sys.argv[3:]
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_CHILD_SUBREAPER = 36
assert libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0

def once(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_RDWR)
        for i in (0, 1, 2):
            os.dup2(fd, i)
        os.execvp(argv[0], argv)
    # Wait for every descendant, orphans included.
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            break
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu

def median(v):
    v = sorted(v)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2

commands = [
    ("bare", [prog]),
    ("strace -f", ["strace", "-f", "-o", "/dev/null", prog]),
    ("strace -f -yy", ["strace", "-f", "-yy", "-o", "/dev/null", prog]),
    ("strace (same)", same.split() + [prog]),
    ("sockerr", [sockerr, "trace", "-o", "/dev/null", "--", prog]),
    ("sockerr -s", [sockerr, "trace", "--summary", "--", prog]),
]
table = {}
for w in ["fail", "ok", "mixed"]:
    got = {name: [] for name, _ in commands}
    for r in range(runs + 1):
        for name, argv in commands:
            m = once(argv + [w])
            if r > 0:
                got[name].append(m)
    for name, _ in commands:
        g = got[name]
        table[(w, name)] = (median([x[0] for x in g]), median([x[1] for x in g]))
        print(f"{w} {name}: wall {table[(w, name)][0]*1e3:.0f} ms, cpu {table[(w, name)][1]*1e3:.0f} ms", file=sys.stderr)
json.dump({f"{w}/{n}": v for (w, n), v in table.items()}, open(f"{results}/trace.json", "w"), indent=1)
load = os.getloadavg()[0]
print(f"median of {runs} runs; load average {load:.1f} on {os.cpu_count()} CPUs at the end")
print(f"{'workload':8} {'command':14} {'wall':>8} {'cpu':>8} {'wall/strace -f':>15} {'cpu/strace -f':>14} {'cpu/bare':>9}")
for w in ["fail", "ok", "mixed"]:
    sw, sc = table[(w, "strace -f")]
    bw, bc = table[(w, "bare")]
    for name, _ in commands:
        wa, cp = table[(w, name)]
        print(f"{w:8} {name:14} {wa*1e3:6.0f}ms {cp*1e3:6.0f}ms {wa/sw:15.2f} {cp/sc:14.2f} {cp/max(bc, 1e-3):9.1f}")
PY
