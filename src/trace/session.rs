//! Running strace: finds it, starts it on a program (or attaches it to
//! processes), reads its output from a FIFO in a private directory, and
//! reports how the program ended.
//!
//! Why it is built this way:
//!
//! - strace writes to a FIFO, not to a pipe inherited through a descriptor:
//!   strace opens its `-o` file close-on-exec, so the traced program gets
//!   no extra descriptor, and nothing of sockerr's reaches it.
//! - `strace -D` (run mode): strace's tracer runs as a detached grandchild
//!   and the process sockerr starts *becomes* the program. So the program
//!   is sockerr's child (its exit status and signal arrive exactly, as does
//!   `getppid()`), and stays in the terminal's foreground process group, so
//!   Ctrl-C reaches it just as it would without sockerr. The tracer ignores
//!   those signals (`-D` implies strace's `-I4`).
//! - sockerr catches SIGINT, SIGTERM, SIGHUP and SIGQUIT only to survive
//!   them (it must read to the end, or strace would block on a full FIFO and
//!   the program with it); signals the shell set to be ignored (`nohup`, a
//!   background job's SIGINT) stay ignored, so the program inherits them as
//!   it would. When attached (`-p`), a signal to sockerr is passed to
//!   strace, which detaches from every process and leaves them running.
//! - `--seccomp-bpf` (strace 5.3 and later, run mode only) stops the
//!   program only at the calls traced, not at every call.

use super::events::{Event, Reader};
use super::procs::{self, PtraceRules};
use std::collections::{HashSet, VecDeque};
use std::ffi::{CString, OsStr, OsString};
use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::os::fd::AsFd;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};

/// What to trace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Run this command (program and arguments) under strace.
    Run(Vec<OsString>),
    /// Attach to these running processes and all their threads.
    Attach(Vec<u32>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub target: Target,
    /// Trace every call and report every failure, not only socket work.
    pub all: bool,
}

/// Why tracing could not start.
#[derive(Debug)]
pub enum StartError {
    /// strace is not on the PATH.
    NoStrace,
    /// The program was not found (a shell says 127).
    NotFound(OsString),
    /// The program exists but cannot be executed (a shell says 126).
    NotExecutable(OsString),
    /// No process has this id.
    NoProcess(u32),
    Io(io::Error),
}

impl From<io::Error> for StartError {
    fn from(e: io::Error) -> Self {
        StartError::Io(e)
    }
}

/// What the session has to say next.
#[derive(Debug)]
pub enum Item {
    /// A failed call.
    Event(Box<Event>),
    /// The kernel refused to let strace attach to this process; the rules
    /// that stood in the way.
    Refused(PtraceRules),
    /// A message strace printed (attach mode, where its standard error is
    /// sockerr's to read), without the `strace: ` in front.
    Message(String),
}

/// How tracing ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The program exited with this status.
    Exited(i32),
    /// The program was killed by this signal.
    Killed { signal: i32, core: bool },
    /// strace could not start the program; it said why on standard error.
    /// Its exit status.
    NotStarted(Option<i32>),
    /// Attach mode: strace ended; `clean` when it exited 0 or died of the
    /// signal sockerr passed on (it detaches first). The attached processes
    /// still running are in [`Session::still_running`].
    Detached { clean: bool },
}

/// The calls traced unless `--all`: socket calls, the calls that move data
/// on sockets as on files, the waits around them, close (it ends a connect
/// in progress), the calls that make processes and threads (which process a
/// thread belongs to, even after it has ended) and execve (the names of
/// programs; and in run mode always the first line, which tells that strace
/// is writing). `?` lets strace skip
/// a name this architecture does not have.
pub const TRACED: &str = "%network,?read,?write,?readv,?writev,?sendfile,?splice,?close,\
?poll,?ppoll,?select,?_newselect,?pselect6,?epoll_wait,?epoll_pwait,?epoll_pwait2,?epoll_ctl,\
?clone,?clone3,?fork,?vfork,?execve,?execveat";

