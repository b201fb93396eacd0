//! One line of `strace -f -yy` output taken apart: the process id, the call,
//! its first descriptor with strace's `-yy` decoration, the socket address
//! argument, the return value; and the joining of a call that strace split
//! in two (`<unfinished ...>`, then `<... NAME resumed>`).
//!
//! Plain byte parsing, no system access: it works the same on any system,
//! and the unit tests below feed it lines strace 6.1 really printed.

use std::borrow::Cow;
use std::collections::HashMap;

/// What strace said a call returned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returned<'a> {
    /// `= -1 ENAME (...)` or `= ? ERESTARTSYS (...)`: the name as written.
    Error(&'a str),
    /// `= 0`, `= 5<TCP:[...]>`, `= 0x7f...`: it succeeded.
    Success,
    /// `= ?` alone (the process ended inside the call) or no return at all.
    Unknown,
}

/// The parts of a complete (joined) strace line that trace needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed<'a> {
    /// strace -f's process (thread) id.
    pub pid: Option<u32>,
    /// The call as strace names it (`recvfrom`, `getpeername`).
    pub call: &'a str,
    /// The first argument when it is a descriptor, and its `-yy` decoration
    /// (the text between `<` and `>`).
    pub fd: Option<(i32, Option<&'a str>)>,
    pub returned: Returned<'a>,
}

/// How a line starts: `PID ` (strace -f -o pads it), then `name(` or
/// `<... name resumed>`. Returns the pid, the name, whether the line resumes
/// an earlier one, and where the text after the name begins.
fn head(line: &[u8]) -> Option<(Option<u32>, &str, bool, usize)> {
    let mut i = 0;
    let digits = line.iter().take_while(|b| b.is_ascii_digit()).count();
    let mut pid = None;
    if digits > 0 && line.get(digits) == Some(&b' ') {
        pid = std::str::from_utf8(&line[..digits])
            .ok()
            .and_then(|s| s.parse().ok());
        i = digits;
        while line.get(i) == Some(&b' ') {
            i += 1;
        }
    }
    let rest = &line[i..];
    if let Some(r) = rest.strip_prefix(b"<... ") {
        let n = r.iter().take_while(|b| is_word(**b)).count();
        let after = r.get(n..)?.strip_prefix(b" resumed>")?;
        let name = std::str::from_utf8(&r[..n]).ok()?;
        let at = line.len() - after.len();
        return (!name.is_empty()).then_some((pid, name, true, at));
    }
    let n = rest.iter().take_while(|b| is_word(**b)).count();
    if n == 0 || rest.get(n) != Some(&b'(') || !rest[0].is_ascii_lowercase() {
        return None;
    }
    let name = std::str::from_utf8(&rest[..n]).ok()?;
    Some((pid, name, false, i + n + 1))
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

const UNFINISHED: &[u8] = b" <unfinished ...>";

/// Puts split calls back together. strace -f prints a call that another
/// process interrupts as `PID call(args <unfinished ...>` and later
/// `PID <... call resumed>rest) = result`; the address and the descriptor
/// are in the first half, the result in the second.
#[derive(Debug, Default)]
pub struct Joiner {
    pending: HashMap<u32, Vec<u8>>,
}

/// Halves kept at most: one per thread that is inside a call, so a program
/// with more threads than this loses only the arguments of the rest.
const PENDING_MAX: usize = 4096;

impl Joiner {
    /// Takes one line (without its newline). Returns the complete call, or
    /// `None` when the line is a first half to keep for later.
    pub fn feed<'a>(&mut self, line: &'a [u8]) -> Option<Cow<'a, [u8]>> {
        let Some((pid, _, resumed, at)) = head(line) else {
            return Some(Cow::Borrowed(line));
        };
        if let Some(first) = line.strip_suffix(UNFINISHED) {
            if let Some(pid) = pid {
                if self.pending.len() < PENDING_MAX || self.pending.contains_key(&pid) {
                    self.pending.insert(pid, first.to_vec());
                }
            }
            return None;
        }
        if resumed {
            if let Some(mut first) = pid.and_then(|p| self.pending.remove(&p)) {
                first.extend_from_slice(&line[at..]);
                return Some(Cow::Owned(first));
            }
        } else if let Some(p) = pid {
            // A new call from this thread: whatever was pending is stale.
            self.pending.remove(&p);
        }
        Some(Cow::Borrowed(line))
    }

    /// A thread ended: forget its half.
    pub fn forget(&mut self, pid: u32) {
        self.pending.remove(&pid);
    }
}

