//! The build script's part for how the sockerr binary is linked: the
//! unwinder goes into the binary instead of being loaded from libgcc_s.

use std::path::PathBuf;

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
    let var = |k: &str| std::env::var(k).unwrap_or_default();
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    if var("CARGO_CFG_TARGET_OS") != "linux"
        || var("CARGO_CFG_TARGET_ENV") != "gnu"
        || var("CARGO_CFG_TARGET_FEATURE")
            .split(',')
            .any(|f| f == "crt-static")
        || var("HOST") != var("TARGET")
    {
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
        println!("cargo:rustc-link-arg-bins=-Wl,--whole-archive");
        println!("cargo:rustc-link-arg-bins={}", archive.display());
        println!("cargo:rustc-link-arg-bins=-Wl,--no-whole-archive");
    }
}
