//! Programs' own words: errno names, numbers in known settings (`[Errno 111]`,
//! `(os error 104)`), C-library messages, client timeouts and the socket call
//! a message names before its error.

use super::*;

/// An errno name found as a word at `p` (where a name prefix matched).
pub(super) fn name_spot(line: &[u8], p: usize, out: &mut Vec<Finding>) {
    let wsa = p >= 3 && &line[p - 3..p] == b"WSA" && word_start(line, p - 3);
    if !wsa && !word_start(line, p) {
        return;
    }
    let end = p + line[p..]
        .iter()
        .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
        .count();
    if !word_end(line, end) {
        return;
    }
    let Ok(name) = std::str::from_utf8(&line[p..end]) else {
        return;
    };
    let start = if wsa { p - 3 } else { p };
    let call = call_before(line, start, LOOKBACK, true);
    if wsa {
        let Ok(full) = std::str::from_utf8(&line[start..end]) else {
            return;
        };
        if let Some((wname, code, e)) = winsock(WinKey::Name(full)) {
            let mut f = finding(line, What::Errno(e), start..end, Via::Name, call);
            f.context = Context::WinSock { name: wname, code };
            out.push(f);
        }
        return;
    }
    if resolver::name_spot(line, p, end, name, &call, out) {
        return;
    }
    let Some(e) = kb::by_name(name) else {
        return;
    };
    let via = via_for_name(e, name);
    match restart_code(e) {
        Some((shown, ctx)) => {
            let mut f = finding(line, What::Errno(shown), p..end, via, call);
            f.context = ctx;
            out.push(f);
        }
        None => out.push(finding(line, What::Errno(e), p..end, via, call)),
    }
}

/// A number in a setting that says it is an errno.
pub(super) fn number_finding(
    line: &[u8],
    n: u32,
    negative: bool,
    weak: bool,
    span: Range<usize>,
    out: &mut Vec<Finding>,
) {
    let call = call_before(line, span.start, LOOKBACK, false);
    if n >= 10000 {
        if let Some((wname, code, e)) = winsock(WinKey::Code(n)) {
            let mut f = finding(line, What::Errno(e), span, Via::Number, call);
            f.context = Context::WinSock { name: wname, code };
            out.push(f);
        } else if let Some(w) = crate::kb::gai::winsock_codes()
            .iter()
            .find(|w| u32::try_from(w.number) == Ok(n) && !w.windows_only)
        {
            // Windows' resolver codes: WSAHOST_NOT_FOUND 11001 is EAI_NONAME.
            let e = kb::by_name(w.code).expect("a code of data/getaddrinfo.json");
            out.push(finding(line, What::Errno(e), span, Via::Number, call));
        }
        return;
    }
    let Some(e) = kb::by_number(i64::from(n)).filter(|_| n > 0) else {
        return;
    };
    if e.kernel_only || (weak && !weak_number_ok(e)) {
        return;
    }
    let via = if negative { Via::Negative } else { Via::Number };
    out.push(finding(line, What::Errno(e), span, via, call));
}

/// `[-]N` after optional separators (`=`, `:`, spaces), as in `errno=-104`.
pub(super) fn number_after(line: &[u8], mut i: usize, seps: &[u8]) -> Option<(u32, bool, usize)> {
    let mut skipped = 0;
    while i < line.len() && seps.contains(&line[i]) && skipped < 3 {
        i += 1;
        skipped += 1;
    }
    let negative = line.get(i) == Some(&b'-');
    if negative {
        i += 1;
    }
    let (n, end) = digits_at(line, i)?;
    if !word_end(line, end) {
        return None;
    }
    Some((n, negative, end))
}

