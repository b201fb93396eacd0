//! Echoing what the user gave us (a query, a file name, log text) without
//! letting it drive the terminal or flood a message.
//!
//! A file name or query can hold anything a shell can pass: escape
//! sequences that clear the screen or retitle the window, a carriage return
//! that overwrites the message, a 100 KB argument. Every message that
//! repeats user input goes through [`shown`] or [`shown_path`]: control
//! characters become visible escapes and long text is shortened, so the
//! message says what went wrong and nothing else happens.

use std::io::Write;
use std::path::Path;

/// Longest query echoed whole, in characters.
const QUERY_CHARS: usize = 60;
/// Longest file name echoed whole; longer ones keep their start and end,
/// since the end of a path is the file's own name.
const PATH_CHARS: usize = 80;

/// A query for a message: trimmed, escaped, and cut after 60 characters
/// with its length in bytes, so the user still recognises it.
pub fn shown(q: &str) -> String {
    let q = q.trim();
    match q.char_indices().nth(QUERY_CHARS) {
        Some((i, _)) => format!("{}… ({} bytes)", escaped(&q[..i]), q.len()),
        None => escaped(q),
    }
}

/// A file name for a message: not UTF-8 shown lossily, escaped, and a very
/// long one cut in the middle.
pub fn shown_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    let n = s.chars().count();
    if n <= PATH_CHARS {
        return escaped(&s);
    }
    let head: String = s.chars().take(PATH_CHARS / 2 - 10).collect();
    let tail: String = s.chars().skip(n - (PATH_CHARS / 2 + 10)).collect();
    format!("{}…{}", escaped(&head), escaped(&tail))
}

/// `s` with every control character escaped (tab and newline too: in a
/// one-line message they would be as misleading as the rest).
pub fn escaped(s: &str) -> String {
    if !s.chars().any(char::is_control) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !c.is_control() {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    out
}

/// `s` without SGR sequences (`ESC [ 1 ; 31 m`), the only escapes clap
/// styles its messages with.
pub fn without_sgr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("\u{1b}[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let end = after.find(|c: char| !(c.is_ascii_digit() || c == ';'));
        match end {
            Some(j) if after[j..].starts_with('m') => rest = &after[j + 1..],
            _ => {
                out.push('\u{1b}');
                rest = &rest[i + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Log text for a terminal: escapes what could drive it, C0 controls other
/// than tab and the newline (and a CR right before it), DEL, C1 controls,
/// and bytes that are not UTF-8 (a lone 0x9b is CSI to some terminals).
/// The caller hands over whole characters (see `sockerr::scan::Sink`), so
/// an escaped byte really is one that is not UTF-8.
pub fn sanitize(bytes: &[u8], out: &mut Vec<u8>) {
    for chunk in bytes.utf8_chunks() {
        let valid = chunk.valid();
        for (i, c) in valid.char_indices() {
            let cr_lf = c == '\r' && valid.as_bytes().get(i + 1) == Some(&b'\n');
            if c == '\t' || c == '\n' || cr_lf || !c.is_control() {
                let mut b = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            } else if (c as u32) < 0x80 {
                let _ = write!(out, "\\x{:02x}", c as u32);
            } else {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped_and_long_text_cut() {
        assert_eq!(shown(" ECONNRESET "), "ECONNRESET");
        assert_eq!(shown("EC\u{1b}[2J"), "EC\\x1b[2J");
        assert_eq!(shown("a\u{9b}b"), "a\\u{9b}b");
        let long = "x".repeat(1000);
        assert_eq!(shown(&long), format!("{}… (1000 bytes)", "x".repeat(60)));
        let p = format!("/tmp/{}/end\u{7}.log", "d".repeat(200));
        let s = shown_path(Path::new(&p));
        assert!(
            s.starts_with("/tmp/ddd") && s.ends_with("/end\\x07.log"),
            "{s}"
        );
        assert!(s.chars().count() < 100, "{s}");
    }
}
