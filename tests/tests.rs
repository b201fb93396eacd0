//! Integration tests: they run the real `sockerr` binary through
//! `util::sockerr()`, which scrubs the environment so the user's locale or
//! NO_COLOR cannot change what a test sees.

/// Helpers: the command builder, output accessors.
mod util;

/// The calls beyond the first ten and the failures without an errno, through explain.
mod calls;
/// The completion scripts in real bash, zsh, fish and elvish.
mod completions;
/// `diagnose` on the live host, in private namespaces, as root and as uid 65534.
mod diagnose;
/// Generated files (completions, man pages, help) in step with the code.
mod docs_sync;
/// `explain`, `list`, `search`: every example of the README and issue 2, both languages.
mod explain;
/// The knowledge base against libc, the man pages and its own cross-references.
mod kb;
/// The Debian package built, installed and removed (ignored by default: .ci/run runs it).
mod package;
/// Other systems' numbers and runtimes' names, checked against the libc and windows-sys sources.
mod platforms;
/// One test per defect found by hostile use (issue 9), named after what it guards.
mod regression;
/// `repro` on the running kernel, and the knowledge base held to what it shows.
mod repro;
/// `repro` of the calls beyond the first ten and of a failure without an errno (issue 13).
mod repro_calls;
/// `repro` and the corrected claims of issue 9: successes folklore gets wrong, ss, strace.
mod repro_claims;
/// getaddrinfo's EAI codes: held to glibc and the crate sources; every lookup form.
mod resolver;
/// `scan` on real captured traces and logs, hostile input, random input.
mod scan;
/// What happens before `main`: standard descriptors, SIGPIPE.
mod startup;
/// `trace` on real programs over loopback: findings, output, exit status, signals, attaching.
mod trace;