/// The strace command line, given the FIFO it writes to.
pub fn strace_args(opts: &Options, fifo: &Path, seccomp: bool) -> Vec<OsString> {
    let mut a: Vec<OsString> = Vec::new();
    let mut push = |s: &str| a.push(s.into());
    if matches!(opts.target, Target::Run(_)) {
        push("-D");
    }
    // -f: children and threads; -qq: no attach or exit messages; -yy:
    // sockets' addresses; -s 1: a byte of the data, not 32 (sockerr shows
    // none, and the JSON `trace` field then holds next to nothing private;
    // -s 0 would be as short but, measured, makes strace 60% slower); no
    // signal lines.
    for s in ["-f", "-qq", "-yy", "-s", "1", "-e", "signal=none"] {
        push(s);
    }
    if !opts.all {
        push("-e");
        push(&format!("trace={TRACED}"));
        if seccomp && matches!(opts.target, Target::Run(_)) {
            push("--seccomp-bpf");
        }
    }
    a.push("-o".into());
    a.push(fifo.into());
    match &opts.target {
        Target::Run(argv) => {
            a.push("--".into());
            a.extend(argv.iter().cloned());
        }
        Target::Attach(pids) => {
            for p in pids {
                a.push("-p".into());
                a.push(p.to_string().into());
            }
        }
    }
    a
}

/// The first executable file named `name` on the PATH (or `name` itself
/// when it holds a slash).
pub fn which(name: &OsStr) -> Option<PathBuf> {
    let executable = |p: &Path| {
        p.metadata()
            .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    if name.as_bytes().contains(&b'/') {
        let p = PathBuf::from(name);
        return executable(&p).then_some(p);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| executable(p))
}

/// strace's version, from `strace -V` (`strace -- version 6.1`).
fn strace_version(strace: &Path) -> Option<(u32, u32)> {
    let out = Command::new(strace)
        .arg("-V")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let v = text.split("version ").nth(1)?.split_whitespace().next()?;
    let mut parts = v.split('.').map(|p| p.parse::<u32>().ok());
    Some((parts.next()??, parts.next().flatten().unwrap_or(0)))
}

// ---------------------------------------------------------------------------
// Signals

static LAST_SIGNAL: AtomicI32 = AtomicI32::new(0);
static SIGNALS: AtomicU32 = AtomicU32::new(0);

extern "C" fn on_signal(sig: libc::c_int) {
    LAST_SIGNAL.store(sig, Ordering::SeqCst);
    SIGNALS.fetch_add(1, Ordering::SeqCst);
}

const CAUGHT: [libc::c_int; 4] = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT];

/// The handlers sockerr replaced, put back when tracing ends.
struct Handlers(Vec<(libc::c_int, libc::sigaction)>);

impl Handlers {
    /// `keep_ignored`: leave a signal that is ignored ignored (run mode,
    /// where the program inherits it). When attached, SIGINT and SIGTERM
    /// are always caught, so that they can stop the tracing; only an
    /// ignored SIGHUP (`nohup`) stays ignored.
    fn install(keep_ignored: bool) -> Handlers {
        let mut saved = Vec::new();
        for sig in CAUGHT {
            // SAFETY: sigaction with a zeroed struct reads the current
            // action; the handler only touches atomics.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut old) != 0 {
                    continue;
                }
                let keep = keep_ignored || sig == libc::SIGHUP;
                if keep && old.sa_sigaction == libc::SIG_IGN {
                    // Ignored by whoever started sockerr: the program
                    // inherits that, as it would without sockerr.
                    continue;
                }
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as usize;
                new.sa_flags = libc::SA_RESTART;
                libc::sigemptyset(&mut new.sa_mask);
                if libc::sigaction(sig, &new, std::ptr::null_mut()) == 0 {
                    saved.push((sig, old));
                }
            }
        }
        Handlers(saved)
    }
}

impl Drop for Handlers {
    fn drop(&mut self) {
        for (sig, old) in &self.0 {
            // SAFETY: puts back an action read from the kernel.
            unsafe { libc::sigaction(*sig, old, std::ptr::null_mut()) };
        }
    }
}

