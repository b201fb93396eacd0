//! connect(2) cases.

use crate::kb::Text;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tempdir::*;
use crate::repro::tx;
use nix::errno::Errno as E;
use nix::poll::PollFlags;
use nix::sys::socket::{
    bind, connect, getsockname, getsockopt, setsockopt, socket, sockopt, AddressFamily, SockFlag,
    SockType, SockaddrIn, SockaddrIn6, SockaddrLike, UnixAddr,
};
use nix::sys::time::{TimeVal, TimeValLike};
use std::os::fd::OwnedFd;
use std::path::PathBuf;

pub(crate) fn connect_refused(t: &mut Trace) -> Res {
    let (_holder, addr) = held_port(t)?;
    let c = tcp(t)?;
    t.test(
        format!("connect({}, {addr})", raw(&c)),
        connect(raw(&c), &addr),
    )
    .ok();
    Ok(())
}

/// An IPv6 TCP socket; the case is skipped where IPv6 is disabled.
pub(crate) fn tcp6(t: &mut Trace) -> Result<OwnedFd, Stop> {
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
}

pub(crate) fn connect_refused_ipv6(t: &mut Trace) -> Res {
    let h = tcp6(t)?;
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
    let c = tcp6(t)?;
    t.test(
        format!("connect({}, {addr})", raw(&c)),
        connect(raw(&c), &addr),
    )
    .ok();
    Ok(())
}

/// A Unix socket file left behind by a server that exited without
/// unlink(): bound, then closed. The directory goes when the guard drops.
pub(crate) fn stale_unix_socket(
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

pub(crate) fn connect_refused_unix(t: &mut Trace) -> Res {
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

pub(crate) fn connect_inprogress(t: &mut Trace) -> Res {
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
            crate::repro::errno_name(*e)
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
            crate::repro::errno_name(err)
        ),
        format!(
            "SO_ERROR 应为 ECONNREFUSED，实际为 {}",
            crate::repro::errno_name(err)
        ),
    );
    Ok(())
}

