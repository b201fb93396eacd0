//! The one error type of the binary and its mapping to exit statuses.
//!
//! 0: found (or scan ran); 1: nothing found, or an input file could not be
//! read; 2: usage or I/O error. The same convention as ripgrep and grep, and
//! clap already exits 2 on its own usage errors. `trace` exits with the
//! traced program's own status instead ([`Error::Exit`]).

use std::fmt;
use std::io;

#[derive(Debug)]
pub enum Error {
    /// The query matched nothing; the message has already been printed.
    NotFound,
    /// The command line makes no sense; the text says why.
    Usage(String),
    /// Some input files could not be read; each was reported as it failed.
    Unreadable,
    /// Writing the output or reading the input failed.
    Io(io::Error),
    /// Exit with this status, with nothing more to say: `trace` passes on
    /// the traced program's own status this way.
    Exit(i32),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::NotFound | Error::Unreadable => 1,
            Error::Usage(_) | Error::Io(_) => 2,
            Error::Exit(code) => *code,
        }
    }

    /// A closed pipe downstream (`sockerr list | head -1`) is how the reader
    /// says it has seen enough: that is a success, not an error to report.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound => f.write_str("not found"),
            Error::Usage(s) => f.write_str(s),
            Error::Unreadable => f.write_str("some input could not be read"),
            Error::Io(e) => write!(f, "{e}"),
            Error::Exit(code) => write!(f, "exit status {code}"),
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Self {
        Error::Io(e)
    }
}

pub type Result<T> = std::result::Result<T, Error>;
