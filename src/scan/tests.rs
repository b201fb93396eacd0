//! Unit tests of the recognisers and the scanner.

use super::*;

fn names(line: &str) -> Vec<(Option<&'static str>, &'static str)> {
    recognise(line.as_bytes())
        .into_iter()
        .map(|f| {
            let what = match f.what {
                What::Errno(e) => e.name.as_str(),
                What::Candidates { .. } => "?",
                What::ClientTimeout { .. } => "timeout",
                What::Failure(f) => f.id.as_str(),
            };
            (f.syscall.map(|s| s.name()), what)
        })
        .collect()
}

fn one(line: &str) -> (Option<&'static str>, &'static str) {
    let v = names(line);
    assert_eq!(v.len(), 1, "{line}: {v:?}");
    v[0]
}

#[test]
fn text_anchors_fit_the_fast_prefilter() {
    let a = anchors();
    let n = a.texts.patterns_len();
    assert!(n <= TEXT_ANCHORS_MAX, "{n}");
    // The narrow variant, twice as fast: merge anchors (SHARED_PARTS, or a
    // setting that comes with another anchor in SECONDARY) before adding.
    assert!(
        n <= TEXT_ANCHORS_SLIM,
        "{n} text anchors: more than {TEXT_ANCHORS_SLIM} halve the scan's speed"
    );
}

/// Every message is found through its group's anchor, whichever letter case
/// it starts with, and the secondary settings come with an anchor.
#[test]
fn every_message_and_setting_is_reachable() {
    let a = anchors();
    for m in &a.messages {
        for text in [m.text.to_string(), m.text.to_lowercase()] {
            let line = if m.strict {
                format!("bind: {text}")
            } else if SECONDARY_MESSAGES.contains(&m.text) {
                // Found only in a line another anchor brought.
                format!("socket.gaierror: [Errno -1] {text}")
            } else {
                format!("x: {text}")
            };
            let found: Vec<&str> = recognise(line.as_bytes())
                .iter()
                .filter_map(|f| match &f.what {
                    What::Errno(e) => Some(e.name.as_str()),
                    What::Candidates { errnos, .. } => Some(errnos[0].name.as_str()),
                    _ => None,
                })
                .collect();
            assert!(
                found.contains(&m.errnos[0].name.as_str()),
                "{line:?}: {found:?}"
            );
        }
    }
    for (pat, _) in SECONDARY {
        let line = match *pat {
            "Os { code:" => {
                r#"Os { code: 111, kind: ConnectionRefused, message: "Connection refused" }"#
            }
            "imed out" => "TimeoutError: timed out",
            "(100" => "socket error (10060)",
            "nknownHostException" => "java.net.UnknownHostException: nx.test",
            p => p,
        };
        assert!(
            a.texts.find(line.as_bytes()).is_some(),
            "{pat}: no anchor in {line:?}"
        );
    }
}

