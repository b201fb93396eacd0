//! sendmsg(2) cases: descriptors passed over a Unix socket.

use crate::repro::child::*;
use crate::repro::recorder::*;
use crate::repro::tx;
use nix::sys::resource::{getrlimit, Resource};
use std::time::Duration;

/// Descriptors in flight are charged to the sending user; more than its
/// RLIMIT_NOFILE, and sendmsg refuses to add more. Root (CAP_SYS_RESOURCE
/// or CAP_SYS_ADMIN) is exempt, so as root a child drops to nobody first.
pub(crate) fn sendmsg_toomanyrefs(t: &mut Trace) -> Res {
    const LIMIT: libc::rlim_t = 16;
    const MAX_CALLS: usize = 64;
    const CAP_SYS_ADMIN: u32 = 21;
    const CAP_SYS_RESOURCE: u32 = 24;
    // SAFETY: geteuid cannot fail.
    let root = unsafe { libc::geteuid() } == 0;
    if !root && has_capability(&[CAP_SYS_ADMIN, CAP_SYS_RESOURCE]) {
        return Err(skip(
            "this process has CAP_SYS_RESOURCE or CAP_SYS_ADMIN, which lift the limit on descriptors in flight",
            "本进程拥有 CAP_SYS_RESOURCE 或 CAP_SYS_ADMIN，它们会取消对传递中描述符数量的限制",
        ));
    }
    let (_, hard) =
        getrlimit(Resource::RLIMIT_NOFILE).map_err(|e| t.fail("getrlimit(RLIMIT_NOFILE)", e))?;
    let run = in_child(t, Duration::from_secs(2), |rep| unsafe {
        if !become_nobody(rep, root) {
            return;
        }
        let lim = libc::rlimit {
            rlim_cur: LIMIT,
            rlim_max: hard,
        };
        if !rep.result(i64::from(libc::setrlimit(libc::RLIMIT_NOFILE, &lim))) {
            return;
        }
        let mut sv = [0 as libc::c_int; 2];
        let r = libc::socketpair(
            libc::AF_UNIX,
            libc::SOCK_DGRAM | libc::SOCK_CLOEXEC,
            0,
            sv.as_mut_ptr(),
        );
        if !rep.result(i64::from(r)) {
            return;
        }
        rep.send(i64::from(sv[0]), 0);
        // Bounded: the limit is 16, so this ends within 18 calls.
        for _ in 0..MAX_CALLS {
            let mut byte = b'x';
            let mut iov = libc::iovec {
                iov_base: (&mut byte as *mut u8).cast(),
                iov_len: 1,
            };
            // Room for one cmsghdr and one int, aligned for cmsghdr.
            let mut control = [0u64; 4];
            let space = libc::CMSG_SPACE(std::mem::size_of::<libc::c_int>() as u32) as usize;
            let mut m: libc::msghdr = std::mem::zeroed();
            m.msg_iov = &mut iov;
            m.msg_iovlen = 1;
            m.msg_control = control.as_mut_ptr().cast();
            m.msg_controllen = space.min(std::mem::size_of_val(&control)) as _;
            let c = libc::CMSG_FIRSTHDR(&m);
            (*c).cmsg_level = libc::SOL_SOCKET;
            (*c).cmsg_type = libc::SCM_RIGHTS;
            (*c).cmsg_len = libc::CMSG_LEN(std::mem::size_of::<libc::c_int>() as u32) as _;
            std::ptr::write_unaligned(libc::CMSG_DATA(c).cast::<libc::c_int>(), sv[0]);
            let r = libc::sendmsg(sv[0], &m, libc::MSG_DONTWAIT);
            if !rep.result(r as i64) {
                return;
            }
        }
    })?;
    let pid = run.pid;
    let recs = &run.records;
    let mut at = show_become_nobody(t, pid, recs, root)?;
    let hard_shown = if hard == libc::RLIM_INFINITY {
        "RLIM_INFINITY".to_string()
    } else {
        hard.to_string()
    };
    let calls = [
        format!("setrlimit(RLIMIT_NOFILE, {{rlim_cur={LIMIT}, rlim_max={hard_shown}}})"),
        "socketpair(AF_UNIX, SOCK_DGRAM|SOCK_CLOEXEC, 0, …)".to_string(),
    ];
    for call in calls {
        match recs.get(at) {
            Some(&rec) => t.child_step(format!("[pid {pid}] {call}"), rec, false),
            None => {
                t.event(describe_status(pid, run.status), None);
                return Ok(());
            }
        }
        at += 1;
        if recs[at - 1].ret < 0 {
            t.event(describe_status(pid, run.status), None);
            return Ok(());
        }
    }
    t.note(tx(
        "nobody ever reads the other end: every descriptor sent stays in flight",
        "没有人读取另一端：发出的每个描述符都一直处于传递中",
    ));
    let fd = recs.get(at).map_or(-1, |r| r.ret);
    at += 1;
    let call = format!(
        "[pid {pid}] sendmsg({fd}, {{msg_iov=[\"x\"], msg_control=[{{SOL_SOCKET, SCM_RIGHTS, [{fd}]}}]}}, MSG_DONTWAIT)"
    );
    let sent: Vec<Record> = recs[at.min(recs.len())..]
        .iter()
        .copied()
        .take_while(|r| r.ret >= 0)
        .collect();
    match sent.as_slice() {
        [] => {}
        [one] => t.child_step(call.clone(), *one, false),
        [first, ..] => {
            t.child_step(call.clone(), *first, false);
            t.event(
                format!("[pid {pid}] … {} more calls succeed", sent.len() - 1),
                Some(tx(
                    "each message carries one descriptor, which stays in flight",
                    "每条消息携带一个描述符，它一直处于传递中",
                )),
            );
        }
    }
    match recs.get(at + sent.len()) {
        Some(&rec) => t.child_step(call, rec, true),
        None => t.expect(
            false,
            format!("{MAX_CALLS} messages sent without reaching the limit"),
            format!("发出了 {MAX_CALLS} 条消息仍未达到限制"),
        ),
    }
    t.event(describe_status(pid, run.status), None);
    Ok(())
}
