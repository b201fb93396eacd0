//! The recorder: runs a case, keeps every call it made with its real return
//! value, and prints them the way strace would (`connect(3, ...) = -1
//! ECONNREFUSED (Connection refused)`).

use crate::kb::Text;
use crate::repro::child::*;
use crate::repro::{Case, Observed, Outcome, Said, Step};
use nix::errno::Errno as E;
use nix::sys::socket::{SockaddrIn, SockaddrIn6};
use std::os::fd::{AsRawFd, OwnedFd};
use std::sync::Mutex;
use std::time::Instant;

pub(crate) type Runner = fn(&mut Trace) -> Res;
pub(crate) type Res = Result<(), Stop>;

/// Why a case stopped early.
pub(crate) enum Stop {
    /// The case cannot run here; the reason is printed.
    Skip(Said),
    /// A set-up step failed; the trace already holds the problem.
    Failed,
}

pub(crate) fn skip(en: impl Into<String>, zh: impl Into<String>) -> Stop {
    Stop::Skip(Said::new(en, zh))
}

/// Keeps reproductions from overlapping within one process.
pub(crate) static LOCK: Mutex<()> = Mutex::new(());

pub(super) fn run(case: &'static Case) -> Outcome {
    let _guard = LOCK.lock().unwrap_or_else(|p| p.into_inner());
    let mut tr = Trace::default();
    let skipped = match (case.run)(&mut tr) {
        Ok(()) => None,
        Err(Stop::Skip(why)) => Some(why),
        Err(Stop::Failed) => None,
    };
    if skipped.is_none() && tr.observed == Observed::NotReached && tr.problems.is_empty() {
        tr.problems.push(Said::new(
            "the case never reached the call under test",
            "案例没有执行到被测调用",
        ));
    }
    Outcome {
        case,
        steps: tr.steps,
        observed: tr.observed,
        problems: tr.problems,
        skipped,
    }
}

/// The steps a case has made so far.
pub(crate) struct Trace {
    pub(crate) steps: Vec<Step>,
    pub(crate) observed: Observed,
    pub(crate) problems: Vec<Said>,
}

impl Default for Trace {
    fn default() -> Self {
        Trace {
            steps: Vec::new(),
            observed: Observed::NotReached,
            problems: Vec::new(),
        }
    }
}

/// What a successful call returns, as a number for the trace.
pub(crate) trait Ret {
    fn ret(&self) -> i64;
}
impl Ret for () {
    fn ret(&self) -> i64 {
        0
    }
}
impl Ret for usize {
    fn ret(&self) -> i64 {
        *self as i64
    }
}
impl Ret for i32 {
    fn ret(&self) -> i64 {
        i64::from(*self)
    }
}
impl<T: Ret> Ret for &T {
    fn ret(&self) -> i64 {
        (**self).ret()
    }
}
impl Ret for OwnedFd {
    fn ret(&self) -> i64 {
        i64::from(self.as_raw_fd())
    }
}
impl Ret for SockaddrIn {
    fn ret(&self) -> i64 {
        0
    }
}
impl Ret for SockaddrIn6 {
    fn ret(&self) -> i64 {
        0
    }
}

impl Trace {
    pub(crate) fn push<T: Ret>(&mut self, call: String, r: &nix::Result<T>, under_test: bool) {
        let (ret, errno) = match r {
            Ok(v) => (v.ret(), None),
            Err(e) => (-1, Some(*e as i32)),
        };
        self.steps.push(Step {
            call,
            ret: Some(ret),
            errno,
            elapsed: None,
            note: None,
            under_test,
        });
        if under_test {
            self.observed = match r {
                Ok(v) => Observed::Returned(v.ret()),
                Err(e) => Observed::Failed(*e as i32),
            };
        }
    }

    /// A step the case needs to succeed: a failure ends the case.
    pub(crate) fn setup<T: Ret>(
        &mut self,
        call: impl Into<String>,
        r: nix::Result<T>,
    ) -> Result<T, Stop> {
        match r {
            Ok(v) => {
                self.push(call.into(), &Ok::<&T, E>(&v), false);
                Ok(v)
            }
            Err(e) => Err(self.fail(call, e)),
        }
    }

    /// Records a set-up step that failed, and the problem it makes.
    pub(crate) fn fail(&mut self, call: impl Into<String>, e: E) -> Stop {
        let call = call.into();
        self.push::<()>(call.clone(), &Err(e), false);
        let name = crate::repro::errno_name(e as i32);
        self.problems.push(Said::new(
            format!("a set-up step failed: {call} = -1 {name}"),
            format!("准备步骤失败：{call} = -1 {name}"),
        ));
        Stop::Failed
    }

    /// A step whose result the case shows but does not depend on.
    pub(crate) fn step<T: Ret>(
        &mut self,
        call: impl Into<String>,
        r: nix::Result<T>,
    ) -> nix::Result<T> {
        self.push(call.into(), &r, false);
        r
    }

    /// The call under test.
    pub(crate) fn test<T: Ret>(
        &mut self,
        call: impl Into<String>,
        r: nix::Result<T>,
    ) -> nix::Result<T> {
        self.push(call.into(), &r, true);
        r
    }

    /// The call under test, timed.
    pub(crate) fn timed_test<T: Ret>(
        &mut self,
        call: impl Into<String>,
        f: impl FnOnce() -> nix::Result<T>,
    ) -> nix::Result<T> {
        let start = Instant::now();
        let r = f();
        let took = start.elapsed();
        self.push(call.into(), &r, true);
        self.last().elapsed = Some(took);
        r
    }

    /// getaddrinfo() as the call under test: it returns its code instead of
    /// setting errno, so the code is both the return value and the error.
    pub(crate) fn gai_test(&mut self, call: impl Into<String>, rc: i32) {
        self.steps.push(Step {
            call: call.into(),
            ret: Some(i64::from(rc)),
            errno: (rc != 0).then_some(rc),
            elapsed: None,
            note: None,
            under_test: true,
        });
        self.observed = if rc == 0 {
            Observed::Returned(0)
        } else {
            Observed::Failed(rc)
        };
    }

    /// A step a child process made, reported through its pipe.
    pub(crate) fn child_step(&mut self, call: String, rec: Record, under_test: bool) {
        let errno = (rec.ret < 0).then_some(rec.errno);
        self.steps.push(Step {
            call,
            ret: Some(rec.ret),
            errno,
            elapsed: None,
            note: None,
            under_test,
        });
        if under_test {
            self.observed = match errno {
                Some(e) => Observed::Failed(e),
                None => Observed::Returned(rec.ret),
            };
        }
    }

    /// A line with no return value: an event, or a call its process
    /// did not survive.
    pub(crate) fn event(&mut self, call: impl Into<String>, note: Option<Text>) {
        self.steps.push(Step {
            call: call.into(),
            ret: None,
            errno: None,
            elapsed: None,
            note,
            under_test: false,
        });
    }

    pub(crate) fn last(&mut self) -> &mut Step {
        self.steps.last_mut().expect("a step was recorded")
    }

    /// A comment on the last step.
    pub(crate) fn note(&mut self, note: Text) {
        self.last().note = Some(note);
    }

    /// Records a problem unless `ok`.
    pub(crate) fn expect(&mut self, ok: bool, en: String, zh: String) {
        if !ok {
            self.problems.push(Said::new(en, zh));
        }
    }
}
