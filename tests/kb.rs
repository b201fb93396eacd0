//! The knowledge base held to the outside world: the libc crate, glibc's
//! messages, moreutils' `errno -l`, and the installed man pages.

use sockerr::{kb, Syscall};
use std::collections::BTreeSet;

/// Every errno name with the value the `libc` crate gives it on this host.
/// The names are listed here, the numbers come from libc.
macro_rules! libc_numbers {
    ($($name:ident),* $(,)?) => { vec![$((stringify!($name), libc::$name)),*] };
}

fn libc_table() -> Vec<(&'static str, i32)> {
    libc_numbers![
        EPERM,
        ENOENT,
        ESRCH,
        EINTR,
        EIO,
        ENXIO,
        E2BIG,
        ENOEXEC,
        EBADF,
        ECHILD,
        EAGAIN,
        ENOMEM,
        EACCES,
        EFAULT,
        ENOTBLK,
        EBUSY,
        EEXIST,
        EXDEV,
        ENODEV,
        ENOTDIR,
        EISDIR,
        EINVAL,
        ENFILE,
        EMFILE,
        ENOTTY,
        ETXTBSY,
        EFBIG,
        ENOSPC,
        ESPIPE,
        EROFS,
        EMLINK,
        EPIPE,
        EDOM,
        ERANGE,
        EDEADLK,
        ENAMETOOLONG,
        ENOLCK,
        ENOSYS,
        ENOTEMPTY,
        ELOOP,
        EWOULDBLOCK,
        ENOMSG,
        EIDRM,
        ECHRNG,
        EL2NSYNC,
        EL3HLT,
        EL3RST,
        ELNRNG,
        EUNATCH,
        ENOCSI,
        EL2HLT,
        EBADE,
        EBADR,
        EXFULL,
        ENOANO,
        EBADRQC,
        EBADSLT,
        EDEADLOCK,
        EBFONT,
        ENOSTR,
        ENODATA,
        ETIME,
        ENOSR,
        ENONET,
        ENOPKG,
        EREMOTE,
        ENOLINK,
        EADV,
        ESRMNT,
        ECOMM,
        EPROTO,
        EMULTIHOP,
        EDOTDOT,
        EBADMSG,
        EOVERFLOW,
        ENOTUNIQ,
        EBADFD,
        EREMCHG,
        ELIBACC,
        ELIBBAD,
        ELIBSCN,
        ELIBMAX,
        ELIBEXEC,
        EILSEQ,
        ERESTART,
        ESTRPIPE,
        EUSERS,
        ENOTSOCK,
        EDESTADDRREQ,
        EMSGSIZE,
        EPROTOTYPE,
        ENOPROTOOPT,
        EPROTONOSUPPORT,
        ESOCKTNOSUPPORT,
        EOPNOTSUPP,
        EPFNOSUPPORT,
        EAFNOSUPPORT,
        EADDRINUSE,
        EADDRNOTAVAIL,
        ENETDOWN,
        ENETUNREACH,
        ENETRESET,
        ECONNABORTED,
        ECONNRESET,
        ENOBUFS,
        EISCONN,
        ENOTCONN,
        ESHUTDOWN,
        ETOOMANYREFS,
        ETIMEDOUT,
        ECONNREFUSED,
        EHOSTDOWN,
        EHOSTUNREACH,
        EALREADY,
        EINPROGRESS,
        ESTALE,
        EUCLEAN,
        ENOTNAM,
        ENAVAIL,
        EISNAM,
        EREMOTEIO,
        EDQUOT,
        ENOMEDIUM,
        EMEDIUMTYPE,
        ECANCELED,
        ENOKEY,
        EKEYEXPIRED,
        EKEYREVOKED,
        EKEYREJECTED,
        EOWNERDEAD,
        ENOTRECOVERABLE,
        ERFKILL,
        EHWPOISON,
        ENOTSUP,
    ]
}

#[test]
fn every_number_is_the_libc_constant() {
    let table = libc_table();
    let mut checked = BTreeSet::new();
    for (name, value) in &table {
        let e = kb::by_name(name).unwrap_or_else(|| panic!("{name} is not in data/errnos.json"));
        assert_eq!(
            e.number, *value,
            "{name}: data says {}, libc says {value}",
            e.number
        );
        checked.insert(*name);
    }
    for e in kb::errnos().iter().filter(|e| !e.kernel_only) {
        for n in e.names() {
            assert!(
                checked.contains(n),
                "{n} has no libc check: add it to libc_table()"
            );
        }
    }
}

