#!/usr/bin/env python3
"""Regenerates the mechanical parts of data/runtimes.json from the installed runtimes.

Run from the repository root:

    python3 data/gen/runtimes.py

What each list is made from (a runtime that is not installed keeps its list):
  python  the interpreter: OSError(errno, "x").__class__ for every Linux errno
  rust    rustc: io::Error::from_raw_os_error(errno).kind() for every Linux errno;
          stable_since / unstable from the installed std docs (rust-docs component)
  node    util.getSystemErrorMap() (Linux numbers and messages) and libuv's
          uv/errno.h beside node (the fixed numbers libuv uses on Windows)
  go      syscall.Errno(n).Error() and the syscall constants, through `go run`
  java    nothing: written by hand, checked by tests/platforms.rs with loopback probes

Entries keep any key the generator does not produce (note, other_os, ...) from the
current file, and entries whose name the generator does not produce (names that
are not errnos, such as socket.timeout) are kept as they are. Resolver
failures (socket.gaierror, ENOTFOUND, EAI_AGAIN) live in data/getaddrinfo.json.
tests/platforms.rs checks the result against the same runtimes.
"""

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "runtimes.json"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, **kw).stdout


def kb():
    errnos = json.loads((ROOT / "data/errnos.json").read_text())["errnos"]
    return [e for e in errnos if not e.get("kernel_only")]


def merge(old_list, generated):
    """generated entries (in order) with the old entries' extra keys, then the old
    entries the generator does not know."""
    old = {e["name"]: e for e in old_list}
    out = [{**old.get(g["name"], {}), **g} for g in generated]
    names = {g["name"] for g in generated}
    out += [e for e in old_list if e["name"] not in names]
    return out


def group(pairs):
    """[(runtime name, errno name)] in errno order -> [{"name", "errnos"}] in first-seen order."""
    out = {}
    for name, errno in pairs:
        out.setdefault(name, []).append(errno)
    return [{"name": n, "errnos": e} for n, e in out.items()]


def python_list(errnos):
    if not shutil.which("python3"):
        return None
    script = "import sys\nfor n in sys.argv[1:]:\n    print(OSError(int(n), 'x').__class__.__name__)\n"
    classes = run(["python3", "-c", script] + [str(e["number"]) for e in errnos]).split()
    return group((c, e["name"]) for c, e in zip(classes, errnos) if c != "OSError")


def rust_docs_stability():
    sysroot = run(["rustc", "--print", "sysroot"]).strip()
    page = Path(sysroot) / "share/doc/rust/html/std/io/enum.ErrorKind.html"
    if not page.exists():
        return {}
    html = page.read_text()
    out = {}
    for part in re.split(r'(?=<section id="variant\.)', html)[1:]:
        name = re.match(r'<section id="variant\.(\w+)"', part).group(1)
        part = part.split('<section id="impl')[0][:1500]
        feature = re.search(r'class="stab unstable".*?<code>(\w+)</code>', part, re.S)
        since = re.search(r'class="since[^"]*"[^>]*>([0-9.]+)<', part)
        if feature:
            out[name] = {"unstable": feature.group(1)}
        elif since:
            out[name] = {"stable_since": since.group(1)}
    return out


def rust_list(errnos):
    if not shutil.which("rustc"):
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "kinds.rs"
        src.write_text(
            "fn main() { for a in std::env::args().skip(1) { "
            "let k = std::io::Error::from_raw_os_error(a.parse().unwrap()).kind(); "
            'println!("{k:?}"); } }\n'
        )
        run(["rustc", "-O", "-o", str(Path(tmp) / "kinds"), str(src)])
        kinds = run([str(Path(tmp) / "kinds")] + [str(e["number"]) for e in errnos]).split()
    stability = rust_docs_stability()
    out = group((k, e["name"]) for k, e in zip(kinds, errnos) if k != "Uncategorized")
    for entry in out:
        entry.update(stability.get(entry["name"], {}))
    return out


def node_list(errnos):
    if not shutil.which("node"):
        return None
    script = (
        "const m = require('util').getSystemErrorMap();"
        "console.log(JSON.stringify([...m.entries()]));"
        "console.log(process.execPath);"
    )
    lines = run(["node", "-e", script]).splitlines()
    table = json.loads(lines[0])
    header = Path(lines[1]).resolve().parent.parent / "include/node/uv/errno.h"
    if not header.exists():
        sys.exit(f"{header} is missing: libuv's Windows numbers come from it")
    windows = {
        m.group(1): int(m.group(2))
        for m in re.finditer(r"#\s*define UV__(E[A-Z0-9_]+|EOF|UNKNOWN) \((-\d+)\)", header.read_text())
    }
    by_number = {e["number"]: e["name"] for e in errnos}
    out = []
    for number, (code, message) in sorted(table, key=lambda kv: -kv[0]):
        errno = by_number.get(-number)
        if errno is None:
            continue
        out.append(
            {
                "name": code,
                "errnos": [errno],
                "uv_linux": number,
                "uv_windows": windows[code],
                "uv_message": message,
            }
        )
    return out


def go_list(errnos):
    if not shutil.which("go"):
        return None
    names = {}
    for e in errnos:
        names[e["name"]] = [e["name"]] + e["aliases"]
    # Ask go which constants exist: compile a probe per name would be slow, so
    # list the exported E-names of package syscall with `go doc`.
    doc = run(["go", "doc", "-all", "syscall"])
    known = {n: int(v, 0) for n, v in re.findall(r"^\s+(E[A-Z0-9_]+)\s+= Errno\((0x[0-9a-f]+|\d+)\)", doc, re.M)}
    lines = ["package main", 'import ("fmt"; "syscall")', "func main() {"]
    for e in errnos:
        lines.append(f'\tfmt.Println(syscall.Errno({e["number"]}).Error())')
    lines.append("}")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "probe.go"
        src.write_text("\n".join(lines) + "\n")
        messages = run(["go", "run", str(src)]).splitlines()
    out = []
    for e, message in zip(errnos, messages):
        out.append(
            {
                "name": message,
                "constants": ["syscall." + n for n in names[e["name"]] if known.get(n) == e["number"]],
                "errnos": [e["name"]],
            }
        )
    return out


def versions(old):
    out = dict(old)
    probes = {
        "python": (["python3", "-c", "import platform; print(platform.python_version())"], None),
        "rust": (["rustc", "--version"], r"rustc (\S+)"),
        "node": (["node", "-p", "process.versions.node + ' (libuv ' + process.versions.uv + ')'"], None),
        "go": (["go", "version"], r"go version go(\S+)"),
    }
    for key, (cmd, pattern) in probes.items():
        if shutil.which(cmd[0]):
            text = run(cmd).strip()
            out[key] = re.search(pattern, text).group(1) if pattern else text
    return out


def main():
    errnos = kb()
    old = json.loads(DATA.read_text()) if DATA.exists() else {}
    out = {"checked_with": versions(old.get("checked_with", {}))}
    for key, make in (("python", python_list), ("rust", rust_list), ("node", node_list), ("go", go_list)):
        generated = make(errnos)
        if generated is None:
            print(f"{key}: not installed, list kept", file=sys.stderr)
            out[key] = old.get(key, [])
        else:
            out[key] = merge(old.get(key, []), generated)
    out["java"] = old.get("java", [])
    order = ["checked_with", "python", "rust", "node", "java", "go"]
    DATA.write_text(json.dumps({k: out[k] for k in order}, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