/// strace pads a short call to a column before its result
/// (`close(3)                = -1 EBADF`); one space is what readers of
/// strace lines expect (the scan room's among them).
pub fn unpad(line: Cow<'_, [u8]>) -> Cow<'_, [u8]> {
    let Some(eq) = memchr::memmem::rfind(&line, b" = ") else {
        return line;
    };
    let spaces = line[..eq].iter().rev().take_while(|b| **b == b' ').count();
    if spaces == 0 {
        return line;
    }
    let mut v = line.into_owned();
    v.drain(eq - spaces..eq);
    Cow::Owned(v)
}

/// The value a call returned, when it is a number (`= 4<TCP:[...]>`, `= 25321`).
pub fn return_value(line: &[u8]) -> Option<i64> {
    let eq = memchr::memmem::rfind(line, b" = ")?;
    let r = &line[eq + 3..];
    let n = r.iter().take_while(|b| b.is_ascii_digit()).count();
    std::str::from_utf8(&r[..n]).ok()?.parse().ok()
}

/// Takes a complete line apart; `None` when it is not a call (a message of
/// strace's own, a signal, an exit).
pub fn parse(line: &[u8]) -> Option<Parsed<'_>> {
    let (pid, call, resumed, at) = head(line)?;
    let fd = if resumed { None } else { first_fd(&line[at..]) };
    Some(Parsed {
        pid,
        call,
        fd,
        returned: returned(line),
    })
}

/// `3<TCP:[...]>, ...`: the descriptor and its decoration.
fn first_fd(args: &[u8]) -> Option<(i32, Option<&str>)> {
    let n = args.iter().take_while(|b| b.is_ascii_digit()).count();
    if n == 0 || n > 9 {
        return None;
    }
    let fd: i32 = std::str::from_utf8(&args[..n]).ok()?.parse().ok()?;
    match args.get(n) {
        Some(b'<') => {
            let deco = &args[n + 1..];
            // Sockets look like `TCP:[a->b]>`; the `->` inside holds a '>',
            // so a bracketed decoration ends at `]>`.
            let end = match memchr::memmem::find(deco, b":[") {
                Some(i) if i < 24 => memchr::memmem::find(&deco[i..], b"]>").map(|j| i + j + 1),
                _ => memchr::memchr(b'>', deco),
            }?;
            Some((fd, std::str::from_utf8(&deco[..end]).ok()))
        }
        Some(b',' | b')') => Some((fd, None)),
        _ => None,
    }
}

fn returned(line: &[u8]) -> Returned<'_> {
    // strace pads the return to a column (`close(3)        = 0`), and
    // arguments never hold a bare " = ": the last one starts the result.
    let Some(eq) = memchr::memmem::rfind(line, b" = ") else {
        return Returned::Unknown;
    };
    let r = &line[eq + 3..];
    let name_at = if r.starts_with(b"-1 ") {
        3
    } else if r.starts_with(b"? ") {
        2
    } else if r.first().is_some_and(|b| b.is_ascii_digit()) {
        return Returned::Success;
    } else {
        return Returned::Unknown;
    };
    let r = &r[name_at..];
    let n = r
        .iter()
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
        .count();
    match std::str::from_utf8(&r[..n]) {
        Ok(name) if n > 1 && name.starts_with('E') => Returned::Error(name),
        _ => Returned::Unknown,
    }
}

/// A socket as strace's `-yy` decoration describes it: `TCP:[127.0.0.1:5->127.0.0.1:9]`,
/// `UNIX-STREAM:[120080->120076,"/run/app.sock"]`, `UDPv6:[[::1]:5->[::1]:9]`, `TCP:[53284]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Socket {
    /// `TCP`, `TCPv6`, `UDP`, `UNIX-STREAM`, `NETLINK`, ...
    pub protocol: String,
    /// This end's address, when strace could tell.
    pub local: Option<String>,
    /// The other end's address, when connected.
    pub peer: Option<String>,
    /// An AF_UNIX socket's file.
    pub path: Option<String>,
}