#[test]
fn every_message_is_glibc_strerror() {
    for e in kb::errnos().iter().filter(|e| !e.kernel_only) {
        // SAFETY: strerror returns a pointer to a NUL-terminated static or
        // thread-local string; it is read before any other call.
        let msg = unsafe { std::ffi::CStr::from_ptr(libc::strerror(e.number)) };
        assert_eq!(e.message, msg.to_str().unwrap(), "{}", e.name);
    }
}

#[test]
fn answers_every_number_errno_l_knows() {
    let fixture = include_str!("fixtures/errno-l.txt");
    let mut n = 0;
    for line in fixture.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.splitn(3, ' ');
        let (name, number, message) = (
            parts.next().unwrap(),
            parts.next().unwrap(),
            parts.next().unwrap(),
        );
        let number: i64 = number.parse().unwrap();
        let e = kb::by_number(number).unwrap_or_else(|| panic!("no errno {number}"));
        assert!(
            e.is_named(name),
            "{number} is {} here, {name} in errno -l",
            e.name
        );
        assert_eq!(e.message, message);
        n += 1;
    }
    assert!(n >= 130, "{n}");
}

#[test]
fn kernel_only_codes_are_above_the_errno_range() {
    for e in kb::errnos().iter().filter(|e| e.kernel_only) {
        assert!(e.number >= 512, "{}", e.name);
        assert!(e.detail.is_some() || !e.summary.en.is_empty());
    }
}

/// Every (call, errno) pair the installed man pages list under ERRORS has an
/// entry. The list is tests/fixtures/manpage-errors.txt, made by the script
/// beside it from Debian's manpages-dev 6.03.
#[test]
fn every_man_page_pair_has_an_entry() {
    let mut missing = Vec::new();
    for line in include_str!("fixtures/manpage-errors.txt").lines() {
        let (call, name) = line.split_once(' ').unwrap();
        let call = Syscall::from_name(call).unwrap();
        let e = kb::by_name(name).unwrap_or_else(|| panic!("{name} is not an errno"));
        // A kernel-internal code (accept(2) names ERESTARTSYS as seen in
        // traces) needs an entry that says a program never gets it; so does
        // an errno the page lists for other kinds of file (close(2)'s EIO
        // comes from a file system's flush, which sockets do not have): the
        // entry answers the page (source "man") and says Linux sockets never
        // report it. sendmsg and recvmsg find send's and recv's entries.
        match e.entry(call) {
            Some(en) if en.reported || e.kernel_only || en.source == "man" => {}
            _ => missing.push(format!("{call} {name}")),
        }
    }
    assert!(
        missing.is_empty(),
        "pairs without a reported entry: {missing:?}"
    );
}

#[test]
fn every_call_has_entries_and_every_entry_both_languages() {
    for call in kb::calls() {
        assert!(!call.entries.is_empty(), "{} has no entries", call.syscall);
        assert!(!call.summary.en.is_empty() && !call.summary.zh.is_empty());
        for en in call.entries {
            let all = std::iter::once(en.meaning)
                .chain(en.causes.iter().copied())
                .chain(en.fixes.iter().copied())
                .chain(en.diagnose.iter().map(|d| d.why))
                .chain(en.related.iter().map(|r| r.note))
                .chain(en.myth);
            for t in all {
                assert!(
                    !t.en.trim().is_empty() && !t.zh.trim().is_empty(),
                    "{} {}",
                    call.syscall,
                    en.errno
                );
                assert!(
                    t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{} {}: {}",
                    call.syscall,
                    en.errno,
                    t.zh
                );
            }
            for r in en.related {
                let o = kb::by_name(r.errno).expect("related errno resolves");
                assert_eq!(o.name, r.errno, "related names are canonical");
                assert_ne!(
                    r.errno, en.errno,
                    "{} {} relates to itself",
                    call.syscall, en.errno
                );
            }
        }
    }
}

