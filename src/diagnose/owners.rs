//! Who holds a socket: every `/proc/PID/fd/N` link that reads
//! `socket:[INODE]`, the only way Linux offers without root-only BPF, and
//! what a process's descriptors are (EMFILE). Another user's
//! `/proc/PID/fd` cannot be read without root (or CAP_SYS_PTRACE);
//! [`Owners`] counts those processes so a check can say it could not see
//! instead of concluding "no owner".

use super::host;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::ffi::CStr;
use std::os::unix::fs::MetadataExt;

/// A directory read with raw getdents64 into one buffer. `nix::dir::Dir`
/// goes through fdopendir(), which adds an fstat, two fcntl and an lseek
/// per directory: this runs once per process on the host.
struct RawDir(std::os::fd::OwnedFd);

impl RawDir {
    fn open(path: &str) -> Result<RawDir, nix::errno::Errno> {
        use std::os::fd::FromRawFd;
        let c = std::ffi::CString::new(path).map_err(|_| nix::errno::Errno::EINVAL)?;
        // SAFETY: a NUL-terminated path; the descriptor returned is ours.
        let fd = unsafe {
            libc::open(
                c.as_ptr(),
                libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
            )
        };
        if fd < 0 {
            return Err(nix::errno::Errno::last());
        }
        // SAFETY: fd was just opened and is owned by nothing else.
        Ok(RawDir(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd) }))
    }

    fn raw(&self) -> i32 {
        std::os::fd::AsRawFd::as_raw_fd(&self.0)
    }

    /// Calls `f` with every entry's name but `.` and `..`.
    fn each(&self, buf: &mut [u8], mut f: impl FnMut(&CStr)) {
        loop {
            // SAFETY: the kernel writes at most buf.len() bytes of
            // linux_dirent64 records into buf and returns how many.
            let n = unsafe {
                libc::syscall(
                    libc::SYS_getdents64,
                    self.raw(),
                    buf.as_mut_ptr(),
                    buf.len(),
                )
            };
            if n <= 0 {
                return;
            }
            let mut off = 0usize;
            let n = n as usize;
            // linux_dirent64: d_ino u64, d_off i64, d_reclen u16, d_type
            // u8, then the NUL-terminated name.
            while off + 19 < n {
                let reclen = usize::from(u16::from_ne_bytes([buf[off + 16], buf[off + 17]]));
                if reclen == 0 || off + reclen > n {
                    return;
                }
                if let Ok(name) = CStr::from_bytes_until_nul(&buf[off + 19..off + reclen]) {
                    if name.to_bytes().first() != Some(&b'.') {
                        f(name);
                    }
                }
                off += reclen;
            }
        }
    }

    /// For a `/proc/PID/fd` directory: calls `f` with each open
    /// descriptor's number and what its link reads (at most 256 bytes).
    /// Linux 6.2 and later give the number of open descriptors as the
    /// directory's size; with it the names are read in order (0, 1, 2,
    /// ...: most tables have few gaps) without listing the directory,
    /// whose getdents() costs a locked dcache lookup per descriptor. That
    /// pays for tables of 64 descriptors or more; smaller ones (most
    /// processes: a shell's 0, 1, 2 and 255), a gap (two missing in a row),
    /// an older kernel (size 0), or descriptors closed meanwhile are
    /// listed, from where the reading stopped.
    fn each_fd(&self, buf: &mut [u8], mut f: impl FnMut(i32, &[u8])) {
        let mut link = [0u8; 256];
        let dfd = self.raw();
        let read = |name: &CStr, link: &mut [u8]| {
            // SAFETY: `name` is NUL-terminated; the kernel writes at most
            // link.len() bytes into link and returns how many.
            let n = unsafe {
                libc::readlinkat(dfd, name.as_ptr(), link.as_mut_ptr().cast(), link.len())
            };
            usize::try_from(n).ok()
        };
        // SAFETY: fstat fills the stat buffer we pass for our descriptor.
        let count = unsafe {
            let mut st: libc::stat = std::mem::zeroed();
            if libc::fstat(dfd, &mut st) == 0 {
                usize::try_from(st.st_size).unwrap_or(0)
            } else {
                0
            }
        };
        let mut next = 0i32;
        if count >= 64 {
            let (mut found, mut missed) = (0usize, 0u32);
            while found < count && missed < 2 {
                let mut name = [0u8; 12];
                match read(decimal(next, &mut name), &mut link) {
                    Some(n) => {
                        f(next, &link[..n]);
                        found += 1;
                        missed = 0;
                    }
                    None => missed += 1,
                }
                next += 1;
            }
            if found >= count {
                return;
            }
        }
        self.each(buf, |name| {
            let Some(fd) = std::str::from_utf8(name.to_bytes())
                .ok()
                .and_then(|s| s.parse::<i32>().ok())
            else {
                return;
            };
            if fd < next {
                return;
            }
            if let Some(n) = read(name, &mut link) {
                f(fd, &link[..n]);
            }
        });
    }
}

