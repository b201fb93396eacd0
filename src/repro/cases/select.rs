//! select(2) above FD_SETSIZE, in a child whose descriptor limit is raised.

use crate::repro::child::*;
use crate::repro::recorder::*;
use crate::repro::{tx, Said};
use nix::fcntl::OFlag;
use nix::sys::resource::{getrlimit, Resource};
use nix::sys::signal::Signal;
use nix::sys::wait::WaitStatus;
use std::os::fd::AsRawFd;
use std::time::Duration;

/// The descriptor number the child uses: above FD_SETSIZE (1024), as a
/// server with a thousand connections gets.
const HIGH: i32 = 1100;

#[cfg(target_env = "gnu")]
extern "C" {
    /// What glibc's FD_SET, FD_CLR and FD_ISSET call in a program built
    /// with -D_FORTIFY_SOURCE: it checks the number and aborts above 1023.
    fn __fdelt_chk(d: libc::c_long) -> libc::c_long;
}

/// An fd_set holds descriptors 0 to 1023. With nfds 1101 the kernel reads
/// (and on return writes) 1101 bits, 144 bytes, from the 128-byte set: the
/// child places the set right before an unmapped page, so the read fails
/// with EFAULT instead of silently using the neighbouring memory. Then it
/// does what a fortified FD_SET(1100) does, and glibc aborts it.
pub(crate) fn select_fd_setsize(t: &mut Trace) -> Res {
    let (_, hard) =
        getrlimit(Resource::RLIMIT_NOFILE).map_err(|e| t.fail("getrlimit(RLIMIT_NOFILE)", e))?;
    if hard != libc::RLIM_INFINITY && hard <= HIGH as libc::rlim_t {
        return Err(Stop::Skip(Said::new(
            format!("the hard limit on descriptors is {hard}: a process here cannot have descriptor {HIGH}"),
            format!("描述符的硬上限是 {hard}：这里的进程不可能拥有 {HIGH} 号描述符"),
        )));
    }
    let soft = (HIGH as libc::rlim_t + 64).min(hard);
    let (err_r, err_w) = t
        .setup("pipe2", nix::unistd::pipe2(OFlag::O_CLOEXEC).map(PipeFds))?
        .0;
    let (er, ew) = (err_r.as_raw_fd(), err_w.as_raw_fd());
    t.last().call = format!("pipe2([{er}, {ew}], O_CLOEXEC)");
    t.note(tx(
        "the child's standard error, to show what glibc prints",
        "子进程的标准错误输出，用来展示 glibc 打印的内容",
    ));
    let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
        let lim = libc::rlimit {
            rlim_cur: soft,
            rlim_max: hard,
        };
        if !rep.result(i64::from(libc::setrlimit(libc::RLIMIT_NOFILE, &lim))) {
            return;
        }
        let s = libc::socket(libc::AF_INET, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
        if !rep.result(i64::from(s)) {
            return;
        }
        if !rep.result(i64::from(libc::dup2(s, HIGH))) {
            return;
        }
        let page = libc::sysconf(libc::_SC_PAGESIZE) as usize;
        let p = libc::mmap(
            std::ptr::null_mut(),
            2 * page,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if p == libc::MAP_FAILED {
            rep.send(-1, *libc::__errno_location());
            return;
        }
        rep.send(0, 0);
        let guard = p.cast::<u8>().add(page);
        if !rep.result(i64::from(libc::mprotect(
            guard.cast(),
            page,
            libc::PROT_NONE,
        ))) {
            return;
        }
        // An empty, zeroed fd_set that ends where the unmapped page begins.
        let set = guard
            .sub(std::mem::size_of::<libc::fd_set>())
            .cast::<libc::fd_set>();
        let mut tv = libc::timeval {
            tv_sec: 0,
            tv_usec: 0,
        };
        let r = libc::select(
            HIGH + 1,
            set,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            &mut tv,
        );
        rep.result(i64::from(r));
        #[cfg(target_env = "gnu")]
        {
            // No terminal (glibc may write to /dev/tty), no core dump,
            // standard error into the pipe.
            libc::setsid();
            libc::prctl(libc::PR_SET_DUMPABLE, 0);
            if libc::dup2(ew, 2) == 2 {
                __fdelt_chk(libc::c_long::from(HIGH));
            }
        }
    })?;
    drop(err_w);
    let pid = run.pid;
    let hard_shown = if hard == libc::RLIM_INFINITY {
        "RLIM_INFINITY".to_string()
    } else {
        hard.to_string()
    };
    let mut recs = run.records.iter().copied();
    let calls = [
        format!("setrlimit(RLIMIT_NOFILE, {{rlim_cur={soft}, rlim_max={hard_shown}}})"),
        "socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)".to_string(),
    ];
    let mut sock = -1;
    for call in calls {
        let Some(rec) = recs.next() else {
            t.event(describe_status(pid, run.status), None);
            return Ok(());
        };
        t.child_step(format!("[pid {pid}] {call}"), rec, false);
        sock = rec.ret;
    }
    let Some(rec) = recs.next() else {
        t.event(describe_status(pid, run.status), None);
        return Ok(());
    };
    t.child_step(format!("[pid {pid}] dup2({sock}, {HIGH})"), rec, false);
    t.note(tx(
        "a descriptor above FD_SETSIZE (1024), as a server with a thousand connections gets",
        "一个超过 FD_SETSIZE（1024）的描述符，有上千个连接的服务器就会拿到这样的编号",
    ));
    match (recs.next(), recs.next()) {
        (Some(map), Some(prot)) => {
            let call = format!(
                "[pid {pid}] mmap(NULL, 2 pages, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)"
            );
            if map.ret < 0 {
                t.child_step(call, map, false);
            } else {
                // An address, not a number worth showing.
                t.event(format!("{call} = 0x…"), None);
            }
            t.child_step(
                format!("[pid {pid}] mprotect(second page, 1 page, PROT_NONE)"),
                prot,
                false,
            );
            t.note(tx(
                "the 128-byte fd_set (1024 bits) is placed right before the unmapped page",
                "128 字节（1024 位）的 fd_set 紧挨着这个未映射的页面放置",
            ));
        }
        _ => {
            t.event(describe_status(pid, run.status), None);
            return Ok(());
        }
    }
    match recs.next() {
        Some(rec) => t.child_step(
            format!(
                "[pid {pid}] select({}, [], NULL, NULL, {{tv_sec=0, tv_usec=0}})",
                HIGH + 1
            ),
            rec,
            true,
        ),
        None => t.event(format!("[pid {pid}] select({}, …) = ?", HIGH + 1), None),
    }
    if cfg!(target_env = "gnu") {
        t.event(
            format!("[pid {pid}] FD_SET({HIGH}, &set) built with -D_FORTIFY_SOURCE: __fdelt_chk({HIGH})"),
            Some(tx(
                "glibc checks the number before touching the set, and aborts",
                "glibc 在改动集合之前先检查编号，然后中止进程",
            )),
        );
        let said = read_all(err_r);
        let said = said.trim_end();
        if !said.is_empty() {
            t.event(format!("[pid {pid}] (standard error) {said}"), None);
        }
        let aborted = matches!(
            run.status,
            Some(WaitStatus::Signaled(_, Signal::SIGABRT, _))
        );
        t.event(describe_status(pid, run.status), None);
        t.expect(
            aborted && (said.contains("FD_SETSIZE") || said.contains("buffer overflow detected")),
            format!(
                "glibc should abort the child with its fd_set message; {}, it wrote {said:?}",
                describe_status(pid, run.status)
            ),
            format!(
                "glibc 应以 fd_set 的消息中止子进程；{}，输出为 {said:?}",
                describe_status(pid, run.status)
            ),
        );
    } else {
        t.event(describe_status(pid, run.status), None);
    }
    Ok(())
}

/// What the child wrote to a pipe whose write ends are all closed.
fn read_all(r: std::os::fd::OwnedFd) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 512];
    // Bounded: the writer has exited, so the pipe ends; at most 64 reads.
    for _ in 0..64 {
        match nix::unistd::read(r.as_raw_fd(), &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