const SOCKET_KINDS: &[&str] = &[
    "TCP", "UDP", "UNIX", "NETLINK", "RAW", "PACKET", "SCTP", "PING", "DCCP", "L2TP", "UDPLITE",
    "socket",
];

impl Socket {
    /// Reads a decoration; `None` when it is not a socket (`/etc/hosts`,
    /// `pipe:[123]`, `anon_inode:[eventpoll]`).
    pub fn from_decoration(deco: &str) -> Option<Socket> {
        let (protocol, rest) = deco.split_once(":[")?;
        let family = protocol.split(['-', 'v']).next().unwrap_or(protocol);
        if !SOCKET_KINDS.contains(&family) {
            return None;
        }
        let inner = rest.strip_suffix(']').unwrap_or(rest);
        let (ends, path) = match inner.split_once(",\"") {
            Some((e, p)) => (e, Some(p.trim_end_matches('"').to_string())),
            None => (inner, None),
        };
        let is_inode = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        let (local, peer) = match ends.split_once("->") {
            Some((l, p)) => (
                (!is_inode(l)).then(|| l.to_string()),
                (!is_inode(p)).then(|| p.to_string()),
            ),
            None => ((!is_inode(ends)).then(|| ends.to_string()), None),
        };
        Some(Socket {
            protocol: protocol.to_string(),
            local,
            peer,
            path,
        })
    }

    /// For people: `TCP 127.0.0.1:5->127.0.0.1:9`, `UNIX /run/app.sock`, `UDP`.
    pub fn describe(&self) -> String {
        let proto = self.protocol.as_str();
        match (&self.local, &self.peer, &self.path) {
            (Some(l), Some(p), _) => format!("{proto} {l}->{p}"),
            (None, Some(p), _) => format!("{proto} ->{p}"),
            (_, None, Some(path)) => format!("{proto} {path}"),
            (Some(l), None, None) => format!("{proto} {l}"),
            (None, None, None) => proto.to_string(),
        }
    }
}

/// The calls whose socket address argument is an input: where the call
/// tried to reach (connect, sendto, sendmsg) or what it tried to take (bind).
pub fn takes_address(call: &str) -> bool {
    matches!(call, "connect" | "bind" | "sendto" | "sendmsg" | "sendmmsg")
}

/// The socket address argument strace decoded, for people:
/// `127.0.0.1:9`, `[::1]:9`, `/run/app.sock`, `@abstract`, `AF_NETLINK`.
pub fn sockaddr(line: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(line, b"{sa_family=AF_")?;
    let rest = &line[at + 11..];
    let end = memchr::memchr(b'}', rest).unwrap_or(rest.len());
    let s = std::str::from_utf8(&rest[..end]).ok()?;
    let family = s.split([',', '}']).next().unwrap_or(s);
    let between = |from: &str, to: char| -> Option<&str> {
        let i = s.find(from)? + from.len();
        let j = s[i..].find(to)?;
        Some(&s[i..i + j])
    };
    match family {
        "AF_INET" => {
            let port = between("sin_port=htons(", ')')?;
            let addr = between("sin_addr=inet_addr(\"", '"')?;
            Some(format!("{addr}:{port}"))
        }
        "AF_INET6" => {
            let port = between("sin6_port=htons(", ')')?;
            let addr = between("inet_pton(AF_INET6, \"", '"')?;
            Some(format!("[{addr}]:{port}"))
        }
        "AF_UNIX" => {
            if let Some(p) = between("sun_path=@\"", '"') {
                Some(format!("@{p}"))
            } else if let Some(p) = between("sun_path=\"", '"') {
                Some(p.to_string())
            } else {
                Some("AF_UNIX (unnamed)".to_string())
            }
        }
        f => Some(f.to_string()),
    }
}

/// The arguments as strace wrote them (`AF_INET, SOCK_STREAM, IPPROTO_IP`),
/// for a call with no descriptor to show; `None` when they are long or hold
/// strings.
pub fn args_text(line: &[u8]) -> Option<&str> {
    let (_, _, resumed, at) = head(line)?;
    if resumed {
        return None;
    }
    let end = memchr::memmem::rfind(line, b" = ")?;
    let inner = std::str::from_utf8(&line[at..end]).ok()?.trim_end();
    let inner = inner.strip_suffix(')')?;
    (inner.len() <= 64 && !inner.contains(['"', '{', '[', '\\'])).then_some(inner)
}