/// Every descriptor of a process and what its /proc link reads
/// (`socket:[123]`, `pipe:[45]`, `anon_inode:[eventpoll]`, a path): one
/// readlinkat each, relative to the open fd directory.
pub fn fd_links(pid: i32) -> Result<Vec<(i32, String)>, String> {
    let path = format!("/proc/{pid}/fd");
    let dir = RawDir::open(&path).map_err(|e| format!("{path}: {}", e.desc()))?;
    let mut out = Vec::new();
    let mut buf = vec![0u8; 32 * 1024];
    dir.each_fd(&mut buf, |fd, link| {
        out.push((fd, String::from_utf8_lossy(link).into_owned()));
    });
    out.sort_unstable_by_key(|l| l.0);
    Ok(out)
}

/// How many descriptors a process has open: since Linux 6.2 the size of
/// its `/proc/PID/fd` (one stat, which the kernel answers for every
/// user's process), before that by listing the directory.
pub fn fd_count(pid: i32) -> Result<usize, String> {
    let path = format!("/proc/{pid}/fd");
    let md = std::fs::metadata(&path).map_err(|e| format!("{path}: {e}"))?;
    // Size 0 is a process without descriptors (a kernel thread) where the
    // kernel counts, and nothing where it does not: ask once which.
    static COUNTS: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let counts = *COUNTS.get_or_init(|| {
        RawDir::open("/proc/self/fd").is_ok_and(|d| {
            // SAFETY: fstat fills the stat buffer we pass for our descriptor.
            unsafe {
                let mut st: libc::stat = std::mem::zeroed();
                libc::fstat(d.raw(), &mut st) == 0 && st.st_size > 0
            }
        })
    });
    if md.len() > 0 || counts {
        return Ok(md.len() as usize);
    }
    let dir = RawDir::open(&path).map_err(|e| format!("{path}: {}", e.desc()))?;
    let mut n = 0;
    dir.each(&mut [0u8; 8192], |_| n += 1);
    Ok(n)
}

/// A process holding a socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owner {
    pub pid: i32,
    pub comm: String,
    pub uid: u32,
    pub fd: i32,
}

impl Owner {
    /// `pid 4242 (nginx, user www-data, fd 6)`.
    pub fn describe(&self, users: &host::Users) -> String {
        format!(
            "pid {} ({}, user {}, fd {})",
            self.pid,
            self.comm,
            users.name(self.uid),
            self.fd
        )
    }
}

/// Who holds which socket inode, and what could not be looked at.
#[derive(Debug, Default)]
pub struct Owners {
    pub by_inode: HashMap<u64, Vec<Owner>>,
    /// Processes whose descriptors could not be read, and their users.
    pub unreadable: usize,
    pub unreadable_uids: BTreeSet<u32>,
    /// Processes looked at.
    pub scanned: usize,
}

