//! AF_UNIX sockets on this host: a stale socket file and a live one, an
//! abstract name, a path that is not a socket, a symbolic link, and a
//! socket file replaced under a server that still runs. Each is run as the
//! test's user and, as root, as uid 65534 too.

use super::host::{as_nobody, conclusion, hold, need_root, Scratch};
use super::{diag, diag_via, need_sock_diag, sentence, shape, status};
use std::os::unix::net::UnixListener;

#[test]
fn a_stale_unix_socket_file_and_a_live_one() {
    let dir = Scratch::new("unix");
    // Stale: bound, then the listener goes away and the file stays.
    let stale = dir.0.join("stale.sock");
    drop(UnixListener::bind(&stale).unwrap());
    assert!(stale.exists());
    assert!(
        UnixListener::bind(&stale).is_err(),
        "bind on the stale file fails for real"
    );
    let p = stale.to_str().unwrap();
    let (code, v) = diag(&["EADDRINUSE", p]);
    assert_eq!(code, 0);
    shape(&v);
    assert_eq!(status(&v, "unix-path"), "info");
    assert_eq!(status(&v, "unix-bound"), "problem", "{v:#}");
    assert!(
        sentence(&v, "unix-bound").contains("stale socket file"),
        "{v:#}"
    );
    assert_eq!(conclusion(&v).0, "unix-bound");
    assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");
    assert!(v["conclusion"]["fix"]
        .as_str()
        .unwrap()
        .contains("unlink()"));
    let w = v["conclusion"]["weight"].as_u64().unwrap();
    // --probe makes sure: a connect is refused.
    let (_, v) = diag(&["EADDRINUSE", p, "--probe"]);
    assert!(
        sentence(&v, "unix-bound").contains("connection to it was refused"),
        "{v:#}"
    );
    assert!(v["conclusion"]["weight"].as_u64().unwrap() > w);
    assert!(
        sentence(&v, "probe-connect").contains("ECONNREFUSED"),
        "{v:#}"
    );
    // ECONNREFUSED on the same file.
    let (_, v) = diag(&["ECONNREFUSED", p]);
    assert_eq!(conclusion(&v).0, "unix-bound");
    assert_eq!(v["conclusion"]["fix_from"], "connect ECONNREFUSED");

    // Live: a child holds the listener.
    let live = dir.0.join("live.sock");
    let child = hold(vec![UnixListener::bind(&live).unwrap().into()], None, None);
    let (_, v) = diag(&["EADDRINUSE", live.to_str().unwrap()]);
    assert_eq!(status(&v, "unix-bound"), "problem");
    assert!(
        sentence(&v, "unix-bound").contains(&format!("pid {} (sleep", child.pid())),
        "{v:#}"
    );
    assert!(conclusion(&v).1.contains("live server"), "{v:#}");
    assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");

    // An abstract name held by a child, and one nobody holds.
    let name = format!("sockerr-test-{}", std::process::id());
    let abs = {
        use std::os::linux::net::SocketAddrExt;
        let a = std::os::unix::net::SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        UnixListener::bind_addr(&a).unwrap()
    };
    let child2 = hold(vec![abs.into()], None, None);
    let (_, v) = diag(&["EADDRINUSE", &format!("@{name}")]);
    assert!(
        sentence(&v, "unix-bound").contains(&format!("pid {}", child2.pid())),
        "{v:#}"
    );
    let (_, v) = diag(&["EADDRINUSE", &format!("@{name}-none")]);
    assert_eq!(status(&v, "unix-bound"), "fine", "{v:#}");

    // Not a socket at all.
    let file = dir.0.join("plain");
    std::fs::write(&file, "x").unwrap();
    let (_, v) = diag(&["EADDRINUSE", file.to_str().unwrap()]);
    assert_eq!(status(&v, "unix-path"), "problem");
    assert!(sentence(&v, "unix-path").contains("regular file"), "{v:#}");
    // In Chinese, in Chinese words.
    let (_, zh, _) = crate::util::run(&[
        "diagnose",
        "EADDRINUSE",
        file.to_str().unwrap(),
        "--lang",
        "zh",
    ]);
    assert!(
        zh.contains("是普通文件，不是套接字") && !zh.contains("是regular"),
        "{zh}"
    );

    // A symbolic link to the live socket: bind() finds the link in the
    // way, connect() follows it to the server.
    let link = dir.0.join("link.sock");
    std::os::unix::fs::symlink(&live, &link).unwrap();
    let l = link.to_str().unwrap();
    let (_, v) = diag(&["EADDRINUSE", l]);
    assert!(
        sentence(&v, "unix-path").contains("a symbolic link, not a socket"),
        "{v:#}"
    );
    let (_, v) = diag(&["ECONNREFUSED", l]);
    assert_eq!(status(&v, "unix-path"), "info", "{v:#}");
    assert!(
        sentence(&v, "unix-bound").contains(&format!("pid {} (sleep", child.pid())),
        "{v:#}"
    );

    if need_root("AF_UNIX diagnosis as an ordinary user") {
        // The directory must be searchable by uid 65534.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir.0, std::fs::Permissions::from_mode(0o755)).unwrap();
        let (_, v) = as_nobody(&["EADDRINUSE", live.to_str().unwrap()]);
        // The listening socket is seen, whose it is is not: never "stale".
        let s = sentence(&v, "unix-bound");
        assert!(!s.contains("stale"), "{s}");
        assert!(s.contains("not visible"), "{s}");
        assert_eq!(status(&v, "unix-owners"), "could-not-see", "{v:#}");
        let (_, v) = as_nobody(&["EADDRINUSE", p]);
        assert!(sentence(&v, "unix-bound").contains("stale"), "{v:#}");
    }
}

