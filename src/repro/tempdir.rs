//! A private temporary directory for AF_UNIX socket files, removed on drop
//! and by a signal handler if the process is interrupted.

use crate::repro::recorder::*;
use crate::repro::{tx, Said};
use nix::errno::Errno as E;
use nix::sys::signal::{self, SigAction, SigHandler, SigSet, SigmaskHow, Signal};
use nix::sys::socket::UnixAddr;
use std::ffi::CString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicPtr, Ordering};

/// Paths the signal handler removes: slot 0 is the directory, the others
/// files in it. Each holds a `CString::into_raw` pointer or null.
pub(crate) static CLEANUP: [AtomicPtr<libc::c_char>; 4] = [
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
];

extern "C" fn clean_and_die(sig: libc::c_int) {
    // Only async-signal-safe calls here: unlink, rmdir, sigaction, raise.
    for slot in CLEANUP.iter().skip(1) {
        let p = slot.load(Ordering::SeqCst);
        if !p.is_null() {
            unsafe { libc::unlink(p) };
        }
    }
    let dir = CLEANUP[0].load(Ordering::SeqCst);
    if !dir.is_null() {
        unsafe { libc::rmdir(dir) };
    }
    // Die of the signal, as the process would have without us.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

pub(crate) fn blocked_signals() -> SigSet {
    let mut s = SigSet::empty();
    s.add(Signal::SIGINT);
    s.add(Signal::SIGTERM);
    s
}

pub(crate) struct TempDir {
    pub(crate) path: PathBuf,
    pub(crate) files: usize,
    /// The previous handlers, for the signals we took over.
    pub(crate) previous: Vec<(Signal, SigAction)>,
}

impl TempDir {
    pub(crate) fn new(t: &mut Trace) -> Result<TempDir, Stop> {
        let mut previous = Vec::new();
        let handler = SigAction::new(
            SigHandler::Handler(clean_and_die),
            signal::SaFlags::empty(),
            SigSet::empty(),
        );
        for sig in [Signal::SIGINT, Signal::SIGTERM] {
            // SAFETY: the handler makes only async-signal-safe calls.
            if let Ok(old) = unsafe { signal::sigaction(sig, &handler) } {
                if old.handler() == SigHandler::SigDfl {
                    previous.push((sig, old));
                } else {
                    // The program has its own plan for this signal
                    // (ignore it, or a handler): leave that alone; drop
                    // still cleans up.
                    let _ = unsafe { signal::sigaction(sig, &old) };
                }
            }
        }
        let template = std::env::temp_dir().join("sockerr-repro-XXXXXX");
        // Block the signals between creating the directory and
        // registering it, so an interruption cannot leave it behind.
        let mut old_mask = SigSet::empty();
        let _ = signal::pthread_sigmask(
            SigmaskHow::SIG_BLOCK,
            Some(&blocked_signals()),
            Some(&mut old_mask),
        );
        let r = mkdtemp(&template);
        if let Ok(p) = &r {
            register(0, p);
        }
        let _ = signal::pthread_sigmask(SigmaskHow::SIG_SETMASK, Some(&old_mask), None);
        let dir = TempDir {
            path: r.as_ref().cloned().unwrap_or_default(),
            files: 0,
            previous,
        };
        let shown = match &r {
            Ok(p) => format!("mkdtemp(\"{}\") = \"{}\"", template.display(), p.display()),
            Err(_) => format!("mkdtemp(\"{}\")", template.display()),
        };
        match r {
            Ok(_) => {
                t.event(
                    shown,
                    Some(tx(
                        "a private directory (mode 0700), removed afterwards, even on Ctrl-C",
                        "私有目录（权限 0700），结束后删除，按 Ctrl-C 也会删除",
                    )),
                );
                Ok(dir)
            }
            Err(e) => Err(t.fail(shown, e)),
        }
    }

    /// A path in the directory, registered for removal before anything
    /// creates it.
    pub(crate) fn file(&mut self, name: &str) -> PathBuf {
        let p = self.path.join(name);
        self.files += 1;
        if self.files < CLEANUP.len() {
            register(self.files, &p);
        }
        p
    }
}

/// mkdtemp(3) through libc: nix has it only behind a feature this
/// crate does not enable.
pub(crate) fn mkdtemp(template: &Path) -> nix::Result<PathBuf> {
    let mut buf = CString::new(template.as_os_str().as_bytes())
        .map_err(|_| E::EINVAL)?
        .into_bytes_with_nul();
    // SAFETY: buf is a writable, NUL-terminated template.
    let p = unsafe { libc::mkdtemp(buf.as_mut_ptr().cast()) };
    if p.is_null() {
        return Err(E::last());
    }
    buf.pop();
    Ok(PathBuf::from(std::ffi::OsString::from_vec(buf)))
}

pub(crate) fn register(slot: usize, p: &Path) {
    if let Ok(c) = CString::new(p.as_os_str().as_bytes()) {
        let old = CLEANUP[slot].swap(c.into_raw(), Ordering::SeqCst);
        if !old.is_null() {
            // SAFETY: every pointer in CLEANUP came from CString::into_raw.
            drop(unsafe { CString::from_raw(old) });
        }
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        for slot in CLEANUP.iter().rev() {
            let p = slot.swap(std::ptr::null_mut(), Ordering::SeqCst);
            if !p.is_null() {
                // SAFETY: as in register().
                let c = unsafe { CString::from_raw(p) };
                let path = Path::new(std::ffi::OsStr::from_bytes(c.as_bytes()));
                if path == self.path {
                    let _ = std::fs::remove_dir(path);
                } else {
                    let _ = std::fs::remove_file(path);
                }
            }
        }
        // Anything unregistered (there should be nothing).
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
        for (sig, old) in self.previous.drain(..) {
            let _ = unsafe { signal::sigaction(sig, &old) };
        }
    }
}

pub(crate) fn unix_addr(t: &mut Trace, p: &Path) -> Result<UnixAddr, Stop> {
    UnixAddr::new(p).map_err(|e| {
        t.problems.push(Said::new(
            format!("{} cannot be a socket address: {e}", p.display()),
            format!("{} 不能用作套接字地址：{e}", p.display()),
        ));
        Stop::Failed
    })
}