impl Owners {
    pub fn of(&self, inode: u64) -> &[Owner] {
        self.by_inode.get(&inode).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether a socket of user `uid` with no owner found may still have
    /// one we could not see: some process of that user was unreadable (or
    /// any process was, since a process can hold a socket another user
    /// created, after fork and setuid or descriptor passing).
    pub fn may_hide(&self) -> bool {
        self.unreadable > 0
    }
}

/// The pids in /proc.
fn pids() -> Vec<i32> {
    let mut out = Vec::new();
    if let Ok(dir) = RawDir::open("/proc") {
        let mut buf = vec![0u8; 64 * 1024];
        dir.each(&mut buf, |name| {
            if let Some(pid) = std::str::from_utf8(name.to_bytes())
                .ok()
                .and_then(|s| s.parse::<i32>().ok())
            {
                out.push(pid);
            }
        });
    }
    out
}

/// Finds every process holding any of `inodes`, by reading every
/// `/proc/PID/fd`. Costs one readlink per descriptor on the host (as
/// `ss -p`, `lsof -i` and `fuser` do), so it is done only when there are
/// inodes to find. It does not stop at the first holder: after fork() or
/// descriptor passing several processes hold one socket, and stopping the
/// one found first would leave the port taken. The walk is shared by up to
/// four threads (the work is all in the kernel, per process, and
/// independent). Without the right to read other users' descriptors, their
/// processes are counted as unreadable from one stat() each, without
/// trying.
pub fn owners(inodes: &HashSet<u64>) -> Owners {
    if inodes.is_empty() {
        return Owners::default();
    }
    let pids = pids();
    let all = host::sees_all_processes();
    let me = host::euid();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        .min(pids.len().div_ceil(64).max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let walk = || {
        let mut o = Owners::default();
        let mut found_pids = Vec::new();
        let mut buf = vec![0u8; 32 * 1024];
        // Chunks of 16 pids taken in turn: the descriptors are not spread
        // evenly (a few servers hold most of them).
        loop {
            let start = next.fetch_add(16, std::sync::atomic::Ordering::Relaxed);
            if start >= pids.len() {
                break;
            }
            for &pid in &pids[start..(start + 16).min(pids.len())] {
                if walk_one(pid, inodes, all, me, &mut buf, &mut o) {
                    found_pids.push(pid);
                }
            }
        }
        (o, found_pids)
    };
    let parts: Vec<(Owners, Vec<i32>)> = if threads > 1 {
        std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads).map(|_| s.spawn(walk)).collect();
            hs.into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    } else {
        vec![walk()]
    };
    let mut o = Owners::default();
    let mut found_pids = Vec::new();
    for (p, f) in parts {
        o.scanned += p.scanned;
        o.unreadable += p.unreadable;
        o.unreadable_uids.extend(p.unreadable_uids);
        for (ino, list) in p.by_inode {
            o.by_inode.entry(ino).or_default().extend(list);
        }
        found_pids.extend(f);
    }
    // Names and users only for the few processes found.
    let mut info: HashMap<i32, (String, u32)> = HashMap::new();
    for pid in found_pids {
        let comm = host::comm(pid).unwrap_or_else(|| "?".into());
        let uid = std::fs::metadata(format!("/proc/{pid}"))
            .map(|m| m.uid())
            .unwrap_or(u32::MAX);
        info.insert(pid, (comm, uid));
    }
    for list in o.by_inode.values_mut() {
        for ow in list.iter_mut() {
            if let Some((c, u)) = info.get(&ow.pid) {
                ow.comm = c.clone();
                ow.uid = *u;
            }
        }
        list.sort_by_key(|ow| (ow.pid, ow.fd));
    }
    o
}

/// Looks through one process's descriptors for `inodes`; true when it
/// holds one of them.
fn walk_one(
    pid: i32,
    inodes: &HashSet<u64>,
    sees_all: bool,
    me: u32,
    buf: &mut [u8],
    o: &mut Owners,
) -> bool {
    o.scanned += 1;
    let uid_of = |pid: i32| {
        std::fs::metadata(format!("/proc/{pid}"))
            .ok()
            .map(|m| m.uid())
    };
    if !sees_all {
        match uid_of(pid) {
            None => return false,
            Some(u) if u != me => {
                o.unreadable += 1;
                o.unreadable_uids.insert(u);
                return false;
            }
            Some(_) => {}
        }
    }
    let dir = match RawDir::open(&format!("/proc/{pid}/fd")) {
        Ok(d) => d,
        Err(nix::errno::Errno::ENOENT) | Err(nix::errno::Errno::ESRCH) => return false,
        Err(_) => {
            o.unreadable += 1;
            if let Some(u) = uid_of(pid) {
                o.unreadable_uids.insert(u);
            }
            return false;
        }
    };
    let mut hit = false;
    dir.each_fd(buf, |fd, link| {
        if let Some(ino) = socket_inode(link) {
            if inodes.contains(&ino) {
                o.by_inode.entry(ino).or_default().push(Owner {
                    pid,
                    comm: String::new(),
                    uid: 0,
                    fd,
                });
                hit = true;
            }
        }
    });
    hit
}

/// `n` (not negative) in decimal, NUL-terminated, in `buf`: the name of
/// descriptor `n` in /proc/PID/fd, without an allocation per descriptor.
fn decimal(n: i32, buf: &mut [u8; 12]) -> &CStr {
    let mut digits = [0u8; 10];
    let (mut v, mut len) = (n.unsigned_abs(), 0);
    loop {
        digits[len] = b'0' + (v % 10) as u8;
        len += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    for i in 0..len {
        buf[i] = digits[len - 1 - i];
    }
    buf[len] = 0;
    CStr::from_bytes_until_nul(&buf[..=len]).unwrap_or(c"0")
}

/// `socket:[12345]` → 12345.
fn socket_inode(link: &[u8]) -> Option<u64> {
    let digits = link.strip_prefix(b"socket:[")?.strip_suffix(b"]")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptor_names_and_socket_links() {
        let mut b = [0u8; 12];
        assert_eq!(decimal(0, &mut b).to_bytes(), b"0");
        assert_eq!(decimal(1024, &mut b).to_bytes(), b"1024");
        assert_eq!(decimal(i32::MAX, &mut b).to_bytes(), b"2147483647");
        assert_eq!(socket_inode(b"socket:[4330098]"), Some(4330098));
        assert_eq!(socket_inode(b"pipe:[12]"), None);
        assert_eq!(socket_inode(b"/dev/null"), None);
    }

    /// Descriptors are read whether or not they follow each other: a gap
    /// hands over to the listing. (Other tests open and
    /// close descriptors meanwhile, so only ours are looked for.)
    #[test]
    fn every_descriptor_is_read_once_gaps_included() {
        use std::os::fd::AsRawFd;
        let me = std::process::id() as i32;
        let low = std::fs::File::open("/dev/null").unwrap();
        // SAFETY: F_DUPFD_CLOEXEC duplicates our open descriptor to the
        // lowest free number at or above the one given.
        let high = unsafe { libc::fcntl(low.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 5000) };
        assert!(high >= 5000);
        let got = fd_links(me).unwrap();
        let fds: Vec<i32> = got.iter().map(|l| l.0).collect();
        for fd in [low.as_raw_fd(), high] {
            let l = got.iter().find(|l| l.0 == fd);
            assert_eq!(l.map(|l| l.1.as_str()), Some("/dev/null"), "{fd}: {got:?}");
        }
        let mut dedup = fds.clone();
        dedup.dedup();
        assert_eq!(dedup, fds);
        // SAFETY: closes the duplicate made above, ours alone.
        unsafe { libc::close(high) };
    }
}
