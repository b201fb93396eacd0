//! The command line resolved once into the settings everything else reads:
//! `auto` colour becomes on or off here, the language is decided here.

use crate::cli::{ColorWhen, Global, LangArg, OsArg};
use sockerr::{Lang, Os, Syscall};
use std::ffi::OsString;
use std::io::IsTerminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Brief,
}

#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub format: Format,
    pub color: bool,
    pub lang: Lang,
    pub syscall: Option<Syscall>,
    /// Whose numbers a number means: `--os`, else this host's.
    pub os: Os,
    /// Whether `--os` was given: then its platform notes are shown.
    pub os_given: bool,
    /// Columns to wrap prose at.
    pub width: usize,
}

impl Config {
    pub fn from_args(g: &Global) -> Config {
        let tty = std::io::stdout().is_terminal();
        let color = match g.color {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => auto_color(tty, |v| std::env::var_os(v)),
        };
        colored::control::set_override(color);
        let lang = match g.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Zh) => Lang::Zh,
            None => Lang::from_env(),
        };
        let format = if g.json {
            Format::Json
        } else if g.brief {
            Format::Brief
        } else {
            Format::Human
        };
        Config {
            format,
            color,
            lang,
            syscall: g.syscall,
            os: match g.os {
                Some(OsArg::Linux) => Os::Linux,
                Some(OsArg::Macos) => Os::Macos,
                Some(OsArg::Freebsd) => Os::Freebsd,
                Some(OsArg::Windows) => Os::Windows,
                None => Os::host(),
            },
            os_given: g.os.is_some(),
            width: columns(std::env::var_os("COLUMNS"))
                .or_else(|| tty.then(terminal_width))
                .unwrap_or(80)
                .clamp(40, 100),
        }
    }
}

/// What `--color auto` decides, from the environment conventions, the
/// strongest first (README "Colour and language", the man page's
/// ENVIRONMENT):
///
/// 1. `NO_COLOR` set and not empty: no colour (<https://no-color.org>).
/// 2. `CLICOLOR_FORCE` set, not empty and not `0`: colour even when output
///    is not a terminal (<https://bixense.com/clicolors/>).
/// 3. `CLICOLOR=0`: no colour.
/// 4. Otherwise colour exactly when standard output is a terminal.
///
/// NO_COLOR outranks CLICOLOR_FORCE as in anstream (clap's, and so cargo's,
/// colour choice): both are standing wishes in the environment, and when
/// they disagree the safe failure is plain text, since escape codes in a
/// file or a pipe are worse than a terminal without colour. `--color` on
/// the command line outranks them all.
pub fn auto_color(tty: bool, var: impl Fn(&str) -> Option<OsString>) -> bool {
    let set = |name: &str| var(name).filter(|v| !v.is_empty());
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if var("CLICOLOR").is_some_and(|v| v == "0") {
        return false;
    }
    tty
}

/// The width `COLUMNS` asks for, when it is a number: it wins over the
/// terminal's own, as it does for ls(1) and clap's help, and also applies
/// when output is not a terminal (`COLUMNS=60 sockerr X | less`).
fn columns(v: Option<OsString>) -> Option<usize> {
    v?.to_str()?.trim().parse().ok().filter(|&n| n > 0)
}

fn terminal_width() -> usize {
    // SAFETY: TIOCGWINSZ writes a winsize into the struct we pass and nothing else.
    let mut ws: libc::winsize = unsafe { std::mem::zeroed() };
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &mut ws) } == 0;
    if ok && ws.ws_col > 0 {
        usize::from(ws.ws_col)
    } else {
        80
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto(tty: bool, env: &[(&str, &str)]) -> bool {
        auto_color(tty, |name| {
            env.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        })
    }

    #[test]
    fn colour_conventions_in_order() {
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
        assert!(!auto(true, &[("CLICOLOR", "0")]));
        assert!(auto(true, &[("CLICOLOR", "1")]));
        assert!(auto(false, &[("CLICOLOR", "0"), ("CLICOLOR_FORCE", "1")]));
    }
}