#[test]
fn names_and_numbers_are_unique() {
    let mut names = BTreeSet::new();
    let mut numbers = BTreeSet::new();
    for e in kb::errnos() {
        assert!(numbers.insert(e.number), "{} twice", e.number);
        for n in e.names() {
            assert!(names.insert(n), "{n} twice");
        }
    }
    for m in kb::myths() {
        assert!(
            !names.contains(m.query.as_str()),
            "myth {} is a real name",
            m.query
        );
    }
}

#[test]
fn every_socket_errno_has_a_general_explanation() {
    for call in kb::calls() {
        for en in call.entries.iter().filter(|en| en.reported) {
            assert!(
                en.errno().detail.is_some(),
                "{} is reported by {} but has no detail",
                en.errno,
                call.syscall
            );
        }
    }
}

/// The see-also pages exist on this machine (skipped, and said, where man
/// is not installed).
#[test]
fn see_also_pages_are_installed() {
    if std::process::Command::new("man")
        .arg("-w")
        .arg("man")
        .output()
        .is_err()
    {
        eprintln!("skipped: man is not installed");
        return;
    }
    let mut pages: BTreeSet<&str> = BTreeSet::new();
    for f in sockerr::failure::all() {
        pages.extend(f.see_also.iter().map(|s| s.as_str()));
    }
    for call in kb::calls() {
        pages.insert(call.man.as_str());
        for en in call.entries {
            pages.extend(en.see_also.iter().map(|s| s.as_str()));
            if en.source.ends_with(')') {
                pages.insert(en.source.as_str());
            }
        }
    }
    let mut missing = Vec::new();
    for p in pages {
        let (name, sec) = p.trim_end_matches(')').split_once('(').unwrap();
        let ok = std::process::Command::new("man")
            .args(["-w", sec, name])
            .output()
            .map(|o| o.status.success())
            .unwrap_or(false);
        if !ok {
            missing.push(p);
        }
    }
    assert!(
        missing.is_empty(),
        "see-also pages not installed: {missing:?}"
    );
}

/// Every string in data/*.json and data/calls/*.json, with where it is.
fn all_data_strings() -> Vec<(String, String)> {
    fn walk(v: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::String(s) => out.push((at.to_string(), s.clone())),
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    walk(x, &format!("{at}[{i}]"), out);
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    walk(x, &format!("{at}.{k}"), out);
                }
            }
            _ => {}
        }
    }
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let mut files: Vec<_> = ["", "calls"]
        .iter()
        .flat_map(|d| std::fs::read_dir(data.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 13, "{files:?}");
    let mut out = Vec::new();
    for f in files {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&f).unwrap()).unwrap();
        let name = f.strip_prefix(&data).unwrap().display().to_string();
        walk(&v, &name, &mut out);
    }
    out
}

/// The six claims of issue 9 §2 that the kernel disproved, in the words
/// the knowledge base once used (English and Chinese). None may come back,
/// anywhere in data/. tests/repro.rs holds the kernel's side.
#[test]
fn claims_the_kernel_disproved_stay_out() {
    let wrong = [
        // send EISCONN: a connected AF_UNIX seqpacket socket accepts an address.
        "AF_UNIX stream or seqpacket socket.",
        "AF_UNIX stream and seqpacket sockets, and MSG_FASTOPEN",
        "AF_UNIX 流或 seqpacket 套接字上使用带地址",
        "只有 AF_UNIX 流和 seqpacket 套接字",
        // listen EADDRINUSE: against a listening socket, bind() fails first.
        "so the second bind() succeeded, but only one of them may listen",
        "the conflict then surfaces at listen()",
        "the IPv6 one already covers IPv4, so the second listen() fails",
        "Linux lets a new listener through those only if SO_REUSEADDR",
        "所以第二个 bind() 也成功了",
        "IPv6 的那个已经覆盖了 IPv4，所以第二个 listen() 失败",
        "才允许新的监听套接字绕过它们",
        "冲突随后会在 listen() 时暴露出来",
        // connect EAGAIN: an AF_UNIX queue is full at Recv-Q > Send-Q.
        "equal values mean the queue is full",
        "两者相等说明队列已满",
        // connect EINTR: ERESTARTSYS shows whether or not the call restarts.
        "when the interrupted connect() is restarted because of SA_RESTART",
        "因 SA_RESTART 而重启被打断的 connect() 时",
        // bind: sun_path takes 108 bytes with no NUL.
        "108 bytes including the terminating NUL",
        "连同结尾的 NUL 共 108 字节",
        "it must be at most 107",
        "路径的字节数，最多 107",
        // socket: AF_UNIX accepts protocol 1 (PF_UNIX).
        "AF_UNIX with a protocol other than 0.",
        "AF_UNIX 使用了非 0 的协议号",
    ];
    let mut found = Vec::new();
    for (at, s) in all_data_strings() {
        for w in wrong {
            if s.contains(w) {
                found.push(format!("{at}: \"{w}\""));
            }
        }
    }
    assert!(
        found.is_empty(),
        "disproved claims:\n  {}",
        found.join("\n  ")
    );
}

