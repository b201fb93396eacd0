//! A whole log line given as the query (`sockerr "socket.gaierror: [Errno
//! -2] Name or service not known"`, `sockerr "curl: (6) Could not resolve
//! host: db"`): when no name, number or message matches it, the scanner
//! reads it as it would in a log, so a pasted line gets the answer the same
//! line gets from `sockerr scan`.

use sockerr::lookup::Resolution;
use sockerr::runtime;
use sockerr::scan::{self, What};
use sockerr::Errno;

pub fn resolve(query: &str) -> Option<Resolution> {
    // A line has words; a single token that matched nothing stays a miss
    // (with its suggestions), whatever it has inside.
    if !query.trim().contains(char::is_whitespace) {
        return None;
    }
    let findings = scan::recognise(query.as_bytes());
    let mut named: Vec<(&'static Errno, sockerr::lookup::Via)> = Vec::new();
    for f in &findings {
        if let What::Errno(e) = f.what {
            if !named.iter().any(|(n, _)| n.name == e.name) {
                named.push((e, f.via));
            }
        }
    }
    match named.as_slice() {
        [(errno, via)] => return Some(Resolution::Found { errno, via: *via }),
        [] => {}
        many => {
            return Some(Resolution::Ambiguous(
                many.iter().map(|(e, _)| *e).collect(),
            ))
        }
    }
    // A failure the line names without its code: what the program's words
    // stand for (curl's "Could not resolve host" is any of three codes).
    findings.iter().find_map(|f| match &f.what {
        What::Candidates { errnos, .. } => {
            let names = runtime::lookup(&f.matched);
            Some(if names.is_empty() {
                Resolution::Ambiguous(errnos.clone())
            } else {
                Resolution::Runtime(names)
            })
        }
        _ => None,
    })
}

/// Whether the query is only errno-like names and numbers (`ECONNRESET
/// ECONNREFUSD`, `EAGAIN/EWOULDBLOCK`, `104,111`): a list, not a log line.
pub fn only_names(query: &str) -> bool {
    query
        .split(|c: char| c.is_whitespace() || c == ',' || c == '/')
        .filter(|t| !t.is_empty())
        .all(|t| {
            let name = t.starts_with(['E', 'e'])
                && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            name || t.parse::<i64>().is_ok()
        })
}
