//! What the user names as the thing that failed: a port, an address, a Unix
//! socket, a host name.

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `:8080` (no address), `127.0.0.1:5432`, `[::1]:5432`, or a bare `8080`.
    Port { addr: Option<IpAddr>, port: u16 },
    /// `198.51.100.7`, `2001:db8::1`, `[2001:db8::1]`: an address without a port.
    Addr(IpAddr),
    /// `/run/app.sock`, `./app.sock`: an AF_UNIX path.
    UnixPath(PathBuf),
    /// `@name`: an AF_UNIX abstract name (without the leading NUL).
    UnixAbstract(String),
    /// `db.internal`, `localhost:5432`: a name, for the resolver checks (and
    /// `localhost`, looked up in /etc/hosts only).
    Host { name: String, port: Option<u16> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetError {
    /// Not a port, address, path or host name; the text is what was given.
    Unreadable(String),
    /// A port outside 0-65535.
    BadPort(String),
}

impl Target {
    pub fn parse(s: &str) -> Result<Target, TargetError> {
        let s = s.trim();
        let bad = || TargetError::Unreadable(s.to_string());
        if s.is_empty() {
            return Err(bad());
        }
        if let Some(name) = s.strip_prefix('@') {
            return if name.is_empty() {
                Err(bad())
            } else {
                Ok(Target::UnixAbstract(name.to_string()))
            };
        }
        if s.contains('/') {
            return Ok(Target::UnixPath(PathBuf::from(s)));
        }
        if let Some(p) = s.strip_prefix(':') {
            return Ok(Target::Port {
                addr: None,
                port: port(p)?,
            });
        }
        if s.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Target::Port {
                addr: None,
                port: port(s)?,
            });
        }
        if let Ok(sa) = s.parse::<SocketAddr>() {
            return Ok(Target::Port {
                addr: Some(sa.ip()),
                port: sa.port(),
            });
        }
        if let Ok(ip) = s.parse::<IpAddr>() {
            return Ok(Target::Addr(ip));
        }
        if let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            return inner.parse().map(Target::Addr).map_err(|_| bad());
        }
        // A host name, with or without a port.
        let (name, p) = match s.rsplit_once(':') {
            Some((n, p)) if !n.contains(':') => (n, Some(port(p)?)),
            Some(_) => return Err(bad()),
            None => (s, None),
        };
        let label_ok = |l: &str| {
            !l.is_empty()
                && l.len() <= 63
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        };
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.len() <= 253 && name.split('.').all(label_ok) {
            Ok(Target::Host {
                name: name.to_string(),
                port: p,
            })
        } else {
            Err(bad())
        }
    }

    /// The address, when the target names one.
    pub fn addr(&self) -> Option<IpAddr> {
        match self {
            Target::Port { addr, .. } => *addr,
            Target::Addr(a) => Some(*a),
            _ => None,
        }
    }

    pub fn port(&self) -> Option<u16> {
        match self {
            Target::Port { port, .. } => Some(*port),
            Target::Host { port, .. } => *port,
            _ => None,
        }
    }

    /// One word for `--json`: port, address, unix-path, unix-abstract, host.
    pub fn kind(&self) -> &'static str {
        match self {
            Target::Port { .. } => "port",
            Target::Addr(_) => "address",
            Target::UnixPath(_) => "unix-path",
            Target::UnixAbstract(_) => "unix-abstract",
            Target::Host { .. } => "host",
        }
    }
}

fn port(s: &str) -> Result<u16, TargetError> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(TargetError::Unreadable(s.to_string()));
    }
    s.parse().map_err(|_| TargetError::BadPort(s.to_string()))
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Port { addr: None, port } => write!(f, ":{port}"),
            Target::Port {
                addr: Some(a),
                port,
            } => write!(f, "{}", SocketAddr::new(*a, *port)),
            Target::Addr(a) => write!(f, "{a}"),
            Target::UnixPath(p) => write!(f, "{}", p.display()),
            Target::UnixAbstract(n) => write!(f, "@{n}"),
            Target::Host { name, port: None } => write!(f, "{name}"),
            Target::Host {
                name,
                port: Some(p),
            } => write!(f, "{name}:{p}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_the_issue_shows() {
        let p = |s| Target::parse(s).unwrap();
        assert_eq!(
            p(":8080"),
            Target::Port {
                addr: None,
                port: 8080
            }
        );
        assert_eq!(
            p("127.0.0.1:5432"),
            Target::Port {
                addr: Some("127.0.0.1".parse().unwrap()),
                port: 5432
            }
        );
        assert_eq!(
            p("[::1]:5432"),
            Target::Port {
                addr: Some("::1".parse().unwrap()),
                port: 5432
            }
        );
        assert_eq!(
            p("198.51.100.7"),
            Target::Addr("198.51.100.7".parse().unwrap())
        );
        assert_eq!(
            p("2001:db8::1"),
            Target::Addr("2001:db8::1".parse().unwrap())
        );
        assert_eq!(
            p("[2001:db8::1]"),
            Target::Addr("2001:db8::1".parse().unwrap())
        );
        assert_eq!(p("/run/app.sock"), Target::UnixPath("/run/app.sock".into()));
        assert_eq!(p("@app"), Target::UnixAbstract("app".into()));
        assert_eq!(
            p("db.internal"),
            Target::Host {
                name: "db.internal".into(),
                port: None
            }
        );
        assert_eq!(
            p("localhost:5432"),
            Target::Host {
                name: "localhost".into(),
                port: Some(5432)
            }
        );
        assert_eq!(p("8080").to_string(), ":8080");
    }

    #[test]
    fn nonsense_is_refused() {
        for s in ["", ":", ":http", "@", "a b", "[::1", "x:y:z", ":99999"] {
            assert!(Target::parse(s).is_err(), "{s:?}");
        }
        assert_eq!(
            Target::parse(":99999"),
            Err(TargetError::BadPort("99999".into()))
        );
    }
}
