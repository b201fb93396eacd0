//! `sockerr-diagnose(1)`: clap_mangen's sections for the subcommand (its
//! options, the global ones included), then what only people can write:
//! what each errno's checks read, the statuses, exit status.

use crate::cli::Cli;
use clap::CommandFactory;
use std::io::{self, Write};

fn roff(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

/// What each errno's checks look at, for the DESCRIPTION.
const CHECKS: &[(&str, &str)] = &[
    ("EADDRINUSE", "Every socket on the port (TCP, or UDP with --udp) with its state, address and owner (pid, program, user; every process that holds it, from /proc/*/fd); TIME_WAIT and FIN_WAIT2 connections that hold it with no owner to kill; wildcard and IPv6 dual-stack collisions, with each [::] socket's IPV6_V6ONLY; whether the port lies in ip_local_port_range. For an AF_UNIX path or @name: whether the file exists, is a socket, and whether anything is bound to that file or listens, so that it is stale, or was replaced under a server that still runs."),
    ("ECONNREFUSED", "What listens on the port and on which addresses (::1 only while the client uses 127.0.0.1, a LAN address only, an IPv6 wildcard with IPV6_V6ONLY on); a listener whose accept queue is full; listeners in other network namespaces; whether this process runs in the host's network namespace; nftables REJECT rules (root). For a remote address, the kernel's route; with --probe, one connect()."),
    ("EMFILE, ENFILE", "With --pid or --name: the soft and hard RLIMIT_NOFILE, descriptors open by kind (TCP by state, UDP, UNIX, pipes, epoll, files), CLOSE_WAIT connections, descriptors above 1023, the systemd unit that sets LimitNOFILE. Always: fs.file-nr against fs.file-max. Without a process: the processes nearest their limit."),
    ("EADDRNOTAVAIL", "connect(): ip_local_port_range and reserved ports, sockets towards the destination against it, TIME_WAIT among them, tcp_tw_reuse. bind() (--syscall bind): whether the address is assigned, tentative or failed duplicate address detection, and ip_nonlocal_bind."),
    ("ENETUNREACH, EHOSTUNREACH, EACCES, EINVAL, EPERM (connect)", "The kernel's own route lookup (RTM_GETROUTE, which applies policy rules and unreachable, prohibit and blackhole routes), the interface and its state, the default route, a FAILED neighbour entry for the next hop. EPERM: a seccomp filter."),
    ("ETIMEDOUT", "How long connect() and established connections wait (tcp_syn_retries, tcp_retries2, keepalive), nf_conntrack_count against nf_conntrack_max, the route; for a local destination, whether the listener's accept queue is full (its length against its backlog) and, with --seconds, whether the listen queue overflows meanwhile; nftables DROP rules (root)."),
    ("ECONNRESET, EPIPE", "Which TCP abort and reset counters move over --seconds (2 by default), and what each means."),
    ("EACCES, EPERM (bind)", "ip_unprivileged_port_start against the process's capabilities (CAP_NET_BIND_SERVICE, no_new_privs); for an AF_UNIX path, the directory and file modes on the way."),
    ("EAI_AGAIN, EAI_NONAME, EAI_FAIL, EAI_NODATA, EAI_ADDRFAMILY", "resolv.conf (nameservers, search, ndots, options), the hosts line of nsswitch.conf, /etc/hosts entries for the name, whether a local stub (127.0.0.53, 127.0.0.11, a resolver on 127.0.0.1) is the nameserver and something is bound there, the route to a remote nameserver; with --probe, one getaddrinfo() with its time and result."),
];

pub fn page(w: &mut dyn Write, date: &str) -> io::Result<()> {
    let mut cli = Cli::command();
    // Propagates the global options into the subcommand.
    cli.build();
    let sub = cli
        .find_subcommand("diagnose")
        .expect("cli.rs defines diagnose")
        .clone()
        .name("sockerr-diagnose")
        .bin_name("sockerr diagnose")
        .version(env!("CARGO_PKG_VERSION"));
    let man = clap_mangen::Man::new(sub)
        .date(date)
        .manual("User Commands");
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    writeln!(w, ".SH DESCRIPTION")?;
    writeln!(
        w,
        "{}",
        roff(
            "sockerr diagnose goes from what an errno means to why it happens on this host, now. \
             It reads /proc, /sys and netlink (the socket tables through sock_diag, as ss does, \
             filtered by the kernel; without root where the kernel allows), runs the \
             checks for the errno, marks each as fine, a problem, information, or could not see \
             (with the reason, such as: run as root to see other users' processes), and names the \
             most likely cause first with the fix from the knowledge base. What it could not see \
             is never taken as a cause. It sends nothing unless --probe asks for one attempt."
        )
    )?;
    for (errno, what) in CHECKS {
        writeln!(w, ".TP\n.B {}\n{}", roff(errno), roff(what))?;
    }
    writeln!(w, ".PP\n{}", roff("An errno without checks is said to be one, with a pointer to sockerr explain. Linux only."))?;
    man.render_options_section(w)?;
    writeln!(w, ".SH ENVIRONMENT")?;
    writeln!(
        w,
        ".TP\n.B SOCKERR_NO_SOCK_DIAG\n{}",
        roff("When set and not empty, the socket tables are read from /proc/net/tcp, tcp6, udp, udp6 and unix instead of asking sock_diag: what diagnose does by itself when sock_diag is missing or refused. /proc shows neither IPV6_V6ONLY nor a listener's backlog, so those checks say what they cannot know.")
    )?;
    writeln!(w, ".SH EXIT STATUS")?;
    for (code, what) in [
        ("0", "A diagnosis ran, whatever it found."),
        ("1", "The errno is unknown, or has no checks (sockerr explain describes it)."),
        ("2", "Usage error: a target it cannot read, or one the errno needs and was not given; or not Linux."),
    ] {
        writeln!(w, ".TP\n.B {code}\n{}", roff(what))?;
    }
    writeln!(w, ".SH SEE ALSO")?;
    writeln!(
        w,
        ".BR sockerr (1),\n.BR sockerr\\-errors (7),\n.BR ss (8),\n.BR ip\\-route (8),\n.BR proc (5),\n.BR resolv.conf (5)"
    )?;
    man.render_version_section(w)
}
