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
        // traces) needs an entry that says a program never gets it.
        match e.entry(call) {
            Some(en) if en.reported || e.kernel_only => {}
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
        assert!(!names.contains(m.query), "myth {} is a real name", m.query);
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
    for call in kb::calls() {
        pages.insert(call.man);
        for en in call.entries {
            pages.extend(en.see_also.iter().copied());
            if en.source.ends_with(')') {
                pages.insert(en.source);
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
