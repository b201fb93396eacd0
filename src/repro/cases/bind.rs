//! bind(2) cases.

use super::*;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::tempdir::*;
use crate::repro::{tx, Said};
use nix::errno::Errno as E;
use nix::sys::socket::{bind, getsockname, setsockopt, sockopt, SockaddrIn, SockaddrIn6};
use std::os::fd::RawFd;
use std::os::unix::ffi::OsStrExt;
use std::time::Duration;

pub(crate) fn bind_addrinuse(t: &mut Trace) -> Res {
    let (_l, addr) = listener(t, 8)?;
    let b = tcp(t)?;
    t.test(format!("bind({}, {addr})", raw(&b)), bind(raw(&b), &addr))
        .ok();
    Ok(())
}

pub(crate) fn bind_addrinuse_unix(t: &mut Trace) -> Res {
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

pub(crate) fn bind_addrnotavail(t: &mut Trace) -> Res {
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

pub(crate) fn bind_inval(t: &mut Trace) -> Res {
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
pub(crate) fn can_bind_low_ports() -> bool {
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

pub(crate) fn bind_acces(t: &mut Trace) -> Res {
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
                    crate::repro::errno_name(rec.errno)
                ),
                format!(
                    "以 root 运行，且无法放弃特权来测试：{} 失败，错误 {}",
                    call.trim_start_matches(&format!("[pid {pid}] ")),
                    crate::repro::errno_name(rec.errno)
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

pub(crate) fn bind_addrinuse_reuseaddr(t: &mut Trace) -> Res {
    let a = tcp(t)?;
    reuse(t, &a)?;
    let addr = bind_lo(t, &a)?;
    listen_on(t, &a, 8)?;
    t.note(tx(
        "the first instance: SO_REUSEADDR, bound, listening",
        "第一个实例：设置了 SO_REUSEADDR，已绑定，正在监听",
    ));
    let b = tcp(t)?;
    reuse(t, &b)?;
    t.test(format!("bind({}, {addr})", raw(&b)), bind(raw(&b), &addr))
        .ok();
    Ok(())
}

pub(crate) fn bind_addrinuse_dualstack(t: &mut Trace) -> Res {
    let a = tcp6(t)?;
    reuse(t, &a)?;
    t.setup(
        format!("setsockopt({}, IPPROTO_IPV6, IPV6_V6ONLY, [0], 4)", raw(&a)),
        setsockopt(&a, sockopt::Ipv6V6Only, &false),
    )?;
    // [::] is every address of the host; bound to lo, the listener is
    // reachable from this host only. The conflict check still applies: the
    // other socket is bound to no device.
    let call = format!(
        "setsockopt({}, SOL_SOCKET, SO_BINDTODEVICE, \"lo\", 2)",
        raw(&a)
    );
    let r = setsockopt(&a, sockopt::BindToDevice, &std::ffi::OsString::from("lo"));
    if let Err(e) = r {
        t.step(call, r).ok();
        return Err(skip(
            format!("SO_BINDTODEVICE is refused here ({}), and a listener on [::] open to the network is not something a reproduction does", crate::repro::errno_name(e as i32)),
            format!("本机拒绝 SO_BINDTODEVICE（{}），而复现不会开放一个面向网络的 [::] 监听套接字", crate::repro::errno_name(e as i32)),
        ));
    }
    t.setup(call, r)?;
    t.note(tx(
        "bound to lo: nothing outside this host can reach the listener",
        "绑定到 lo：本机以外的任何主机都连不到这个监听套接字",
    ));
    let any6: SockaddrIn6 =
        std::net::SocketAddrV6::new(std::net::Ipv6Addr::UNSPECIFIED, 0, 0, 0).into();
    t.setup(format!("bind({}, [::]:0)", raw(&a)), bind(raw(&a), &any6))?;
    let r = getsockname::<SockaddrIn6>(raw(&a));
    let shown = match &r {
        Ok(x) => format!("getsockname({}, {x})", raw(&a)),
        Err(_) => format!("getsockname({})", raw(&a)),
    };
    let port = t.setup(shown, r)?.port();
    listen_on(t, &a, 8)?;
    t.note(tx(
        "a dual-stack listener: with IPV6_V6ONLY 0, [::] holds the port for IPv4 as well",
        "双栈监听套接字：IPV6_V6ONLY 为 0 时，[::] 同时为 IPv4 占住该端口",
    ));
    let b = tcp(t)?;
    reuse(t, &b)?;
    let any4 = SockaddrIn::new(0, 0, 0, 0, port);
    t.test(format!("bind({}, {any4})", raw(&b)), bind(raw(&b), &any4))
        .ok();
    Ok(())
}

/// bind() of an AF_UNIX path given as `path.len()` bytes with no
/// terminating NUL: addrlen is 2 + the length. Built by hand, because
/// address types (nix's, std's) refuse a path that fills sun_path.
pub(crate) fn bind_unix_bytes(fd: RawFd, path: &[u8]) -> nix::Result<()> {
    // SAFETY: sockaddr_storage is plain data; all zeroes is valid.
    let mut ss: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
    let off = std::mem::offset_of!(libc::sockaddr_un, sun_path);
    if off + path.len() > std::mem::size_of_val(&ss) {
        return Err(E::EINVAL);
    }
    ss.ss_family = libc::AF_UNIX as libc::sa_family_t;
    // SAFETY: the bytes fit in ss, checked above.
    unsafe {
        std::ptr::copy_nonoverlapping(
            path.as_ptr(),
            (&mut ss as *mut libc::sockaddr_storage)
                .cast::<u8>()
                .add(off),
            path.len(),
        );
    }
    let len = (off + path.len()) as libc::socklen_t;
    // SAFETY: ss holds len valid bytes.
    E::result(unsafe { libc::bind(fd, (&ss as *const libc::sockaddr_storage).cast(), len) })
        .map(drop)
}

pub(crate) fn bind_inval_sunpath(t: &mut Trace) -> Res {
    // SAFETY: only its size is read.
    let sun: libc::sockaddr_un = unsafe { std::mem::zeroed() };
    let room = sun.sun_path.len(); // 108 on Linux
    let off = std::mem::offset_of!(libc::sockaddr_un, sun_path);
    let mut dir = TempDir::new(t)?;
    let prefix = dir.path.as_os_str().len() + 1;
    if prefix + 8 > room {
        return Err(skip(
            format!("the temporary directory's path is {} bytes, too long to build a {room}-byte socket path in it; set TMPDIR to a shorter directory", prefix - 1),
            format!("临时目录的路径长 {} 字节，无法在其中构造 {room} 字节的套接字路径；请把 TMPDIR 设为更短的目录", prefix - 1),
        ));
    }
    let name = "x".repeat(room - prefix);
    let full = dir.file(&name);
    let bytes = full.as_os_str().as_bytes();
    let s = unix_stream(t)?;
    let r = bind_unix_bytes(raw(&s), bytes);
    let ok = r.is_ok();
    t.step(
        format!(
            "bind({}, {{sa_family=AF_UNIX, sun_path=\"{}\"}}, {})",
            raw(&s),
            full.display(),
            off + bytes.len()
        ),
        r,
    )
    .ok();
    t.note(tx(
        "a path of 108 bytes fills sun_path with no NUL after it: Linux takes the length from addrlen and accepts it",
        "108 字节的路径占满 sun_path，后面没有 NUL：Linux 按 addrlen 确定长度，照样接受",
    ));
    t.expect(
        ok,
        format!("Linux should accept a {room}-byte sun_path without a terminating NUL"),
        format!("Linux 应接受不带结尾 NUL 的 {room} 字节 sun_path"),
    );
    let longer = [bytes, b"x"].concat();
    let s2 = unix_stream(t)?;
    t.test(
        format!(
            "bind({}, {{sa_family=AF_UNIX, sun_path=\"{}\"}}, {})",
            raw(&s2),
            String::from_utf8_lossy(&longer),
            off + longer.len()
        ),
        bind_unix_bytes(raw(&s2), &longer),
    )
    .ok();
    Ok(())
}
