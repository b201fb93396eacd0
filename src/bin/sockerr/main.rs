//! sockerr, the command-line front end: parse, resolve, dispatch, and turn
//! the outcome into an exit status.
//!
//! Everything that knows about clap, terminals, colours and exit codes lives
//! in this folder: `cli.rs` (the one definition of the command line),
//! `config.rs` (it resolved once), `error.rs` (errors and exit statuses), one
//! file per subcommand (`explain.rs`, `list.rs`, `scan/`, `repro.rs`, `trace/`),
//! `render/` (human, JSON and brief output) and `generate.rs` (completions
//! and man pages). The library (`src/lib.rs`) knows none of it. With glibc
//! the process starts in `start.rs`, which then calls [`sockerr`].

// Rust's runtime start-up costs more than a lookup: start.rs says why.
#![cfg_attr(all(target_os = "linux", target_env = "gnu", not(test)), no_main)]

mod cli;
mod complete;
mod config;
mod diagnose;
mod echo;
mod error;
mod explain;
mod generate;
mod list;
mod render;
mod repro;
mod scan;
#[cfg(all(target_os = "linux", target_env = "gnu", not(test)))]
mod start;
mod trace;

use cli::{Cli, Command};
use config::Config;
use error::{Error, Result};
use std::io::{self, BufWriter, IsTerminal, Write};

#[cfg(not(all(target_os = "linux", target_env = "gnu", not(test))))]
fn main() {
    std::process::exit(sockerr());
}

/// The whole run: parse, dispatch, and the exit status.
fn sockerr() -> i32 {
    // A panic is a bug in sockerr, never the user's fault: say so in one
    // line instead of Rust's panic text and backtrace hint.
    std::panic::set_hook(Box::new(|info| {
        let _ = writeln!(
            io::stderr(),
            "sockerr: internal error ({info}); please report it with the command that caused it"
        );
    }));
    let cli = match Cli::from_env() {
        Ok(cli) => cli,
        Err(e) => return clap_outcome(&e),
    };
    match run(cli) {
        Ok(()) => 0,
        // The reader went away (`sockerr list | head -1`): it had what it wanted.
        Err(e) if e.is_broken_pipe() => 0,
        Err(e) => {
            match &e {
                Error::NotFound | Error::Unreadable | Error::Exit(_) => {}
                _ => {
                    let _ = writeln!(io::stderr(), "sockerr: {e}");
                }
            }
            e.exit_code()
        }
    }
}

/// Prints what clap has to say (help, the version, or a usage error) and
/// returns the exit status. clap's own `exit()` ignores a failed write, so
/// `sockerr --help > /dev/full` would exit 0 having printed nothing; here a
/// failed write of help or version is an I/O error like any other output's.
fn clap_outcome(e: &clap::Error) -> i32 {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return match e.print().and_then(|()| io::stdout().flush()) {
            Ok(()) => 0,
            // `sockerr --help | head -3`: the reader had enough.
            Err(w) if w.kind() == io::ErrorKind::BrokenPipe => 0,
            Err(w) => {
                let what = if e.kind() == ErrorKind::DisplayHelp {
                    "the help"
                } else {
                    "the version"
                };
                let _ = writeln!(
                    io::stderr(),
                    "sockerr: cannot write {what}: {}",
                    Error::Io(w)
                );
                2
            }
        };
    }
    if let Some((bad, line)) = pasted_unquoted(e) {
        let _ = writeln!(
            io::stderr(),
            "sockerr: unexpected argument '{}': the words look like a message pasted without quotes\n  \
             tip: quote it as one argument: sockerr '{}'",
            echo::escaped(&bad),
            echo::escaped(&line)
        );
        return e.exit_code();
    }
    // A usage error quotes the offending argument. clap passes an escape
    // sequence in it straight to a colour terminal; when an argument holds
    // control characters, print the plain text with them escaped instead.
    let hostile: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .filter(|a| a.chars().any(char::is_control))
        .collect();
    if !hostile.is_empty() {
        // The styled text holds the arguments as given (the plain one has
        // their escape sequences stripped, which hides what was typed).
        let mut text = e.render().ansi().to_string();
        for a in &hostile {
            text = text.replace(a.as_str(), &echo::escaped(a));
        }
        // What remains of ESC is clap's own styling: drop it too.
        let plain = echo::without_sgr(&text);
        let lines: Vec<String> = plain.lines().map(echo::escaped).collect();
        let _ = writeln!(io::stderr(), "{}", lines.join("\n").trim_end());
    } else {
        let _ = e.print();
    }
    e.exit_code()
}

