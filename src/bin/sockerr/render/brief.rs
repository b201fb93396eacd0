//! `--brief`: `NAME NUMBER MESSAGE`, the line errno(1) prints.

use sockerr::Errno;
use std::io::{self, Write};

pub fn line(out: &mut dyn Write, errno: &Errno) -> io::Result<()> {
    writeln!(out, "{} {} {}", errno.name, errno.number, errno.message)
}

/// The line with another system's number, where `--os` names one (and
/// for an EAI code that system's text: macOS words them its own way).
pub fn line_on(out: &mut dyn Write, errno: &'static Errno, os: sockerr::Os) -> io::Result<()> {
    if let Some(c) = sockerr::kb::gai::on(errno, os).filter(|_| os != sockerr::Os::Linux) {
        return writeln!(out, "{} {} {}", errno.name, c.number, c.message);
    }
    match sockerr::platform::number(errno, os) {
        Some(n) if os != sockerr::Os::Linux => {
            writeln!(out, "{} {n} {}", errno.name, errno.message)
        }
        _ => line(out, errno),
    }
}