pub(super) fn text_spot(
    a: &Anchors,
    line: &[u8],
    kind: Anchor,
    s: usize,
    e: usize,
    out: &mut Vec<Finding>,
) {
    // Most anchors leave out a first letter; `lead` checks it and gives the
    // real start.
    let lead = |letters: &[u8]| -> Option<usize> {
        let st = s.checked_sub(1)?;
        (letters.contains(&line[st]) && word_start(line, st)).then_some(st)
    };
    match kind {
        Anchor::Message(i) => {
            message_spot(a, line, i, s, e, out);
            if a.resolver[i] {
                resolver::spot(line, s, e, out);
            }
        }
        Anchor::Resolver => resolver::spot(line, s, e, out),
        Anchor::Errno => {
            let Some(st) = lead(b"eE") else { return };
            // errno=104, errno 104, errno: -111 (Node), "errno": 104 (JSON logs)
            if let Some((n, neg, end)) = number_after(line, e, b" =:\"'") {
                let python = st > 0 && line[st - 1] == b'[';
                let span = if python && line.get(end) == Some(&b']') {
                    st - 1..end + 1
                } else {
                    st..end
                };
                // `[Errno -2]` is a getaddrinfo code, not an errno; so are
                // `herror: [Errno 1]` and libuv's `errno: -3008`.
                if resolver::number_spot(line, n, neg, python, span.clone(), out) {
                    return;
                }
                if neg && python {
                    return;
                }
                number_finding(line, n, neg, false, span, out);
            }
        }
        Anchor::OsCode => {
            if let Some((n, false, end)) = number_after(line, e, b" ") {
                number_finding(line, n, false, false, s..end, out);
            }
        }
        Anchor::RetNeg | Anchor::ErrNeg => {
            let Some(st) = lead(if matches!(kind, Anchor::RetNeg) {
                b"r"
            } else {
                b"e"
            }) else {
                return;
            };
            if let Some((n, end)) = digits_at(line, e).filter(|&(_, end)| word_end(line, end)) {
                number_finding(line, n, true, true, st..end, out);
            }
        }
        Anchor::Error => error_spot(line, s, e, out),
        // Old strace prints the number: `SO_ERROR, [111]`. A name is
        // found as a name, and `[0]` (no error) is the common case.
        Anchor::SoError => {
            if matches!(line.get(e), Some(b'1' | b'9')) {
                so_error_spot(line, s, e, None, out)
            }
        }
        Anchor::Paren100 => {
            if !word_start(line, s) {
                return;
            }
            if let Some((n, end)) = digits_at(line, s + 1) {
                if end - s == 6 && matches!(line.get(end), Some(b')' | b':')) {
                    number_finding(line, n, false, true, s..end + 1, out);
                }
            }
        }
        Anchor::TimedOut => {
            let Some(st) = lead(b"tT") else { return };
            let before = &line[..st];
            let after = &line[e..];
            let client = if ends_with_ci(before, b"upstream ") {
                // nginx: "upstream timed out (110: Connection timed out)" is
                // its own proxy timer, with ETIMEDOUT's text borrowed.
                Some(Client::Nginx)
            } else if contains(line, b"curl: (28)") || after.starts_with(b" after ") {
                Some(Client::Curl)
            } else if ends_with_ci(before, b"TimeoutError: ") || ends_with_ci(before, b"timeout: ")
            {
                Some(Client::Python)
            } else if contains(line, b"SocketTimeoutException") {
                Some(Client::Java)
            } else {
                None
            };
            if let Some(client) = client {
                out.push(timeout(line, client, st..e));
            }
        }
        Anchor::Timeout => {
            // `Timeout` may sit inside a word (SocketTimeoutException).
            let Some(st) = s
                .checked_sub(1)
                .filter(|&st| matches!(line[st], b't' | b'T'))
            else {
                return;
            };
            let client = if ends_with_ci(&line[..st], b"i/o ") && word_end(line, e) {
                Some((Client::Go, st - 4, e))
            } else if starts_with_at(line, e, b" was reached") {
                Some((Client::Curl, st, e + 12))
            } else if starts_with_at(line, e, b" exceeded") && ends_with_ci(&line[..st], b"Client.")
            {
                Some((Client::Go, st - 7, e + 9))
            } else if ends_with_ci(&line[..st], b"Socket") && starts_with_at(line, e, b"Exception")
            {
                Some((Client::Java, st - 6, e + 9))
            } else {
                None
            };
            if let Some((client, from, to)) = client {
                // Go's `lookup HOST on SERVER:53: ... i/o timeout` is the
                // nameserver's silence: EAI_AGAIN.
                if client == Client::Go && resolver::go_timeout(line, from..to, out) {
                    return;
                }
                out.push(timeout(line, client, from..to));
            }
        }
        Anchor::Deadline => {
            if let Some(st) = lead(b"dD") {
                if ends_with_ci(&line[..st], b"context ") {
                    out.push(timeout(line, Client::Go, st - 8..e));
                }
            }
        }
        Anchor::CouldntConnect => {
            if let Some(st) = lead(b"cC") {
                let call = call_before(line, st, LOOKBACK, false)
                    .or(Some((Some(Syscall::Connect), "connect".into())));
                out.push(finding(
                    line,
                    What::Candidates {
                        client: Client::Curl,
                        errnos: errnos(CONNECT_FAILURES),
                    },
                    st..e,
                    Via::Name,
                    call,
                ));
            }
        }
        // The line is searched for whole failure patterns after the
        // anchors (recognise); the anchor only brought it there.
        Anchor::Failure => {}
        Anchor::Exception => {
            let s = s.saturating_sub(7);
            if &line[s..e] == b"ConnectException" && word_end(line, e) {
                out.push(finding(
                    line,
                    What::Candidates {
                        client: Client::Java,
                        errnos: java_connect_exception(),
                    },
                    s..e,
                    Via::Name,
                    Some((Some(Syscall::Connect), "connect".into())),
                ));
            }
        }
    }
}

