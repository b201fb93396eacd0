#!/usr/bin/env python3
"""Runs shell commands round-robin, ROUNDS times each, their output into a
pipe that is read and discarded, and prints each one's fastest and median
wall time and CPU time (user + system). Used by bench/scan.sh:

    python3 bench/roundrobin.py ROUNDS 'CMD1' 'CMD2' ...

Round-robin, so that a shared machine's busy moments fall on every command
alike rather than on whichever ran during them; the fastest run is the
steadier figure there."""
import os, resource, shlex, statistics, subprocess, sys, time
rounds = int(sys.argv[1]); cmds = sys.argv[2:]
res = {c: ([], []) for c in cmds}
for r in range(rounds):
    for c in cmds:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        p = subprocess.Popen(c, shell=True, stdout=subprocess.PIPE)
        while p.stdout.read(1 << 16):
            pass
        p.wait()
        wall = time.perf_counter() - t
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        res[c][0].append(wall); res[c][1].append(cpu)
for c in cmds:
    w, u = res[c]
    print(f"wall min {min(w)*1000:6.1f} med {statistics.median(w)*1000:6.1f}  cpu min {min(u)*1000:6.1f} med {statistics.median(u)*1000:6.1f}  {c[:90]}")