#[test]
fn strace_forms() {
    let c = Some("connect");
    assert_eq!(
        one(
            r#"connect(3, {sa_family=AF_INET, sin_port=htons(9), sin_addr=inet_addr("127.0.0.1")}, 16) = -1 ECONNREFUSED (Connection refused)"#
        ),
        (c, "ECONNREFUSED")
    );
    assert_eq!(
        one(
            r#"[pid  4242] 12:00:01.123456 connect(3<TCP:[1234]>, {sa_family=AF_INET}, 16) = -1 ECONNREFUSED (Connection refused) <0.000050>"#
        ),
        (c, "ECONNREFUSED")
    );
    assert_eq!(
        one("4242  1700000000.123456 <... recvfrom resumed>0x7ffd, 1024, 0, NULL, NULL) = -1 ECONNRESET (Connection reset by peer)"),
        (Some("recv"), "ECONNRESET")
    );
    assert!(names("[pid 7] recvfrom(5,  <unfinished ...>").is_empty());
    // Interrupted: EINTR to the program.
    let f = &recognise(
        b"epoll_wait(4, [], 1024, -1) = ? ERESTARTSYS (To be restarted if SA_RESTART is set)",
    )[0];
    assert_eq!(f.errno().unwrap().name, "EINTR");
    assert_eq!(
        f.context,
        Context::Interrupted {
            code: "ERESTARTSYS"
        }
    );
    assert_eq!(f.call.as_deref(), Some("epoll_wait"));
    // SO_ERROR is connect's failure.
    let f = &recognise(b"getsockopt(5, SOL_SOCKET, SO_ERROR, [ECONNREFUSED], [4]) = 0")[0];
    assert_eq!(
        (f.syscall, f.context),
        (Some(Syscall::Connect), Context::DeferredConnect)
    );
    assert_eq!(f.errno().unwrap().name, "ECONNREFUSED");
    assert_eq!(
        one("getsockopt(5, SOL_SOCKET, SO_ERROR, [111], [4]) = 0"),
        (c, "ECONNREFUSED")
    );
    assert!(names("getsockopt(5, SOL_SOCKET, SO_ERROR, [0], [4]) = 0").is_empty());
    // EINPROGRESS is normal.
    let f = &recognise(
        b"connect(3, {sa_family=AF_INET}, 16) = -1 EINPROGRESS (Operation now in progress)",
    )[0];
    assert_eq!(f.context, Context::InProgress);
    // Not socket work: not a finding.
    assert!(names(
        r#"openat(AT_FDCWD, "/etc/x", O_RDONLY) = -1 ENOENT (No such file or directory)"#
    )
    .is_empty());
    assert!(names(
        "futex(0x7f, FUTEX_WAIT_PRIVATE, 0, {tv_sec=1}) = -1 ETIMEDOUT (Connection timed out)"
    )
    .is_empty());
    assert!(names(r#"read(3</etc/hosts>, "", 4096) = -1 EISDIR (Is a directory)"#).is_empty());
    // Text inside the arguments is data, not this call's error.
    assert!(
        names(r#"write(2, "connect: ECONNREFUSED (Connection refused)\n", 40) = 40"#).is_empty()
    );
    assert_eq!(
        one(r#"write(5<TCP:[1]>, "x", 1) = -1 EPIPE (Broken pipe)"#),
        (Some("send"), "EPIPE")
    );
}

/// The calls beyond the first ten are calls of their own in a trace, under
/// every name strace gives them; calls that work on any file count only on
/// a socket (issue 13).
#[test]
fn strace_names_of_the_other_calls() {
    let cases: &[(&str, Option<&str>, &str)] = &[
        ("getpeername(3, 0x7ffd, [128]) = -1 ENOTCONN (Transport endpoint is not connected)", Some("getpeername"), "ENOTCONN"),
        ("close(5) = -1 EBADF (Bad file descriptor)", Some("close"), "EBADF"),
        ("epoll_ctl(4, EPOLL_CTL_ADD, 7, {events=EPOLLIN, data={u32=7, u64=7}}) = -1 EEXIST (File exists)", Some("epoll_ctl"), "EEXIST"),
        ("epoll_ctl(4, EPOLL_CTL_ADD, 3</tmp/x>, {events=EPOLLIN}) = -1 EPERM (Operation not permitted)", Some("epoll_ctl"), "EPERM"),
        ("_newselect(1025, [1024], NULL, NULL, NULL) = -1 EBADF (Bad file descriptor)", Some("select"), "EBADF"),
        ("pselect6(5, [4], NULL, NULL, NULL, NULL) = ? ERESTARTNOHAND (To be restarted if no handler)", Some("select"), "EINTR"),
        ("ppoll([{fd=3, events=POLLIN}], 1, NULL, NULL, 8) = -1 EINVAL (Invalid argument)", Some("poll"), "EINVAL"),
        ("epoll_pwait(4, 0x7f00, 1024, -1, NULL, 8) = -1 EINTR (Interrupted system call)", Some("epoll_wait"), "EINTR"),
        ("sendmsg(3, {msg_name=NULL, msg_namelen=0, msg_iov=[{iov_base=\"x\", iov_len=1}], msg_iovlen=1, msg_control=[{cmsg_len=20, cmsg_level=SOL_SOCKET, cmsg_type=SCM_RIGHTS, cmsg_data=[3]}], msg_controllen=24, msg_flags=0}, MSG_DONTWAIT) = -1 ETOOMANYREFS (Too many references: cannot splice)", Some("sendmsg"), "ETOOMANYREFS"),
        ("recvmmsg(3, 0x7ffd, 8, MSG_DONTWAIT, NULL) = -1 EAGAIN (Resource temporarily unavailable)", Some("recvmsg"), "EAGAIN"),
        ("sendmmsg(3, 0x7ffd, 2, 0) = -1 EMSGSIZE (Message too long)", Some("sendmsg"), "EMSGSIZE"),
        ("accept4(3, NULL, NULL, SOCK_STREAM|SOCK_NONBLOCK) = -1 EINVAL (Invalid argument)", Some("accept"), "EINVAL"),
        ("socketpair(AF_INET, SOCK_STREAM, 0, 0x7ffd) = -1 EOPNOTSUPP (Operation not supported)", Some("socketpair"), "EOPNOTSUPP"),
        ("sendfile(4<TCP:[1]>, 5</srv/a.bin>, NULL, 65536) = -1 EAGAIN (Resource temporarily unavailable)", Some("sendfile"), "EAGAIN"),
        ("splice(3<pipe:[9]>, NULL, 5<TCP:[2]>, NULL, 4096, 0) = -1 EPIPE (Broken pipe)", Some("splice"), "EPIPE"),
        ("ioctl(3, SIOCOUTQ, 0x7ffd) = -1 EINVAL (Invalid argument)", Some("ioctl"), "EINVAL"),
        ("ioctl(3<UDP:[3]>, TCGETS, 0x7ffd) = -1 ENOTTY (Inappropriate ioctl for device)", Some("ioctl"), "ENOTTY"),
        ("fcntl(3, F_SETOWN, 1073741823) = -1 ESRCH (No such process)", Some("fcntl"), "ESRCH"),
    ];
    for &(line, call, errno) in cases {
        assert_eq!(one(line), (call, errno), "{line}");
    }
    // EAGAIN from a non-blocking sendfile is not a failure.
    let f =
        &recognise(b"sendfile(4, 5, NULL, 65536) = -1 EAGAIN (Resource temporarily unavailable)")
            [0];
    assert_eq!(f.context, Context::WouldBlock);
    // The same calls on files, pipes and terminals are not socket work.
    for line in [
        "ioctl(1, TCGETS, 0x7ffd) = -1 ENOTTY (Inappropriate ioctl for device)",
        "ioctl(1</dev/pts/0>, FIONREAD, [0]) = -1 ENOTTY (Inappropriate ioctl for device)",
        "fcntl(3</etc/passwd>, F_SETLK, {l_type=F_WRLCK}) = -1 EAGAIN (Resource temporarily unavailable)",
        "close(3</var/log/app.log>) = -1 EIO (Input/output error)",
        "sendfile(4</tmp/out>, 3</tmp/in>, NULL, 4096) = -1 EINVAL (Invalid argument)",
        "splice(3<pipe:[9]>, NULL, 4</tmp/f>, NULL, 4096, 0) = -1 EINVAL (Invalid argument)",
    ] {
        assert!(names(line).is_empty(), "{line}: {:?}", names(line));
    }
}

#[test]
fn program_messages() {
    assert_eq!(
        one("ConnectionRefusedError: [Errno 111] Connection refused"),
        (None, "ECONNREFUSED")
    );
    assert_eq!(
        one("OSError: [Errno 98] Address already in use"),
        (None, "EADDRINUSE")
    );
    assert_eq!(
        one("Error: connect ECONNREFUSED 127.0.0.1:9"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("Error: listen EADDRINUSE: address already in use :::8080"),
        (Some("listen"), "EADDRINUSE")
    );
    assert_eq!(one("Error: read ECONNRESET"), (Some("recv"), "ECONNRESET"));
    assert_eq!(one("Error: write EPIPE"), (Some("send"), "EPIPE"));
    assert_eq!(
        one("dial tcp 127.0.0.1:9: connect: connection refused"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("read tcp 127.0.0.1:5000->127.0.0.1:9: read: connection reset by peer"),
        (Some("recv"), "ECONNRESET")
    );
    assert_eq!(
        one("write tcp 127.0.0.1:1->127.0.0.1:2: write: broken pipe"),
        (Some("send"), "EPIPE")
    );
    assert_eq!(
        one("java.net.ConnectException: Connection refused"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("java.net.BindException: Address already in use"),
        (Some("bind"), "EADDRINUSE")
    );
    assert_eq!(
        one("java.net.SocketException: Connection reset"),
        (None, "ECONNRESET")
    );
    assert_eq!(
        one("java.net.SocketException: Broken pipe"),
        (None, "EPIPE")
    );
    assert_eq!(
        one("2024/01/01 [error] 7#7: *1 connect() failed (111: Connection refused) while connecting to upstream"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("recv() failed (104: Connection reset by peer)"),
        (Some("recv"), "ECONNRESET")
    );
    assert_eq!(
        one("ssh: connect to host 127.0.0.1 port 9: Connection refused"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("Error: Connection refused (os error 111)"),
        (None, "ECONNREFUSED")
    );
    assert_eq!(
        one(r#"Err(Os { code: 104, kind: ConnectionReset, message: "Connection reset by peer" })"#),
        (None, "ECONNRESET")
    );
    assert_eq!(one("tcp_sendmsg ret=-104"), (None, "ECONNRESET"));
    assert_eq!(one("rpc failed: error -111"), (None, "ECONNREFUSED"));
    assert_eq!(one("send failed errno=104"), (Some("send"), "ECONNRESET"));
    assert_eq!(one("recv errno 104"), (Some("recv"), "ECONNRESET"));
    assert_eq!(one("  errno: -111,"), (None, "ECONNREFUSED"));
    assert_eq!(
        one(r#"{"level":"error","op":"recv","errno": 104}"#),
        (Some("recv"), "ECONNRESET")
    );
    assert_eq!(
        one(r#"{"level":"error","errno": 104}"#),
        (None, "ECONNRESET")
    );
    assert_eq!(
        one(r#"{"msg":"dial tcp 127.0.0.1:9: connect: connection refused"}"#),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("recv failed: WSAECONNRESET"),
        (Some("recv"), "ECONNRESET")
    );
    assert_eq!(one("socket error 10054"), (None, "ECONNRESET"));
    assert_eq!(
        one("connect failed (10061)"),
        (Some("connect"), "ECONNREFUSED")
    );
    assert_eq!(
        one("[WinError 10061] No connection could be made"),
        (None, "ECONNREFUSED")
    );
    assert_eq!(one("bind: Permission denied"), (Some("bind"), "EACCES"));
    // Plain texts after a socket call's context (contexts.rs).
    assert_eq!(
        one("ssh: connect to host 127.0.0.1 port 22: Permission denied"),
        (Some("connect"), "EACCES")
    );
    assert_eq!(
        one("* Immediate connect fail for 127.0.0.1: Permission denied"),
        (Some("connect"), "EACCES")
    );
    assert_eq!(
        one("Connecting to 127.0.0.1:8080... failed: Permission denied."),
        (Some("connect"), "EACCES")
    );
    assert_eq!(
        one(
            r#"psql: error: connection to server on socket "/tmp/.s.PGSQL.5432" failed: No such file or directory"#
        ),
        (Some("connect"), "ENOENT")
    );
    assert_eq!(
        one("java.net.SocketException: Invalid argument"),
        (None, "EINVAL")
    );
    // The contexts name connect for a common text too.
    assert_eq!(
        one(
            r#"psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused"#
        ),
        (Some("connect"), "ECONNREFUSED")
    );
    // A longer message found through a shorter one's anchor.
    assert_eq!(
        one("accept4: too many open files in system"),
        (Some("accept"), "ENFILE")
    );
    assert_eq!(
        one("read: connection reset by peer"),
        (Some("recv"), "ECONNRESET")
    );
}

#[test]
fn not_errnos() {
    for line in [
        "EOF reached, EXIT 0",
        "12:00:01.104111 started",
        "ret=-1",
        "sin_port=htons(10054)",
        "user: Permission denied (publickey).",
        "ECONNREFUSEDX ECONNREFUSED_2 xECONNREFUSED",
        "No such file or directory",
        "Resolving deb.debian.org (deb.debian.org)... 151.101.2.132",
        "nameserver 127.0.0.53",
        "lookup api.example.com: resolved 2 addresses",
        "status: NOERROR, id: 4242",
        "exit status 2",
        "mail_flags=3 thai_food=yes",
        "DNS resolver started on 127.0.0.53",
        "cat: /etc/app.conf: No such file or directory",
        "git@127.0.0.1: Permission denied (publickey).",
        "Connecting to the database... failed: Permission denied.",
        "failed to close connection: Permission denied",
        "ESTABLISHED 0 0 127.0.0.1:22",
        "errno 0",
    ] {
        assert!(names(line).is_empty(), "{line}: {:?}", names(line));
    }
}

/// getaddrinfo's codes, never the errnos their numbers and names look like.
#[test]
fn resolver_forms() {
    let g = Some("getaddrinfo");
    for (line, want) in [
        ("[Errno -2] Name or service not known", (None, "EAI_NONAME")),
        ("socket.gaierror: [Errno -3] Temporary failure in name resolution", (None, "EAI_AGAIN")),
        ("socket.herror: [Errno 1] Unknown host", (None, "EAI_NONAME")),
        ("socket.gaierror: [Errno 8] nodename nor servname provided, or not known", (None, "EAI_NONAME")),
        ("socket.gaierror: [Errno 11001] getaddrinfo failed", (None, "EAI_NONAME")),
        ("  errno: -3008,", (None, "EAI_NONAME")),
        ("  errno: -3001,", (None, "EAI_AGAIN")),
        ("Error: getaddrinfo EAI_AGAIN db", (g, "EAI_AGAIN")),
        ("Error: queryA ESERVFAIL fail.test", (None, "EAI_AGAIN")),
        ("Error: queryA ENODATA mailonly.test", (None, "EAI_NODATA")),
        ("Error: queryA ENOTFOUND nx.test", (None, "EAI_NONAME")),
        ("lookup db on 10.0.0.2:53: server misbehaving", (None, "EAI_AGAIN")),
        ("lookup db on 10.0.0.2:53: read udp 10.0.0.5:1->10.0.0.2:53: i/o timeout", (None, "EAI_AGAIN")),
        ("lookup db on 127.0.0.53:53: read udp 127.0.0.1:1->127.0.0.53:53: read: connection refused", (None, "EAI_AGAIN")),
        ("ssh: Could not resolve hostname nx: Name does not resolve", (None, "EAI_NONAME")),
        ("PHP Warning:  php_network_getaddresses: getaddrinfo for nx failed: Name or service not known", (g, "EAI_NONAME")),
        ("  Temporary failure resolving 'deb.debian.org'", (None, "EAI_AGAIN")),
        ("getaddrinfo: Address family for hostname not supported", (g, "EAI_ADDRFAMILY")),
        ("connect: Address family not supported by protocol", (Some("connect"), "EAFNOSUPPORT")),
    ] {
        assert_eq!(one(line), want, "{line}");
    }
    for (line, n) in [
        ("Error: getaddrinfo ENOTFOUND nx.test", 2),
        ("curl: (6) Could not resolve host: nx.test", 3),
        ("dial tcp: lookup db on 127.0.0.11:53: no such host", 2),
        ("java.net.UnknownHostException: nx.test", 3),
        ("wget: unable to resolve host address 'nx.test'", 3),
        ("[emerg] host not found in upstream \"backend:80\"", 3),
    ] {
        let f = recognise(line.as_bytes());
        assert_eq!(f.len(), 1, "{line}: {f:?}");
        match &f[0].what {
            What::Candidates { errnos, .. } => {
                assert_eq!(errnos.len(), n, "{line}");
                assert!(errnos.iter().all(|e| e.name.starts_with("EAI_")), "{line}");
            }
            w => panic!("{line}: {w:?}"),
        }
    }
    // EAI_SYSTEM: the errno is the cause, marked.
    let f = recognise(
        b"getaddrinfo: EAI_SYSTEM (-11) System error; errno 16 (Device or resource busy)",
    );
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].errno().unwrap().name, "EBUSY");
    assert_eq!(f[0].context, Context::EaiSystem);
    let f = recognise(b"Error: getaddrinfo EMFILE db");
    assert_eq!(
        (f[0].errno().unwrap().name.as_str(), f[0].context),
        ("EMFILE", Context::EaiSystem)
    );
    // An i/o timeout outside a lookup is still Go's own deadline.
    assert_eq!(one("dial tcp 10.0.0.9:443: i/o timeout"), (None, "timeout"));
}

#[test]
fn candidates_and_client_timeouts() {
    let v = recognise(
        b"curl: (7) Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
    );
    assert_eq!(v.len(), 1);
    match &v[0].what {
        What::Candidates {
            client: Client::Curl,
            errnos,
        } => {
            assert!(errnos.iter().any(|e| e.name == "ECONNREFUSED"));
        }
        w => panic!("{w:?}"),
    }
    assert_eq!(v[0].syscall, Some(Syscall::Connect));
    assert_eq!(
        one("Exception in thread \"main\" java.net.ConnectException"),
        (Some("connect"), "?")
    );
    for line in [
        "curl: (28) Timeout was reached",
        "curl: (28) Connection timed out after 1001 milliseconds",
        "curl: (28) Operation timed out after 2000 milliseconds with 0 bytes received",
        "TimeoutError: timed out",
        "socket.timeout: timed out",
        "java.net.SocketTimeoutException: Read timed out",
        "Get \"http://127.0.0.1:9\": dial tcp 127.0.0.1:9: i/o timeout",
        "context deadline exceeded",
        "upstream timed out (110: Connection timed out) while reading response header from upstream",
        "Connection timed out during banner exchange",
    ] {
        assert_eq!(one(line).1, "timeout", "{line}");
    }
    // The kernel's own ETIMEDOUT stays an errno.
    assert_eq!(
        one("TimeoutError: [Errno 110] Connection timed out").1,
        "ETIMEDOUT"
    );
    assert_eq!(
        one("java.net.ConnectException: Connection timed out").1,
        "ETIMEDOUT"
    );
}

/// xorshift64*: a tiny deterministic generator, so the random tests
/// need no crate and fail the same way every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const PIECES: &[&str] = &[
    "connect(3, {sa_family=AF_INET}, 16)",
    " = -1 ",
    " = ? ",
    "ECONNREFUSED",
    "ERESTARTSYS",
    "WSAECONNRESET",
    "EWOULDBLOCK",
    "EOF",
    "EXIT",
    "[pid 12] ",
    "12:00:00.123456 ",
    "<... connect resumed>",
    "<unfinished ...>",
    "SO_ERROR, [",
    "]",
    "[Errno ",
    "(os error ",
    "Os { code: ",
    "ret=-",
    "error -",
    "errno=",
    "errno: -",
    "(100",
    "error 10054",
    "WinError ",
    "111",
    "104",
    "99999999999",
    "Connection refused",
    "connection reset by peer",
    "Connection reset",
    "timed out",
    "i/o timeout",
    "Timeout was reached",
    "Couldn't connect to server",
    "ConnectException",
    "SocketTimeoutException",
    "context deadline exceeded",
    "curl: (28) ",
    "Connection timed out",
    " after ",
    "upstream ",
    "read: ",
    "bind: ",
    "Permission denied",
    ": ",
    "(",
    ")",
    " ",
    "\r",
    "\0",
    "\u{1b}[2J",
    "é",
];

#[test]
fn random_lines_never_panic_and_name_only_real_errnos() {
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let start = std::time::Instant::now();
    let mut seen = 0;
    for case in 0..20_000 {
        let mut line = Vec::new();
        for _ in 0..rng.below(12) {
            if rng.below(3) == 0 {
                for _ in 0..rng.below(8) {
                    line.push(rng.next() as u8);
                }
            } else {
                line.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
            }
        }
        line.retain(|&b| b != b'\n');
        let found = recognise(&line);
        assert!(found.len() <= MAX_PER_LINE);
        for f in &found {
            seen += 1;
            assert!(
                f.span.end <= line.len() && f.span.start <= f.span.end,
                "case {case}"
            );
            let real = |e: &Errno| kb::by_name(e.name).is_some_and(|k| std::ptr::eq(k, e));
            match &f.what {
                What::Errno(e) => assert!(real(e), "case {case}: {}", e.name),
                What::Candidates { errnos, .. } => assert!(errnos.iter().all(|e| real(e))),
                What::ClientTimeout { .. } => {}
                What::Failure(x) => assert!(
                    crate::failure::by_id(&x.id).is_some_and(|k| std::ptr::eq(k, *x)),
                    "case {case}: {}",
                    x.id
                ),
            }
        }
        assert!(start.elapsed().as_secs() < 60, "too slow");
    }
    assert!(seen > 1000, "the mix should produce findings: {seen}");
}

/// Collects what a scan hands over.
#[derive(Default)]
struct Collect {
    bytes: Vec<u8>,
    marked: Vec<u8>,
    ends: Vec<(u64, Vec<Finding>, bool)>,
}
impl Sink for Collect {
    fn plain(&mut self, b: &[u8]) -> io::Result<()> {
        self.bytes.extend_from_slice(b);
        Ok(())
    }
    fn marked(&mut self, b: &[u8]) -> io::Result<()> {
        self.bytes.extend_from_slice(b);
        self.marked.extend_from_slice(b);
        Ok(())
    }
    fn line_end(&mut self, line: u64, f: &[Finding], nl: bool) -> io::Result<()> {
        self.ends.push((line, f.to_vec(), nl));
        Ok(())
    }
}

/// A reader that returns the input in random small pieces.
struct Trickle<'a>(&'a [u8], Rng);
impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = (self.1.below(300) + 1).min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

#[test]
fn streaming_passes_everything_and_agrees_with_recognise() {
    let mut rng = Rng(42);
    for round in 0..40 {
        let mut input = Vec::new();
        for _ in 0..rng.below(200) {
            for _ in 0..rng.below(6) {
                input.extend_from_slice(PIECES[rng.below(PIECES.len())].as_bytes());
                if rng.below(10) == 0 {
                    input.push(rng.next() as u8);
                }
            }
            if rng.below(20) != 0 {
                input.push(b'\n');
            }
        }
        if round % 5 == 0 {
            // a line longer than the buffer, with a finding at its start
            input.extend_from_slice(b"recv: ECONNRESET ");
            input.extend_from_slice(&vec![b'x'; LINE_CAP * 2 + 17]);
            input.push(b'\n');
            input.extend_from_slice(b"write: EPIPE");
        }
        let mut sink = Collect::default();
        let mut scanner = Scanner::with_capacity(LINE_CAP + 1 + rng.below(5000));
        let lines = scanner
            .scan(&mut Trickle(&input, Rng(round + 1)), &mut sink)
            .unwrap();
        assert_eq!(sink.bytes, input, "round {round}: bytes differ");
        let split: Vec<&[u8]> = {
            let mut v: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
            if input.last() == Some(&b'\n') || input.is_empty() {
                v.pop();
            }
            v
        };
        assert_eq!(lines, split.len() as u64, "round {round}: line count");
        let expect: Vec<(u64, Vec<Finding>)> = split
            .iter()
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, recognise(l)))
            .filter(|(_, f)| !f.is_empty())
            .collect();
        let got: Vec<(u64, Vec<Finding>)> =
            sink.ends.iter().map(|(n, f, _)| (*n, f.clone())).collect();
        assert_eq!(got, expect, "round {round}");
    }
}
