//! What `/proc` says about the traced processes: their names and thread
//! groups, whether a descriptor is non-blocking, and, when an attach is
//! refused, which of the kernel's ptrace rules refused it.
//!
//! Every read is of a small file and may fail (the process has ended): a
//! failed read is `None`, never an error.

use std::collections::HashMap;
use std::fs;

/// A traced process or thread as `/proc/PID/status` shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcInfo {
    /// The program's name (`comm`), or the file it executed.
    pub name: Option<String>,
    /// The process a thread belongs to; equal to its own id for a process.
    pub tgid: Option<u32>,
}

/// Names and thread groups, remembered per id: a process that has ended
/// keeps the name it had when it was first seen.
#[derive(Debug, Default)]
pub struct Procs {
    known: HashMap<u32, ProcInfo>,
}

/// Ids remembered at most; beyond that, ids are looked up every time.
const KNOWN_MAX: usize = 65536;

impl Procs {
    /// What is known of `pid`, reading `/proc` the first time.
    pub fn info(&mut self, pid: u32) -> ProcInfo {
        if let Some(i) = self.known.get(&pid) {
            return i.clone();
        }
        let info = read_status(pid);
        if self.known.len() < KNOWN_MAX {
            self.known.insert(pid, info.clone());
        }
        info
    }

    /// `parent` made `child`, a thread of its own process or a new process.
    pub fn spawned(&mut self, parent: u32, child: u32, thread: bool) {
        let p = self.info(parent);
        let info = ProcInfo {
            name: p.name,
            tgid: if thread {
                p.tgid.or(Some(parent))
            } else {
                Some(child)
            },
        };
        if self.known.len() < KNOWN_MAX {
            self.known.insert(child, info);
        }
    }

    /// `pid` has executed a new program: its name is now that file's.
    pub fn executed(&mut self, pid: u32, name: String) {
        let tgid = self.known.get(&pid).and_then(|i| i.tgid).or(Some(pid));
        if self.known.len() < KNOWN_MAX || self.known.contains_key(&pid) {
            self.known.insert(
                pid,
                ProcInfo {
                    name: Some(name),
                    tgid,
                },
            );
        }
    }
}

fn status_field<'a>(status: &'a str, key: &str) -> Option<&'a str> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(str::trim)
}

fn read_status(pid: u32) -> ProcInfo {
    let Ok(s) = fs::read_to_string(format!("/proc/{pid}/status")) else {
        return ProcInfo::default();
    };
    ProcInfo {
        name: status_field(&s, "Name").map(str::to_string),
        tgid: status_field(&s, "Tgid").and_then(|t| t.parse().ok()),
    }
}

/// Whether descriptor `fd` of `pid` is in non-blocking mode now, from the
/// `flags:` line of `/proc/PID/fdinfo/FD` (octal, O_NONBLOCK is 04000).
pub fn nonblocking(pid: u32, fd: i32) -> Option<bool> {
    let s = fs::read_to_string(format!("/proc/{pid}/fdinfo/{fd}")).ok()?;
    let flags = u32::from_str_radix(status_field(&s, "flags")?, 8).ok()?;
    Some(flags & libc::O_NONBLOCK as u32 != 0)
}

/// The capability's bit number (linux/capability.h).
const CAP_SYS_PTRACE: u32 = 19;

/// A process exists (as far as `/proc` shows).
pub fn exists(pid: u32) -> bool {
    fs::metadata(format!("/proc/{pid}")).is_ok()
}

/// The kernel's rules for attaching with ptrace, as they apply to one
/// process: what `/proc` shows of the tracer (this process, whose
/// credentials strace inherits) and of the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PtraceRules {
    pub pid: u32,
    pub name: Option<String>,
    /// Our real user id (the one ptrace compares).
    pub our_uid: u32,
    /// The target's real, effective and saved user ids.
    pub target_uids: Option<[u32; 3]>,
    /// Our effective capabilities include CAP_SYS_PTRACE.
    pub cap_sys_ptrace: bool,
    /// `kernel.yama.ptrace_scope`, or `None` without the Yama module.
    pub yama: Option<u8>,
    /// Another tracer (a debugger, another strace) holds the target.
    pub traced_by: Option<(u32, Option<String>)>,
    /// The target is not dumpable (a setuid program, or one that said so
    /// with PR_SET_DUMPABLE): only CAP_SYS_PTRACE may trace it.
    pub not_dumpable: bool,
}

/// Why an attach was refused: every rule that stands in the way, first the
/// one to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Another tracer already holds the process; there can be only one.
    AlreadyTraced,
    /// The process runs as another user: root or CAP_SYS_PTRACE is needed.
    OtherUser,
    /// The process is not dumpable: CAP_SYS_PTRACE is needed.
    NotDumpable,
    /// Yama scope 1: only an ancestor (or a tracer the process named with
    /// PR_SET_PTRACER) may attach, unless the tracer has CAP_SYS_PTRACE.
    YamaRelational,
    /// Yama scope 2: only CAP_SYS_PTRACE may attach.
    YamaAdmin,
    /// Yama scope 3: nobody may attach until the next boot.
    YamaNone,
    /// None of the rules above explains it: a security module (SELinux,
    /// AppArmor) or a container's seccomp profile refused it.
    Other,
}

