//! Children: a case that must die (SIGPIPE) or change its limits runs in a
//! forked child that makes raw libc calls only and reports each result as a
//! fixed-size record on a pipe.

use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::{tx, Said};
use nix::errno::Errno as E;
use nix::fcntl::OFlag;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{self, Signal};
use nix::sys::wait::{waitpid, WaitPidFlag, WaitStatus};
use nix::unistd::{ForkResult, Pid};
use std::os::fd::{AsFd, OwnedFd, RawFd};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub(crate) struct Record {
    pub(crate) ret: i64,
    pub(crate) errno: i32,
}

pub(crate) struct Reporter(RawFd);

impl Reporter {
    /// Sends one record; async-signal-safe.
    pub(crate) fn send(&self, ret: i64, errno: i32) {
        let buf = encode(ret, errno);
        unsafe { libc::write(self.0, buf.as_ptr().cast(), buf.len()) };
    }

    /// Sends the result of a raw call that returns -1 and sets errno on failure.
    pub(crate) fn result(&self, ret: i64) -> bool {
        let errno = if ret < 0 { E::last_raw() } else { 0 };
        self.send(ret, errno);
        ret >= 0
    }
}

pub(crate) fn encode(ret: i64, errno: i32) -> [u8; 12] {
    let mut b = [0u8; 12];
    b[..8].copy_from_slice(&ret.to_ne_bytes());
    b[8..].copy_from_slice(&errno.to_ne_bytes());
    b
}

/// Ends the child if its body unwinds, instead of letting it return
/// into the parent's code.
pub(crate) struct ExitOnUnwind;
impl Drop for ExitOnUnwind {
    fn drop(&mut self) {
        unsafe { libc::_exit(127) };
    }
}

/// What a child did: its records, how it ended, its pid.
pub(crate) struct ChildRun {
    pub(crate) pid: Pid,
    pub(crate) records: Vec<Record>,
    pub(crate) status: Option<WaitStatus>,
}

/// Forks; the child runs `body` and exits. The parent collects the
/// records and the exit status, and kills a child that takes longer than
/// `limit`.
pub(crate) fn in_child(
    t: &mut Trace,
    limit: Duration,
    body: impl FnOnce(&Reporter),
) -> Result<ChildRun, Stop> {
    // Without a pipe or a child there is no case to run: the environment
    // (a descriptor or process limit) is at fault, not the kernel's answer.
    let (r, w) = match nix::unistd::pipe2(OFlag::O_CLOEXEC) {
        Ok(fds) => t.setup("pipe2", Ok(PipeFds(fds)))?.0,
        Err(e) => {
            t.step::<()>("pipe2([?, ?], O_CLOEXEC)", Err(e)).ok();
            return Err(setup_failed("pipe2([?, ?], O_CLOEXEC)", e as i32));
        }
    };
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
        Err(e) => {
            t.step::<()>("fork()", Err(e)).ok();
            Err(setup_failed("fork()", e as i32))
        }
    }
}

/// A set-up step the child reported: recorded as a step; if it failed,
/// the case stops as skipped with the step and its errno as the reason.
/// The call under test was never made, so there is nothing to compare with
/// what the knowledge base expects: a mismatch would blame the kernel (or
/// the knowledge base) for the environment, such as `ulimit -n 8`.
pub(crate) fn child_setup(t: &mut Trace, call: String, rec: Record) -> Result<(), Stop> {
    t.child_step(call.clone(), rec, false);
    if rec.ret < 0 {
        return Err(setup_failed(&call, rec.errno));
    }
    Ok(())
}

/// The skip reason for a set-up step that failed.
pub(crate) fn setup_failed(call: &str, errno: i32) -> Stop {
    let name = crate::repro::errno_name(errno);
    let msg = crate::repro::errno_message(errno);
    skip(
        format!("the set-up failed: {call} = -1 {name} ({msg})"),
        format!("准备步骤失败：{call} = -1 {name}（{msg}）"),
    )
}

/// A pipe's two ends, which can go through `Trace::setup`.
pub(crate) struct PipeFds(pub(crate) (OwnedFd, OwnedFd));
impl Ret for PipeFds {
    fn ret(&self) -> i64 {
        0
    }
}

pub(crate) fn collect(child: Pid, r: OwnedFd, limit: Duration) -> ChildRun {
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

pub(crate) fn describe_status(pid: Pid, s: Option<WaitStatus>) -> String {
    match s {
        Some(WaitStatus::Exited(_, code)) => format!("[pid {pid}] +++ exited with {code} +++"),
        Some(WaitStatus::Signaled(_, sig, _)) => {
            format!("[pid {pid}] +++ killed by {} +++", sig.as_str())
        }
        Some(other) => format!("[pid {pid}] +++ {other:?} +++"),
        None => format!("[pid {pid}] +++ killed by SIGKILL (time limit) +++"),
    }
}

/// The uid and gid a root child drops to for the cases that need an
/// ordinary user: nobody.
pub(crate) const NOBODY: libc::uid_t = 65534;

/// In a child: when running as root, become nobody (no supplementary
/// groups, gid and uid 65534), which clears the capabilities; reports each
/// of the three calls. Does nothing for an ordinary user. False when a call
/// failed (the child should stop). Async-signal-safe.
pub(crate) fn become_nobody(rep: &Reporter, root: bool) -> bool {
    if !root {
        return true;
    }
    // SAFETY: raw calls with valid arguments.
    unsafe {
        rep.result(i64::from(libc::setgroups(0, std::ptr::null())))
            && rep.result(i64::from(libc::setgid(NOBODY)))
            && rep.result(i64::from(libc::setuid(NOBODY)))
    }
}

/// In the parent: shows the steps of [`become_nobody`] from the child's
/// records, and returns how many records they took; a failed drop is a
/// skip, with the call and errno in the reason.
pub(crate) fn show_become_nobody(
    t: &mut Trace,
    pid: Pid,
    records: &[Record],
    root: bool,
) -> Result<usize, Stop> {
    if !root {
        return Ok(0);
    }
    let calls = [
        "setgroups(0, NULL)".to_string(),
        format!("setgid({NOBODY})"),
        format!("setuid({NOBODY})"),
    ];
    for (i, (call, &rec)) in calls.iter().zip(records).enumerate() {
        t.child_step(format!("[pid {pid}] {call}"), rec, false);
        if rec.ret < 0 {
            let name = crate::repro::errno_name(rec.errno);
            return Err(Stop::Skip(Said::new(
                format!("running as root and cannot drop privileges to test it: {call} failed with {name}"),
                format!("以 root 运行，且无法放弃特权来测试：{call} 失败，错误 {name}"),
            )));
        }
        if i == 2 {
            t.note(tx(
                "running as root: the child becomes nobody, which clears its capabilities",
                "以 root 运行：子进程切换为 nobody，其能力随之清空",
            ));
        }
    }
    Ok(calls.len().min(records.len()))
}

/// Whether this process has any of these capabilities in its effective
/// set (numbers as in linux/capability.h).
pub(crate) fn has_capability(caps: &[u32]) -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("CapEff:"))
                .and_then(|v| u64::from_str_radix(v.trim(), 16).ok())
        })
        .is_some_and(|eff| caps.iter().any(|&c| eff & (1 << c) != 0))
}
