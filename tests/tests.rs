//! Integration tests: they run the real `sockerr` binary through
//! `util::sockerr()`, which scrubs the environment so the user's locale or
//! NO_COLOR cannot change what a test sees.

/// Helpers: the command builder, output accessors.
mod util;

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
/// `scan` on real captured traces and logs, hostile input, random input.
mod scan;
/// `trace` on real programs over loopback: findings, output, exit status, signals, attaching.
mod trace;
