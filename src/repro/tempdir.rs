//! A private temporary directory for AF_UNIX socket files, removed on drop
//! and by a signal handler if the process is killed while it exists.
//!
//! "Killed" means any signal that would end the process and that a handler
//! can catch: Ctrl-C (SIGINT), `kill` (SIGTERM), a closed terminal
//! (SIGHUP), Ctrl-\ (SIGQUIT), SIGUSR1/2, timers (SIGALRM, SIGVTALRM,
//! SIGPROF), resource limits (SIGXCPU, SIGXFSZ), SIGIO, SIGPWR, SIGSTKFLT,
//! abort() and the fault signals, and the real-time signals. The handler
//! removes what was registered, restores the default action and raises the
//! signal again, so the process dies of it as it would have, with the same
//! exit status (and core dump) its parent expects. A signal the program
//! ignores or handles itself is left alone (Rust ignores SIGPIPE and owns
//! SIGSEGV and SIGBUS for its stack-overflow check), and SIGKILL and SIGSTOP
//! cannot be caught at all.

use crate::repro::recorder::*;
use crate::repro::{tx, Said};
use nix::errno::Errno as E;
use nix::sys::socket::UnixAddr;
use std::ffi::CString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI32, AtomicPtr, Ordering};

/// Paths the signal handler removes: slot 0 is the directory, the others
/// files in it. Each holds a `CString::into_raw` pointer or null.
pub(crate) static CLEANUP: [AtomicPtr<libc::c_char>; 4] = [
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
    AtomicPtr::new(std::ptr::null_mut()),
];

/// The process that registered the paths. A forked child inherits the
/// handler and the paths; it must not remove its parent's directory when
/// it dies of a signal (the SIGPIPE and EINTR cases kill children on
/// purpose), so the handler cleans up only in this process.
static OWNER: AtomicI32 = AtomicI32::new(0);

/// Every signal whose default action ends the process and that a handler
/// can catch, on Linux: the standard ones, then SIGRTMIN..=SIGRTMAX.
fn terminating_signals() -> impl Iterator<Item = libc::c_int> {
    [
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGILL,
        libc::SIGTRAP,
        libc::SIGABRT,
        libc::SIGBUS,
        libc::SIGFPE,
        libc::SIGUSR1,
        libc::SIGSEGV,
        libc::SIGUSR2,
        libc::SIGPIPE,
        libc::SIGALRM,
        libc::SIGTERM,
        libc::SIGSTKFLT,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGIO,
        libc::SIGPWR,
        libc::SIGSYS,
    ]
    .into_iter()
    .chain(libc::SIGRTMIN()..=libc::SIGRTMAX())
}

extern "C" fn clean_and_die(sig: libc::c_int) {
    // Only async-signal-safe calls here: getpid, unlink, rmdir, sigaction,
    // raise.
    if unsafe { libc::getpid() } == OWNER.load(Ordering::SeqCst) {
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
    }
    // Die of the signal, as the process would have without us: the signal
    // is blocked while this handler runs, so it arrives as soon as the
    // handler returns, with the default action now in place.
    unsafe {
        let mut dfl: libc::sigaction = std::mem::zeroed();
        dfl.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(sig, &dfl, std::ptr::null_mut());
        libc::raise(sig);
    }
}

/// The signals the handler is installed for, as a set to block.
fn signal_set() -> libc::sigset_t {
    // SAFETY: sigemptyset initialises the set; sigaddset only sets bits.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for sig in terminating_signals() {
            libc::sigaddset(&mut set, sig);
        }
        set
    }
}

/// Blocks the terminating signals until dropped (then the old mask is
/// back, and any that arrived meanwhile are delivered).
struct Blocked(libc::sigset_t);

impl Blocked {
    fn new() -> Blocked {
        // SAFETY: pthread_sigmask reads one set and writes the old one.
        unsafe {
            let mut old: libc::sigset_t = std::mem::zeroed();
            libc::pthread_sigmask(libc::SIG_BLOCK, &signal_set(), &mut old);
            Blocked(old)
        }
    }
}

impl Drop for Blocked {
    fn drop(&mut self) {
        // SAFETY: as in new().
        unsafe { libc::pthread_sigmask(libc::SIG_SETMASK, &self.0, std::ptr::null_mut()) };
    }
}

pub(crate) struct TempDir {
    pub(crate) path: PathBuf,
    pub(crate) files: usize,
    /// The signals we took over, with the (default) action to restore.
    previous: Vec<(libc::c_int, libc::sigaction)>,
}

impl TempDir {
    pub(crate) fn new(t: &mut Trace) -> Result<TempDir, Stop> {
        let mut previous = Vec::new();
        // SAFETY: the handler makes only async-signal-safe calls; the
        // structs are zeroed and then filled as sigaction(2) describes.
        unsafe {
            let mut handler: libc::sigaction = std::mem::zeroed();
            handler.sa_sigaction = clean_and_die as *const () as libc::sighandler_t;
            // While one runs, the others wait: one cleanup, one death.
            handler.sa_mask = signal_set();
            OWNER.store(libc::getpid(), Ordering::SeqCst);
            for sig in terminating_signals() {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, &handler, &mut old) != 0 {
                    continue;
                }
                if old.sa_sigaction == libc::SIG_DFL {
                    previous.push((sig, old));
                } else {
                    // The program has its own plan for this signal
                    // (ignore it, or a handler): leave that alone; drop
                    // still cleans up.
                    libc::sigaction(sig, &old, std::ptr::null_mut());
                }
            }
        }
        let template = std::env::temp_dir().join("sockerr-repro-XXXXXX");
        // Block the signals between creating the directory and
        // registering it, so an interruption cannot leave it behind.
        let blocked = Blocked::new();
        let r = mkdtemp(&template);
        if let Ok(p) = &r {
            register(0, p);
        }
        drop(blocked);
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
                        "a private directory (mode 0700), removed afterwards, even if a signal ends sockerr",
                        "私有目录（权限 0700），结束后删除，即使 sockerr 被信号终止也会删除",
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
        // A signal now would find half-removed registrations: let it wait
        // until the handlers are back to the default, then die of it.
        let _blocked = Blocked::new();
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
            // SAFETY: restores the action sigaction gave us.
            unsafe { libc::sigaction(sig, &old, std::ptr::null_mut()) };
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