/// A server still runs, but its socket file was deleted and another put in
/// its place (a second instance's stale file): connecting to the path is
/// refused while the server lives. unix_diag tells by the file's inode.
#[test]
fn a_unix_socket_file_replaced_under_a_live_server() {
    if !need_sock_diag("telling a replaced socket file by its inode", true) {
        return;
    }
    let dir = Scratch::new("replaced");
    let path = dir.0.join("app.sock");
    let server = hold(vec![UnixListener::bind(&path).unwrap().into()], None, None);
    std::fs::remove_file(&path).unwrap();
    drop(UnixListener::bind(&path).unwrap());
    // For real: the path is refused, though the server listens.
    let e = std::os::unix::net::UnixStream::connect(&path).unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::ConnectionRefused);
    let p = path.to_str().unwrap();
    let pid = format!("pid {} (sleep", server.pid());
    let (code, v) = diag_via(&["ECONNREFUSED", p], false);
    assert_eq!(code, 0);
    shape(&v);
    assert_eq!(status(&v, "unix-bound"), "problem", "{v:#}");
    assert_eq!(status(&v, "unix-replaced"), "problem", "{v:#}");
    assert!(sentence(&v, "unix-replaced").contains(&pid), "{v:#}");
    let (by, said) = conclusion(&v);
    assert_eq!(by, "unix-replaced");
    assert!(said.contains("removed or replaced"), "{said}");
    assert_eq!(v["conclusion"]["fix_from"], "connect ECONNREFUSED");
    // bind() on the path: the file there is stale, and the old server is named.
    let (_, v) = diag_via(&["EADDRINUSE", p], false);
    assert_eq!(conclusion(&v).0, "unix-replaced", "{v:#}");
    assert!(conclusion(&v).1.contains(&pid), "{v:#}");
    assert_eq!(v["conclusion"]["fix_from"], "bind EADDRINUSE");
    // /proc/net/unix knows names, not files: the fallback says what it
    // cannot tell, and --probe settles it.
    let (_, f) = diag_via(&["ECONNREFUSED", p], true);
    assert!(conclusion(&f).1.contains("--probe"), "{f:#}");
    let (_, f) = diag_via(&["ECONNREFUSED", p, "--probe"], true);
    assert!(
        sentence(&f, "probe-connect").contains("ECONNREFUSED"),
        "{f:#}"
    );
    assert_eq!(conclusion(&f).0, "unix-replaced", "{f:#}");
    assert!(conclusion(&f).1.contains(&pid), "{f:#}");
}