/// `rror` at `s..e`: Rust's `os error N`, Python's `WinError 100xx`,
/// `error -N`, `error 100xx`, `error: 100xx`.
fn error_spot(line: &[u8], s: usize, e: usize, out: &mut Vec<Finding>) {
    let before = |t: &[u8]| s >= t.len() && &line[s - t.len()..s] == t;
    if before(b"os e") && word_start(line, s - 4) {
        if let Some((n, false, end)) = number_after(line, e, b" ") {
            number_finding(line, n, false, false, s - 4..end, out);
        }
        return;
    }
    if before(b"WinE") {
        if line.get(e) == Some(&b' ') {
            if let Some((n, end)) = digits_at(line, e + 1).filter(|&(n, _)| n >= 10000) {
                number_finding(line, n, false, true, s - 4..end, out);
            }
        }
        return;
    }
    let Some(st) = s
        .checked_sub(1)
        .filter(|&st| matches!(line[st], b'e' | b'E') && word_start(line, st))
    else {
        return;
    };
    if line.get(e) == Some(&b' ') {
        let e = e + 1;
        if line.get(e) == Some(&b'-') {
            if let Some((n, end)) = digits_at(line, e + 1).filter(|&(_, end)| word_end(line, end)) {
                number_finding(line, n, true, true, st..end, out);
            }
        } else if let Some((n, end)) = digits_at(line, e) {
            if (10000..11100).contains(&n) && word_end(line, end) {
                number_finding(line, n, false, true, st..end, out);
            }
        }
    } else if starts_with_at(line, e, b": 100") {
        if let Some((n, end)) = digits_at(line, e + 2).filter(|&(_, end)| word_end(line, end)) {
            number_finding(line, n, false, true, st..end, out);
        }
    }
}

pub(super) fn timeout(line: &[u8], client: Client, span: Range<usize>) -> Finding {
    finding(line, What::ClientTimeout { client }, span, Via::Name, None)
}

