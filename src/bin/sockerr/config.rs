//! The command line resolved once into the settings everything else reads:
//! `auto` colour becomes on or off here, the language is decided here.

use crate::cli::{ColorWhen, Global, LangArg, OsArg};
use sockerr::{Lang, Os, Syscall};
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
            // https://no-color.org: set and not empty means no colour.
            ColorWhen::Auto => tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
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
            width: if tty {
                terminal_width().clamp(40, 100)
            } else {
                80
            },
        }
    }
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