/// A listener whose accept queue is full: backlog 0 admits one
/// connection, and one client fills it. The kernel then drops new SYNs.
pub(crate) fn full_listener(t: &mut Trace) -> Result<(OwnedFd, OwnedFd, SockaddrIn), Stop> {
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

/// A non-blocking connect left pending, as a program sees it between
/// connect and the handshake's end: on plain loopback the handshake is over
/// before connect returns, so the listener's full queue drops the SYN and
/// the socket stays in SYN-SENT. Returns the listener and its first
/// connection (hold both), the socket, and the address.
pub(crate) fn pending_connect(
    t: &mut Trace,
) -> Result<(OwnedFd, OwnedFd, OwnedFd, SockaddrIn), Stop> {
    let (l, first, addr) = full_listener(t)?;
    let c = tcp_nonblocking(t)?;
    let r = t.step(
        format!("connect({}, {addr})", raw(&c)),
        connect(raw(&c), &addr),
    );
    t.note(tx(
        "the SYN is sent, and dropped by the listener's kernel (its queue is full): the socket stays in SYN-SENT",
        "SYN 已发出，但被监听端内核丢弃（队列已满）：套接字停留在 SYN-SENT 状态",
    ));
    t.expect(
        r == Err(E::EINPROGRESS),
        "the first connect should return EINPROGRESS".into(),
        "第一次 connect 应返回 EINPROGRESS".into(),
    );
    Ok((l, first, c, addr))
}

pub(crate) fn connect_already(t: &mut Trace) -> Res {
    let (_l, _first, c, addr) = pending_connect(t)?;
    t.test(
        format!("connect({}, {addr})", raw(&c)),
        connect(raw(&c), &addr),
    )
    .ok();
    Ok(())
}

pub(crate) fn connect_timedout(t: &mut Trace) -> Res {
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

pub(crate) fn connect_isconn(t: &mut Trace) -> Res {
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

pub(crate) fn connect_enoent(t: &mut Trace) -> Res {
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

pub(crate) fn connect_afnosupport(t: &mut Trace) -> Res {
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

// AF_UNIX listeners ------------------------------------------------------

/// An AF_UNIX socket of type `ty`.
pub(crate) fn unix_socket(t: &mut Trace, ty: SockType, flags: SockFlag) -> Result<OwnedFd, Stop> {
    let name = match ty {
        SockType::Stream => "SOCK_STREAM",
        SockType::SeqPacket => "SOCK_SEQPACKET",
        SockType::Datagram => "SOCK_DGRAM",
        _ => "SOCK_?",
    };
    let nonblock = if flags.contains(SockFlag::SOCK_NONBLOCK) {
        "|SOCK_NONBLOCK"
    } else {
        ""
    };
    t.setup(
        format!("socket(AF_UNIX, {name}{nonblock}, 0)"),
        socket(AddressFamily::Unix, ty, flags, None),
    )
}

/// A listening AF_UNIX socket and the path it is bound to.
pub(crate) struct UnixListener {
    pub(crate) fd: OwnedFd,
    pub(crate) path: PathBuf,
    pub(crate) addr: UnixAddr,
}

/// An AF_UNIX listener of type `ty` at `name` in the private directory.
pub(crate) fn unix_listener(
    t: &mut Trace,
    dir: &mut TempDir,
    name: &str,
    ty: SockType,
    backlog: i32,
) -> Result<UnixListener, Stop> {
    let path = dir.file(name);
    let addr = unix_addr(t, &path)?;
    let fd = unix_socket(t, ty, SockFlag::empty())?;
    t.setup(
        format!("bind({}, \"{}\")", raw(&fd), path.display()),
        bind(raw(&fd), &addr),
    )?;
    listen_on(t, &fd, backlog)?;
    Ok(UnixListener { fd, path, addr })
}

/// A blocking AF_UNIX connect, recorded.
pub(crate) fn unix_connect(t: &mut Trace, fd: &OwnedFd, l: &UnixListener) -> Result<(), Stop> {
    t.setup(
        format!("connect({}, \"{}\")", raw(fd), l.path.display()),
        connect(raw(fd), &l.addr),
    )
}

pub(crate) fn connect_again_unix(t: &mut Trace) -> Res {
    const BACKLOG: i32 = 2;
    // Bounded: a queue that never fills ends the case after this many.
    const MAX_CONNECTS: usize = 8;
    let cap = read_sysctl("/proc/sys/net/core/somaxconn").unwrap_or(4096);
    if cap < i64::from(BACKLOG) {
        return Err(skip(
            format!(
                "net.core.somaxconn is {cap} here, below the backlog of {BACKLOG} this case uses"
            ),
            format!("本机 net.core.somaxconn 为 {cap}，低于本案例使用的 backlog {BACKLOG}"),
        ));
    }
    let mut dir = TempDir::new(t)?;
    let l = unix_listener(t, &mut dir, "busy.sock", SockType::Stream, BACKLOG)?;
    t.note(tx(
        "nobody calls accept(): each connection waits in the listener's queue",
        "没有人调用 accept()：每个连接都在监听套接字的队列里等待",
    ));
    let mut queued = Vec::new();
    for _ in 0..MAX_CONNECTS {
        let c = unix_socket(t, SockType::Stream, SockFlag::SOCK_NONBLOCK)?;
        let call = format!("connect({}, \"{}\")", raw(&c), l.path.display());
        let r = connect(raw(&c), &l.addr);
        if r.is_err() {
            t.test(call, r).ok();
            let n = queued.len();
            t.expect(
                n == BACKLOG as usize + 1,
                format!(
                    "the queue took {n} connections before EAGAIN; Linux holds backlog + 1 = {}",
                    BACKLOG + 1
                ),
                format!(
                    "队列在 EAGAIN 之前接纳了 {n} 个连接；Linux 应能容纳 backlog + 1 = {} 个",
                    BACKLOG + 1
                ),
            );
            return Ok(());
        }
        t.step(call, r).ok();
        queued.push(c);
        match queued.len() {
            2 => t.note(tx(
                "2 waiting: ss -xl shows Recv-Q 2, Send-Q 2 (the backlog); equal, and there is still room",
                "2 个在等待：ss -xl 显示 Recv-Q 2、Send-Q 2（即 backlog）；两者相等，但队列还有空位",
            )),
            3 => t.note(tx(
                "3 waiting: Recv-Q 3 is greater than Send-Q 2, and now the queue is full (it holds backlog + 1)",
                "3 个在等待：Recv-Q 3 大于 Send-Q 2，此时队列才满（它能容纳 backlog + 1 个）",
            )),
            _ => {}
        }
    }
    t.expect(
        false,
        format!("{MAX_CONNECTS} non-blocking connects were queued without EAGAIN"),
        format!("{MAX_CONNECTS} 次非阻塞 connect 都进入了队列，没有出现 EAGAIN"),
    );
    Ok(())
}

pub(crate) fn connect_intr(t: &mut Trace) -> Res {
    let (_l, _first, addr) = full_listener(t)?;
    let c = tcp(t)?;
    let fd = raw(&c);
    // The address is built here, before the fork: the child only calls.
    let (ptr, len) = (addr.as_ptr(), addr.len());
    crate::repro::cases::recv::interrupted(t, format!("connect({fd}, {addr})"), move || {
        // SAFETY: ptr and len describe addr, which outlives the child.
        unsafe { libc::connect(fd, ptr.cast(), len) as isize }
    })
}
