//! The C programs `sockerr trace` is tested on, and their building: each
//! makes a socket call fail on loopback in one known way.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::Mutex;

/// Connects to a port that is bound but not listening, so the kernel
/// refuses at once: blocking, then non-blocking (EINPROGRESS, getpeername's
/// ENOTCONN, the refusal read back with SO_ERROR), then over IPv6. Prints
/// the port; exits with the status given as argv[1].
pub const REFUSED: &str = r#"
#include <arpa/inet.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (void *)&a, sizeof a);
  socklen_t al = sizeof a;
  getsockname(l, (void *)&a, &al);
  printf("port %d\n", ntohs(a.sin_port));
  fflush(stdout);
  int s = socket(AF_INET, SOCK_STREAM, 0);
  connect(s, (void *)&a, sizeof a);
  int n = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  connect(n, (void *)&a, sizeof a);
  struct sockaddr_in p;
  socklen_t pl = sizeof p;
  getpeername(n, (void *)&p, &pl);
  struct pollfd pf = {n, POLLOUT, 0};
  poll(&pf, 1, 2000);
  int e;
  socklen_t el = sizeof e;
  getsockopt(n, SOL_SOCKET, SO_ERROR, &e, &el);
  printf("so_error %d\n", e);
  return argc > 1 ? atoi(argv[1]) : 0;
}
"#;

/// A server whose peer resets: the child connects, sends two bytes and
/// closes with SO_LINGER 0 (a RST); the parent reads (ECONNRESET), then
/// writes (EPIPE, without SIGPIPE).
pub const RESET: &str = r#"
#include <arpa/inet.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (void *)&a, sizeof a);
  listen(l, 1);
  socklen_t al = sizeof a;
  getsockname(l, (void *)&a, &al);
  pid_t c = fork();
  if (c == 0) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (void *)&a, sizeof a);
    write(s, "hi", 2);
    struct linger lg = {1, 0};
    setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    usleep(100000);
    close(s);
    _exit(0);
  }
  int s = accept(l, NULL, NULL);
  usleep(300000);
  char b[64];
  while (read(s, b, sizeof b) > 0) {
  }
  send(s, "x", 1, MSG_NOSIGNAL);
  waitpid(c, NULL, 0);
  printf("server %d client %d\n", (int)getpid(), (int)c);
  return 0;
}
"#;

/// Runs out of descriptors: RLIMIT_NOFILE 16, sockets until socket() fails.
pub const EMFILE: &str = r#"
#include <stdio.h>
#include <sys/resource.h>
#include <sys/socket.h>
int main(void) {
  struct rlimit r = {16, 16};
  setrlimit(RLIMIT_NOFILE, &r);
  int n = 0;
  while (n < 64 && socket(AF_INET, SOCK_STREAM, 0) >= 0) n++;
  printf("opened %d\n", n);
  return 0;
}
"#;

/// Three threads, each refused twice.
pub const THREADS: &str = r#"
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
static struct sockaddr_in a;
static void *work(void *x) {
  for (int i = 0; i < 2; i++) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (void *)&a, sizeof a);
    close(s);
  }
  return x;
}
int main(void) {
  int l = socket(AF_INET, SOCK_STREAM, 0);
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (void *)&a, sizeof a);
  socklen_t al = sizeof a;
  getsockname(l, (void *)&a, &al);
  pthread_t t[3];
  for (int i = 0; i < 3; i++) pthread_create(&t[i], NULL, work, NULL);
  for (int i = 0; i < 3; i++) pthread_join(t[i], NULL);
  printf("pid %d\n", (int)getpid());
  return 0;
}
"#;

/// Refused every 50 ms, printing a counter, for at most 30 s; lets any
/// process of its user trace it (Yama's ptrace_scope 1 would otherwise
/// allow only its ancestors). With argv[1] = "int", a Ctrl-C ends it
/// gracefully: it prints "bye" and exits 0.
pub const LOOP: &str = r#"
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>
static volatile sig_atomic_t stop;
static void on_int(int s) { (void)s; stop = 1; }
int main(int argc, char **argv) {
  prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY, 0, 0, 0);
  if (argc > 1 && strcmp(argv[1], "int") == 0) signal(SIGINT, on_int);
  int l = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {0};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(l, (void *)&a, sizeof a);
  socklen_t al = sizeof a;
  getsockname(l, (void *)&a, &al);
  for (int i = 0; i < 600 && !stop; i++) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    connect(s, (void *)&a, sizeof a);
    close(s);
    printf("%d\n", i);
    fflush(stdout);
    usleep(50000);
  }
  if (stop) printf("bye\n");
  return 0;
}
"#;

/// Standard input to standard output (with bytes of every value and no
/// final newline), a line to standard error, exit status 5.
pub const STDIO: &str = r#"
#include <stdio.h>
#include <unistd.h>
int main(void) {
  char b[4096];
  ssize_t n;
  while ((n = read(0, b, sizeof b)) > 0) write(1, b, n);
  for (int i = 0; i < 256; i++) putchar(i);
  printf("\r\nhalf a line");
  fflush(stdout);
  fprintf(stderr, "a line of its own on stderr\n");
  return 5;
}
"#;

/// Builds a C program once per test run, under the target directory.
pub fn program(name: &str, source: &str) -> PathBuf {
    static BUILT: Mutex<BTreeMap<String, PathBuf>> = Mutex::new(BTreeMap::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(p) = built.get(name) {
        return p.clone();
    }
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("trace-programs");
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join(format!("{name}.c"));
    let bin = dir.join(name);
    std::fs::write(&src, source).unwrap();
    let out = Command::new("gcc")
        .args(["-O2", "-Wall", "-pthread", "-o"])
        .arg(&bin)
        .arg(&src)
        .output()
        .expect("gcc runs");
    assert!(
        out.status.success(),
        "gcc {name}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    built.insert(name.into(), bin.clone());
    bin
}
