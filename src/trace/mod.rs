/*!
The trace room: runs a program under strace, or attaches strace to running
processes, and turns what strace sees into a stream of failed calls, each
with its errno, the process that made it, the socket and the address, and
whether the failure is a normal part of how the program works.

May use: spawning strace (found on the PATH) and waiting for it; a FIFO in
a private temporary directory that strace writes to; `poll`; signal
handlers that only record that a signal came; reading `/proc` (process
names, thread groups, a descriptor's flags, the ptrace rules); and the scan
room's line recogniser ([`crate::scan::recognise`]) for what a strace line
says. It never prints: the front end decides what the user sees.

- `line.rs`: one strace line taken apart (pid, call, descriptor and its
  `-yy` decoration, socket address, return value), split calls joined.
- `events.rs`: lines to [`Event`]s; what is normal ([`Normal`]) and the
  state that takes (connects in progress).
- `procs.rs`: `/proc`: names, non-blocking descriptors, the ptrace rules
  that refused an attach ([`PtraceRules`]).
- `session.rs`: strace itself: the command line, the FIFO, signals, how
  the program ended ([`Session`], [`Ending`]).

Linux only ([`AVAILABLE`]): strace and `/proc` are Linux's.
*/

/// Whether tracing works on this system (Linux only).
pub const AVAILABLE: bool = cfg!(target_os = "linux");

pub mod line;

#[cfg(target_os = "linux")]
mod events;
#[cfg(target_os = "linux")]
mod procs;
#[cfg(target_os = "linux")]
mod session;

#[cfg(target_os = "linux")]
pub use events::{Event, Normal, Reader};
#[cfg(target_os = "linux")]
pub use procs::{ProcInfo, PtraceRules, Refusal};
#[cfg(target_os = "linux")]
pub use session::{strace_args, which, Ending, Item, Options, Session, StartError, Target, TRACED};
