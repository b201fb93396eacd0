//! Where the process starts on Linux with glibc: a C `main` of sockerr's
//! own instead of Rust's runtime start-up, which costs more than a lookup.
//!
//! Why: before `main`, Rust's start-up finds the main thread's stack with
//! glibc's `pthread_getattr_np`, which opens and parses `/proc/self/maps`
//! (100,000 instructions, 15 system calls, 8 page faults: a third of what
//! `errno(1)` spends on its whole run), only so that a stack overflow prints
//! "has overflowed its stack" instead of dying of SIGSEGV. sockerr has no deep
//! recursion, and a crash is a crash; the rest of the start-up it relies on
//! is done here, in the same order:
//!
//! - file descriptors 0, 1 and 2 are open (on `/dev/null` if they were
//!   closed), so a file sockerr opens can never become its standard output;
//! - SIGPIPE is ignored, so a closed pipe is an `EPIPE` error that `main`
//!   turns into a quiet exit;
//! - a panic ends the process with status 101, after the panic hook.
//!
//! `std::env::args` needs nothing: with glibc the standard library takes
//! `argc`/`argv` from an `.init_array` function before any `main` runs (with
//! musl it does not, hence glibc only). The test harness keeps Rust's own
//! start-up.
//!
//! What differs, on purpose: SIGSEGV and SIGBUS keep their default action,
//! so `repro`'s temporary directory is removed on an ordinary crash too (its
//! handler takes over every terminating signal left at its default); but
//! not on a stack overflow, where that handler has no alternate stack to run
//! on (Rust's start-up aborted from one, and the SIGABRT clean-up ran).
//! sockerr has no deep recursion. The main thread has no name
//! (`thread::current().name()` is `None`); nothing reads it. Programs
//! sockerr starts (strace under `trace`, the tools `diagnose` runs) get
//! SIGPIPE back at its default from `std::process::Command`, as they did
//! with Rust's start-up: the standard library restores it in the child
//! unless `-Zon-broken-pipe` was used, which it records only in its own
//! start-up.

use std::os::raw::{c_char, c_int};

#[no_mangle]
extern "C" fn main(_argc: c_int, _argv: *const *const c_char) -> c_int {
    // SAFETY: called once, before anything else runs; both calls only
    // change process-wide state nothing else has touched yet.
    unsafe {
        standard_fds();
        libc::signal(libc::SIGPIPE, libc::SIG_IGN);
    }
    let code = std::panic::catch_unwind(super::sockerr).unwrap_or(101);
    std::process::exit(code)
}

/// Opens `/dev/null` on whichever of 0, 1 and 2 is closed.
unsafe fn standard_fds() {
    let mut fds = [0, 1, 2].map(|fd| libc::pollfd {
        fd,
        events: 0,
        revents: 0,
    });
    let closed: [bool; 3] = loop {
        if libc::poll(fds.as_mut_ptr(), 3, 0) != -1 {
            break fds.map(|p| p.revents & libc::POLLNVAL != 0);
        }
        match *libc::__errno_location() {
            libc::EINTR => continue,
            // poll itself can fail (RLIMIT_NOFILE below 3, no memory): ask
            // each descriptor instead.
            _ => {
                break [0, 1, 2].map(|fd| {
                    libc::fcntl(fd, libc::F_GETFD) == -1 && *libc::__errno_location() == libc::EBADF
                })
            }
        }
    };
    // open() returns the lowest free descriptor: the closed ones, in order.
    for _ in closed.iter().filter(|c| **c) {
        if libc::open(c"/dev/null".as_ptr(), libc::O_RDWR) == -1 {
            libc::abort();
        }
    }
}
