//! `--brief`: `NAME NUMBER MESSAGE`, the line errno(1) prints.

use super::Explanation;
use sockerr::runtime::RuntimeName;
use sockerr::{Errno, Lang};
use std::io::{self, Write};

pub fn line(out: &mut dyn Write, errno: &Errno) -> io::Result<()> {
    writeln!(out, "{} {} {}", errno.name, errno.number, errno.message)
}

/// The line with another system's number, where `--os` names one; the
/// name and message are that system's where it makes the name asked about
/// an errno of its own (`ENOTSUP 45 Operation not supported` on macOS), and
/// for an EAI code that system's text (macOS words them its own way).
pub fn line_on(out: &mut dyn Write, x: &Explanation) -> io::Result<()> {
    let e = x.errno;
    if let Some(os) = x.os.filter(|&os| os != sockerr::Os::Linux) {
        if let Some(c) = sockerr::kb::gai::on(e, os) {
            return writeln!(out, "{} {} {}", e.name, c.number, c.message);
        }
    }
    match x.spelling() {
        Some(s) if s.separate => writeln!(out, "{} {} {}", s.name, s.number, s.message),
        Some(s) => writeln!(out, "{} {} {}", e.name, s.number, s.message),
        None => line(out, e),
    }
}

/// A runtime's name: one line per errno it stands for, and for a name that
/// stands for none (Node's ENOTFOUND, a DNS failure) one line saying so,
/// `ENOTFOUND - not an errno (Node)`, where the number would go a dash.
/// Nothing printed would read as "no such thing" to a script.
pub fn runtime(out: &mut dyn Write, names: &[&RuntimeName], lang: Lang) -> io::Result<()> {
    let mut printed: Vec<&str> = Vec::new();
    for r in names {
        if r.errnos.is_empty() {
            let what = match lang {
                Lang::En => "not an errno",
                Lang::Zh => "不是 errno",
            };
            match r.detail.as_str() {
                "" => writeln!(out, "{} - {what} ({})", r.name, r.runtime)?,
                d => writeln!(out, "{} - {what} ({}, {d})", r.name, r.runtime)?,
            }
            continue;
        }
        for e in r.errnos.iter().filter_map(|n| sockerr::kb::by_name(n)) {
            if !printed.contains(&e.name.as_str()) {
                printed.push(e.name.as_str());
                line(out, e)?;
            }
        }
    }
    Ok(())
}