pub(super) fn message_spot(
    a: &Anchors,
    line: &[u8],
    g: usize,
    s: usize,
    _anchor_end: usize,
    out: &mut Vec<Finding>,
) {
    // The longest message of the group written out in full around the
    // anchor, as a whole phrase.
    let Some((m, st, e)) = a.groups[g].iter().find_map(|&(i, at)| {
        let m = &a.messages[i];
        let st = s.checked_sub(at)?;
        let e = st + m.text.len();
        (message_at(line, st, m.text) && word_start(line, st) && word_end(line, e))
            .then_some((m, st, e))
    }) else {
        return;
    };
    if resolver::message_spot(line, m, st, e, out) {
        return;
    }
    let call = if m.strict {
        // Only right after a socket call's name: `bind: Permission denied`,
        // `bind() failed (13: Permission denied)`, or after a message's
        // socket context: `ssh: connect to host H port P: Permission
        // denied` (contexts.rs).
        match call_before(line, st, 24, false) {
            Some(c @ (Some(_), _)) => Some(c),
            _ => match context_before(&line[..st]) {
                Some(call) => call,
                None => return,
            },
        }
    } else {
        call_before(line, st, LOOKBACK, false).or_else(|| context_before(&line[..st]).flatten())
    };
    if m.errnos.len() == 1 && m.errnos[0].name == "ETIMEDOUT" {
        // Clients that borrow ETIMEDOUT's text for their own timers.
        if starts_with_at(line, e, b" after ") {
            // curl: "(28) Connection timed out after 3001 milliseconds".
            out.push(timeout(line, Client::Curl, st..e));
            return;
        }
        if starts_with_at(line, e, b" during banner exchange") {
            // ssh's ConnectTimeout ran out while waiting for the banner.
            out.push(timeout(line, Client::Ssh, st..e + 23));
            return;
        }
    }
    let what = match m.errnos.as_slice() {
        [one] => What::Errno(one),
        many => What::Candidates {
            client: Client::Message,
            errnos: many.to_vec(),
        },
    };
    out.push(finding(line, what, st..e, Via::Message, call));
}

/// Java exception classes that name the call that failed.
pub(super) const CLASSES: &[(&str, Syscall)] = &[
    ("ConnectException", Syscall::Connect),
    ("NoRouteToHostException", Syscall::Connect),
    ("BindException", Syscall::Bind),
];

/// The socket call named in the `window` bytes before `at`: the nearest
/// call name written as a word. `read`, `write`, `socket`, `shutdown`,
/// `close`, `poll`, `select` and `splice` are everyday words too, so they
/// count only as `read:`, `read(` or right before the errno (`Error: read
/// ECONNRESET`, Node).
pub(super) fn call_before(
    line: &[u8],
    at: usize,
    window: usize,
    adjacent: bool,
) -> Option<(Option<Syscall>, String)> {
    let lo = at.saturating_sub(window);
    let mut i = at;
    while i > lo {
        while i > lo && !is_word(line[i - 1]) {
            i -= 1;
        }
        let end = i;
        while i > lo && is_word(line[i - 1]) {
            i -= 1;
        }
        if i == end || (i == lo && lo > 0 && is_word(line[lo - 1])) {
            break;
        }
        let word = std::str::from_utf8(&line[i..end]).ok()?;
        if let Some((_, s)) = CLASSES.iter().find(|(c, _)| *c == word) {
            return Some((Some(*s), s.name().to_string()));
        }
        if word.len() > 12 {
            continue;
        }
        if let Some(s) = Syscall::from_name(word) {
            let everyday = [
                "read", "write", "socket", "shutdown", "readv", "writev", "close", "poll",
                "select", "splice",
            ]
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word));
            let next = line.get(end).copied();
            let tight = matches!(next, Some(b':' | b'(')) || (adjacent && end + 1 == at);
            if !everyday || tight {
                return Some((Some(s), word.to_ascii_lowercase()));
            }
        }
    }
    None
}
