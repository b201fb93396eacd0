//! sockerr's knowledge of socket errors, as a library.
//!
//! The binary is a thin front end over this crate: another Rust program can
//! look up an errno by name, number or message and read what it means for a
//! given socket call, with the same embedded, bilingual knowledge base.
//!
//! ```
//! use sockerr::{lookup, Lang, Syscall};
//!
//! let found = lookup::resolve("Connection reset by peer");
//! let errno = found.errno().expect("a known message");
//! assert_eq!(errno.name, "ECONNRESET");
//! assert_eq!(errno.number, 104);
//!
//! let entry = errno.entry(Syscall::Recv).expect("recv documents ECONNRESET");
//! println!("{}", entry.meaning.get(Lang::En));
//! ```

pub mod kb;
pub mod lang;
pub mod lookup;
pub mod platform;
pub mod repro;
pub mod runtime;
pub mod scan;
pub mod syscall;

pub use kb::{Action, Call, Entry, Errno, Text};
pub use lang::Lang;
pub use platform::Os;
pub use syscall::Syscall;