// ---------------------------------------------------------------------------
// The FIFO's private directory

struct FifoDir {
    dir: PathBuf,
    fifo: PathBuf,
    removed: bool,
}

impl FifoDir {
    fn new() -> io::Result<FifoDir> {
        let template = std::env::temp_dir().join("sockerr-trace.XXXXXX");
        let mut buf = CString::new(template.as_os_str().as_bytes())
            .map_err(|_| io::Error::other("TMPDIR holds a NUL byte"))?
            .into_bytes_with_nul();
        // SAFETY: mkdtemp rewrites the X's of a NUL-terminated buffer we own;
        // the directory it makes is mode 0700.
        let p = unsafe { libc::mkdtemp(buf.as_mut_ptr().cast()) };
        if p.is_null() {
            return Err(io::Error::last_os_error());
        }
        buf.pop();
        let dir = PathBuf::from(OsStr::from_bytes(&buf));
        let fifo = dir.join("strace.out");
        if let Err(e) = nix::unistd::mkfifo(
            &fifo,
            nix::sys::stat::Mode::S_IRUSR | nix::sys::stat::Mode::S_IWUSR,
        ) {
            let _ = std::fs::remove_dir(&dir);
            return Err(e.into());
        }
        Ok(FifoDir {
            dir,
            fifo,
            removed: false,
        })
    }

    /// Both ends are open: the names are no longer needed.
    fn remove(&mut self) {
        if !self.removed {
            let _ = std::fs::remove_file(&self.fifo);
            let _ = std::fs::remove_dir(&self.dir);
            self.removed = true;
        }
    }
}

impl Drop for FifoDir {
    fn drop(&mut self) {
        self.remove();
    }
}

// ---------------------------------------------------------------------------
// The session

/// The buffer strace's output is read through; a line longer than this is
/// read for its first part only.
const BUFFER: usize = 1 << 20;
/// Bytes read at a time, so a burst of findings is handed on in small steps.
const READ_AT_ONCE: usize = 64 * 1024;
/// How long a wait for strace's output lasts before sockerr looks whether
/// the program or strace has ended.
const TICK_MS: u16 = 250;

/// One run of strace.
pub struct Session {
    attach: Option<Vec<u32>>,
    child: Child,
    status: Option<ExitStatus>,
    fifo: File,
    stderr: Option<ChildStderr>,
    dir: FifoDir,
    reader: Reader,
    buf: Vec<u8>,
    filled: usize,
    /// Inside a line longer than the buffer: drop bytes up to its end.
    skipping: bool,
    ready: VecDeque<Item>,
    eof: bool,
    saw_output: bool,
    forwarded: u32,
    /// A signal was passed on to strace (attach mode).
    passed_on: bool,
    err_line: Vec<u8>,
    refused: HashSet<u32>,
    _handlers: Handlers,
}

