#!/usr/bin/env bash
# Benchmark: `sockerr scan --only-errors` against ripgrep and `grep -E`
# selecting the same lines of a >= 100 MB strace-like log, in one hyperfine
# run. The targets: at or below grep's time, and within 1.5 x ripgrep's.
#
#   bench/scan.sh                # builds the release binary, writes bench/results/
#   SIZE_MB=500 bench/scan.sh    # a bigger log
#   SOCKERR=/path/to/sockerr bench/scan.sh
#   BASE=/path/to/an/older/sockerr bench/scan.sh   # also time an older build
#   ROUNDS=40 bench/scan.sh      # round-robin runs per command (default 40)
#
# The log is what `strace -f -tt -T -e trace=network,read,write,epoll_wait,close`
# shows for a busy epoll server and its outbound connections: four pids,
# mostly successful calls (epoll_wait, recvfrom, sendto with HTTP and JSON
# payloads, accept4, epoll_ctl, ...) and about one line in 60 an error
# (EAGAIN from recvfrom and accept4, EINPROGRESS, SO_ERROR [ECONNREFUSED],
# ECONNRESET, EPIPE, ERESTARTSYS, ECONNREFUSED, EMFILE, EADDRINUSE). It is
# generated with a fixed seed, so every run measures the same bytes.
#
# Fairness:
# - The script first checks that all three select exactly the same lines.
# - Output goes through a pipe (hyperfine --output=pipe) and is discarded.
#   Not /dev/null: GNU grep notices that its output is /dev/null and stops
#   at the first match, which would time nothing.
# - sockerr does more than grep: after each selected line it writes a note
#   (the meaning and action the first time, a back-reference afterwards), so
#   it writes about twice the bytes grep does.
# - The file is read once before timing, so both read it from the page cache.
# - grep runs twice: in the caller's locale, and with LC_ALL=C (its fastest).
# - ripgrep runs as it does by default on one file (memory-mapped, one
#   thread), without line numbers or colour, so it prints what grep prints.
# - hyperfine's minimum is reported beside the mean: on a machine shared
#   with other work the minimum is the steadier of the two.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
results="$here/results"
mkdir -p "$results"
SIZE_MB=${SIZE_MB:-110}
log="$results/strace-${SIZE_MB}mb.log"

for tool in hyperfine rg; do
    command -v "$tool" >/dev/null || {
        echo "$tool is missing: apt-get install hyperfine ripgrep" >&2
        exit 2
    }
done
if [ -z "${SOCKERR:-}" ]; then
    (cd "$root" && cargo build --release --quiet)
    SOCKERR="$root/target/release/sockerr"
fi

if [ ! -s "$log" ]; then
    echo "generating $log (${SIZE_MB} MB)..." >&2
    python3 - "$SIZE_MB" >"$log.tmp" <<'EOF'
import random, sys
random.seed(7)
target = int(sys.argv[1]) * 1024 * 1024
out = sys.stdout
pids = [4121, 4122, 4123, 4130]
t = 36000.0
payloads = ['"GET /api/v1/items?page=%d HTTP/1.1\\r\\nHost: 127.0.0.1:8080\\r\\nUser-Agent: curl/7.88.1\\r\\nAccept: */*\\r\\n\\r\\n"',
            '"HTTP/1.1 200 OK\\r\\nContent-Type: application/json\\r\\nContent-Length: %d\\r\\n\\r\\n"...',
            '"{\\"id\\":%d,\\"name\\":\\"widget\\",\\"tags\\":[\\"blue\\",\\"small\\"]}"',
            '"\\27\\3\\3\\0\\37\\210\\17\\356%d\\342\\203\\223\\37\\261V"...']
ok = [
 (30, lambda fd,n: 'epoll_wait(4, [{events=EPOLLIN, data={u32=%d, u64=%d}}], 1024, 1000) = 1' % (fd, fd)),
 (25, lambda fd,n: 'recvfrom(%d, %s, 65536, 0, NULL, NULL) = %d' % (fd, random.choice(payloads) % n, n)),
 (20, lambda fd,n: 'sendto(%d, %s, %d, MSG_NOSIGNAL, NULL, 0) = %d' % (fd, random.choice(payloads) % n, n, n)),
 (8, lambda fd,n: 'write(%d, %s, %d) = %d' % (fd, random.choice(payloads) % n, n, n)),
 (8, lambda fd,n: 'read(%d, %s, 16384) = %d' % (fd, random.choice(payloads) % n, n)),
 (4, lambda fd,n: 'accept4(3, {sa_family=AF_INET, sin_port=htons(%d), sin_addr=inet_addr("127.0.0.1")}, [16], SOCK_CLOEXEC|SOCK_NONBLOCK) = %d' % (30000 + n, fd)),
 (4, lambda fd,n: 'epoll_ctl(4, EPOLL_CTL_ADD, %d, {events=EPOLLIN|EPOLLRDHUP|EPOLLET, data={u32=%d, u64=%d}}) = 0' % (fd, fd, fd)),
 (3, lambda fd,n: 'close(%d) = 0' % fd),
 (2, lambda fd,n: 'setsockopt(%d, SOL_TCP, TCP_NODELAY, [1], 4) = 0' % fd),
 (2, lambda fd,n: 'getsockopt(%d, SOL_SOCKET, SO_ERROR, [0], [4]) = 0' % fd),
 (1, lambda fd,n: 'socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC|SOCK_NONBLOCK, IPPROTO_TCP) = %d' % fd),
 (1, lambda fd,n: 'connect(%d, {sa_family=AF_INET, sin_port=htons(5432), sin_addr=inet_addr("127.0.0.1")}, 16) = 0' % fd),
]
err = [
 (40, lambda fd,n: 'recvfrom(%d, 0x7f3a5c00%04x, 65536, 0, NULL, NULL) = -1 EAGAIN (Resource temporarily unavailable)' % (fd, n)),
 (12, lambda fd,n: 'accept4(3, 0x7ffd2a1c%04x, [128], SOCK_CLOEXEC|SOCK_NONBLOCK) = -1 EAGAIN (Resource temporarily unavailable)' % n),
 (10, lambda fd,n: 'connect(%d, {sa_family=AF_INET, sin_port=htons(6379), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 EINPROGRESS (Operation now in progress)' % fd),
 (8, lambda fd,n: 'getsockopt(%d, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0' % fd),
 (8, lambda fd,n: 'recvfrom(%d, 0x7f3a5c00%04x, 65536, 0, NULL, NULL) = -1 ECONNRESET (Connection reset by peer)' % (fd, n)),
 (6, lambda fd,n: 'sendto(%d, %s, %d, MSG_NOSIGNAL, NULL, 0) = -1 EPIPE (Broken pipe)' % (fd, random.choice(payloads) % n, n)),
 (6, lambda fd,n: 'epoll_wait(4, 0x7f3a5c00%04x, 1024, 1000) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)' % n),
 (5, lambda fd,n: 'connect(%d, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)' % fd),
 (3, lambda fd,n: 'accept4(3, 0x7ffd2a1c%04x, [128], SOCK_CLOEXEC|SOCK_NONBLOCK) = -1 EMFILE (Too many open files)' % n),
 (2, lambda fd,n: 'bind(%d, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr("0.0.0.0")}, 16) = -1 EADDRINUSE (Address already in use)' % fd),
]
def pick(tbl):
    r = random.random() * sum(w for w, _ in tbl)
    for w, f in tbl:
        r -= w
        if r < 0:
            return f
    return tbl[-1][1]
