//! Messages whose format says a socket call failed, before a plain error
//! text: `ssh: connect to host H port P: Permission denied`, curl's
//! `Immediate connect fail for H: Permission denied`, wget's `Connecting to
//! H:P... failed: Permission denied.`, libpq's `connection to server ...
//! failed: No such file or directory`, Java's `java.net.SocketException:
//! Invalid argument`.
//!
//! The texts of EACCES, ENOENT, EINVAL and the like are everywhere in logs
//! (`Permission denied (publickey)`, a missing file), so they count only
//! right after a socket call's name, or right after one of these contexts.
//! A context also names the call where the text before the message names
//! none. They are checked only where a message anchor already hit, so they
//! cost nothing in the bulk search.

use super::*;

/// What the text before a message (`before`, ending where the message
/// starts) says: `Some(call)` when it is a socket call's context, where the
/// call is `None` if the context names no call (Java's SocketException).
pub(super) fn context_before(before: &[u8]) -> Option<Option<(Option<Syscall>, String)>> {
    let connect = || Some(Some((Some(Syscall::Connect), "connect".to_string())));
    let tail = &before[before.len().saturating_sub(320)..];
    // ssh: "connect to host 127.0.0.1 port 22: "
    if let Some(rest) = tail.strip_suffix(b": ") {
        if let Some(i) = rfind(rest, b"connect to host ") {
            let after = &rest[i + 16..];
            if let Some(p) = rfind(after, b" port ") {
                let host = &after[..p];
                let port = &after[p + 6..];
                if !host.is_empty()
                    && !host.contains(&b' ')
                    && !port.is_empty()
                    && port.iter().all(u8::is_ascii_digit)
                {
                    return connect();
                }
            }
        }
        // curl -v: "Immediate connect fail for 127.0.0.1: "
        if let Some(i) = rfind(rest, b"Immediate connect fail for ") {
            if !rest[i + 27..].is_empty() && !rest[i + 27..].contains(&b' ') {
                return connect();
            }
        }
        // Java: "java.net.SocketException: " names no call, but a socket
        // operation failed.
        if rest.ends_with(b"SocketException") {
            return Some(None);
        }
    }
    // wget: "Connecting to 127.0.0.1:8080... failed: "; libpq: "connection
    // to server at \"H\", port P failed: ", "connection to server on socket
    // \"/path\" failed: ".
    if let Some(rest) = tail.strip_suffix(b" failed: ") {
        // wget writes "host|ip|:port" or "host (host)|ip|:port" for a name.
        if let Some(addr) = rest.strip_suffix(b"...") {
            if let Some(i) = rfind(addr, b"Connecting to ") {
                let addr = &addr[i + 14..];
                let port = addr.iter().rev().take_while(|b| b.is_ascii_digit()).count();
                if port > 0 && addr[..addr.len() - port].ends_with(b":") {
                    return connect();
                }
            }
        }
        if let Some(i) = rfind(rest, b"connection to server ") {
            let what = &rest[i + 21..];
            if what.starts_with(b"at \"") || what.starts_with(b"on socket \"") {
                return connect();
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(s: &str) -> Option<Option<&'static str>> {
        context_before(s.as_bytes()).map(|c| c.and_then(|(s, _)| s.map(|s| s.name())))
    }

    #[test]
    fn socket_contexts_and_look_alikes() {
        let c = Some(Some("connect"));
        assert_eq!(ctx("ssh: connect to host db.example port 22: "), c);
        assert_eq!(ctx("* Immediate connect fail for 127.0.0.1: "), c);
        assert_eq!(ctx("Connecting to 127.0.0.1:8080... failed: "), c);
        assert_eq!(
            ctx("Connecting to example.org (example.org)|192.0.2.1|:80... failed: "),
            c
        );
        assert_eq!(
            ctx("psql: error: connection to server at \"127.0.0.1\", port 5432 failed: "),
            c
        );
        assert_eq!(
            ctx("psql: error: connection to server on socket \"/run/x/.s.PGSQL.5432\" failed: "),
            c
        );
        assert_eq!(ctx("java.net.SocketException: "), Some(None));
        assert_eq!(ctx("user@127.0.0.1: "), None);
        assert_eq!(ctx("cat: /etc/missing.conf: "), None);
        assert_eq!(ctx("connect to host a b port 22: "), None);
        assert_eq!(ctx("Connecting to the database failed: "), None);
    }
}
