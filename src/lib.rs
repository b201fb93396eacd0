//! sockerr's knowledge of socket errors, as a library.
//!
//! The binary (`src/bin/sockerr/`) is a thin front end over this crate:
//! another Rust program can look up an errno by name, number or message and
//! read what it means for a given socket call, with the same embedded,
//! bilingual knowledge base. Nothing in the library prints; it returns values
//! and the front end decides how they look.
//!
//! The rooms, one folder each:
//!
//! - [`kb`]: the compiled knowledge base and everything that reads it:
//!   [`lookup`] (name, number, message, myth), [`lang`], [`syscall`],
//!   [`platform`] (other systems' numbers), [`runtime`] (runtimes' names).
//! - [`scan`]: finds socket errors in logs, traces and programs' messages.
//! - [`repro`]: makes socket calls fail on the running kernel and records them.
//! - [`diagnose`]: looks at the live host and says why an errno happens here.
//! - [`trace`]: runs a program under strace (or attaches to one) and streams
//!   its failed calls.
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

pub mod diagnose;
pub mod kb;
pub mod repro;
pub mod scan;
pub mod trace;

// The knowledge base's parts keep their short paths (`sockerr::lookup`),
// which the public API has always had.
pub use kb::{failure, lang, lookup, platform, runtime, syscall};

pub use failure::Failure;
pub use kb::{Action, Call, Entry, Errno, Namespace, Text};
pub use lang::Lang;
pub use platform::Os;
pub use syscall::Syscall;
