#!/usr/bin/env python3
"""Regenerates the number tables of data/platforms.json from the crate sources.

Run from the repository root, after any cargo build has fetched the crates:

    python3 data/gen/platforms.py

Sources, found through `cargo metadata` (the versions Cargo.lock pins):
  macOS    libc   src/unix/bsd/apple/mod.rs
  FreeBSD  libc   src/unix/bsd/freebsdlike/mod.rs + src/unix/bsd/freebsdlike/freebsd/mod.rs
  Windows  windows-sys   src/Windows/Win32/Networking/WinSock/mod.rs  (WSAE* codes)
           libc   src/windows/mod.rs + src/windows/msvc/mod.rs  (the C runtime's errno.h)

Only numbers are generated. The prose (`meaning` of the names Linux lacks, and
`notes`) is kept from the current data/platforms.json; a name that is new in
the sources gets an empty meaning, which tests/platforms.rs rejects until
someone writes it. tests/platforms.rs checks the committed file against the
same sources, so running this script is how that test is made to pass again
after a crate update.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data" / "platforms.json"

# `pub const NAME: TYPE = VALUE;` where VALUE is a literal or another const's name.
CONST = re.compile(r"^\s*pub const ([A-Za-z0-9_]+): [A-Za-z0-9_:]+ = ([A-Za-z0-9_]+);")
# E-names in libc's BSD and Windows modules that are not errno values.
NOT_ERRNO = {"ELAST", "ERA", "EOF", "EMPTY", "EXTA", "EXTB"}
# WinSock codes outside the WSAE* family that Windows programs print often.
# The resolver's (WSAHOST_NOT_FOUND, WSATRY_AGAIN, ...) are getaddrinfo codes:
# data/getaddrinfo.json keeps them, with the EAI name each one stands for.
WSA_EXTRA = [
    "WSASYSNOTREADY",
    "WSAVERNOTSUPPORTED",
    "WSANOTINITIALISED",
]
# Names of the Windows C runtime that are not E-names.
CRT_EXTRA = ["STRUNCATE"]


def parse_int(text):
    text = text.replace("_", "")
    m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)([iu](?:8|16|32|64|size))?", text)
    return int(m.group(1), 0) if m else None


def parse_consts(paths):
    """NAME -> set of values for every integer const in the files, references
    resolved. A name defined under several cfgs may carry several values; the
    callers refuse that for the names they use."""
    values, pending = {}, []
    for path in paths:
        for line in Path(path).read_text().splitlines():
            m = CONST.match(line)
            if not m:
                continue
            name, raw = m.groups()
            n = parse_int(raw)
            if n is None:
                pending.append((name, raw))
            else:
                values.setdefault(name, set()).add(n)
    for name, raw in pending:
        if raw in values:
            values.setdefault(name, set()).update(values[raw])
    return values


def single(consts, names, where):
    out = {}
    for name in names:
        if len(consts[name]) != 1:
            sys.exit(f"{where}: {name} has several values {sorted(consts[name])}")
        out[name] = next(iter(consts[name]))
    return out


def errno_like(consts, where):
    names = [
        k
        for k, v in consts.items()
        if re.fullmatch(r"E[A-Z0-9]+", k) and k not in NOT_ERRNO and any(0 < n < 200 for n in v)
    ]
    return single(consts, names, where)


def crate_dirs():
    host = re.search(
        r"^host: (\S+)$",
        subprocess.run(["rustc", "-vV"], capture_output=True, text=True, check=True).stdout,
        re.M,
    ).group(1)
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--format-version", "1", "--filter-platform", host],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    by_id = {p["id"]: p for p in meta["packages"]}
    root = meta["resolve"]["root"]
    node = next(n for n in meta["resolve"]["nodes"] if n["id"] == root)
    dirs = {}
    for dep in node["deps"]:
        if dep["name"] in ("libc", "windows_sys"):
            dirs[dep["name"]] = Path(by_id[dep["pkg"]]["manifest_path"]).parent
    return dirs["libc"], dirs["windows_sys"]


def main():
    libc, winsys = crate_dirs()
    apple = errno_like(parse_consts([libc / "src/unix/bsd/apple/mod.rs"]), "libc apple")
    freebsd = errno_like(
        parse_consts(
            [
                libc / "src/unix/bsd/freebsdlike/mod.rs",
                libc / "src/unix/bsd/freebsdlike/freebsd/mod.rs",
            ]
        ),
        "libc freebsd",
    )
    crt_all = parse_consts([libc / "src/windows/mod.rs", libc / "src/windows/msvc/mod.rs"])
    crt = errno_like(crt_all, "libc windows")
    crt.update(single(crt_all, CRT_EXTRA, "libc windows"))
    wsa_all = parse_consts([winsys / "src/Windows/Win32/Networking/WinSock/mod.rs"])
    wsa_names = [k for k in wsa_all if re.fullmatch(r"WSAE[A-Z]+", k)] + WSA_EXTRA
    wsa = single(wsa_all, wsa_names, "windows-sys WinSock")

    kb = json.loads((ROOT / "data/errnos.json").read_text())
    canonical = {}
    for e in kb["errnos"]:
        canonical[e["name"]] = e["name"]
        for a in e["aliases"]:
            canonical[a] = e["name"]

    old = json.loads(DATA.read_text()) if DATA.exists() else {}
    empty = {"en": "", "zh": ""}

    def split(table, key):
        known = {k: v for k, v in sorted(table.items(), key=lambda kv: (kv[1], kv[0])) if k in canonical}
        only = {
            k: {"number": v, "meaning": old.get(key, {}).get(k, {}).get("meaning", empty)}
            for k, v in sorted(table.items(), key=lambda kv: (kv[1], kv[0]))
            if k not in canonical
        }
        return known, only

    out = {}
    out["macos"], out["macos_only"] = split(apple, "macos_only")
    out["freebsd"], out["freebsd_only"] = split(freebsd, "freebsd_only")
    winsock = {}
    for name, number in sorted(wsa.items(), key=lambda kv: kv[1]):
        unix = "E" + name[4:] if name.startswith("WSAE") else None
        if unix in canonical:
            winsock[name] = {"number": number, "errno": canonical[unix]}
        else:
            meaning = old.get("windows_winsock", {}).get(name, {}).get("meaning", empty)
            winsock[name] = {"number": number, "meaning": meaning}
    out["windows_winsock"] = winsock
    out["windows_crt"], out["windows_crt_only"] = split(crt, "windows_crt_only")
    out["notes"] = old.get("notes", [])
    DATA.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
    missing = [
        f"{table}.{name}"
        for table in ("macos_only", "freebsd_only", "windows_crt_only", "windows_winsock")
        for name, v in out[table].items()
        if "meaning" in v and not (v["meaning"]["en"] and v["meaning"]["zh"])
    ]
    if missing:
        print("write a meaning (en and zh) for: " + ", ".join(missing), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
