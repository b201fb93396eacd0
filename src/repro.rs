//! Reproductions: small programs that make one socket call fail with one
//! errno on the running kernel, and record every call they made with its
//! real return value, the way strace would show it.
//!
//! Each [`Case`] names the (call, errno) pair it proves; [`run`] executes it
//! and returns an [`Outcome`]: the steps, what the call under test really
//! returned, and whether that is what the case expected. `sockerr repro`
//! prints outcomes, and `tests/repro.rs` holds the knowledge base to them.
//!
//! The rules every case keeps, and why the code looks the way it does:
//!
//! - Loopback only: 127.0.0.1, ::1, and AF_UNIX sockets in a private
//!   temporary directory. Binding 192.0.2.1 sends nothing; the broadcast case
//!   binds to 127.0.0.1 first, which pins its route to `lo`, so even a
//!   datagram the kernel let through would not leave the host.
//! - Bounded: non-blocking sockets with poll timeouts, bounded loops, timers;
//!   a child that overstays is killed. No case waits much more than a second.
//! - Clean: every descriptor is an `OwnedFd`, closed on drop; the temporary
//!   directory is removed on drop and, if SIGINT or SIGTERM arrives while it
//!   exists, by a signal handler before the process dies.
//! - Children (SIGPIPE, EMFILE, EINTR, dropped privileges) make only raw,
//!   async-signal-safe calls between `fork` and `_exit`, and report through a
//!   pipe as fixed-size records; the parent formats what they did. So a
//!   multi-threaded program can call [`run`] without the child deadlocking
//!   on a lock another thread held at the fork.
//!
//! One caveat for multi-threaded callers: the EBADF case calls `recv` on a
//! descriptor it has just closed; another thread that opens a file at that
//! moment may get the same number. [`run`] takes a process-wide lock so that
//! reproductions never overlap each other, but it cannot stop other threads.
//! The `sockerr` binary is single-threaded.
//!
//! Linux only: elsewhere [`cases`] is empty and [`AVAILABLE`] is false.

use crate::kb::{self, Errno, Text};
use crate::lang::Lang;
use crate::syscall::Syscall;
use std::borrow::Cow;
use std::time::Duration;

/// Whether reproductions run on this system (Linux only).
pub const AVAILABLE: bool = cfg!(target_os = "linux");

/// Text made at run time, in both languages (a skip reason that names a
/// value the kernel reported, for instance).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// One reproduction: the (call, errno) pair it proves and how.
#[derive(Debug)]
pub struct Case {
    /// A stable name, such as `connect-refused`.
    pub id: &'static str,
    /// The call whose errno the case checks.
    pub syscall: Syscall,
    /// The errno it expects, by canonical name.
    pub errno: &'static str,
    /// What the case sets up, in a few words.
    pub title: Text,
    /// One line on why the kernel answers this way.
    pub why: Text,
    #[cfg(target_os = "linux")]
    run: imp::Runner,
}

impl Case {
    /// The errno the case expects.
    pub fn expected(&self) -> &'static Errno {
        kb::by_name(self.errno).expect("every case names a known errno")
    }

    /// What the knowledge base says about this pair, if it has an entry.
    pub fn entry(&self) -> Option<&'static kb::Entry> {
        self.expected().entry(self.syscall)
    }
}

/// One call a reproduction made, or one event (a child killed by a signal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The call as strace would write it: `connect(4, 127.0.0.1:40123)`.
    pub call: String,
    /// The return value; `None` for an event, or a call its process did not
    /// survive (strace's `= ?`).
    pub ret: Option<i64>,
    /// The errno, when the call failed.
    pub errno: Option<i32>,
    /// How long the call took, where that is the point (timeouts, signals).
    pub elapsed: Option<Duration>,
    /// A comment on the step.
    pub note: Option<Text>,
    /// The call whose errno the case checks.
    pub under_test: bool,
}

impl Step {
    pub fn errno_name(&self) -> Option<Cow<'static, str>> {
        self.errno.map(errno_name)
    }
}

/// What the call under test did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Observed {
    /// The case stopped before it (skipped, or a set-up step failed).
    NotReached,
    /// The call succeeded with this return value.
    Returned(i64),
    /// The call failed with this errno.
    Failed(i32),
}

/// What running a case showed.
#[derive(Debug)]
pub struct Outcome {
    pub case: &'static Case,
    pub steps: Vec<Step>,
    pub observed: Observed,
    /// Everything else that went other than planned: a set-up step that
    /// failed, a child that was not killed by the signal it should have been.
    pub problems: Vec<Said>,
    /// Why the case could not run here (privileges, IPv6 disabled).
    pub skipped: Option<Said>,
}

impl Outcome {
    /// The kernel did what the case expects: the call under test failed with
    /// the expected errno and nothing else went wrong. False when skipped.
    pub fn matched(&self) -> bool {
        self.skipped.is_none()
            && self.problems.is_empty()
            && self.observed == Observed::Failed(self.case.expected().number)
    }

    /// The canonical name of the errno the call under test returned.
    pub fn observed_errno(&self) -> Option<Cow<'static, str>> {
        match self.observed {
            Observed::Failed(n) => Some(errno_name(n)),
            _ => None,
        }
    }
}

/// The canonical name of an errno number, as the knowledge base spells it.
pub fn errno_name(n: i32) -> Cow<'static, str> {
    match kb::by_number(i64::from(n)) {
        Some(e) => Cow::Borrowed(e.name),
        None => Cow::Owned(format!("errno {n}")),
    }
}

/// The C library's message for an errno number.
pub fn errno_message(n: i32) -> Cow<'static, str> {
    match kb::by_number(i64::from(n)) {
        Some(e) => Cow::Borrowed(e.message),
        None => Cow::Owned(std::io::Error::from_raw_os_error(n).to_string()),
    }
}

/// Every reproduction, grouped by call in [`Syscall::ALL`] order. Empty
/// where reproductions are not available.
pub fn cases() -> &'static [Case] {
    #[cfg(target_os = "linux")]
    {
        imp::CASES
    }
    #[cfg(not(target_os = "linux"))]
    {
        &[]
    }
}

/// The cases that expect `errno` (any of its names), from `syscall` if given.
pub fn find(errno: &Errno, syscall: Option<Syscall>) -> Vec<&'static Case> {
    cases()
        .iter()
        .filter(|c| c.errno == errno.name && syscall.is_none_or(|s| c.syscall == s))
        .collect()
}

/// The case with this id.
pub fn by_id(id: &str) -> Option<&'static Case> {
    cases().iter().find(|c| c.id == id)
}

/// Runs one case. Never panics on what the kernel does: every surprise is
/// in the outcome. Cases never overlap within a process.
pub fn run(case: &'static Case) -> Outcome {
    #[cfg(target_os = "linux")]
    {
        imp::run(case)
    }
    #[cfg(not(target_os = "linux"))]
    {
        Outcome {
            case,
            steps: Vec::new(),
            observed: Observed::NotReached,
            problems: Vec::new(),
            skipped: Some(Said::new(
                "reproductions run on Linux only",
                "复现只能在 Linux 上运行",
            )),
        }
    }
}

#[cfg(target_os = "linux")]
const fn tx(en: &'static str, zh: &'static str) -> Text {
    Text { en, zh }
}