impl PtraceRules {
    pub fn read(pid: u32) -> PtraceRules {
        let me = fs::read_to_string("/proc/self/status").unwrap_or_default();
        let target = fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
        let uids = |s: &str| -> Option<[u32; 3]> {
            let v: Vec<u32> = status_field(s, "Uid")?
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (v.len() >= 3).then(|| [v[0], v[1], v[2]])
        };
        let cap_eff = status_field(&me, "CapEff")
            .and_then(|c| u64::from_str_radix(c, 16).ok())
            .unwrap_or(0);
        let tracer: u32 = status_field(&target, "TracerPid")
            .and_then(|t| t.parse().ok())
            .unwrap_or(0);
        let target_uids = uids(&target);
        // The kernel makes a non-dumpable process's /proc files root's.
        let owner = {
            use std::os::unix::fs::MetadataExt;
            fs::metadata(format!("/proc/{pid}")).ok().map(|m| m.uid())
        };
        let not_dumpable = matches!((owner, target_uids), (Some(0), Some([_, e, _])) if e != 0);
        PtraceRules {
            pid,
            name: status_field(&target, "Name").map(str::to_string),
            // SAFETY: getuid cannot fail.
            our_uid: uids(&me).map_or_else(|| unsafe { libc::getuid() }, |u| u[0]),
            target_uids,
            cap_sys_ptrace: cap_eff & (1 << CAP_SYS_PTRACE) != 0,
            yama: fs::read_to_string("/proc/sys/kernel/yama/ptrace_scope")
                .ok()
                .and_then(|s| s.trim().parse().ok()),
            traced_by: (tracer != 0).then(|| (tracer, read_status(tracer).name)),
            not_dumpable,
        }
    }

    /// The rules that refuse this attach, most telling first.
    pub fn refusals(&self) -> Vec<Refusal> {
        let mut v = Vec::new();
        if self.traced_by.is_some() {
            v.push(Refusal::AlreadyTraced);
        }
        let cap = self.cap_sys_ptrace;
        if let Some(u) = self.target_uids {
            if !cap && u.iter().any(|&x| x != self.our_uid) {
                v.push(Refusal::OtherUser);
            }
        }
        if self.not_dumpable && !cap {
            v.push(Refusal::NotDumpable);
        }
        match self.yama {
            Some(1) if !cap => v.push(Refusal::YamaRelational),
            Some(2) if !cap => v.push(Refusal::YamaAdmin),
            Some(3) => v.push(Refusal::YamaNone),
            _ => {}
        }
        if v.is_empty() {
            v.push(Refusal::Other);
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PtraceRules {
        PtraceRules {
            pid: 42,
            name: Some("app".into()),
            our_uid: 1000,
            target_uids: Some([1000, 1000, 1000]),
            cap_sys_ptrace: false,
            yama: Some(0),
            traced_by: None,
            not_dumpable: false,
        }
    }

    #[test]
    fn the_rule_that_applies() {
        assert_eq!(rules().refusals(), vec![Refusal::Other]);
        let r = PtraceRules {
            yama: Some(1),
            ..rules()
        };
        assert_eq!(r.refusals(), vec![Refusal::YamaRelational]);
        let r = PtraceRules {
            yama: Some(1),
            cap_sys_ptrace: true,
            ..rules()
        };
        assert_eq!(r.refusals(), vec![Refusal::Other]);
        let r = PtraceRules {
            target_uids: Some([0, 0, 0]),
            yama: None,
            ..rules()
        };
        assert_eq!(r.refusals(), vec![Refusal::OtherUser]);
        let r = PtraceRules {
            target_uids: Some([1000, 0, 0]),
            not_dumpable: true,
            ..rules()
        };
        assert_eq!(r.refusals(), vec![Refusal::OtherUser, Refusal::NotDumpable]);
        let r = PtraceRules {
            traced_by: Some((7, Some("gdb".into()))),
            yama: Some(3),
            cap_sys_ptrace: true,
            ..rules()
        };
        assert_eq!(
            r.refusals(),
            vec![Refusal::AlreadyTraced, Refusal::YamaNone]
        );
    }

    #[test]
    fn reads_this_process() {
        let me = std::process::id();
        let mut p = Procs::default();
        let i = p.info(me);
        assert_eq!(i.tgid, Some(me));
        assert!(i.name.is_some());
        let r = PtraceRules::read(me);
        assert_eq!(r.target_uids.map(|u| u[0]), Some(r.our_uid));
        assert!(exists(me));
        // Standard error is a pipe or a terminal, blocking unless the harness
        // says otherwise; either way the flags line is readable.
        assert!(nonblocking(me, 2).is_some());
    }
}