/// The word clap stumbled on and the command line joined back into one
/// message (quoted for a POSIX shell), when that word is like `-3]`, which
/// no option looks like: what a Python traceback's `socket.gaierror: [Errno
/// -3] Temporary failure in name resolution` turns into when pasted without
/// quotes. clap's own tip (`-- -3`) would not help
/// there; quoting the line does. A plain negative number never gets here:
/// it is a query (`sockerr -3`).
fn pasted_unquoted(e: &clap::Error) -> Option<(String, String)> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(bad)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    let digit_after_dash = bad
        .strip_prefix('-')
        .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    if !digit_after_dash {
        return None;
    }
    let words: Vec<String> = std::env::args_os()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let word = words.iter().find(|w| w.starts_with(bad.as_str()))?.clone();
    // Inside single quotes only a single quote needs care: end, escape, reopen.
    (words.len() > 1).then(|| (word, words.join(" ").replace('\'', r"'\''")))
}

fn run(cli: Cli) -> Result<()> {
    let cfg = Config::from_args(&cli.global);
    if cli.command.is_some() && !cli.query.is_empty() {
        return Err(Error::Usage(format!(
            "a query ({}) and a subcommand cannot go together; use `sockerr explain QUERY`",
            echo::shown(&cli.query[0].to_string_lossy())
        )));
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut err = io::stderr();
    let result = match cli.command {
        Some(Command::Explain { query }) => {
            explain::explain(&cfg, &mut out, &mut err, &explain::query_text(&query)?)
        }
        Some(Command::List) => list::list(&cfg, &mut out),
        Some(Command::Search { words }) => list::search(&cfg, &mut out, &mut err, &words),
        Some(Command::Scan {
            files,
            only_errors,
            summary,
        }) => scan::run(&cfg, &mut out, &mut err, &files, only_errors, summary),
        // No query and input piped in: `app 2>&1 | sockerr` scans it.
        None if cli.query.is_empty() && !io::stdin().is_terminal() => {
            scan::run(&cfg, &mut out, &mut err, &[], false, false)
        }
        Some(Command::Repro { errno, list }) => {
            let errno = errno.map(|q| explain::query_text(&[q])).transpose()?;
            repro::run(&cfg, &mut out, &mut err, errno.as_deref(), list)
        }
        Some(Command::Diagnose(args)) => diagnose::run(&cfg, &mut out, &mut err, &args),
        Some(Command::Trace(t)) => trace::run(&cfg, &t, cli.global.color),
        Some(Command::Completions { shell }) => Ok(generate::completion(shell, &mut out)?),
        Some(Command::Generate { what, dir }) => match what {
            cli::Generated::Man => Ok(generate::man_to(&dir)?),
            cli::Generated::Completions => Ok(generate::completions_to(&dir)?),
        },
        None if cli.query.is_empty() => Err(Error::Usage(
            "give an errno name, number or message, or pipe a log in to scan it (see --help)"
                .into(),
        )),
        None => explain::explain(&cfg, &mut out, &mut err, &explain::query_text(&cli.query)?),
    };
    // Flush even after a miss, so what was printed arrives; a flush error
    // (a closed pipe) outranks the miss.
    out.flush()?;
    result
}