impl Session {
    /// Starts strace. Standard input, output and error are the program's,
    /// untouched (in attach mode strace's standard error is read here).
    pub fn start(opts: &Options) -> Result<Session, StartError> {
        let strace = which(OsStr::new("strace")).ok_or(StartError::NoStrace)?;
        match &opts.target {
            Target::Run(argv) => {
                let prog = argv.first().ok_or(StartError::NotFound(OsString::new()))?;
                if which(prog).is_none() {
                    let p = Path::new(prog);
                    return Err(if prog.as_bytes().contains(&b'/') && p.exists() {
                        StartError::NotExecutable(prog.clone())
                    } else {
                        StartError::NotFound(prog.clone())
                    });
                }
            }
            Target::Attach(pids) => {
                if let Some(p) = pids.iter().find(|p| !procs::exists(**p)) {
                    return Err(StartError::NoProcess(*p));
                }
            }
        }
        let seccomp = strace_version(&strace).is_none_or(|v| v >= (5, 3));
        let dir = FifoDir::new()?;
        // Open the reading end first, without waiting for a writer, so
        // strace's open for writing does not block.
        let fifo = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK)
            .open(&dir.fifo)?;
        // A larger FIFO lets strace run ahead while a slow terminal takes
        // sockerr's output; the kernel may refuse, which costs nothing.
        // SAFETY: F_SETPIPE_SZ on a descriptor we own.
        unsafe {
            libc::fcntl(
                std::os::fd::AsRawFd::as_raw_fd(&fifo),
                libc::F_SETPIPE_SZ,
                1 << 20,
            )
        };
        // Catch the signals before the program exists, so no Ctrl-C can end
        // sockerr without ending it.
        let handlers = Handlers::install(matches!(opts.target, Target::Run(_)));
        let mut cmd = Command::new(&strace);
        cmd.args(strace_args(opts, &dir.fifo, seccomp));
        let attach = match &opts.target {
            Target::Run(_) => {
                // A pre_exec hook makes std fork and exec instead of using
                // posix_spawn, whose glibc child leaves the C library's two
                // internal signals (32, 33) ignored across the exec: the
                // program would start with a SigIgn it does not have bare.
                // SAFETY: the hook does nothing.
                unsafe { cmd.pre_exec(|| Ok(())) };
                None
            }
            Target::Attach(pids) => {
                cmd.stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped());
                // SAFETY: prctl is async-signal-safe. Should sockerr die
                // without a word, strace gets SIGTERM and detaches.
                unsafe {
                    cmd.pre_exec(|| {
                        libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                        Ok(())
                    });
                }
                Some(pids.clone())
            }
        };
        let mut child = cmd.spawn()?;
        let stderr = child.stderr.take();
        if let Some(e) = &stderr {
            set_nonblocking(e.as_fd());
        }
        Ok(Session {
            attach,
            child,
            status: None,
            fifo,
            stderr,
            dir,
            reader: Reader::new(opts.all),
            buf: vec![0; BUFFER],
            filled: 0,
            skipping: false,
            ready: VecDeque::new(),
            eof: false,
            saw_output: false,
            forwarded: SIGNALS.load(Ordering::SeqCst),
            passed_on: false,
            err_line: Vec::new(),
            refused: HashSet::new(),
            _handlers: handlers,
        })
    }

    /// Lines of strace output read so far.
    pub fn lines(&self) -> u64 {
        self.reader.lines()
    }

    /// The next thing to report; `None` once strace has ended and all its
    /// output is read. Blocks until there is something.
    pub fn next_item(&mut self) -> io::Result<Option<Item>> {
        loop {
            if let Some(i) = self.ready.pop_front() {
                return Ok(Some(i));
            }
            if self.eof {
                return Ok(None);
            }
            self.step()?;
        }
    }

    /// Waits for the program (or strace) to end and says how it did.
    pub fn finish(&mut self) -> io::Result<Ending> {
        let status = match self.status {
            Some(s) => s,
            None => self.child.wait()?,
        };
        self.status = Some(status);
        Ok(match (&self.attach, status.code(), status.signal()) {
            (Some(_), code, sig) => Ending::Detached {
                clean: code == Some(0) || (sig.is_some() && self.passed_on),
            },
            (None, code, _) if !self.saw_output => Ending::NotStarted(code),
            (None, Some(c), _) => Ending::Exited(c),
            (None, None, Some(s)) => Ending::Killed {
                signal: s,
                core: status.core_dumped(),
            },
            (None, None, None) => Ending::NotStarted(None),
        })
    }

    /// Attach mode: the attached processes that still exist.
    pub fn still_running(&self) -> Vec<u32> {
        self.attach
            .iter()
            .flatten()
            .copied()
            .filter(|p| procs::exists(*p))
            .collect()
    }

    fn step(&mut self) -> io::Result<()> {
        if self.attach.is_some() {
            // Ctrl-C or a signal to sockerr: strace detaches from everything.
            let n = SIGNALS.load(Ordering::SeqCst);
            if n != self.forwarded {
                self.forwarded = n;
                self.passed_on = true;
                let sig = LAST_SIGNAL.load(Ordering::SeqCst);
                // SAFETY: kill on our own child's pid, which we have not reaped.
                unsafe { libc::kill(self.child.id() as libc::pid_t, sig) };
            }
        }
        let (fifo_ready, err_ready) = {
            use nix::poll::{poll, PollFd, PollFlags};
            let mut fds = vec![PollFd::new(self.fifo.as_fd(), PollFlags::POLLIN)];
            if let Some(e) = &self.stderr {
                fds.push(PollFd::new(e.as_fd(), PollFlags::POLLIN));
            }
            match poll(&mut fds, TICK_MS) {
                Ok(_) => {}
                Err(nix::errno::Errno::EINTR) => return Ok(()),
                Err(e) => return Err(e.into()),
            }
            let any = |f: &PollFd| f.revents().is_some_and(|r| !r.is_empty());
            (any(&fds[0]), fds.get(1).is_some_and(any))
        };
        if err_ready {
            self.read_stderr();
        }
        if fifo_ready {
            let before = self.reader.lines();
            self.read_fifo()?;
            if self.reader.lines() != before && !self.eof {
                // strace writes a line at a time. While lines keep coming,
                // let them gather for a moment: one wake-up per batch, not
                // per line, leaves the two CPUs of a busy trace to strace
                // and the program (findings are late by a millisecond).
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            return Ok(());
        }
        // Nothing to read for a while: has the program, or strace, ended?
        if self.status.is_none() {
            self.status = self.child.try_wait()?;
        }
        let run_mode_tracing = self.attach.is_none() && self.saw_output;
        if self.status.is_some() && !run_mode_tracing {
            // strace has ended (attach mode), or it never began writing (run
            // mode, and the program is gone): read what is left, and stop.
            // In run mode, once strace writes, the end is its closing the
            // FIFO: it outlives the program while the program's children run.
            self.read_fifo()?;
            let carry_on = self.attach.is_none() && self.saw_output;
            if !self.eof && !carry_on {
                self.end_of_output();
            }
        }
        Ok(())
    }

    fn read_fifo(&mut self) -> io::Result<()> {
        let mut budget = READ_AT_ONCE;
        while budget > 0 && !self.eof {
            if self.filled == self.buf.len() {
                // A line longer than the buffer: read what fits, skip the rest.
                let cap = self.filled;
                self.line(0..cap);
                self.filled = 0;
                self.skipping = true;
            }
            let end = (self.filled + budget).min(self.buf.len());
            match self.fifo.read(&mut self.buf[self.filled..end]) {
                Ok(0) => {
                    self.end_of_output();
                    return Ok(());
                }
                Ok(n) => {
                    if !self.saw_output {
                        self.saw_output = true;
                        self.dir.remove();
                    }
                    budget -= n;
                    let start = self.filled;
                    self.filled += n;
                    self.lines_in(start);
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Hands on every complete line in the buffer; `from` is where the new
    /// bytes begin (no newline before it is unseen).
    fn lines_in(&mut self, from: usize) {
        let mut start = 0;
        let mut search = from;
        while let Some(i) = memchr::memchr(b'\n', &self.buf[search..self.filled]) {
            let end = search + i;
            if self.skipping {
                self.skipping = false;
            } else {
                self.line(start..end);
            }
            start = end + 1;
            search = start;
        }
        self.buf.copy_within(start..self.filled, 0);
        self.filled -= start;
    }

    fn line(&mut self, r: std::ops::Range<usize>) {
        let cap = (r.end - r.start).min(crate::scan::LINE_CAP);
        let bytes = &self.buf[r.start..r.start + cap];
        for e in self.reader.line(bytes) {
            self.ready.push_back(Item::Event(Box::new(e)));
        }
    }

    fn end_of_output(&mut self) {
        if self.filled > 0 && !self.skipping {
            let n = self.filled;
            self.line(0..n);
        }
        self.filled = 0;
        self.eof = true;
        self.dir.remove();
        // strace's last words (attach mode) came before it closed the FIFO.
        self.read_stderr();
    }

    /// strace's own messages (attach mode): a refused attach becomes the
    /// rules that refused it; the rest is passed on.
    fn read_stderr(&mut self) {
        let Some(e) = &mut self.stderr else {
            return;
        };
        let mut chunk = [0u8; 4096];
        loop {
            match e.read(&mut chunk) {
                Ok(0) => {
                    self.stderr = None;
                    break;
                }
                Ok(n) => self.err_line.extend_from_slice(&chunk[..n]),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
            if self.err_line.len() > 64 * 1024 {
                self.err_line.clear();
            }
        }
        let eof = self.stderr.is_none();
        while let Some(i) = memchr::memchr(b'\n', &self.err_line) {
            let l: Vec<u8> = self.err_line.drain(..=i).collect();
            self.strace_said(String::from_utf8_lossy(&l[..i]).into_owned());
        }
        if eof && !self.err_line.is_empty() {
            let l = String::from_utf8_lossy(&std::mem::take(&mut self.err_line)).into_owned();
            self.strace_said(l);
        }
    }

    fn strace_said(&mut self, line: String) {
        let text = line.strip_prefix("strace: ").unwrap_or(&line).to_string();
        // `attach: ptrace(PTRACE_SEIZE, 1234): Operation not permitted`
        if text.contains("Operation not permitted") {
            if let Some(pid) = text
                .split("PTRACE_SEIZE, ")
                .nth(1)
                .and_then(|r| r.split(')').next())
                .and_then(|p| p.trim().parse::<u32>().ok())
            {
                if self.refused.insert(pid) {
                    self.ready.push_back(Item::Refused(PtraceRules::read(pid)));
                }
                return;
            }
        }
        if !text.trim().is_empty() {
            self.ready.push_back(Item::Message(text));
        }
    }
}

fn set_nonblocking(fd: std::os::fd::BorrowedFd<'_>) {
    use std::os::fd::AsRawFd;
    let fd = fd.as_raw_fd();
    // SAFETY: F_GETFL/F_SETFL on a descriptor we own.
    unsafe {
        let flags = libc::fcntl(fd, libc::F_GETFL);
        if flags >= 0 {
            libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_strace_command_line() {
        let run = Options {
            target: Target::Run(vec!["curl".into(), "-s".into()]),
            all: false,
        };
        let a = strace_args(&run, Path::new("/tmp/x/strace.out"), true);
        let s: Vec<_> = a.iter().map(|x| x.to_string_lossy().into_owned()).collect();
        assert_eq!(s[0], "-D");
        assert!(s.contains(&"--seccomp-bpf".to_string()));
        assert!(s.iter().any(|x| x.starts_with("trace=%network,")));
        assert_eq!(&s[s.len() - 3..], ["--", "curl", "-s"]);
        let attach = Options {
            target: Target::Attach(vec![7, 8]),
            all: true,
        };
        let s: Vec<_> = strace_args(&attach, Path::new("/f"), true)
            .iter()
            .map(|x| x.to_string_lossy().into_owned())
            .collect();
        assert!(!s.contains(&"-D".to_string()));
        assert!(!s.contains(&"--seccomp-bpf".to_string()));
        assert!(!s.iter().any(|x| x.starts_with("trace=")));
        assert_eq!(&s[s.len() - 4..], ["-p", "7", "-p", "8"]);
    }

    #[test]
    fn finds_programs_on_the_path() {
        assert!(which(OsStr::new("sh")).is_some());
        assert!(which(OsStr::new("/bin/sh")).is_some());
        assert!(which(OsStr::new("no-such-program-sockerr")).is_none());
        let plain = std::env::temp_dir().join(format!("sockerr-which-{}", std::process::id()));
        std::fs::write(&plain, "not a program").unwrap();
        std::fs::set_permissions(&plain, std::fs::Permissions::from_mode(0o644)).unwrap();
        let found = which(plain.as_os_str());
        std::fs::remove_file(&plain).unwrap();
        assert!(found.is_none());
    }
}
