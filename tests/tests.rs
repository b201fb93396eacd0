//! Integration tests: they run the real `sockerr` binary through
//! `util::sockerr()`, which scrubs the environment so the user's locale or
//! NO_COLOR cannot change what a test sees.

/// Helpers: the command builder, output accessors.
mod util;

/// The calls beyond the first ten and the failures without an errno, through explain.
mod calls;
/// Generated files (completions, man pages, help) in step with the code.
mod docs_sync;
/// `explain`, `list`, `search`: every example of the README and issue 2, both languages.
mod explain;
/// The knowledge base against libc, the man pages and its own cross-references.
mod kb;
/// Other systems' numbers and runtimes' names, checked against the libc and windows-sys sources.
mod platforms;
/// `repro` on the running kernel, and the knowledge base held to what it shows.
mod repro;
/// `repro` of the calls beyond the first ten and of a failure without an errno (issue 13).
mod repro_calls;
/// `repro` and the corrected claims of issue 9: successes folklore gets wrong, ss, strace.
mod repro_claims;
/// `scan` on real captured traces and logs, hostile input, random input.
mod scan;