size = 0
buf = []
while size < target:
    t += random.random() * 0.0005
    fd = random.randint(5, 900)
    n = random.randint(1, 9000)
    f = pick(err) if random.random() < 1 / 60 else pick(ok)
    h, rem = divmod(t, 3600)
    m, s = divmod(rem, 60)
    line = '%d %02d:%02d:%09.6f %s <%.6f>\n' % (random.choice(pids), h, m, s, f(fd, n), random.random() * 0.0002)
    buf.append(line)
    size += len(line)
    if len(buf) >= 10000:
        out.write(''.join(buf))
        buf = []
out.write(''.join(buf))
EOF
    mv "$log.tmp" "$log"
fi

# The lines sockerr reports in this log: every failed call and every
# SO_ERROR result (all calls in it are socket work).
pattern=' = (-1|\?) E[A-Z_]+ \(|SO_ERROR, \[E'
grep_cmd="grep -E '$pattern' $log"
rg_cmd="rg -N --no-heading --color never -e '$pattern' $log"
sockerr_cmd="$SOCKERR scan --only-errors --color never $log"

# Same selection, or the comparison means nothing.
cat "$log" >/dev/null
"$SOCKERR" scan --only-errors --color never "$log" | grep -v '^  ↳ \|^    ' >"$results/sockerr.lines"
grep -E "$pattern" "$log" >"$results/grep.lines"
rg -N --no-heading --color never -e "$pattern" "$log" >"$results/rg.lines"
for other in grep rg; do
    if ! cmp -s "$results/sockerr.lines" "$results/$other.lines"; then
        echo "sockerr and $other select different lines; see $results/{sockerr,$other}.lines" >&2
        exit 1
    fi
done
lines=$(wc -l <"$results/grep.lines")
total=$(wc -l <"$log")
bytes=$(stat -c %s "$log")
echo "log: $log, $bytes bytes, $total lines, $lines selected by both" >&2

hyperfine --warmup 3 --min-runs 20 --output=pipe \
    --export-markdown "$results/scan.md" --export-json "$results/scan.json" \
    -n 'sockerr scan --only-errors' "$sockerr_cmd" \
    -n 'ripgrep' "$rg_cmd" \
    -n 'grep -E' "$grep_cmd" \
    -n 'grep -E (LC_ALL=C)' "LC_ALL=C $grep_cmd" \
    -n 'sockerr scan (every line + notes)' "$SOCKERR scan --color never $log"

python3 - "$results/scan.json" <<'EOF'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
me = r["sockerr scan --only-errors"]
for name in ["ripgrep", "grep -E", "grep -E (LC_ALL=C)"]:
    o = r[name]
    print(f"sockerr scan --only-errors {me['mean'] * 1000:.0f} ms (min {me['min'] * 1000:.0f}), "
          f"{name} {o['mean'] * 1000:.0f} ms (min {o['min'] * 1000:.0f}): "
          f"sockerr/{name.split()[0]} = {me['mean'] / o['mean']:.2f} (min {me['min'] / o['min']:.2f})")
EOF

# The same commands round-robin (see roundrobin.py): fastest and median.
base=()
[ -n "${BASE:-}" ] && base=("$BASE scan --only-errors --color never $log")
python3 "$here/roundrobin.py" "${ROUNDS:-40}" "$sockerr_cmd" "${base[@]}" \
    "$rg_cmd" "$grep_cmd" "LC_ALL=C $grep_cmd"

# Memory stays flat: peak RSS for the whole log, and for one 200 MB line.
if [ -x /usr/bin/time ]; then
    rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
    echo "peak RSS, scanning the log: $(rss "$SOCKERR" scan "$log") KiB" >&2
    echo "peak RSS, one 200 MB line without a newline: $(rss sh -c "{ printf 'recv: ECONNRESET '; head -c 200000000 /dev/zero | tr '\\0' x; } | '$SOCKERR' scan") KiB" >&2
fi
