//! send(2) cases.

use super::connect::{unix_connect, unix_listener, unix_socket, UnixListener};
use crate::repro::child::*;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tempdir::*;
use crate::repro::tx;
use nix::poll::PollFlags;
use nix::sys::signal::{self, SigAction, SigHandler, SigSet, Signal};
use nix::sys::socket::{
    getsockopt, recv, send, sendto, setsockopt, sockopt, MsgFlags, SockFlag, SockType, SockaddrIn,
};
use nix::sys::wait::WaitStatus;
use std::os::fd::OwnedFd;
use std::time::Duration;

/// A connection whose peer closed normally, after which one send drew
/// the peer's reset: from here on every send fails with EPIPE. Returns
/// the listener (kept open until the case ends) and our socket.
pub(crate) fn broken(t: &mut Trace) -> Result<(OwnedFd, OwnedFd), Stop> {
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

pub(crate) fn send_pipe(t: &mut Trace) -> Res {
    let (_l, client) = broken(t)?;
    let c = &client;
    t.test(
        format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(c)),
        send(raw(c), b"x", MsgFlags::MSG_NOSIGNAL),
    )
    .ok();
    Ok(())
}

pub(crate) fn send_sigpipe(t: &mut Trace) -> Res {
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

pub(crate) struct Saved(Option<SigAction>);
impl Ret for Saved {
    fn ret(&self) -> i64 {
        0
    }
}

pub(crate) fn send_pipe_unconnected(t: &mut Trace) -> Res {
    let c = tcp(t)?;
    t.test(
        format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&c)),
        send(raw(&c), b"x", MsgFlags::MSG_NOSIGNAL),
    )
    .ok();
    Ok(())
}

/// A connection whose peer closed with SO_LINGER 0: a reset, not a FIN.
pub(crate) fn reset(t: &mut Trace) -> Result<(OwnedFd, OwnedFd), Stop> {
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

pub(crate) fn send_connreset(t: &mut Trace) -> Res {
    let (_l, c) = reset(t)?;
    t.test(
        format!("send({}, \"x\", 1, MSG_NOSIGNAL)", raw(&c)),
        send(raw(&c), b"x", MsgFlags::MSG_NOSIGNAL),
    )
    .ok();
    Ok(())
}

pub(crate) fn send_again(t: &mut Trace) -> Res {
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

pub(crate) fn send_msgsize(t: &mut Trace) -> Res {
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

pub(crate) fn send_destaddrreq(t: &mut Trace) -> Res {
    let u = udp(t)?;
    t.test(
        format!("send({}, \"x\", 1, 0)", raw(&u)),
        send(raw(&u), b"x", MsgFlags::empty()),
    )
    .ok();
    Ok(())
}

pub(crate) fn send_opnotsupp(t: &mut Trace) -> Res {
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

pub(crate) fn send_acces(t: &mut Trace) -> Res {
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

pub(crate) fn send_notconn(t: &mut Trace) -> Res {
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
pub(crate) fn refused_udp(t: &mut Trace) -> Result<OwnedFd, Stop> {
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

pub(crate) fn send_connrefused(t: &mut Trace) -> Res {
    let u = refused_udp(t)?;
    t.test(
        format!("send({}, \"x\", 1, 0)", raw(&u)),
        send(raw(&u), b"x", MsgFlags::empty()),
    )
    .ok();
    Ok(())
}

/// A connected AF_UNIX pair of type `ty` through a listener at `name`.
fn unix_pair(
    t: &mut Trace,
    dir: &mut TempDir,
    name: &str,
    ty: SockType,
) -> Result<(UnixListener, OwnedFd, OwnedFd), Stop> {
    let l = unix_listener(t, dir, name, ty, 8)?;
    let c = unix_socket(t, ty, SockFlag::empty())?;
    unix_connect(t, &c, &l)?;
    let s = accept_on(t, &l.fd)?;
    Ok((l, c, s))
}

pub(crate) fn send_isconn(t: &mut Trace) -> Res {
    let mut dir = TempDir::new(t)?;
    // First the socket type folklore gets wrong: seqpacket.
    let (_l, c, s) = unix_pair(t, &mut dir, "seq.sock", SockType::SeqPacket)?;
    let elsewhere = dir.file("nobody.sock");
    let to = unix_addr(t, &elsewhere)?;
    let r = t.step(
        format!(
            "sendto({}, \"x\", 1, MSG_NOSIGNAL, \"{}\")",
            raw(&c),
            elsewhere.display()
        ),
        sendto(raw(&c), b"x", &to, MsgFlags::MSG_NOSIGNAL),
    );
    t.note(tx(
        "a connected seqpacket socket ignores the address (no socket even exists there) and sends to its peer: no EISCONN",
        "已连接的 seqpacket 套接字忽略这个地址（那里甚至没有套接字），照常发给对端：没有 EISCONN",
    ));
    t.expect(
        r == Ok(1),
        format!(
            "a connected AF_UNIX seqpacket socket should accept sendto() with an address; it returned {}",
            shown(&r)
        ),
        format!(
            "已连接的 AF_UNIX seqpacket 套接字应接受带地址的 sendto()；实际返回 {}",
            shown(&r)
        ),
    );
    let mut buf = [0u8; 16];
    let got = recv(raw(&s), &mut buf, MsgFlags::MSG_DONTWAIT);
    let call = match got {
        Ok(n) => format!(
            "recv({}, \"{}\", 16, MSG_DONTWAIT)",
            raw(&s),
            String::from_utf8_lossy(&buf[..n])
        ),
        Err(_) => format!("recv({}, buf, 16, MSG_DONTWAIT)", raw(&s)),
    };
    t.step(call, got).ok();
    t.note(tx("the connected peer received it", "已连接的对端收到了它"));
    t.expect(
        got == Ok(1) && buf[0] == b'x',
        format!(
            "the seqpacket peer should have received the message; recv returned {}",
            shown(&got)
        ),
        format!(
            "seqpacket 的对端应已收到这条消息；recv 返回 {}",
            shown(&got)
        ),
    );
    // Then a stream socket, with its own peer's address.
    let (l2, c2, _s2) = unix_pair(t, &mut dir, "stream.sock", SockType::Stream)?;
    t.test(
        format!(
            "sendto({}, \"x\", 1, MSG_NOSIGNAL, \"{}\")",
            raw(&c2),
            l2.path.display()
        ),
        sendto(raw(&c2), b"x", &l2.addr, MsgFlags::MSG_NOSIGNAL),
    )
    .ok();
    Ok(())
}

/// A result as the trace would end it: `1`, or `-1 EISCONN`.
fn shown(r: &nix::Result<usize>) -> String {
    match r {
        Ok(n) => n.to_string(),
        Err(e) => format!("-1 {}", crate::repro::errno_name(*e as i32)),
    }
}