/// `execve("/usr/bin/curl", ...)`: the program's file name.
pub fn exec_name(line: &[u8]) -> Option<String> {
    let at = memchr::memmem::find(line, b"execve(\"")? + 8;
    let end = memchr::memchr(b'"', &line[at..])?;
    let path = std::str::from_utf8(&line[at..at + end]).ok()?;
    Some(path.rsplit('/').next().unwrap_or(path).to_string())
}

/// Whether the line passes `MSG_DONTWAIT`: that call, at least, was not
/// allowed to wait.
pub fn dont_wait(line: &[u8]) -> bool {
    memchr::memmem::find(line, b"MSG_DONTWAIT").is_some()
}

/// `getsockopt(fd, SOL_SOCKET, SO_ERROR, ...)`: the program reads a
/// non-blocking connect's outcome.
pub fn reads_so_error(line: &[u8]) -> bool {
    memchr::memmem::find(line, b"SO_ERROR").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(line: &str) -> Parsed<'_> {
        parse(line.as_bytes()).expect("a call")
    }

    #[test]
    fn parses_what_strace_prints() {
        let l = p(
            r#"17692 connect(4<TCP:[53285]>, {sa_family=AF_INET, sin_port=htons(53411), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)"#,
        );
        assert_eq!(l.pid, Some(17692));
        assert_eq!(l.call, "connect");
        assert_eq!(l.fd, Some((4, Some("TCP:[53285]"))));
        assert_eq!(l.returned, Returned::Error("ECONNREFUSED"));

        let l = p("4353  read(4<TCP:[127.0.0.1:50321->127.0.0.1:41154]>, 0x7ffc3aea3620, 100) = -1 ECONNRESET (Connection reset by peer)");
        assert_eq!(l.pid, Some(4353));
        assert_eq!(
            l.fd,
            Some((4, Some("TCP:[127.0.0.1:50321->127.0.0.1:41154]")))
        );
        assert_eq!(
            p("1 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 3<TCP:[88106]>").returned,
            Returned::Success
        );
        assert_eq!(
            p("1 epoll_wait(4<anon_inode:[eventpoll]>, [], 1024, -1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)").returned,
            Returned::Error("ERESTARTSYS")
        );
        assert_eq!(
            p("1 exit_group(3)                     = ?").returned,
            Returned::Unknown
        );
        assert_eq!(
            p("1 close(3</etc/ld.so.cache>)        = 0").fd,
            Some((3, Some("/etc/ld.so.cache")))
        );
        assert!(parse(b"+++ exited with 0 +++").is_none());
        assert!(parse(b"--- SIGPIPE {si_signo=SIGPIPE} ---").is_none());
        assert!(parse(b"connect: Connection refused").is_none());
    }

    #[test]
    fn padding_and_values() {
        let l = unpad(Cow::Borrowed(
            &b"9 close(3)                = -1 EBADF (Bad file descriptor)"[..],
        ));
        assert_eq!(&*l, &b"9 close(3) = -1 EBADF (Bad file descriptor)"[..]);
        let l = unpad(Cow::Borrowed(&b"9 close(3) = 0"[..]));
        assert!(matches!(l, Cow::Borrowed(_)));
        assert_eq!(
            return_value(b"1 clone3({flags=CLONE_VM|CLONE_THREAD}, 88) = 25321"),
            Some(25321)
        );
        assert_eq!(return_value(b"1 socket(AF_INET) = 4<TCP:[1]>"), Some(4));
        assert_eq!(return_value(b"1 socket(AF_INET) = -1 EMFILE (x)"), None);
    }

    #[test]
    fn short_arguments() {
        assert_eq!(
            args_text(
                b"7 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = -1 EMFILE (Too many open files)"
            ),
            Some("AF_INET, SOCK_STREAM, IPPROTO_IP")
        );
        assert_eq!(
            args_text(b"7 pipe2(0x7ffd, O_CLOEXEC)           = -1 EMFILE (x)"),
            Some("0x7ffd, O_CLOEXEC")
        );
        assert_eq!(
            args_text(br#"7 openat(AT_FDCWD, "/x", O_RDONLY) = -1 ENOENT (x)"#),
            None
        );
    }

    #[test]
    fn joins_split_calls() {
        let mut j = Joiner::default();
        assert!(j
            .feed(b"30176 accept(3<TCP:[127.0.0.1:50321]>, NULL, NULL <unfinished ...>")
            .is_none());
        assert_eq!(
            j.feed(b"30182 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4<TCP:[118874]>")
                .as_deref(),
            Some(&b"30182 socket(AF_INET, SOCK_STREAM, IPPROTO_IP) = 4<TCP:[118874]>"[..])
        );
        let joined = j
            .feed(b"30176 <... accept resumed>)             = -1 EMFILE (Too many open files)")
            .unwrap();
        assert_eq!(
            &*joined,
            &b"30176 accept(3<TCP:[127.0.0.1:50321]>, NULL, NULL)             = -1 EMFILE (Too many open files)"[..]
        );
        let l = parse(&joined).unwrap();
        assert_eq!(l.call, "accept");
        assert_eq!(l.fd.unwrap().0, 3);
        assert_eq!(l.returned, Returned::Error("EMFILE"));
        // A resumed half without its first half stays as it is.
        let alone = b"9 <... recvfrom resumed>0x7ffd, 1024, 0, NULL, NULL) = -1 ECONNRESET (x)";
        let l2 = j.feed(alone).unwrap();
        assert_eq!(&*l2, &alone[..]);
        assert_eq!(parse(&l2).unwrap().call, "recvfrom");
    }

    #[test]
    fn decodes_sockets_and_addresses() {
        let s = Socket::from_decoration("TCP:[127.0.0.1:50321->127.0.0.1:41154]").unwrap();
        assert_eq!(s.describe(), "TCP 127.0.0.1:50321->127.0.0.1:41154");
        assert_eq!(s.peer.as_deref(), Some("127.0.0.1:41154"));
        let s = Socket::from_decoration("TCP:[53285]").unwrap();
        assert_eq!((s.local, s.peer), (None, None));
        let s = Socket::from_decoration("UDPv6:[[::1]:34441->[::1]:9]").unwrap();
        assert_eq!(s.peer.as_deref(), Some("[::1]:9"));
        assert_eq!(s.protocol, "UDPv6");
        let s = Socket::from_decoration(r#"UNIX-STREAM:[120080->120076,"/tmp/x/s"]"#).unwrap();
        assert_eq!(s.describe(), "UNIX-STREAM /tmp/x/s");
        assert_eq!(
            Socket::from_decoration("TCP:[127.0.0.1:50321]")
                .unwrap()
                .describe(),
            "TCP 127.0.0.1:50321"
        );
        assert!(Socket::from_decoration("/etc/hosts").is_none());
        assert!(Socket::from_decoration("pipe:[1234]").is_none());
        assert!(Socket::from_decoration("anon_inode:[eventpoll]").is_none());

        let a = |l: &str| sockaddr(l.as_bytes());
        assert_eq!(
            a(r#"connect(4<TCP:[1]>, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 E"#).as_deref(),
            Some("127.0.0.1:9")
        );
        assert_eq!(
            a(r#"connect(6<TCPv6:[120087]>, {sa_family=AF_INET6, sin6_port=htons(9), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 E"#).as_deref(),
            Some("[::1]:9")
        );
        assert_eq!(
            a(r#"sendto(7<UNIX:[120091]>, ""..., 1, 0, {sa_family=AF_UNIX, sun_path=@"abstractname"}, 15) = -1 E"#).as_deref(),
            Some("@abstractname")
        );
        assert_eq!(
            a(r#"bind(3, {sa_family=AF_UNIX, sun_path="/run/a.sock"}, 110) = -1 EADDRINUSE"#)
                .as_deref(),
            Some("/run/a.sock")
        );
        assert_eq!(a("connect(3, 0x7ffd, 16) = -1 EFAULT"), None);
        assert_eq!(
            exec_name(br#"4362  execve("/usr/bin/sh", [...], 0x7ffc /* 35 vars */) = 0"#)
                .as_deref(),
            Some("sh")
        );
    }
}
