//! Output formats. What to say is decided once in [`Explanation`]; each
//! format only decides how it looks.

pub mod brief;
pub mod human;
pub mod json;

use sockerr::lookup::Via;
use sockerr::{Entry, Errno, Syscall};

/// Everything an `explain` prints, in any format.
pub struct Explanation {
    pub errno: &'static Errno,
    pub via: Via,
    /// What the user typed.
    pub query: String,
    pub syscall: Option<Syscall>,
    /// The entry for `syscall`, when the knowledge base has one.
    pub entry: Option<&'static Entry>,
}

impl Explanation {
    pub fn new(errno: &'static Errno, via: Via, query: &str, syscall: Option<Syscall>) -> Self {
        Explanation {
            errno,
            via,
            query: query.to_string(),
            syscall,
            entry: syscall.and_then(|s| errno.entry(s)),
        }
    }
}
