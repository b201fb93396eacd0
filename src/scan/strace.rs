//! strace lines: the call, the process id, the return value (`= -1 ECONNREFUSED`,
//! `= ? ERESTARTSYS`) and an `SO_ERROR` result; never text inside the arguments.

use super::*;

/// `SO_ERROR, [VALUE]` with VALUE at `v`: an errno name or number.
pub(super) fn so_error_spot(
    line: &[u8],
    s: usize,
    v: usize,
    pid: Option<u32>,
    out: &mut Vec<Finding>,
) {
    let Some(close) = line[v.min(line.len())..].iter().position(|&b| b == b']') else {
        return;
    };
    let value = &line[v..v + close];
    // Old strace prints the number. Only 1xx and 9x (the network errnos, and
    // 1x) are anchored for the stream, so only those count here too.
    if value
        .first()
        .is_some_and(|b| b.is_ascii_digit() && *b != b'1' && *b != b'9')
    {
        return;
    }
    let e = match digits_at(value, 0) {
        Some((n, end)) if end == value.len() => kb::by_number(i64::from(n)).filter(|_| n > 0),
        _ => std::str::from_utf8(value).ok().and_then(kb::by_name),
    };
    let Some(e) = e.filter(|e| !e.kernel_only) else {
        return;
    };
    let mut f = finding(
        line,
        What::Errno(e),
        s..v + close + 1,
        if value[0].is_ascii_digit() {
            Via::Number
        } else {
            Via::Name
        },
        Some((Some(Syscall::Connect), "getsockopt".into())),
    );
    f.context = Context::DeferredConnect;
    f.pid = pid;
    out.push(f);
}

/// The start of a strace line: `[pid N] `, `N ` (-f -o), timestamps
/// (-t, -tt, -ttt, -r), then `name(` or `<... name resumed>`.
pub(super) struct Head {
    pid: Option<u32>,
    call: String,
}

