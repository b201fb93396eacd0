//! Building blocks of the cases: loopback sockets, listeners, connected
//! pairs, polling and sysctls, each step recorded.

use crate::repro::recorder::*;
use crate::repro::tx;
use nix::fcntl::{fcntl, FcntlArg, OFlag};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{
    accept, bind, connect, getsockname, listen, socket, AddressFamily, Backlog, SockFlag, SockType,
    SockaddrIn,
};
use nix::unistd::close;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, IntoRawFd, OwnedFd, RawFd};

pub(crate) fn raw(fd: &impl AsRawFd) -> RawFd {
    fd.as_raw_fd()
}

pub(crate) fn own(r: nix::Result<RawFd>) -> nix::Result<OwnedFd> {
    // SAFETY: a descriptor accept() or socket() just returned is ours alone.
    r.map(|fd| unsafe { OwnedFd::from_raw_fd(fd) })
}

pub(crate) fn lo(port: u16) -> SockaddrIn {
    SockaddrIn::new(127, 0, 0, 1, port)
}

pub(crate) fn tcp(t: &mut Trace) -> Result<OwnedFd, Stop> {
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

pub(crate) fn tcp_nonblocking(t: &mut Trace) -> Result<OwnedFd, Stop> {
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

pub(crate) fn udp(t: &mut Trace) -> Result<OwnedFd, Stop> {
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

pub(crate) fn unix_stream(t: &mut Trace) -> Result<OwnedFd, Stop> {
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
pub(crate) fn bind_lo(t: &mut Trace, fd: &OwnedFd) -> Result<SockaddrIn, Stop> {
    t.setup(
        format!("bind({}, 127.0.0.1:0)", raw(fd)),
        bind(raw(fd), &lo(0)),
    )?;
    local(t, fd)
}

pub(crate) fn local(t: &mut Trace, fd: &OwnedFd) -> Result<SockaddrIn, Stop> {
    let r = getsockname::<SockaddrIn>(raw(fd));
    let call = match &r {
        Ok(a) => format!("getsockname({}, {a})", raw(fd)),
        Err(_) => format!("getsockname({})", raw(fd)),
    };
    t.setup(call, r)
}

/// A TCP port on 127.0.0.1 nobody listens on: this socket is bound to it
/// and never listens, so no other program can take the port meanwhile.
pub(crate) fn held_port(t: &mut Trace) -> Result<(OwnedFd, SockaddrIn), Stop> {
    let h = tcp(t)?;
    let addr = bind_lo(t, &h)?;
    t.note(tx(
        "this socket holds the port: bound, never listening",
        "这个套接字占住端口：已绑定，但从不监听",
    ));
    Ok((h, addr))
}

pub(crate) fn listen_on(t: &mut Trace, fd: &OwnedFd, backlog: i32) -> Result<(), Stop> {
    let call = format!("listen({}, {backlog})", raw(fd));
    let r = Backlog::new(backlog).and_then(|b| listen(fd, b));
    t.setup(call, r)
}

pub(crate) fn listener(t: &mut Trace, backlog: i32) -> Result<(OwnedFd, SockaddrIn), Stop> {
    let l = tcp(t)?;
    let addr = bind_lo(t, &l)?;
    listen_on(t, &l, backlog)?;
    Ok((l, addr))
}

pub(crate) fn connect_to(t: &mut Trace, fd: &OwnedFd, addr: &SockaddrIn) -> Result<(), Stop> {
    t.setup(
        format!("connect({}, {addr})", raw(fd)),
        connect(raw(fd), addr),
    )
}

pub(crate) fn accept_on(t: &mut Trace, l: &OwnedFd) -> Result<OwnedFd, Stop> {
    t.setup(
        format!("accept({}, NULL, NULL)", raw(l)),
        own(accept(raw(l))),
    )
}

/// A connected TCP pair over loopback.
pub(crate) struct Pair {
    pub(crate) _listener: OwnedFd,
    pub(crate) client: OwnedFd,
    pub(crate) server: OwnedFd,
}

pub(crate) fn pair(t: &mut Trace) -> Result<Pair, Stop> {
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

pub(crate) fn close_fd(t: &mut Trace, fd: OwnedFd) -> Result<(), Stop> {
    let n = fd.into_raw_fd();
    t.setup(format!("close({n})"), close(n))
}

pub(crate) fn set_nonblocking(t: &mut Trace, fd: &OwnedFd) -> Result<(), Stop> {
    t.setup(
        format!("fcntl({}, F_SETFL, O_NONBLOCK)", raw(fd)),
        fcntl(raw(fd), FcntlArg::F_SETFL(OFlag::O_NONBLOCK)),
    )
    .map(drop)
}

pub(crate) fn poll_names(f: PollFlags) -> String {
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
pub(crate) fn wait(
    t: &mut Trace,
    fd: &OwnedFd,
    events: PollFlags,
    ms: u16,
) -> Result<PollFlags, Stop> {
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

pub(crate) fn read_sysctl(path: &str) -> Option<i64> {
    std::fs::read_to_string(path).ok()?.trim().parse().ok()
}