/// The corrected claims say what the kernel does, in both languages.
#[test]
fn corrected_claims_say_what_the_kernel_does() {
    let entry = |call: &str, errno: &str| {
        kb::by_name(errno)
            .unwrap()
            .entry(Syscall::from_name(call).unwrap())
            .unwrap_or_else(|| panic!("no {call} {errno}"))
    };
    let has = |what: &str, t: &kb::Text, en: &[&str], zh: &[&str]| {
        for w in en {
            assert!(t.en.contains(w), "{what} (en) should say {w:?}: {}", t.en);
        }
        for w in zh {
            assert!(t.zh.contains(w), "{what} (zh) should say {w:?}: {}", t.zh);
        }
    };

    let e = entry("send", "EISCONN");
    has(
        "send EISCONN myth",
        e.myth.as_ref().unwrap(),
        &[
            "seqpacket sockets ignore the address",
            "connected AF_UNIX stream socket",
        ],
        &["seqpacket 套接字会忽略该地址"],
    );
    has(
        "send EISCONN cause",
        &e.causes[0],
        &[
            "connected AF_UNIX stream socket",
            "seqpacket socket does not fail",
        ],
        &["seqpacket 套接字不会失败"],
    );

    let e = entry("listen", "EADDRINUSE");
    for (i, c) in e.causes.iter().take(3).enumerate() {
        has(
            &format!("listen EADDRINUSE cause {}", i + 1),
            c,
            &["before either", "bind()", "fails"],
            &["在任何一方监听之前", "bind()"],
        );
    }
    has(
        "listen EADDRINUSE myth",
        e.myth.as_ref().unwrap(),
        &["a second bind() to its address and port fails with EADDRINUSE"],
        &["bind() 会以 EADDRINUSE 失败"],
    );

    let e = entry("connect", "EAGAIN");
    let ss = e.diagnose.iter().find(|d| d.cmd == "ss -xl").unwrap();
    has(
        "connect EAGAIN ss -xl",
        &ss.why,
        &["Recv-Q is greater than Send-Q", "Recv-Q 3, Send-Q 2"],
        &["Recv-Q 大于 Send-Q", "Recv-Q 3，Send-Q 2"],
    );

    let e = entry("connect", "EINTR");
    let r = e.related.iter().find(|r| r.errno == "ERESTARTSYS").unwrap();
    has(
        "connect EINTR, ERESTARTSYS note",
        &r.note,
        &[
            "whether or not the call is then restarted",
            "rt_sigreturn(...) = -1 EINTR",
        ],
        &["无论调用随后是否被重启", "rt_sigreturn(...) = -1 EINTR"],
    );

    let e = entry("bind", "EINVAL");
    has(
        "bind EINVAL cause",
        &e.causes[2],
        &["exactly 108 bytes with addrlen 110 is accepted, 109 bytes fail"],
        &["正好 108 字节、addrlen 为 110 的路径会被接受，109 字节则失败"],
    );
    let e = entry("bind", "ENAMETOOLONG");
    has(
        "bind ENAMETOOLONG diagnose",
        &e.diagnose[0].why,
        &["takes up to 108"],
        &["最多接受 108 字节"],
    );

    let e = entry("socket", "EPROTONOSUPPORT");
    has(
        "socket EPROTONOSUPPORT cause",
        &e.causes[3],
        &["other than 0 or 1", "PF_UNIX"],
        &["0 和 1 以外", "PF_UNIX"],
    );
}
