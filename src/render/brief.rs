//! `--brief`: `NAME NUMBER MESSAGE`, the line errno(1) prints.

use sockerr::Errno;
use std::io::{self, Write};

pub fn line(out: &mut dyn Write, errno: &Errno) -> io::Result<()> {
    writeln!(out, "{} {} {}", errno.name, errno.number, errno.message)
}