#[cfg(target_os = "linux")]
mod imp {
    use super::{tx, Case, Observed, Outcome, Said, Step};
    use crate::kb::Text;
    use crate::syscall::Syscall;
    use nix::errno::Errno as E;
    use nix::fcntl::{fcntl, FcntlArg, OFlag};
    use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
    use nix::sys::signal::{self, SigAction, SigHandler, SigSet, SigmaskHow, Signal};
    use nix::sys::socket::{
        accept, bind, connect, getsockname, getsockopt, listen, recv, send, sendto, setsockopt,
        shutdown, socket, sockopt, AddressFamily, Backlog, MsgFlags, Shutdown, SockFlag, SockType,
        SockaddrIn, SockaddrIn6, UnixAddr,
    };
    use nix::sys::time::{TimeVal, TimeValLike};
    use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
    use nix::unistd::{close, ForkResult, Pid};
    use std::ffi::{CStr, CString};
    use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};
    use std::os::unix::ffi::{OsStrExt, OsStringExt};
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicPtr, Ordering};
    use std::sync::Mutex;
    use std::time::{Duration, Instant};

    pub(crate) type Runner = fn(&mut Trace) -> Res;
    type Res = Result<(), Stop>;

    /// Why a case stopped early.
    pub(crate) enum Stop {
        /// The case cannot run here; the reason is printed.
        Skip(Said),
        /// A set-up step failed; the trace already holds the problem.
        Failed,
    }

    fn skip(en: impl Into<String>, zh: impl Into<String>) -> Stop {
        Stop::Skip(Said::new(en, zh))
    }

    /// Keeps reproductions from overlapping within one process.
    static LOCK: Mutex<()> = Mutex::new(());

    pub(super) fn run(case: &'static Case) -> Outcome {
        let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
        let mut tr = Trace::default();
        let skipped = match (case.run)(&mut tr) {
            Ok(()) => None,
            Err(Stop::Skip(why)) => Some(why),
            Err(Stop::Failed) => None,
        };
        if skipped.is_none() && tr.observed == Observed::NotReached && tr.problems.is_empty() {
            tr.problems.push(Said::new(
                "the case never reached the call under test",
                "案例没有执行到被测调用",
            ));
        }
        Outcome {
            case,
            steps: tr.steps,
            observed: tr.observed,
            problems: tr.problems,
            skipped,
        }
    }

    /// The steps a case has made so far.
    pub(crate) struct Trace {
        steps: Vec<Step>,
        observed: Observed,
        problems: Vec<Said>,
    }

    impl Default for Trace {
        fn default() -> Self {
            Trace {
                steps: Vec::new(),
                observed: Observed::NotReached,
                problems: Vec::new(),
            }
        }
    }

    /// What a successful call returns, as a number for the trace.
    trait Ret {
        fn ret(&self) -> i64;
    }
    impl Ret for () {
        fn ret(&self) -> i64 {
            0
        }
    }
    impl Ret for usize {
        fn ret(&self) -> i64 {
            *self as i64
        }
    }
    impl Ret for i32 {
        fn ret(&self) -> i64 {
            i64::from(*self)
        }
    }
    impl<T: Ret> Ret for &T {
        fn ret(&self) -> i64 {
            (**self).ret()
        }
    }
    impl Ret for OwnedFd {
        fn ret(&self) -> i64 {
            i64::from(self.as_raw_fd())
        }
    }
    impl Ret for SockaddrIn {
        fn ret(&self) -> i64 {
            0
        }
    }
    impl Ret for SockaddrIn6 {
        fn ret(&self) -> i64 {
            0
        }
    }

    impl Trace {
        fn push<T: Ret>(&mut self, call: String, r: &nix::Result<T>, under_test: bool) {
            let (ret, errno) = match r {
                Ok(v) => (v.ret(), None),
                Err(e) => (-1, Some(*e as i32)),
            };
            self.steps.push(Step {
                call,
                ret: Some(ret),
                errno,
                elapsed: None,
                note: None,
                under_test,
            });
            if under_test {
                self.observed = match r {
                    Ok(v) => Observed::Returned(v.ret()),
                    Err(e) => Observed::Failed(*e as i32),
                };
            }
        }

        /// A step the case needs to succeed: a failure ends the case.
        fn setup<T: Ret>(&mut self, call: impl Into<String>, r: nix::Result<T>) -> Result<T, Stop> {
            match r {
                Ok(v) => {
                    self.push(call.into(), &Ok::<&T, E>(&v), false);
                    Ok(v)
                }
                Err(e) => Err(self.fail(call, e)),
            }
        }

        /// Records a set-up step that failed, and the problem it makes.
        fn fail(&mut self, call: impl Into<String>, e: E) -> Stop {
            let call = call.into();
            self.push::<()>(call.clone(), &Err(e), false);
            let name = super::errno_name(e as i32);
            self.problems.push(Said::new(
                format!("a set-up step failed: {call} = -1 {name}"),
                format!("准备步骤失败：{call} = -1 {name}"),
            ));
            Stop::Failed
        }

        /// A step whose result the case shows but does not depend on.
        fn step<T: Ret>(&mut self, call: impl Into<String>, r: nix::Result<T>) -> nix::Result<T> {
            self.push(call.into(), &r, false);
            r
        }

        /// The call under test.
        fn test<T: Ret>(&mut self, call: impl Into<String>, r: nix::Result<T>) -> nix::Result<T> {
            self.push(call.into(), &r, true);
            r
        }

        /// The call under test, timed.
        fn timed_test<T: Ret>(
            &mut self,
            call: impl Into<String>,
            f: impl FnOnce() -> nix::Result<T>,
        ) -> nix::Result<T> {
            let start = Instant::now();
            let r = f();
            let took = start.elapsed();
            self.push(call.into(), &r, true);
            self.last().elapsed = Some(took);
            r
        }

        /// A step a child process made, reported through its pipe.
        fn child_step(&mut self, call: String, rec: Record, under_test: bool) {
            let errno = (rec.ret < 0).then_some(rec.errno);
            self.steps.push(Step {
                call,
                ret: Some(rec.ret),
                errno,
                elapsed: None,
                note: None,
                under_test,
            });
            if under_test {
                self.observed = match errno {
                    Some(e) => Observed::Failed(e),
                    None => Observed::Returned(rec.ret),
                };
            }
        }

        /// A line with no return value: an event, or a call its process
        /// did not survive.
        fn event(&mut self, call: impl Into<String>, note: Option<Text>) {
            self.steps.push(Step {
                call: call.into(),
                ret: None,
                errno: None,
                elapsed: None,
                note,
                under_test: false,
            });
        }

        fn last(&mut self) -> &mut Step {
            self.steps.last_mut().expect("a step was recorded")
        }

        /// A comment on the last step.
        fn note(&mut self, note: Text) {
            self.last().note = Some(note);
        }

        /// Records a problem unless `ok`.
        fn expect(&mut self, ok: bool, en: String, zh: String) {
            if !ok {
                self.problems.push(Said::new(en, zh));
            }
        }
    }

    // ---------------------------------------------------------------
    // Building blocks.

    fn raw(fd: &impl AsRawFd) -> RawFd {
        fd.as_raw_fd()
    }

    fn own(r: nix::Result<RawFd>) -> nix::Result<OwnedFd> {
        // SAFETY: a descriptor accept() or socket() just returned is ours alone.
        r.map(|fd| unsafe { OwnedFd::from_raw_fd(fd) })
    }

    fn lo(port: u16) -> SockaddrIn {
        SockaddrIn::new(127, 0, 0, 1, port)
    }

    fn tcp(t: &mut Trace) -> Result<OwnedFd, Stop> {
        t.setup(
            "socket(AF_INET, SOCK_STREAM, 0)",
            socket(
                AddressFamily::Inet,
                SockType::Stream,
                SockFlag::empty(),
                None,
            ),
        )
    }

    fn tcp_nonblocking(t: &mut Trace) -> Result<OwnedFd, Stop> {
        t.setup(
            "socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)",
            socket(
                AddressFamily::Inet,
                SockType::Stream,
                SockFlag::SOCK_NONBLOCK,
                None,
            ),
        )
    }

    fn udp(t: &mut Trace) -> Result<OwnedFd, Stop> {
        t.setup(
            "socket(AF_INET, SOCK_DGRAM, 0)",
            socket(
                AddressFamily::Inet,
                SockType::Datagram,
                SockFlag::empty(),
                None,
            ),
        )
    }

    fn unix_stream(t: &mut Trace) -> Result<OwnedFd, Stop> {
        t.setup(
            "socket(AF_UNIX, SOCK_STREAM, 0)",
            socket(
                AddressFamily::Unix,
                SockType::Stream,
                SockFlag::empty(),
                None,
            ),
        )
    }

    /// Binds to 127.0.0.1 on a port the kernel picks, and reads the port back.
    fn bind_lo(t: &mut Trace, fd: &OwnedFd) -> Result<SockaddrIn, Stop> {
        t.setup(
            format!("bind({}, 127.0.0.1:0)", raw(fd)),
            bind(raw(fd), &lo(0)),
        )?;
        local(t, fd)
    }

    fn local(t: &mut Trace, fd: &OwnedFd) -> Result<SockaddrIn, Stop> {
        let r = getsockname::<SockaddrIn>(raw(fd));
        let call = match &r {
            Ok(a) => format!("getsockname({}, {a})", raw(fd)),
            Err(_) => format!("getsockname({})", raw(fd)),
        };
        t.setup(call, r)
    }

    /// A TCP port on 127.0.0.1 nobody listens on: this socket is bound to it
    /// and never listens, so no other program can take the port meanwhile.
    fn held_port(t: &mut Trace) -> Result<(OwnedFd, SockaddrIn), Stop> {
        let h = tcp(t)?;
        let addr = bind_lo(t, &h)?;
        t.note(tx(
            "this socket holds the port: bound, never listening",
            "这个套接字占住端口：已绑定，但从不监听",
        ));
        Ok((h, addr))
    }

    fn listen_on(t: &mut Trace, fd: &OwnedFd, backlog: i32) -> Result<(), Stop> {
        let call = format!("listen({}, {backlog})", raw(fd));
        let r = Backlog::new(backlog).and_then(|b| listen(fd, b));
        t.setup(call, r)
    }

    fn listener(t: &mut Trace, backlog: i32) -> Result<(OwnedFd, SockaddrIn), Stop> {
        let l = tcp(t)?;
        let addr = bind_lo(t, &l)?;
        listen_on(t, &l, backlog)?;
        Ok((l, addr))
    }

    fn connect_to(t: &mut Trace, fd: &OwnedFd, addr: &SockaddrIn) -> Result<(), Stop> {
        t.setup(
            format!("connect({}, {addr})", raw(fd)),
            connect(raw(fd), addr),
        )
    }

    fn accept_on(t: &mut Trace, l: &OwnedFd) -> Result<OwnedFd, Stop> {
        t.setup(
            format!("accept({}, NULL, NULL)", raw(l)),
            own(accept(raw(l))),
        )
    }

    /// A connected TCP pair over loopback.
    struct Pair {
        _listener: OwnedFd,
        client: OwnedFd,
        server: OwnedFd,
    }

    fn pair(t: &mut Trace) -> Result<Pair, Stop> {
        let (l, addr) = listener(t, 8)?;
        let client = tcp(t)?;
        connect_to(t, &client, &addr)?;
        let server = accept_on(t, &l)?;
        Ok(Pair {
            _listener: l,
            client,
            server,
        })
    }

    fn close_fd(t: &mut Trace, fd: OwnedFd) -> Result<(), Stop> {
        let n = fd.into_raw_fd();
        t.setup(format!("close({n})"), close(n))
    }

    fn set_nonblocking(t: &mut Trace, fd: &OwnedFd) -> Result<(), Stop> {
        t.setup(
            format!("fcntl({}, F_SETFL, O_NONBLOCK)", raw(fd)),
            fcntl(raw(fd), FcntlArg::F_SETFL(OFlag::O_NONBLOCK)),
        )
        .map(drop)
    }

    fn poll_names(f: PollFlags) -> String {
        let names = [
            (PollFlags::POLLIN, "POLLIN"),
            (PollFlags::POLLPRI, "POLLPRI"),
            (PollFlags::POLLOUT, "POLLOUT"),
            (PollFlags::POLLERR, "POLLERR"),
            (PollFlags::POLLHUP, "POLLHUP"),
        ];
        let v: Vec<&str> = names
            .iter()
            .filter(|(b, _)| f.contains(*b))
            .map(|&(_, n)| n)
            .collect();
        if v.is_empty() {
            "0".to_string()
        } else {
            v.join("|")
        }
    }

    /// Waits up to `ms` for `events` (POLLERR and POLLHUP are always
    /// reported); the trace shows what arrived, or the timeout.
    fn wait(t: &mut Trace, fd: &OwnedFd, events: PollFlags, ms: u16) -> Result<PollFlags, Stop> {
        let mut fds = [PollFd::new(fd.as_fd(), events)];
        let r = poll(&mut fds, PollTimeout::from(ms));
        let revents = fds[0].revents().unwrap_or(PollFlags::empty());
        let call = format!(
            "poll([{{fd={}, events={}, revents={}}}], 1, {ms})",
            raw(fd),
            poll_names(events),
            poll_names(revents)
        );
        t.setup(call, r)?;
        Ok(revents)
    }

    fn read_sysctl(path: &str) -> Option<i64> {
        std::fs::read_to_string(path).ok()?.trim().parse().ok()
    }

    // ---------------------------------------------------------------
    // A private temporary directory for AF_UNIX socket files, removed on
    // drop and by a SIGINT/SIGTERM handler if the process is interrupted.

    /// Paths the signal handler removes: slot 0 is the directory, the others
    /// files in it. Each holds a `CString::into_raw` pointer or null.
    static CLEANUP: [AtomicPtr<libc::c_char>; 4] = [
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

    fn blocked_signals() -> SigSet {
        let mut s = SigSet::empty();
        s.add(Signal::SIGINT);
        s.add(Signal::SIGTERM);
        s
    }

    struct TempDir {
        path: PathBuf,
        files: usize,
        /// The previous handlers, for the signals we took over.
        previous: Vec<(Signal, SigAction)>,
    }

    impl TempDir {
        fn new(t: &mut Trace) -> Result<TempDir, Stop> {
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
        fn file(&mut self, name: &str) -> PathBuf {
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
    fn mkdtemp(template: &Path) -> nix::Result<PathBuf> {
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

    fn register(slot: usize, p: &Path) {
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

    fn unix_addr(t: &mut Trace, p: &Path) -> Result<UnixAddr, Stop> {
        UnixAddr::new(p).map_err(|e| {
            t.problems.push(Said::new(
                format!("{} cannot be a socket address: {e}", p.display()),
                format!("{} 不能用作套接字地址：{e}", p.display()),
            ));
            Stop::Failed
        })
    }

    // ---------------------------------------------------------------
    // Children. Between fork and _exit a child makes raw libc calls only,
    // and reports each result as a fixed-size record on a pipe.

    #[derive(Debug, Clone, Copy)]
    struct Record {
        ret: i64,
        errno: i32,
    }

    struct Reporter(RawFd);

    impl Reporter {
        /// Sends one record; async-signal-safe.
        fn send(&self, ret: i64, errno: i32) {
            let buf = encode(ret, errno);
            unsafe { libc::write(self.0, buf.as_ptr().cast(), buf.len()) };
        }

        /// Sends the result of a raw call that returns -1 and sets errno on failure.
        fn result(&self, ret: i64) -> bool {
            let errno = if ret < 0 { E::last_raw() } else { 0 };
            self.send(ret, errno);
            ret >= 0
        }
    }

    fn encode(ret: i64, errno: i32) -> [u8; 12] {
        let mut b = [0u8; 12];
        b[..8].copy_from_slice(&ret.to_ne_bytes());
        b[8..].copy_from_slice(&errno.to_ne_bytes());
        b
    }

    /// Ends the child if its body unwinds, instead of letting it return
    /// into the parent's code.
    struct ExitOnUnwind;
    impl Drop for ExitOnUnwind {
        fn drop(&mut self) {
            unsafe { libc::_exit(127) };
        }
    }

    /// What a child did: its records, how it ended, its pid.
    struct ChildRun {
        pid: Pid,
        records: Vec<Record>,
        status: Option<WaitStatus>,
    }

    /// Forks; the child runs `body` and exits. The parent collects the
    /// records and the exit status, and kills a child that takes longer than
    /// `limit`.
    fn in_child(
        t: &mut Trace,
        limit: Duration,
        body: impl FnOnce(&Reporter),
    ) -> Result<ChildRun, Stop> {
        let (r, w) = t
            .setup("pipe2", nix::unistd::pipe2(OFlag::O_CLOEXEC).map(PipeFds))?
            .0;
        let r_raw = raw(&r);
        let w_raw = raw(&w);
        t.last().call = format!("pipe2([{r_raw}, {w_raw}], O_CLOEXEC)");
        t.note(tx(
            "the child reports each result through this pipe",
            "子进程通过这个管道报告每一步的结果",
        ));
        // SAFETY: the child calls only async-signal-safe functions (see
        // body's callers) and leaves through _exit.
        let forked = unsafe { nix::unistd::fork() };
        match forked {
            Ok(ForkResult::Child) => {
                let guard = ExitOnUnwind;
                unsafe {
                    libc::close(r_raw);
                    // Die with the parent, so a child never outlives it.
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                }
                body(&Reporter(w_raw));
                std::mem::forget(guard);
                unsafe { libc::_exit(0) }
            }
            Ok(ForkResult::Parent { child }) => {
                drop(w);
                let run = collect(child, r, limit);
                if run.status.is_none() {
                    t.problems.push(Said::new(
                        format!(
                            "child {child} did not finish within {} ms and was killed",
                            limit.as_millis()
                        ),
                        format!(
                            "子进程 {child} 未在 {} 毫秒内结束，已被杀死",
                            limit.as_millis()
                        ),
                    ));
                }
                Ok(run)
            }
            Err(e) => Err(t.fail("fork()", e)),
        }
    }

    /// A pipe's two ends, which can go through `Trace::setup`.
    struct PipeFds((OwnedFd, OwnedFd));
    impl Ret for PipeFds {
        fn ret(&self) -> i64 {
            0
        }
    }

    fn collect(child: Pid, r: OwnedFd, limit: Duration) -> ChildRun {
        let deadline = Instant::now() + limit;
        let mut bytes = Vec::new();
        let mut buf = [0u8; 256];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            let ms = u16::try_from(left.as_millis().max(1)).unwrap_or(u16::MAX);
            let mut fds = [PollFd::new(r.as_fd(), PollFlags::POLLIN)];
            match poll(&mut fds, PollTimeout::from(ms)) {
                Ok(0) => break,
                Ok(_) => match nix::unistd::read(raw(&r), &mut buf) {
                    Ok(0) => break,
                    Ok(n) => bytes.extend_from_slice(&buf[..n]),
                    Err(E::EINTR) => {}
                    Err(_) => break,
                },
                Err(E::EINTR) => {}
                Err(_) => break,
            }
        }
        // The pipe closes when the child exits; wait for the status until the
        // deadline, then kill it.
        let mut status = None;
        loop {
            match waitpid(child, Some(WaitPidFlag::WNOHANG)) {
                Ok(WaitStatus::StillAlive) => {}
                Ok(s) => {
                    status = Some(s);
                    break;
                }
                Err(E::EINTR) => continue,
                Err(_) => break,
            }
            if Instant::now() >= deadline {
                let _ = signal::kill(child, Signal::SIGKILL);
                let _ = waitpid(child, None);
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let records = bytes
            .chunks_exact(12)
            .map(|c| Record {
                ret: i64::from_ne_bytes(c[..8].try_into().expect("8 bytes")),
                errno: i32::from_ne_bytes(c[8..].try_into().expect("4 bytes")),
            })
            .collect();
        ChildRun {
            pid: child,
            records,
            status,
        }
    }

    fn describe_status(pid: Pid, s: Option<WaitStatus>) -> String {
        match s {
            Some(WaitStatus::Exited(_, code)) => format!("[pid {pid}] +++ exited with {code} +++"),
            Some(WaitStatus::Signaled(_, sig, _)) => {
                format!("[pid {pid}] +++ killed by {} +++", sig.as_str())
            }
            Some(other) => format!("[pid {pid}] +++ {other:?} +++"),
            None => format!("[pid {pid}] +++ killed by SIGKILL (time limit) +++"),
        }
    }

    // ---------------------------------------------------------------
    // The cases, grouped by call in Syscall::ALL order.

    macro_rules! case {
        ($id:literal, $call:ident, $errno:literal, $title:expr, $why:expr, $run:ident) => {
            Case {
                id: $id,
                syscall: Syscall::$call,
                errno: $errno,
                title: $title,
                why: $why,
                run: $run,
            }
        };
    }

    pub(crate) static CASES: &[Case] = &[
        // connect
        case!("connect-refused", Connect, "ECONNREFUSED",
            tx("a TCP port on 127.0.0.1 that nobody listens on", "127.0.0.1 上无人监听的 TCP 端口"),
            tx("nothing listens on that port, so the kernel answered the SYN with a reset",
              "该端口没有任何套接字在监听，内核用 RST 回应了 SYN"),
            connect_refused),
        case!("connect-refused-ipv6", Connect, "ECONNREFUSED",
            tx("the same over IPv6, on ::1", "同样的情形，走 IPv6 的 ::1"),
            tx("IPv6 behaves the same: no listener, so a reset answers the SYN",
              "IPv6 也一样：没有监听者，SYN 得到 RST"),
            connect_refused_ipv6),
        case!("connect-refused-unix", Connect, "ECONNREFUSED",
            tx("an AF_UNIX socket file left behind by a server that exited",
              "服务器退出后留下的 AF_UNIX 套接字文件"),
            tx("the file is still there, but no socket listens on it any more",
              "文件还在，但已经没有套接字在上面监听"),
            connect_refused_unix),
        case!("connect-inprogress", Connect, "EINPROGRESS",
            tx("a non-blocking connect; the refusal comes later, through SO_ERROR",
              "非阻塞 connect；拒绝结果随后通过 SO_ERROR 取得"),
            tx("a non-blocking connect returns at once; the outcome arrives later and SO_ERROR tells it once the socket is writable",
              "非阻塞 connect 立即返回；结果稍后才到，等套接字可写后用 SO_ERROR 读取"),
            connect_inprogress),
        case!("connect-already", Connect, "EALREADY",
            tx("a second connect while the first is still pending", "第一次连接尚未完成时再次 connect"),
            tx("the first non-blocking connect is still waiting for the handshake (the listener's full queue drops our SYN); a second call cannot start another",
              "第一次非阻塞 connect 仍在等待握手（监听端队列已满，丢弃了我们的 SYN），第二次调用无法再发起连接"),
            connect_already),
        case!("connect-timedout", Connect, "ETIMEDOUT",
            tx("a listener whose accept queue is full, with TCP_USER_TIMEOUT 200 ms",
              "接受队列已满的监听端，加上 TCP_USER_TIMEOUT 200 毫秒"),
            tx("the listener's kernel drops our SYNs; TCP_USER_TIMEOUT ends the attempt at the first retransmission, about a second in",
              "监听端内核丢弃我们的 SYN；TCP_USER_TIMEOUT 在第一次重传时（约一秒后）结束连接尝试"),
            connect_timedout),
        case!("connect-isconn", Connect, "EISCONN",
            tx("connect on a socket that is already connected", "对已连接的套接字再次 connect"),
            tx("the socket already has a peer; a TCP socket connects once",
              "套接字已经有对端了；TCP 套接字只能连接一次"),
            connect_isconn),
        case!("connect-enoent", Connect, "ENOENT",
            tx("an AF_UNIX path where no socket file exists", "AF_UNIX 路径上不存在套接字文件"),
            tx("there is no file at that path: the server has not created it, or the path is wrong",
              "该路径上没有文件：服务器还没创建它，或者路径写错了"),
            connect_enoent),
        case!("connect-afnosupport", Connect, "EAFNOSUPPORT",
            tx("an IPv6 address given to an IPv4 socket", "把 IPv6 地址交给 IPv4 套接字"),
            tx("the address's family (AF_INET6) is not the socket's (AF_INET); nothing is sent",
              "地址族（AF_INET6）与套接字的（AF_INET）不一致；不会发出任何数据"),
            connect_afnosupport),
        // send
        case!("send-pipe", Send, "EPIPE",
            tx("send after the peer closed, with MSG_NOSIGNAL", "对端关闭后 send，带 MSG_NOSIGNAL"),
            tx("the peer closed; our earlier send drew its reset, and the connection is over: MSG_NOSIGNAL turns SIGPIPE into just EPIPE",
              "对端已关闭；前一次 send 引来了对端的 RST，连接已结束：MSG_NOSIGNAL 让进程只得到 EPIPE 而不是 SIGPIPE"),
            send_pipe),
        case!("send-sigpipe", Send, "EPIPE",
            tx("the same without MSG_NOSIGNAL: SIGPIPE kills a child process",
              "同样情形但不带 MSG_NOSIGNAL：SIGPIPE 杀死子进程"),
            tx("with SIGPIPE at its default the process dies inside send; ignored (or with MSG_NOSIGNAL) the call returns EPIPE",
              "SIGPIPE 为默认处理时，进程在 send 中直接被杀死；忽略 SIGPIPE（或用 MSG_NOSIGNAL）时调用返回 EPIPE"),
            send_sigpipe),
        case!("send-pipe-unconnected", Send, "EPIPE",
            tx("send on a TCP socket that never connected", "在从未连接过的 TCP 套接字上 send"),
            tx("Linux answers send on an unconnected TCP socket with EPIPE (and SIGPIPE), not ENOTCONN",
              "Linux 对未连接 TCP 套接字上的 send 返回 EPIPE（并发 SIGPIPE），而不是 ENOTCONN"),
            send_pipe_unconnected),
        case!("send-connreset", Send, "ECONNRESET",
            tx("send after the peer closed with SO_LINGER 0 (a reset)", "对端以 SO_LINGER 0 关闭（发送 RST）后 send"),
            tx("the peer's close sent a reset, not a FIN: the connection was torn down while open on our side",
              "对端关闭时发送的是 RST 而不是 FIN：连接在我方仍打开时被拆除"),
            send_connreset),
        case!("send-again", Send, "EAGAIN",
            tx("a non-blocking send when both buffers are full", "两端缓冲区都满时的非阻塞 send"),
            tx("the peer reads nothing, its receive buffer and our send buffer are full, and a non-blocking socket does not wait",
              "对端不读数据，它的接收缓冲区和我方的发送缓冲区都满了，非阻塞套接字不会等待"),
            send_again),
        case!("send-msgsize", Send, "EMSGSIZE",
            tx("a UDP datagram of 65,508 bytes", "65508 字节的 UDP 数据报"),
            tx("65,507 bytes is the largest payload an IPv4 UDP datagram can carry; a datagram is never split across sends",
              "IPv4 UDP 数据报最多携带 65507 字节；数据报不会被拆成多次发送"),
            send_msgsize),
        case!("send-destaddrreq", Send, "EDESTADDRREQ",
            tx("send on an unconnected UDP socket", "在未连接的 UDP 套接字上 send"),
            tx("the UDP socket has no default destination and send() gives none: use sendto() or connect() first",
              "UDP 套接字没有默认目的地址，send() 也没给地址：应使用 sendto() 或先 connect()"),
            send_destaddrreq),
        case!("send-opnotsupp", Send, "EOPNOTSUPP",
            tx("MSG_OOB on a UDP socket", "在 UDP 套接字上使用 MSG_OOB"),
            tx("out-of-band data exists only in TCP (and AF_UNIX streams); UDP refuses the flag",
              "带外数据只有 TCP（以及 AF_UNIX 流）才有；UDP 拒绝这个标志"),
            send_opnotsupp),
        case!("send-acces", Send, "EACCES",
            tx("a datagram to 255.255.255.255 without SO_BROADCAST", "未设置 SO_BROADCAST 时向 255.255.255.255 发送数据报"),
            tx("sending to a broadcast address needs SO_BROADCAST; the kernel refuses before any packet is built",
              "向广播地址发送需要 SO_BROADCAST；内核在构造任何数据包之前就拒绝了"),
            send_acces),
        case!("send-notconn", Send, "ENOTCONN",
            tx("send on an AF_UNIX stream socket that never connected", "在从未连接的 AF_UNIX 流套接字上 send"),
            tx("an AF_UNIX stream socket has no peer to send to; (TCP would say EPIPE here)",
              "AF_UNIX 流套接字没有可发送的对端（TCP 在这种情况下返回 EPIPE）"),
            send_notconn),
        case!("send-connrefused", Send, "ECONNREFUSED",
            tx("a connected UDP socket whose peer port is closed", "对端端口已关闭的已连接 UDP 套接字"),
            tx("an earlier datagram drew an ICMP port unreachable; the next call on the connected socket reports it",
              "之前的数据报引来了 ICMP 端口不可达；已连接套接字上的下一次调用会报告它"),
            send_connrefused),
        // recv
        case!("recv-notconn", Recv, "ENOTCONN",
            tx("recv on a TCP socket that never connected", "在从未连接的 TCP 套接字上 recv"),
            tx("there is no connection to receive from", "没有可以接收数据的连接"),
            recv_notconn),
        case!("recv-inval-unix", Recv, "EINVAL",
            tx("recv on an AF_UNIX stream socket that never connected", "在从未连接的 AF_UNIX 流套接字上 recv"),
            tx("an unconnected AF_UNIX stream socket answers recv with EINVAL, where TCP says ENOTCONN",
              "未连接的 AF_UNIX 流套接字对 recv 返回 EINVAL，而 TCP 返回 ENOTCONN"),
            recv_inval_unix),
        case!("recv-connreset", Recv, "ECONNRESET",
            tx("recv after the peer closed with SO_LINGER 0 (a reset)", "对端以 SO_LINGER 0 关闭（发送 RST）后 recv"),
            tx("the peer's close sent a reset instead of a FIN, so there is no orderly end of stream (0) to read",
              "对端关闭时发送的是 RST 而不是 FIN，所以读不到正常的流结束（返回 0）"),
            recv_connreset),
        case!("recv-again", Recv, "EAGAIN",
            tx("a non-blocking recv with no data waiting", "没有数据时的非阻塞 recv"),
            tx("no data has arrived and a non-blocking socket does not wait: poll for POLLIN, then read",
              "还没有数据到达，非阻塞套接字不会等待：先 poll 等 POLLIN，再读"),
            recv_again),
        case!("recv-timeout", Recv, "EAGAIN",
            tx("a blocking recv whose SO_RCVTIMEO (100 ms) expires", "阻塞 recv 的 SO_RCVTIMEO（100 毫秒）到期"),
            tx("Linux reports an expired SO_RCVTIMEO as EAGAIN, not ETIMEDOUT",
              "Linux 用 EAGAIN 报告 SO_RCVTIMEO 到期，而不是 ETIMEDOUT"),
            recv_timeout),
        case!("recv-intr", Recv, "EINTR",
            tx("a signal during a blocking recv, handler without SA_RESTART", "阻塞 recv 期间来了信号，处理函数未设 SA_RESTART"),
            tx("SIGALRM's handler ran while recv waited; without SA_RESTART the kernel returns EINTR instead of restarting the call",
              "recv 等待期间 SIGALRM 的处理函数运行了；没有 SA_RESTART，内核返回 EINTR 而不是重启调用"),
            recv_intr),
        case!("recv-connrefused", Recv, "ECONNREFUSED",
            tx("recv on a connected UDP socket after a datagram to a closed port", "向关闭的端口发送数据报后，在已连接 UDP 套接字上 recv"),
            tx("the datagram drew an ICMP port unreachable; a connected UDP socket reports it on its next call",
              "数据报引来了 ICMP 端口不可达；已连接的 UDP 套接字在下一次调用时报告它"),
            recv_connrefused),
        case!("recv-badf", Recv, "EBADF",
            tx("recv on a descriptor that was closed", "在已关闭的描述符上 recv"),
            tx("the descriptor number no longer refers to anything: a use after close()",
              "这个描述符编号已不指向任何对象：close() 之后又使用了它"),
            recv_badf),
        case!("recv-notsock", Recv, "ENOTSOCK",
            tx("recv on an ordinary file's descriptor", "在普通文件的描述符上 recv"),
            tx("the descriptor is open but is a file, not a socket: read() would work, recv() will not",
              "描述符是打开的，但它是文件而不是套接字：read() 可以，recv() 不行"),
            recv_notsock),
        // bind
        case!("bind-addrinuse", Bind, "EADDRINUSE",
            tx("bind to a port another socket listens on", "绑定到另一个套接字正在监听的端口"),
            tx("a listening socket owns 127.0.0.1 on that port; SO_REUSEADDR would not change that",
              "一个监听套接字占有 127.0.0.1 上的这个端口；SO_REUSEADDR 也改变不了"),
            bind_addrinuse),
        case!("bind-addrinuse-unix", Bind, "EADDRINUSE",
            tx("bind an AF_UNIX path where an old socket file remains", "绑定到仍留有旧套接字文件的 AF_UNIX 路径"),
            tx("the socket file outlives its socket: unlink() the stale path before bind()",
              "套接字文件比套接字活得久：bind() 之前先 unlink() 旧路径"),
            bind_addrinuse_unix),
        case!("bind-addrnotavail", Bind, "EADDRNOTAVAIL",
            tx("bind to 192.0.2.1, an address this host does not have", "绑定到本机没有的地址 192.0.2.1"),
            tx("a socket can only bind to an address of this host (unless IP_FREEBIND or ip_nonlocal_bind); nothing is sent",
              "套接字只能绑定本机拥有的地址（除非 IP_FREEBIND 或 ip_nonlocal_bind）；不会发出任何数据"),
            bind_addrnotavail),
        case!("bind-inval", Bind, "EINVAL",
            tx("bind a socket that is already bound", "对已绑定的套接字再次 bind"),
            tx("a socket is bound once; the second bind has nothing to change",
              "套接字只能绑定一次；第二次 bind 无从更改"),
            bind_inval),
        case!("bind-acces", Bind, "EACCES",
            tx("bind a port below net.ipv4.ip_unprivileged_port_start without privilege",
              "无特权时绑定低于 net.ipv4.ip_unprivileged_port_start 的端口"),
            tx("ports below ip_unprivileged_port_start (1024 by default) need CAP_NET_BIND_SERVICE",
              "低于 ip_unprivileged_port_start（默认 1024）的端口需要 CAP_NET_BIND_SERVICE"),
            bind_acces),
        // setsockopt
        case!("setsockopt-noprotoopt", Setsockopt, "ENOPROTOOPT",
            tx("a TCP option (TCP_NODELAY) on a UDP socket", "在 UDP 套接字上设置 TCP 选项（TCP_NODELAY）"),
            tx("UDP does not know the IPPROTO_TCP level: the option does not exist for this socket",
              "UDP 不认识 IPPROTO_TCP 这一层：这个选项对该套接字不存在"),
            setsockopt_noprotoopt),
        case!("setsockopt-inval", Setsockopt, "EINVAL",
            tx("SO_RCVBUF with an optlen of 1 byte", "SO_RCVBUF 的 optlen 只有 1 字节"),
            tx("SO_RCVBUF takes an int; an optlen shorter than sizeof(int) is invalid",
              "SO_RCVBUF 需要一个 int；optlen 小于 sizeof(int) 无效"),
            setsockopt_inval),
        // getsockopt
        case!("getsockopt-noprotoopt", Getsockopt, "ENOPROTOOPT",
            tx("an option number SOL_SOCKET does not define", "SOL_SOCKET 未定义的选项编号"),
            tx("no option 9999 exists at the SOL_SOCKET level on this kernel",
              "这个内核的 SOL_SOCKET 层没有编号为 9999 的选项"),
            getsockopt_noprotoopt),
        // accept
        case!("accept-inval", Accept, "EINVAL",
            tx("accept on a bound socket that never called listen()", "在已绑定但从未调用 listen() 的套接字上 accept"),
            tx("accept needs a listening socket; bind alone does not make one",
              "accept 需要监听套接字；仅 bind 不会让它变成监听套接字"),
            accept_inval),
        case!("accept-again", Accept, "EAGAIN",
            tx("a non-blocking accept with no connection waiting", "没有待接受连接时的非阻塞 accept"),
            tx("the accept queue is empty and a non-blocking listener does not wait",
              "接受队列是空的，非阻塞监听套接字不会等待"),
            accept_again),
        // listen
        case!("listen-addrinuse", Listen, "EADDRINUSE",
            tx("two sockets bound to one port with SO_REUSEADDR; both listen", "两个套接字借 SO_REUSEADDR 绑定同一端口，都去监听"),
            tx("SO_REUSEADDR let both bind while neither listened; only one may listen on the port",
              "SO_REUSEADDR 让两者在都未监听时都能绑定；但同一端口只能有一个监听"),
            listen_addrinuse),
        case!("listen-opnotsupp", Listen, "EOPNOTSUPP",
            tx("listen on a UDP socket", "在 UDP 套接字上 listen"),
            tx("UDP has no connections to accept, so its sockets have no listen()",
              "UDP 没有可接受的连接，所以它的套接字不支持 listen()"),
            listen_opnotsupp),
        // socket
        case!("socket-afnosupport", Socket, "EAFNOSUPPORT",
            tx("an address family number Linux does not have (9999)", "Linux 没有的地址族编号（9999）"),
            tx("the kernel has no address family with that number", "内核中没有这个编号的地址族"),
            socket_afnosupport),
        case!("socket-protonosupport", Socket, "EPROTONOSUPPORT",
            tx("SOCK_STREAM with IPPROTO_UDP", "SOCK_STREAM 搭配 IPPROTO_UDP"),
            tx("AF_INET has SOCK_STREAM (TCP) and UDP, but no stream socket that speaks UDP",
              "AF_INET 有 SOCK_STREAM（TCP），也有 UDP，但没有使用 UDP 的流套接字"),
            socket_protonosupport),
        case!("socket-socktnosupport", Socket, "ESOCKTNOSUPPORT",
            tx("AF_INET with SOCK_RDM", "AF_INET 搭配 SOCK_RDM"),
            tx("SOCK_RDM is a real socket type, but AF_INET has no protocol of that type",
              "SOCK_RDM 是存在的套接字类型，但 AF_INET 没有这种类型的协议"),
            socket_socktnosupport),
        case!("socket-inval", Socket, "EINVAL",
            tx("a socket type number Linux does not define (99)", "Linux 未定义的套接字类型编号（99）"),
            tx("a type Linux does not define at all is EINVAL; a defined type the family lacks is ESOCKTNOSUPPORT",
              "完全未定义的类型返回 EINVAL；已定义但该地址族不支持的类型返回 ESOCKTNOSUPPORT"),
            socket_inval),
        case!("socket-mfile", Socket, "EMFILE",
            tx("socket() in a child whose RLIMIT_NOFILE is 16", "在 RLIMIT_NOFILE 为 16 的子进程里调用 socket()"),
            tx("every descriptor number below the process's RLIMIT_NOFILE is in use",
              "进程 RLIMIT_NOFILE 以下的描述符编号全都被占用了"),
            socket_mfile),
        // shutdown
        case!("shutdown-notconn", Shutdown, "ENOTCONN",
            tx("shutdown on a TCP socket that never connected", "在从未连接的 TCP 套接字上 shutdown"),
            tx("there is no connection to shut down", "没有可以关闭的连接"),
            shutdown_notconn),
    ];

    // connect -------------------------------------------------------

    fn connect_refused(t: &mut Trace) -> Res {
        let (_holder, addr) = held_port(t)?;
        let c = tcp(t)?;
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    fn connect_refused_ipv6(t: &mut Trace) -> Res {
        let open6 = |t: &mut Trace| -> Result<OwnedFd, Stop> {
            let call = "socket(AF_INET6, SOCK_STREAM, 0)";
            let r = socket(
                AddressFamily::Inet6,
                SockType::Stream,
                SockFlag::empty(),
                None,
            );
            if let Err(E::EAFNOSUPPORT) = r {
                t.step(call, r).ok();
                return Err(skip(
                    "IPv6 is disabled on this host: socket(AF_INET6) = EAFNOSUPPORT",
                    "本机禁用了 IPv6：socket(AF_INET6) = EAFNOSUPPORT",
                ));
            }
            t.setup(call, r)
        };
        let h = open6(t)?;
        let any6: SockaddrIn6 =
            std::net::SocketAddrV6::new(std::net::Ipv6Addr::LOCALHOST, 0, 0, 0).into();
        let call = format!("bind({}, [::1]:0)", raw(&h));
        let r = bind(raw(&h), &any6);
        if r == Err(E::EADDRNOTAVAIL) {
            t.step(call, r).ok();
            return Err(skip(
                "::1 is not configured on this host (IPv6 is off on lo)",
                "本机没有配置 ::1（lo 上关闭了 IPv6）",
            ));
        }
        t.setup(call, r)?;
        let r = getsockname::<SockaddrIn6>(raw(&h));
        let shown = match &r {
            Ok(a) => format!("getsockname({}, {a})", raw(&h)),
            Err(_) => format!("getsockname({})", raw(&h)),
        };
        let addr = t.setup(shown, r)?;
        t.note(tx(
            "this socket holds the port: bound, never listening",
            "这个套接字占住端口：已绑定，但从不监听",
        ));
        let c = open6(t)?;
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    /// A Unix socket file left behind by a server that exited without
    /// unlink(): bound, then closed. The directory goes when the guard drops.
    fn stale_unix_socket(
        t: &mut Trace,
        name: &str,
        why: Text,
    ) -> Result<(TempDir, PathBuf, UnixAddr), Stop> {
        let mut dir = TempDir::new(t)?;
        let path = dir.file(name);
        let addr = unix_addr(t, &path)?;
        let s = unix_stream(t)?;
        t.setup(
            format!("bind({}, \"{}\")", raw(&s), path.display()),
            bind(raw(&s), &addr),
        )?;
        close_fd(t, s)?;
        t.note(why);
        Ok((dir, path, addr))
    }

    fn connect_refused_unix(t: &mut Trace) -> Res {
        let (_dir, path, addr) = stale_unix_socket(
            t,
            "stale.sock",
            tx(
                "the server exits without unlink(): the socket file stays",
                "服务器退出时没有 unlink()：套接字文件留了下来",
            ),
        )?;
        let c = unix_stream(t)?;
        t.test(
            format!("connect({}, \"{}\")", raw(&c), path.display()),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    fn connect_inprogress(t: &mut Trace) -> Res {
        let (_holder, addr) = held_port(t)?;
        let c = tcp_nonblocking(t)?;
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        wait(t, &c, PollFlags::POLLOUT, 1000)?;
        let r = getsockopt(&c, sockopt::SocketError);
        let shown = match &r {
            Ok(0) => format!("getsockopt({}, SOL_SOCKET, SO_ERROR, [0])", raw(&c)),
            Ok(e) => format!(
                "getsockopt({}, SOL_SOCKET, SO_ERROR, [{}])",
                raw(&c),
                super::errno_name(*e)
            ),
            Err(_) => format!("getsockopt({}, SOL_SOCKET, SO_ERROR)", raw(&c)),
        };
        let err = t.setup(shown, r.map(drop)).map(|()| r.unwrap_or(0))?;
        t.note(tx(
            "the outcome of the connect: refused",
            "connect 的结果：被拒绝",
        ));
        t.expect(
            err == libc::ECONNREFUSED,
            format!(
                "SO_ERROR should hold ECONNREFUSED, it holds {}",
                super::errno_name(err)
            ),
            format!(
                "SO_ERROR 应为 ECONNREFUSED，实际为 {}",
                super::errno_name(err)
            ),
        );
        Ok(())
    }

    /// A listener whose accept queue is full: backlog 0 admits one
    /// connection, and one client fills it. The kernel then drops new SYNs.
    fn full_listener(t: &mut Trace) -> Result<(OwnedFd, OwnedFd, SockaddrIn), Stop> {
        let (l, addr) = listener(t, 0)?;
        t.note(tx(
            "backlog 0: the accept queue holds a single connection",
            "backlog 为 0：接受队列只能容纳一个连接",
        ));
        let first = tcp(t)?;
        connect_to(t, &first, &addr)?;
        let rev = wait(t, &l, PollFlags::POLLIN, 1000)?;
        t.note(tx(
            "the first connection now fills the queue; nobody accepts it",
            "第一个连接占满了队列；没有人 accept 它",
        ));
        t.expect(
            rev.contains(PollFlags::POLLIN),
            "the first connection did not reach the accept queue within 1 s".into(),
            "第一个连接在 1 秒内没有进入接受队列".into(),
        );
        Ok((l, first, addr))
    }

    fn connect_already(t: &mut Trace) -> Res {
        let (_l, _first, addr) = full_listener(t)?;
        let c = tcp_nonblocking(t)?;
        let r = t.step(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        );
        t.note(tx(
            "the SYN is sent, and dropped by the listener's kernel: its queue is full",
            "SYN 已发出，但被监听端内核丢弃：队列已满",
        ));
        t.expect(
            r == Err(E::EINPROGRESS),
            "the first connect should return EINPROGRESS".into(),
            "第一次 connect 应返回 EINPROGRESS".into(),
        );
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    fn connect_timedout(t: &mut Trace) -> Res {
        let (_l, _first, addr) = full_listener(t)?;
        let c = tcp(t)?;
        t.setup(
            format!(
                "setsockopt({}, IPPROTO_TCP, TCP_USER_TIMEOUT, [200], 4)",
                raw(&c)
            ),
            setsockopt(&c, sockopt::TcpUserTimeout, &200),
        )?;
        t.setup(
            format!(
                "setsockopt({}, SOL_SOCKET, SO_SNDTIMEO, {{3 s}}, 16)",
                raw(&c)
            ),
            setsockopt(&c, sockopt::SendTimeout, &TimeVal::seconds(3)),
        )?;
        t.note(tx(
            "a safety net: connect gives up waiting after 3 s whatever happens",
            "保险：无论如何 connect 最多等待 3 秒",
        ));
        t.timed_test(format!("connect({}, {addr})", raw(&c)), || {
            connect(raw(&c), &addr)
        })
        .ok();
        Ok(())
    }

    fn connect_isconn(t: &mut Trace) -> Res {
        let (_l, addr) = listener(t, 8)?;
        let c = tcp(t)?;
        connect_to(t, &c, &addr)?;
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    fn connect_enoent(t: &mut Trace) -> Res {
        let mut dir = TempDir::new(t)?;
        let path = dir.file("missing.sock");
        let addr = unix_addr(t, &path)?;
        let c = unix_stream(t)?;
        t.test(
            format!("connect({}, \"{}\")", raw(&c), path.display()),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    fn connect_afnosupport(t: &mut Trace) -> Res {
        let c = tcp(t)?;
        let addr: SockaddrIn6 =
            std::net::SocketAddrV6::new(std::net::Ipv6Addr::LOCALHOST, 9, 0, 0).into();
        t.test(
            format!("connect({}, {addr})", raw(&c)),
            connect(raw(&c), &addr),
        )
        .ok();
        Ok(())
    }

    // send ----------------------------------------------------------

    /// A connection whose peer closed normally, after which one send drew
    /// the peer's reset: from here on every send fails with EPIPE. Returns
    /// the listener (kept open until the case ends) and our socket.
    fn broken(t: &mut Trace) -> Result<(OwnedFd, OwnedFd), Stop> {
        let Pair {
            _listener,
            client,
            server,
        } = pair(t)?;
        close_fd(t, server)?;
        t.note(tx("the peer closes: a FIN arrives", "对端关闭：FIN 到达"));
        t.setup(
            format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&client)),
            send(raw(&client), b"x", MsgFlags::MSG_NOSIGNAL),
        )?;
        t.note(tx(
            "accepted: a FIN only says the peer sends no more; its kernel answers this data with a reset",
            "被接受：FIN 只表示对端不再发送；对端内核用 RST 回应这份数据",
        ));
        let rev = wait(t, &client, PollFlags::empty(), 1000)?;
        t.note(tx("the reset has arrived", "RST 已到达"));
        t.expect(
            rev.intersects(PollFlags::POLLERR | PollFlags::POLLHUP),
            "the reset did not arrive within 1 s".into(),
            "RST 在 1 秒内没有到达".into(),
        );
        Ok((_listener, client))
    }

    fn send_pipe(t: &mut Trace) -> Res {
        let (_l, client) = broken(t)?;
        let c = &client;
        t.test(
            format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(c)),
            send(raw(c), b"x", MsgFlags::MSG_NOSIGNAL),
        )
        .ok();
        Ok(())
    }

    fn send_sigpipe(t: &mut Trace) -> Res {
        let (_l, client) = broken(t)?;
        let fd = raw(&client);
        let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = libc::SIG_DFL;
            libc::sigemptyset(&mut sa.sa_mask);
            let ok = rep.result(i64::from(libc::sigaction(
                libc::SIGPIPE,
                &sa,
                std::ptr::null_mut(),
            )));
            if ok {
                let r = libc::send(fd, b"x".as_ptr().cast(), 1, 0);
                rep.result(r as i64);
            }
        })?;
        let pid = run.pid;
        if let Some(&rec) = run.records.first() {
            t.child_step(
                format!("[pid {pid}] sigaction(SIGPIPE, {{sa_handler=SIG_DFL}}, NULL)"),
                rec,
                false,
            );
        }
        let call = format!("[pid {pid}] send({fd}, \"x\", 1, 0)");
        match run.records.get(1) {
            Some(&rec) => t.child_step(call, rec, false),
            None => t.event(format!("{call} = ?"), None),
        }
        let killed = matches!(
            run.status,
            Some(WaitStatus::Signaled(_, Signal::SIGPIPE, _))
        );
        t.event(
            describe_status(pid, run.status),
            killed.then_some(tx(
                "the default action of SIGPIPE: the process dies inside send, before it can see EPIPE",
                "SIGPIPE 的默认动作：进程在 send 里直接死掉，来不及看到 EPIPE",
            )),
        );
        t.expect(
            killed,
            format!(
                "the child should be killed by SIGPIPE; {}",
                describe_status(pid, run.status)
            ),
            format!(
                "子进程应被 SIGPIPE 杀死；{}",
                describe_status(pid, run.status)
            ),
        );
        // The parent: SIGPIPE ignored, plain flags.
        let ignore = SigAction::new(
            SigHandler::SigIgn,
            signal::SaFlags::empty(),
            SigSet::empty(),
        );
        // SAFETY: installing SIG_IGN, restored below.
        let old = t.setup(
            "sigaction(SIGPIPE, {sa_handler=SIG_IGN}, [old])",
            unsafe { signal::sigaction(Signal::SIGPIPE, &ignore) }.map(|o| Saved(Some(o))),
        )?;
        t.test(
            format!("send({fd}, \"x\", 1, 0)"),
            send(fd, b"x", MsgFlags::empty()),
        )
        .ok();
        if let Some(o) = old.0 {
            let _ = unsafe { signal::sigaction(Signal::SIGPIPE, &o) };
        }
        Ok(())
    }

    struct Saved(Option<SigAction>);
    impl Ret for Saved {
        fn ret(&self) -> i64 {
            0
        }
    }

    fn send_pipe_unconnected(t: &mut Trace) -> Res {
        let c = tcp(t)?;
        t.test(
            format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&c)),
            send(raw(&c), b"x", MsgFlags::MSG_NOSIGNAL),
        )
        .ok();
        Ok(())
    }

    /// A connection whose peer closed with SO_LINGER 0: a reset, not a FIN.
    fn reset(t: &mut Trace) -> Result<(OwnedFd, OwnedFd), Stop> {
        let Pair {
            _listener,
            client,
            server,
        } = pair(t)?;
        t.setup(
            format!(
                "setsockopt({}, SOL_SOCKET, SO_LINGER, {{l_onoff=1, l_linger=0}}, 8)",
                raw(&server)
            ),
            setsockopt(
                &server,
                sockopt::Linger,
                &libc::linger {
                    l_onoff: 1,
                    l_linger: 0,
                },
            ),
        )?;
        close_fd(t, server)?;
        t.note(tx(
            "with SO_LINGER 0, close() sends a reset (RST) instead of a FIN",
            "设置 SO_LINGER 0 后，close() 发送 RST 而不是 FIN",
        ));
        let rev = wait(t, &client, PollFlags::POLLIN, 1000)?;
        t.expect(
            rev.intersects(PollFlags::POLLERR | PollFlags::POLLHUP),
            "the reset did not arrive within 1 s".into(),
            "RST 在 1 秒内没有到达".into(),
        );
        Ok((_listener, client))
    }

    fn send_connreset(t: &mut Trace) -> Res {
        let (_l, c) = reset(t)?;
        t.test(
            format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&c)),
            send(raw(&c), b"x", MsgFlags::MSG_NOSIGNAL),
        )
        .ok();
        Ok(())
    }

    fn send_again(t: &mut Trace) -> Res {
        let l = tcp(t)?;
        t.setup(
            format!("setsockopt({}, SOL_SOCKET, SO_RCVBUF, [4096], 4)", raw(&l)),
            setsockopt(&l, sockopt::RcvBuf, &4096),
        )?;
        t.note(tx(
            "a small receive buffer, which the accepted socket inherits",
            "小接收缓冲区，accept 得到的套接字会继承它",
        ));
        let addr = bind_lo(t, &l)?;
        listen_on(t, &l, 8)?;
        let c = tcp(t)?;
        t.setup(
            format!("setsockopt({}, SOL_SOCKET, SO_SNDBUF, [4096], 4)", raw(&c)),
            setsockopt(&c, sockopt::SndBuf, &4096),
        )?;
        connect_to(t, &c, &addr)?;
        let _s = accept_on(t, &l)?;
        t.note(tx("the peer never reads", "对端从不读取"));
        set_nonblocking(t, &c)?;
        let buf = vec![0u8; 65536];
        let call = format!("send({}, \"\\0\\0\\0\"..., 65536, MSG_NOSIGNAL)", raw(&c));
        let mut queued = 0usize;
        let mut calls = 0u32;
        // Bounded: the buffers hold a few hundred kilobytes at most.
        for _ in 0..4096 {
            match send(raw(&c), &buf, MsgFlags::MSG_NOSIGNAL) {
                Ok(n) => {
                    queued += n;
                    calls += 1;
                }
                Err(e) => {
                    if calls > 0 {
                        t.event(
                            format!("{call} × {calls}: {queued} bytes queued in all"),
                            Some(tx(
                                "the calls that succeeded, some in part",
                                "成功的调用，有的只发送了一部分",
                            )),
                        );
                    }
                    t.test(call, Err::<usize, _>(e)).ok();
                    return Ok(());
                }
            }
        }
        t.event(
            format!("{call} × {calls}: {queued} bytes queued in all"),
            None,
        );
        t.expect(
            false,
            "4096 sends of 64 KiB never filled the buffers".into(),
            "4096 次 64 KiB 的 send 仍未填满缓冲区".into(),
        );
        Ok(())
    }

    fn send_msgsize(t: &mut Trace) -> Res {
        let r = udp(t)?;
        let addr = bind_lo(t, &r)?;
        t.note(tx("a receiver on loopback", "环回地址上的接收方"));
        let u = udp(t)?;
        let big = vec![0u8; 65508];
        t.test(
            format!("sendto({}, \"\\0\\0\\0\"..., 65508, 0, {addr})", raw(&u)),
            sendto(raw(&u), &big, &addr, MsgFlags::empty()),
        )
        .ok();
        Ok(())
    }

    fn send_destaddrreq(t: &mut Trace) -> Res {
        let u = udp(t)?;
        t.test(
            format!("send({}, \"x\", 1, 0)", raw(&u)),
            send(raw(&u), b"x", MsgFlags::empty()),
        )
        .ok();
        Ok(())
    }

    fn send_opnotsupp(t: &mut Trace) -> Res {
        let r = udp(t)?;
        let addr = bind_lo(t, &r)?;
        let u = udp(t)?;
        t.test(
            format!("sendto({}, \"x\", 1, MSG_OOB, {addr})", raw(&u)),
            sendto(raw(&u), b"x", &addr, MsgFlags::MSG_OOB),
        )
        .ok();
        Ok(())
    }

    fn send_acces(t: &mut Trace) -> Res {
        let u = udp(t)?;
        let addr = bind_lo(t, &u)?;
        t.note(tx(
            "bound to 127.0.0.1: the route is pinned to lo, so nothing could leave this host",
            "绑定到 127.0.0.1：路由固定走 lo，任何数据都不会离开本机",
        ));
        let r = getsockopt(&u, sockopt::Broadcast);
        let shown = match &r {
            Ok(on) => format!(
                "getsockopt({}, SOL_SOCKET, SO_BROADCAST, [{}], [4])",
                raw(&u),
                u8::from(*on)
            ),
            Err(_) => format!("getsockopt({}, SOL_SOCKET, SO_BROADCAST)", raw(&u)),
        };
        let on = t.setup(shown, r.map(drop)).map(|()| r.unwrap_or(false))?;
        t.note(tx(
            "SO_BROADCAST is off, as on every new socket",
            "SO_BROADCAST 是关闭的，新套接字都如此",
        ));
        if on {
            return Err(skip(
                "SO_BROADCAST is unexpectedly on for a new socket",
                "新套接字的 SO_BROADCAST 竟然是打开的",
            ));
        }
        let dest = SockaddrIn::new(255, 255, 255, 255, addr.port());
        t.test(
            format!("sendto({}, \"x\", 1, 0, {dest})", raw(&u)),
            sendto(raw(&u), b"x", &dest, MsgFlags::empty()),
        )
        .ok();
        Ok(())
    }

    fn send_notconn(t: &mut Trace) -> Res {
        let u = unix_stream(t)?;
        t.test(
            format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&u)),
            send(raw(&u), b"x", MsgFlags::MSG_NOSIGNAL),
        )
        .ok();
        Ok(())
    }

    /// A UDP socket connected to a port nobody has, after one datagram drew
    /// the ICMP port unreachable.
    fn refused_udp(t: &mut Trace) -> Result<OwnedFd, Stop> {
        let h = udp(t)?;
        let addr = bind_lo(t, &h)?;
        close_fd(t, h)?;
        t.note(tx(
            "a port that was free a moment ago: now nobody has it",
            "一个刚刚还空闲的端口：现在没有人占用它",
        ));
        let u = udp(t)?;
        connect_to(t, &u, &addr)?;
        t.setup(
            format!("send({}, \"x\", 1, 0)", raw(&u)),
            send(raw(&u), b"x", MsgFlags::empty()),
        )?;
        t.note(tx(
            "sent; the kernel answers with ICMP port unreachable",
            "已发送；内核回以 ICMP 端口不可达",
        ));
        let rev = wait(t, &u, PollFlags::empty(), 1000)?;
        t.expect(
            rev.contains(PollFlags::POLLERR),
            "no ICMP error arrived within 1 s".into(),
            "1 秒内没有收到 ICMP 错误".into(),
        );
        Ok(u)
    }

    fn send_connrefused(t: &mut Trace) -> Res {
        let u = refused_udp(t)?;
        t.test(
            format!("send({}, \"x\", 1, 0)", raw(&u)),
            send(raw(&u), b"x", MsgFlags::empty()),
        )
        .ok();
        Ok(())
    }

    // recv ----------------------------------------------------------

    /// The call under test: a plain recv of up to 64 bytes.
    fn recv_on(t: &mut Trace, fd: RawFd) -> nix::Result<usize> {
        let mut buf = [0u8; 64];
        t.test(
            format!("recv({fd}, buf, 64, 0)"),
            recv(fd, &mut buf, MsgFlags::empty()),
        )
    }

    fn recv_notconn(t: &mut Trace) -> Res {
        let c = tcp(t)?;
        recv_on(t, raw(&c)).ok();
        Ok(())
    }

    fn recv_inval_unix(t: &mut Trace) -> Res {
        let u = unix_stream(t)?;
        recv_on(t, raw(&u)).ok();
        Ok(())
    }

    fn recv_connreset(t: &mut Trace) -> Res {
        let (_l, c) = reset(t)?;
        recv_on(t, raw(&c)).ok();
        Ok(())
    }

    fn recv_again(t: &mut Trace) -> Res {
        let p = pair(t)?;
        set_nonblocking(t, &p.client)?;
        recv_on(t, raw(&p.client)).ok();
        Ok(())
    }

    fn recv_timeout(t: &mut Trace) -> Res {
        let p = pair(t)?;
        let c = &p.client;
        t.setup(
            format!(
                "setsockopt({}, SOL_SOCKET, SO_RCVTIMEO, {{100 ms}}, 16)",
                raw(c)
            ),
            setsockopt(c, sockopt::ReceiveTimeout, &TimeVal::milliseconds(100)),
        )?;
        let mut buf = [0u8; 64];
        t.timed_test(format!("recv({}, buf, 64, 0)", raw(c)), || {
            recv(raw(c), &mut buf, MsgFlags::empty())
        })
        .ok();
        Ok(())
    }

    extern "C" fn on_alarm(_: libc::c_int) {}

    fn recv_intr(t: &mut Trace) -> Res {
        let p = pair(t)?;
        let fd = raw(&p.client);
        let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_alarm as *const () as libc::sighandler_t;
            sa.sa_flags = 0; // no SA_RESTART
            libc::sigemptyset(&mut sa.sa_mask);
            if !rep.result(i64::from(libc::sigaction(
                libc::SIGALRM,
                &sa,
                std::ptr::null_mut(),
            ))) {
                return;
            }
            let it = libc::itimerval {
                it_interval: libc::timeval {
                    tv_sec: 0,
                    tv_usec: 0,
                },
                it_value: libc::timeval {
                    tv_sec: 0,
                    tv_usec: 100_000,
                },
            };
            if !rep.result(i64::from(libc::setitimer(
                libc::ITIMER_REAL,
                &it,
                std::ptr::null_mut(),
            ))) {
                return;
            }
            let mut start: libc::timespec = std::mem::zeroed();
            libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut start);
            let mut buf = [0u8; 64];
            let r = libc::recv(fd, buf.as_mut_ptr().cast(), buf.len(), 0);
            let errno = if r < 0 { E::last_raw() } else { 0 };
            let mut end: libc::timespec = std::mem::zeroed();
            libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut end);
            rep.send(r as i64, errno);
            let ns = (end.tv_sec - start.tv_sec) * 1_000_000_000 + (end.tv_nsec - start.tv_nsec);
            rep.send(ns, 0);
        })?;
        let pid = run.pid;
        let calls = [
            format!("[pid {pid}] sigaction(SIGALRM, {{sa_handler=on_alarm, sa_flags=0}}, NULL)"),
            format!("[pid {pid}] setitimer(ITIMER_REAL, {{it_value=100 ms}}, NULL)"),
        ];
        for (call, &rec) in calls.into_iter().zip(&run.records) {
            t.child_step(call, rec, false);
        }
        if run.records.len() >= 2 {
            t.note(tx(
                "no SA_RESTART: an interrupted call returns instead of restarting",
                "未设 SA_RESTART：被打断的调用直接返回，不会重启",
            ));
        }
        match run.records.get(2) {
            Some(&rec) => {
                t.child_step(format!("[pid {pid}] recv({fd}, buf, 64, 0)"), rec, true);
                if let Some(took) = run.records.get(3) {
                    t.last().elapsed = Some(Duration::from_nanos(took.ret.max(0) as u64));
                }
            }
            None => t.event(format!("[pid {pid}] recv({fd}, buf, 64, 0) = ?"), None),
        }
        t.event(describe_status(pid, run.status), None);
        Ok(())
    }

    fn recv_connrefused(t: &mut Trace) -> Res {
        let u = refused_udp(t)?;
        recv_on(t, raw(&u)).ok();
        Ok(())
    }

    fn recv_badf(t: &mut Trace) -> Res {
        let s = tcp(t)?;
        let n = raw(&s);
        close_fd(t, s)?;
        recv_on(t, n).ok();
        Ok(())
    }

    fn recv_notsock(t: &mut Trace) -> Res {
        let name: &CStr = c"sockerr-repro";
        let m = t.setup(
            "memfd_create(\"sockerr-repro\", MFD_CLOEXEC)",
            nix::sys::memfd::memfd_create(name, nix::sys::memfd::MemFdCreateFlag::MFD_CLOEXEC),
        )?;
        t.note(tx(
            "an ordinary file, kept in memory: nothing to clean up",
            "一个普通文件，只存在于内存中：无需清理",
        ));
        recv_on(t, raw(&m)).ok();
        Ok(())
    }

    // bind ----------------------------------------------------------

    fn bind_addrinuse(t: &mut Trace) -> Res {
        let (_l, addr) = listener(t, 8)?;
        let b = tcp(t)?;
        t.test(format!("bind({}, {addr})", raw(&b)), bind(raw(&b), &addr))
            .ok();
        Ok(())
    }

    fn bind_addrinuse_unix(t: &mut Trace) -> Res {
        let (_dir, path, addr) = stale_unix_socket(
            t,
            "server.sock",
            tx(
                "the old server is gone; its socket file is not",
                "旧服务器已经退出；它的套接字文件还在",
            ),
        )?;
        let s2 = unix_stream(t)?;
        t.test(
            format!("bind({}, \"{}\")", raw(&s2), path.display()),
            bind(raw(&s2), &addr),
        )
        .ok();
        Ok(())
    }

    fn bind_addrnotavail(t: &mut Trace) -> Res {
        if read_sysctl("/proc/sys/net/ipv4/ip_nonlocal_bind") == Some(1) {
            return Err(skip(
                "net.ipv4.ip_nonlocal_bind is 1 here, so bind accepts any address",
                "本机 net.ipv4.ip_nonlocal_bind 为 1，bind 接受任何地址",
            ));
        }
        // Documentation addresses (RFC 5737); if this host has one, try the
        // next. bind() sends nothing either way.
        for [a, b, c, d] in [[192, 0, 2, 1], [198, 51, 100, 1], [203, 0, 113, 1]] {
            let s = tcp(t)?;
            let addr = SockaddrIn::new(a, b, c, d, 0);
            let call = format!("bind({}, {addr})", raw(&s));
            let r = bind(raw(&s), &addr);
            if r.is_err() {
                t.test(call, r).ok();
                return Ok(());
            }
            t.step(call, r).ok();
            t.note(tx(
                "this host has that address; try the next one",
                "本机有这个地址；换下一个",
            ));
        }
        Err(skip(
            "bind() accepted all three documentation addresses: this host has them, or this network namespace has no local IPv4 address at all (lo down), where Linux lets bind() take any address",
            "bind() 接受了全部三个文档用地址：本机拥有它们，或者这个网络命名空间根本没有本地 IPv4 地址（lo 未启用），此时 Linux 允许 bind() 使用任何地址",
        ))
    }

    fn bind_inval(t: &mut Trace) -> Res {
        let s = tcp(t)?;
        bind_lo(t, &s)?;
        t.test(
            format!("bind({}, 127.0.0.1:0)", raw(&s)),
            bind(raw(&s), &lo(0)),
        )
        .ok();
        Ok(())
    }

    /// Whether this process has CAP_NET_BIND_SERVICE in its effective set.
    fn can_bind_low_ports() -> bool {
        const CAP_NET_BIND_SERVICE: u32 = 10;
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("CapEff:"))
                    .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
            })
            .is_some_and(|caps| caps & (1 << CAP_NET_BIND_SERVICE) != 0)
    }

    fn bind_acces(t: &mut Trace) -> Res {
        let start = read_sysctl("/proc/sys/net/ipv4/ip_unprivileged_port_start").unwrap_or(1024);
        if start <= 1 {
            return Err(skip(
                format!("net.ipv4.ip_unprivileged_port_start is {start}: every port is unprivileged on this host"),
                format!("本机 net.ipv4.ip_unprivileged_port_start 为 {start}：所有端口都不需要特权"),
            ));
        }
        let port = u16::try_from(start.min(65536) - 1).unwrap_or(1023);
        let addr = lo(port);
        // SAFETY: geteuid cannot fail. (nix has it behind a feature not enabled.)
        let euid = unsafe { libc::geteuid() };
        if !can_bind_low_ports() {
            // An ordinary user: the plain reproduction.
            let s = tcp(t)?;
            t.test(format!("bind({}, {addr})", raw(&s)), bind(raw(&s), &addr))
                .ok();
            return Ok(());
        }
        if euid != 0 {
            return Err(skip(
                format!("this process (uid {euid}) has CAP_NET_BIND_SERVICE, so binding port {port} would succeed"),
                format!("本进程（uid {euid}）拥有 CAP_NET_BIND_SERVICE，绑定端口 {port} 会成功"),
            ));
        }
        // Root: a child drops to uid/gid 65534 (nobody), which clears its
        // capabilities, and binds there.
        const NOBODY: libc::uid_t = 65534;
        let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
            if !rep.result(i64::from(libc::setgroups(0, std::ptr::null()))) {
                return;
            }
            if !rep.result(i64::from(libc::setgid(NOBODY))) {
                return;
            }
            if !rep.result(i64::from(libc::setuid(NOBODY))) {
                return;
            }
            let s = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
            if !rep.result(i64::from(s)) {
                return;
            }
            let sin = libc::sockaddr_in {
                sin_family: libc::AF_INET as libc::sa_family_t,
                sin_port: port.to_be(),
                sin_addr: libc::in_addr {
                    s_addr: u32::from_be_bytes([127, 0, 0, 1]).to_be(),
                },
                sin_zero: [0; 8],
            };
            let r = libc::bind(
                s,
                (&sin as *const libc::sockaddr_in).cast(),
                std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
            );
            rep.result(i64::from(r));
        })?;
        let pid = run.pid;
        let calls = [
            format!("[pid {pid}] setgroups(0, NULL)"),
            format!("[pid {pid}] setgid({NOBODY})"),
            format!("[pid {pid}] setuid({NOBODY})"),
            format!("[pid {pid}] socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)"),
        ];
        for (i, (call, &rec)) in calls.iter().zip(&run.records).enumerate() {
            t.child_step(call.clone(), rec, false);
            if i == 2 && rec.ret == 0 {
                t.note(tx(
                    "running as root: the child becomes nobody, which clears its capabilities",
                    "以 root 运行：子进程切换为 nobody，其能力随之清空",
                ));
            }
            if rec.ret < 0 {
                let (en, zh) = (
                    format!(
                        "running as root and cannot drop privileges to test it: {} failed with {}",
                        call.trim_start_matches(&format!("[pid {pid}] ")),
                        super::errno_name(rec.errno)
                    ),
                    format!(
                        "以 root 运行，且无法放弃特权来测试：{} 失败，错误 {}",
                        call.trim_start_matches(&format!("[pid {pid}] ")),
                        super::errno_name(rec.errno)
                    ),
                );
                return Err(Stop::Skip(Said::new(en, zh)));
            }
        }
        match run.records.get(4) {
            Some(&rec) => {
                let s = run.records[3].ret;
                t.child_step(format!("[pid {pid}] bind({s}, {addr})"), rec, true);
            }
            None => t.event(format!("[pid {pid}] bind(…, {addr}) = ?"), None),
        }
        t.event(describe_status(pid, run.status), None);
        Ok(())
    }

    // setsockopt, getsockopt ---------------------------------------------

    fn setsockopt_noprotoopt(t: &mut Trace) -> Res {
        let u = udp(t)?;
        t.test(
            format!("setsockopt({}, IPPROTO_TCP, TCP_NODELAY, [1], 4)", raw(&u)),
            setsockopt(&u, sockopt::TcpNoDelay, &true),
        )
        .ok();
        Ok(())
    }

    fn setsockopt_inval(t: &mut Trace) -> Res {
        let s = tcp(t)?;
        let v: libc::c_int = 65536;
        // nix always passes the full size; the short optlen needs libc.
        let r = unsafe {
            libc::setsockopt(
                raw(&s),
                libc::SOL_SOCKET,
                libc::SO_RCVBUF,
                (&v as *const libc::c_int).cast(),
                1,
            )
        };
        t.test(
            format!("setsockopt({}, SOL_SOCKET, SO_RCVBUF, [65536], 1)", raw(&s)),
            E::result(r).map(drop),
        )
        .ok();
        Ok(())
    }

    fn getsockopt_noprotoopt(t: &mut Trace) -> Res {
        let s = tcp(t)?;
        let mut v: libc::c_int = 0;
        let mut len = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
        // nix has no way to ask for an option number it does not know.
        let r = unsafe {
            libc::getsockopt(
                raw(&s),
                libc::SOL_SOCKET,
                9999,
                (&mut v as *mut libc::c_int).cast(),
                &mut len,
            )
        };
        t.test(
            format!("getsockopt({}, SOL_SOCKET, 9999, buf, [4])", raw(&s)),
            E::result(r).map(drop),
        )
        .ok();
        Ok(())
    }

    // accept ----------------------------------------------------------

    fn accept_inval(t: &mut Trace) -> Res {
        let s = tcp(t)?;
        bind_lo(t, &s)?;
        t.test(
            format!("accept({}, NULL, NULL)", raw(&s)),
            own(accept(raw(&s))),
        )
        .ok();
        Ok(())
    }

    fn accept_again(t: &mut Trace) -> Res {
        let l = tcp_nonblocking(t)?;
        bind_lo(t, &l)?;
        listen_on(t, &l, 8)?;
        t.test(
            format!("accept({}, NULL, NULL)", raw(&l)),
            own(accept(raw(&l))),
        )
        .ok();
        Ok(())
    }

    // listen ----------------------------------------------------------

    fn listen_addrinuse(t: &mut Trace) -> Res {
        let reuse = |t: &mut Trace, fd: &OwnedFd| {
            t.setup(
                format!("setsockopt({}, SOL_SOCKET, SO_REUSEADDR, [1], 4)", raw(fd)),
                setsockopt(fd, sockopt::ReuseAddr, &true),
            )
        };
        let a = tcp(t)?;
        reuse(t, &a)?;
        let addr = bind_lo(t, &a)?;
        let b = tcp(t)?;
        reuse(t, &b)?;
        t.setup(format!("bind({}, {addr})", raw(&b)), bind(raw(&b), &addr))?;
        t.note(tx(
            "allowed: both sockets have SO_REUSEADDR and neither listens yet",
            "允许：两个套接字都设置了 SO_REUSEADDR，且都还没有监听",
        ));
        listen_on(t, &a, 8)?;
        t.test(
            format!("listen({}, 8)", raw(&b)),
            listen(&b, Backlog::new(8).unwrap_or(Backlog::MAXCONN)),
        )
        .ok();
        Ok(())
    }

    fn listen_opnotsupp(t: &mut Trace) -> Res {
        let u = udp(t)?;
        t.test(
            format!("listen({}, 8)", raw(&u)),
            listen(&u, Backlog::new(8).unwrap_or(Backlog::MAXCONN)),
        )
        .ok();
        Ok(())
    }

    // socket ----------------------------------------------------------

    /// socket() with numbers nix's types cannot express.
    fn raw_socket(t: &mut Trace, call: &str, domain: i32, ty: i32, proto: i32) -> Res {
        let r = E::result(unsafe { libc::socket(domain, ty, proto) });
        // If the kernel surprises us with a socket, it is closed on drop.
        t.test(call, own(r)).ok();
        Ok(())
    }

    fn socket_afnosupport(t: &mut Trace) -> Res {
        raw_socket(
            t,
            "socket(9999, SOCK_STREAM, 0)",
            9999,
            libc::SOCK_STREAM,
            0,
        )
    }

    fn socket_protonosupport(t: &mut Trace) -> Res {
        raw_socket(
            t,
            "socket(AF_INET, SOCK_STREAM, IPPROTO_UDP)",
            libc::AF_INET,
            libc::SOCK_STREAM,
            libc::IPPROTO_UDP,
        )
    }

    fn socket_socktnosupport(t: &mut Trace) -> Res {
        raw_socket(
            t,
            "socket(AF_INET, SOCK_RDM, 0)",
            libc::AF_INET,
            libc::SOCK_RDM,
            0,
        )
    }

    fn socket_inval(t: &mut Trace) -> Res {
        raw_socket(t, "socket(AF_INET, 99, 0)", libc::AF_INET, 99, 0)
    }

    fn socket_mfile(t: &mut Trace) -> Res {
        const LIMIT: libc::rlim_t = 16;
        const MAX_CALLS: usize = 64;
        let (_, hard) = nix::sys::resource::getrlimit(nix::sys::resource::Resource::RLIMIT_NOFILE)
            .map_err(|e| t.fail("getrlimit(RLIMIT_NOFILE)", e))?;
        let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
            let lim = libc::rlimit {
                rlim_cur: LIMIT,
                rlim_max: hard,
            };
            if !rep.result(i64::from(libc::setrlimit(libc::RLIMIT_NOFILE, &lim))) {
                return;
            }
            // Bounded: the limit is 16, so this ends within 16 calls.
            for _ in 0..MAX_CALLS {
                if !rep.result(i64::from(libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0))) {
                    return;
                }
            }
        })?;
        let pid = run.pid;
        let hard_shown = if hard == libc::RLIM_INFINITY {
            "RLIM_INFINITY".to_string()
        } else {
            hard.to_string()
        };
        let mut recs = run.records.iter().copied();
        match recs.next() {
            Some(rec) => t.child_step(
                format!("[pid {pid}] setrlimit(RLIMIT_NOFILE, {{rlim_cur={LIMIT}, rlim_max={hard_shown}}})"),
                rec,
                false,
            ),
            None => {
                t.event(describe_status(pid, run.status), None);
                return Ok(());
            }
        }
        let call = format!("[pid {pid}] socket(AF_INET, SOCK_STREAM, 0)");
        let sockets: Vec<Record> = recs.clone().take_while(|r| r.ret >= 0).collect();
        match sockets.as_slice() {
            [] => {}
            [one] => t.child_step(call.clone(), *one, false),
            [first, .., last] => {
                t.child_step(call.clone(), *first, false);
                t.event(
                    format!(
                        "[pid {pid}] … {} more calls succeed, the last returning {}",
                        sockets.len() - 1,
                        last.ret
                    ),
                    Some(tx(
                        "each call takes the lowest free descriptor number",
                        "每次调用都取最小的空闲描述符编号",
                    )),
                );
            }
        }
        match recs.nth(sockets.len()) {
            Some(rec) => t.child_step(call, rec, true),
            None => t.expect(
                false,
                format!("{MAX_CALLS} sockets opened without reaching the limit"),
                format!("打开了 {MAX_CALLS} 个套接字仍未达到限制"),
            ),
        }
        t.event(describe_status(pid, run.status), None);
        Ok(())
    }

    // shutdown ----------------------------------------------------------

    fn shutdown_notconn(t: &mut Trace) -> Res {
        let c = tcp(t)?;
        t.test(
            format!("shutdown({}, SHUT_RDWR)", raw(&c)),
            shutdown(raw(&c), Shutdown::Both),
        )
        .ok();
        Ok(())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_errnos_canonical() {
        let mut seen = HashSet::new();
        for c in cases() {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            let e = kb::by_name(c.errno)
                .unwrap_or_else(|| panic!("{}: unknown errno {}", c.id, c.errno));
            assert_eq!(e.name, c.errno, "{}: use the canonical name", c.id);
            assert!(!c.title.en.is_empty() && !c.title.zh.is_empty());
            assert!(!c.why.en.is_empty() && !c.why.zh.is_empty());
        }
    }

    #[test]
    fn at_least_twenty_pairs_grouped_by_call() {
        let pairs: HashSet<_> = cases().iter().map(|c| (c.syscall, c.errno)).collect();
        assert!(pairs.len() >= 20, "{} pairs", pairs.len());
        let order: Vec<usize> = cases()
            .iter()
            .map(|c| Syscall::ALL.iter().position(|&s| s == c.syscall).unwrap())
            .collect();
        assert!(
            order.windows(2).all(|w| w[0] <= w[1]),
            "cases are grouped by call"
        );
    }

    #[test]
    fn a_simple_case_runs_through_the_library() {
        // Only cases that neither fork nor close descriptors other threads
        // might reuse: the test harness is multi-threaded.
        for id in ["connect-refused", "socket-protonosupport", "send-msgsize"] {
            let o = run(by_id(id).unwrap());
            assert!(o.matched(), "{id}: {o:?}");
            let key: Vec<_> = o.steps.iter().filter(|s| s.under_test).collect();
            assert_eq!(key.len(), 1, "{id}: one call under test");
            assert_eq!(key[0].errno_name().as_deref(), Some(o.case.errno));
        }
    }
}
