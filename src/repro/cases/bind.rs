//! bind(2) cases.

use super::*;
use crate::repro::recorder::*;
use crate::repro::sockets::*;
use crate::repro::{tx, Said};
use nix::sys::socket::{bind, SockaddrIn};
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
