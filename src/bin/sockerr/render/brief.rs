//! `--brief`: `NAME NUMBER MESSAGE`, the line errno(1) prints.

use sockerr::Errno;
use std::io::{self, Write};

pub fn line(out: &mut dyn Write, errno: &Errno) -> io::Result<()> {
    writeln!(out, "{} {} {}", errno.name, errno.number, errno.message)
}

/// The line with another system's number, where `--os` names one.
pub fn line_on(out: &mut dyn Write, errno: &Errno, os: sockerr::Os) -> io::Result<()> {
    match sockerr::platform::number(errno, os) {
        Some(n) if os != sockerr::Os::Linux => {
            writeln!(out, "{} {n} {}", errno.name, errno.message)
        }
        _ => line(out, errno),
    }
}
