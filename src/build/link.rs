//! The build script's part for how the sockerr binary is linked: the
//! unwinder goes into the binary instead of being loaded from libgcc_s, and
//! the functions a plain lookup runs sit side by side at the front of the
//! code.

use std::path::PathBuf;

/// A variable Cargo set for the build script, empty when unset.
fn var(k: &str) -> String {
    std::env::var(k).unwrap_or_default()
}

/// Whether this build links the sockerr binary natively for glibc Linux,
/// the only place the link arguments below are known to work. Cross builds
/// and other C libraries link plainly.
fn native_glibc() -> bool {
    var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && var("HOST") == var("TARGET")
}

/// Why the code-layout script must be left out of this build, if it must:
/// it is asked to be (`SOCKERR_PLAIN_LINK`), or the link may not go to GNU
/// ld or lld, the two linkers that take an `INSERT` script on top of their
/// default layout. gold rejects it and mold reads no `SECTIONS` at all, and
/// a build reaches them through a linker Cargo was given (`RUSTC_LINKER`,
/// set from `target.<triple>.linker` or `CARGO_TARGET_<TRIPLE>_LINKER`),
/// through RUSTFLAGS (`-fuse-ld=`, `-C linker=`, a `-B` directory holding
/// another `ld`, a linker flavour), or through `mold -run`, which swaps the
/// linker underneath (`MOLD_PATH`, or mold in `LD_PRELOAD`).
fn plain_link_reason(out_dir: &std::path::Path) -> Option<String> {
    for k in [
        "SOCKERR_PLAIN_LINK",
        "RUSTC_LINKER",
        "MOLD_PATH",
        "LD_PRELOAD",
    ] {
        println!("cargo:rerun-if-env-changed={k}");
    }
    if !native_glibc() {
        return Some("not a native glibc Linux build".into());
    }
    if std::env::var_os("SOCKERR_PLAIN_LINK").is_some() {
        return Some("SOCKERR_PLAIN_LINK is set".into());
    }
    if std::env::var_os("RUSTC_LINKER").is_some() {
        return Some("Cargo was given a linker (RUSTC_LINKER)".into());
    }
    if std::env::var_os("MOLD_PATH").is_some() || var("LD_PRELOAD").contains("mold") {
        return Some("mold -run swaps the linker".into());
    }
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    if let Some(f) = flags.split('\x1f').find(|f| {
        ["fuse-ld", "linker=", "linker-flavor", "-B"]
            .iter()
            .any(|k| f.contains(k))
    }) {
        return Some(format!("RUSTFLAGS choose the linker ({f})"));
    }
    // Cargo reads a build script's instructions line by line.
    if out_dir.to_string_lossy().contains('\n') {
        return Some("the build directory's path holds a newline".into());
    }
    None
}

/// Places the functions listed in `src/build/hot-text.txt` (the ones
/// `explain ECONNRESET` and its like run, found by `bench/hot-text.sh`) in
/// one output section before the rest of the code.
///
/// Why: the kernel maps a program's code at the first touch of each 64 KiB
/// window (fault-around), and the linker otherwise scatters the lookup
/// path's hundred-odd functions over the 3.3 MB of code: 18 page faults
/// for the code alone, against 4 or 5 with them together, and 4 to 6% of
/// the start-up time (measured with bench/explain.sh's method). The
/// patterns match section names (one section per function) with the
/// build-dependent hashes replaced by `*`, so a stale list costs speed,
/// never correctness; `tests/startup.rs` checks that the lookup's own
/// functions land in the section. The script only adds a section (`INSERT
/// BEFORE .text`), which both GNU ld and lld accept on top of their default
/// layout.
///
/// The build tells the crate's tests what it did in `SOCKERR_LINK_LAYOUT`:
/// `hot-text` or `plain: <reason>`, so that they check the section where it
/// was made and its absence where it was not.
pub fn hot_text(out_dir: &std::path::Path, list: &std::path::Path) {
    println!("cargo:rerun-if-changed={}", list.display());
    if let Some(reason) = plain_link_reason(out_dir) {
        println!("cargo:rustc-env=SOCKERR_LINK_LAYOUT=plain: {reason}");
        return;
    }
    let text = std::fs::read_to_string(list)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", list.display()));
    let mut script = String::from("SECTIONS\n{\n  .text.sockerr_hot :\n  {\n");
    for pattern in text.lines().map(str::trim) {
        if pattern.is_empty() || pattern.starts_with('#') {
            continue;
        }
        assert!(
            pattern
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"_.*?".contains(&b)),
            "{}: {pattern:?} holds a character a linker-script pattern cannot",
            list.display()
        );
        // A pattern that starts with a wildcard would gather code at large.
        assert!(
            pattern.len() >= 4 && !pattern.starts_with(['*', '?']),
            "{}: {pattern:?} is too wide for a function's name",
            list.display()
        );
        // LLVM names a cold function's section `.text.unlikely.NAME`, and
        // std's growth paths (`finish_grow`, say) are cold by attribute.
        script.push_str(&format!(
            "    *(.text.{pattern} .text.unlikely.{pattern})\n"
        ));
    }
    script.push_str("  }\n}\nINSERT BEFORE .text;\n");
    let path = out_dir.join("hot-text.ld");
    std::fs::write(&path, script)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    // The C compiler driver's own `-T`, with the path as an argument of its
    // own: `-Wl,-T,PATH` would split a path with a comma in it.
    println!("cargo:rustc-link-arg-bins=-T");
    println!("cargo:rustc-link-arg-bins={}", path.display());
    println!("cargo:rustc-env=SOCKERR_LINK_LAYOUT=hot-text");
}

/// Links the unwinder into the sockerr binary (glibc Linux, native builds):
/// otherwise the dynamic loader opens, maps and relocates libgcc_s.so.1 at
/// every start (9 system calls, 6 page faults, about 30,000 instructions)
/// for unwinding that only a panic uses. The objects of gcc's own
/// libgcc_eh.a (what a `+crt-static` build links) define the `_Unwind_*`
/// symbols before libgcc_s could, so `--as-needed` drops it. Left out
/// wherever that archive cannot be found, for cross builds, and for static
/// builds, which link it already. (`panic = "abort"` would not drop
/// libgcc_s by itself: std's backtrace code still needs `_Unwind_Backtrace`.)
pub fn unwinder() {
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    if !native_glibc() || static_crt {
        return;
    }
    let cc = std::env::var("RUSTC_LINKER").unwrap_or_else(|_| "cc".to_string());
    let Ok(out) = std::process::Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .output()
    else {
        return;
    };
    let archive = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    if out.status.success() && archive.is_absolute() && archive.is_file() {
        // A native library of the crate rather than a link argument: it
        // then comes before std's `-lgcc_s` on the command line. GNU ld
        // settles `--as-needed` where a library appears (with libgcc_eh
        // after it, libgcc_s was still loaded: Rust before 1.90 links with
        // GNU ld); lld settles it at the end.
        let dir = archive.parent().expect("an absolute file has a parent");
        println!("cargo:rustc-link-search=native={}", dir.display());
        println!("cargo:rustc-link-lib=static:+whole-archive,-bundle=gcc_eh");
    }
}
