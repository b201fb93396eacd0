//! setsockopt(2) and getsockopt(2) cases.

use crate::repro::recorder::*;
use crate::repro::sockets::*;
use nix::errno::Errno as E;
use nix::sys::socket::{setsockopt, sockopt};

pub(crate) fn setsockopt_noprotoopt(t: &mut Trace) -> Res {
    let u = udp(t)?;
    t.test(
        format!("setsockopt({}, IPPROTO_TCP, TCP_NODELAY, [1], 4)", raw(&u)),
        setsockopt(&u, sockopt::TcpNoDelay, &true),
    )
    .ok();
    Ok(())
}

pub(crate) fn setsockopt_inval(t: &mut Trace) -> Res {
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

pub(crate) fn getsockopt_noprotoopt(t: &mut Trace) -> Res {
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