pub(super) fn strace_head(line: &[u8]) -> Option<Head> {
    let mut i = 0;
    let mut pid = None;
    let skip_spaces = |i: &mut usize| {
        while *i < line.len() && line[*i] == b' ' {
            *i += 1;
        }
    };
    skip_spaces(&mut i);
    if line[i..].starts_with(b"[pid") {
        i += 4;
        skip_spaces(&mut i);
        let n = line[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if n == 0 || line.get(i + n) != Some(&b']') {
            return None;
        }
        pid = std::str::from_utf8(&line[i..i + n])
            .ok()
            .and_then(|t| t.parse().ok());
        i += n + 1;
        skip_spaces(&mut i);
    }
    // Up to three tokens of digits, ':' and '.', each followed by a space.
    for k in 0..3 {
        let n = line[i..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b':' || **b == b'.')
            .count();
        if n == 0 || line.get(i + n) != Some(&b' ') {
            break;
        }
        let tok = &line[i..i + n];
        if k == 0 && pid.is_none() && tok.iter().all(u8::is_ascii_digit) {
            pid = std::str::from_utf8(tok).ok().and_then(|t| t.parse().ok());
        }
        i += n;
        skip_spaces(&mut i);
    }
    let rest = &line[i..];
    let (name, after) = if let Some(r) = rest.strip_prefix(b"<... ") {
        let n = r.iter().take_while(|b| is_word(**b)).count();
        if !r[n..].starts_with(b" resumed>") {
            return None;
        }
        (&r[..n], true)
    } else {
        let n = rest.iter().take_while(|b| is_word(**b)).count();
        if rest.get(n) != Some(&b'(') {
            return None;
        }
        (&rest[..n], false)
    };
    if name.is_empty() || !name[0].is_ascii_lowercase() || name.len() > 32 {
        return None;
    }
    // A line that only starts like a call is a log line, not strace: strace
    // lines end with a return value or say the call is unfinished.
    let tail = &line[i..];
    if !(after || contains(tail, b") = ") || contains(tail, b"<unfinished ...>")) {
        return None;
    }
    Some(Head {
        pid,
        call: String::from_utf8_lossy(name).into_owned(),
    })
}

/// Where `call(` is written in the line.
fn find_call(line: &[u8], call: &str) -> Option<usize> {
    let c = call.as_bytes();
    memchr::memchr_iter(b'(', line)
        .find_map(|i| (i >= c.len() && &line[i - c.len()..i] == c).then(|| i - c.len()))
}

/// The first `n` arguments of `call(` in a strace line, as written.
/// Brackets, braces, `<...>` decorations and quoted strings nest, so a
/// comma inside them does not split.
pub(super) fn args<'a>(line: &'a [u8], call: &str, n: usize) -> Vec<&'a [u8]> {
    let mut out = Vec::new();
    let Some(open) = find_call(line, call) else {
        return out;
    };
    let mut i = open + call.len() + 1;
    let mut start = i;
    let mut depth = 0usize;
    let mut quoted = false;
    while i < line.len() && out.len() < n {
        let b = line[i];
        if quoted {
            if b == b'\\' {
                i += 1;
            } else if b == b'"' {
                quoted = false;
            }
        } else {
            match b {
                b'"' => quoted = true,
                b'(' | b'[' | b'{' | b'<' => depth += 1,
                b')' | b']' | b'}' | b'>' if depth > 0 => depth -= 1,
                b')' => {
                    out.push(&line[start..i]);
                    break;
                }
                b',' if depth == 0 => {
                    out.push(&line[start..i]);
                    start = (i + 2).min(line.len());
                    i += 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    out
}

/// strace -yy decorations: `3<TCP:[...]>` is a socket, `3</etc/hosts>` or
/// `3<pipe:[...]>` is not; `None` for an undecorated descriptor.
pub(super) fn is_socket_fd(arg: &[u8]) -> Option<bool> {
    let digits = arg.iter().take_while(|b| b.is_ascii_digit()).count();
    if digits == 0 || arg.get(digits) != Some(&b'<') {
        return None;
    }
    let deco = &arg[digits + 1..];
    Some(
        [
            &b"socket:"[..],
            b"TCP",
            b"UDP",
            b"UNIX",
            b"NETLINK",
            b"RAW",
            b"PACKET",
            b"SCTP",
            b"PING",
            b"DCCP",
            b"L2TP",
        ]
        .iter()
        .any(|p| deco.starts_with(p)),
    )
}

/// Whether a failed call on descriptors is socket work. Calls that work on
/// any file (read, write, close, fcntl, ioctl, sendfile, splice) are not
/// when strace -yy shows that their descriptors are files or pipes. An
/// undecorated ioctl counts only with a socket request (`SIOC...`,
/// `FIO...`): a terminal request such as `TCGETS`, which isatty() makes on
/// every descriptor a program is given, fails with ENOTTY in every trace.
pub(super) fn on_a_socket(line: &[u8], call: &str) -> bool {
    match call {
        "splice" => {
            let a = args(line, call, 3);
            let kinds: Vec<Option<bool>> = [0, 2]
                .iter()
                .filter_map(|&i| a.get(i).map(|x| is_socket_fd(x)))
                .collect();
            kinds.contains(&Some(true)) || kinds.iter().all(Option::is_none)
        }
        "ioctl" => {
            let a = args(line, call, 2);
            match a.first().and_then(|x| is_socket_fd(x)) {
                Some(socket) => socket,
                None => a
                    .get(1)
                    .is_some_and(|r| r.starts_with(b"SIOC") || r.starts_with(b"FIO")),
            }
        }
        "read" | "write" | "readv" | "writev" | "close" | "fcntl" | "fcntl64" | "sendfile"
        | "sendfile64" => args(line, call, 1)
            .first()
            .and_then(|x| is_socket_fd(x))
            .unwrap_or(true),
        _ => true,
    }
}

pub(super) fn strace_findings(line: &[u8], head: &Head, out: &mut Vec<Finding>) {
    let call = head.call.as_str();
    let syscall = Syscall::from_name(call).filter(|_| on_a_socket(line, call));

    // The return value: after the last " = ", "-1 NAME" or "? NAME".
    // The last " = ": found from its rarer middle byte.
    if let Some(eq) = memchr::memrchr_iter(b'=', line)
        .find(|&i| i > 0 && line[i - 1] == b' ' && line.get(i + 1) == Some(&b' '))
        .map(|i| i - 1)
    {
        let r = eq + 3;
        let at = if starts_with_at(line, r, b"-1 ") {
            Some(r + 3)
        } else if starts_with_at(line, r, b"? ") {
            Some(r + 2)
        } else {
            None
        };
        if let Some(p) = at {
            let end = p + line[p..]
                .iter()
                .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
                .count();
            let name = std::str::from_utf8(&line[p..end]).unwrap_or("");
            if let Some(e) = kb::by_name(name).filter(|_| word_end(line, end)) {
                let counts = syscall.is_some() || counts_for_other_call(e);
                if counts {
                    let (shown, ctx) = restart_code(e).unwrap_or((e, Context::None));
                    let mut f = finding(
                        line,
                        What::Errno(shown),
                        p..end,
                        via_for_name(e, name),
                        Some((syscall, call.to_string())),
                    );
                    if ctx != Context::None {
                        f.context = ctx;
                    }
                    f.pid = head.pid;
                    out.push(f);
                }
            }
        }
    }
    // A non-blocking connect's result, read back with SO_ERROR.
    if call == "getsockopt" {
        if let Some(s) = find(line, b"SO_ERROR, [") {
            so_error_spot(line, s, s + 11, head.pid, out);
        }
    }
    out.sort_by_key(|f| f.span.start);
}
