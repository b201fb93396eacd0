//! The command line, defined once: `--help`, the completions and the man page
//! are all generated from this definition, so they cannot disagree.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use sockerr::Syscall;
use std::ffi::OsStr;
use std::ffi::OsString;
use std::path::PathBuf;

pub const EXAMPLES: &str = "\
Examples:
  sockerr ECONNRESET --syscall recv     what a reset means for recv(2), causes and fixes
  sockerr 111                           look up by number (or by message: \"connection refused\")
  strace -f ./prog 2>&1 | sockerr scan  explain every socket error in a trace";

#[derive(Debug, Parser)]
#[command(
    name = "sockerr",
    version,
    about = "Explains socket errno values for the call that failed, with causes and fixes",
    long_about = "Explains socket errno values for the call that failed: what ECONNRESET \
                  means for recv(2), why it happens, what to change, and which commands show \
                  the cause on a live system. Looks errnos up by name, number or message, \
                  and scans logs and strace output for them.",
    after_help = EXAMPLES,
    allow_negative_numbers = true,
    help_expected = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// An errno name (ECONNRESET), number (104, -104) or message ("connection reset"), a getaddrinfo
    /// code (EAI_AGAIN, "Name or service not known"), or a log line. Without a query and with
    /// standard input not a terminal, sockerr scans standard input.
    #[arg(value_name = "QUERY", value_parser = QueryParser, hide_possible_values = true)]
    pub query: Vec<OsString>,

    #[command(flatten)]
    pub global: Global,
}

impl Cli {
    /// This process's command line. A plain lookup (`sockerr ECONNRESET`,
    /// `sockerr explain 104 --syscall recv --json`) is read directly: for it,
    /// building clap's parser from this definition (every global option
    /// cloned into every subcommand) costs more than the lookup and its
    /// output together. Every other command line, and any the direct reading
    /// is unsure of, goes to clap's `try_parse`, so help, the version,
    /// completions, errors and every other form stay clap's (and main.rs
    /// prints them); the tests below hold the direct reading to clap's.
    pub fn from_env() -> Result<Cli, clap::Error> {
        match plain(std::env::args_os().skip(1)) {
            Some(cli) => Ok(cli),
            None => Cli::try_parse(),
        }
    }
}

/// The subcommands' names and clap's `help`: never a query here.
const SUBCOMMANDS: &[&str] = &[
    "explain",
    "list",
    "search",
    "scan",
    "repro",
    "diagnose",
    "trace",
    "completions",
    "generate",
    "help",
];

/// `args` (after the program name) as clap reads them, when they are query
/// words, after `explain` or not, and the global options in their plainest
/// spelling (`--syscall recv`, not `--syscall=recv`, `-srecv` or
/// `--syscall RECV`), each at most once; `None` for anything else, which
/// clap then reads.
fn plain(mut args: impl Iterator<Item = OsString>) -> Option<Cli> {
    let mut global = Global {
        syscall: None,
        lang: None,
        color: ColorWhen::Auto,
        os: None,
        json: false,
        brief: false,
    };
    let mut color = false;
    let mut explain = false;
    let mut query = Vec::new();
    while let Some(arg) = args.next() {
        let word = arg.to_str().filter(|w| !w.is_empty())?;
        if word.starts_with('-') {
            match word {
                "--json" if !global.json => global.json = true,
                "--brief" | "-b" if !global.brief => global.brief = true,
                "--syscall" | "-s" if global.syscall.is_none() => {
                    let value = args.next()?;
                    let value = value.to_str()?;
                    if !Syscall::accepted_names().any(|n| n == value) {
                        return None;
                    }
                    global.syscall = Some(Syscall::from_name(value)?);
                }
                "--lang" if global.lang.is_none() => global.lang = Some(enum_value(&mut args)?),
                "--os" if global.os.is_none() => global.os = Some(enum_value(&mut args)?),
                "--color" if !color => {
                    global.color = enum_value(&mut args)?;
                    color = true;
                }
                _ => return None,
            }
        } else if SUBCOMMANDS.iter().any(|c| c.eq_ignore_ascii_case(word)) {
            if word != "explain" || explain || !query.is_empty() {
                return None;
            }
            explain = true;
        } else {
            query.push(arg);
        }
    }
    if query.is_empty() || (global.json && global.brief) {
        return None;
    }
    Some(if explain {
        Cli {
            command: Some(Command::Explain { query }),
            query: Vec::new(),
            global,
        }
    } else {
        Cli {
            command: None,
            query,
            global,
        }
    })
}

/// An option's value, spelled exactly as one of the enum's values.
fn enum_value<T: ValueEnum>(args: &mut impl Iterator<Item = OsString>) -> Option<T> {
    T::from_str(args.next()?.to_str()?, false).ok()
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// Explain the error for this call (trace names such as sendto, accept4, pselect6 work too;
    /// with getaddrinfo, a negative number is an EAI code: -2 is EAI_NONAME); with list,
    /// search, scan and repro, keep only what concerns this call
    #[arg(
        short,
        long,
        global = true,
        value_name = "CALL",
        ignore_case = true,
        value_parser = syscall_parser()
    )]
    pub syscall: Option<Syscall>,

    /// Language of the explanation [default: from LC_ALL, LC_MESSAGES, LANG; else en]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<LangArg>,

    /// When to use colour: auto means on a terminal, unless NO_COLOR is set or CLICOLOR=0;
    /// CLICOLOR_FORCE colours output that is not a terminal
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,

    /// Read numbers as this system gives them, and show its numbers [default: this host's]
    #[arg(long, global = true, value_enum, value_name = "OS")]
    pub os: Option<OsArg>,

    /// Print JSON for scripts (one object; NDJSON for scan and trace)
    #[arg(long, global = true, conflicts_with = "brief")]
    pub json: bool,

    /// Print one line, NAME NUMBER MESSAGE, the shape errno(1) prints
    #[arg(short, long, global = true)]
    pub brief: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain an errno (the default when a query is given without a subcommand)
    #[command(allow_negative_numbers = true)]
    Explain {
        /// An errno name, number or message
        #[arg(
            value_name = "QUERY",
            required = true,
            value_parser = QueryParser,
            hide_possible_values = true
        )]
        query: Vec<OsString>,
    },
    /// List errnos: all of them, or with --syscall those the call documents
    List,
    /// Find every errno whose name, message or explanation has all the words (English or Chinese)
    Search {
        /// Words to look for
        #[arg(value_name = "WORD", required = true, value_parser = clap::value_parser!(OsString))]
        words: Vec<OsString>,
    },
    /// Find socket errors in logs or strace output and explain each in place
    Scan {
        /// Files to read; none or "-" means standard input
        #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
        files: Vec<PathBuf>,
        /// Print only the lines with findings, each followed by its notes
        #[arg(long)]
        only_errors: bool,
        /// After the output, print a table of counts per (call, errno) with the action
        #[arg(long)]
        summary: bool,
    },
    /// Reproduce an error on this machine's kernel, over loopback only, and show the real calls
    #[command(allow_negative_numbers = true)]
    Repro {
        /// The errno to reproduce (with --syscall, for that call), or `all`
        #[arg(
            value_name = "ERRNO",
            required_unless_present = "list",
            value_parser = QueryParser,
            hide_possible_values = true
        )]
        errno: Option<OsString>,
        /// List every (errno, call) pair that can be reproduced
        #[arg(long)]
        list: bool,
    },
    /// Look at this host and say why an errno happens here: ports, limits, routes, resolver (Linux)
    #[command(allow_negative_numbers = true, after_help = DIAGNOSE_EXAMPLES)]
    Diagnose(DiagnoseArgs),
    /// Run a program (or attach to one) under strace and explain its socket errors as they happen
    #[command(after_help = TRACE_NOTES)]
    Trace(TraceArgs),
    /// Print a shell completion script
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write generated files (man pages, completions) for packaging
    #[command(hide = true)]
    Generate {
        /// What to generate
        #[arg(value_enum)]
        what: Generated,
        /// Directory to write into
        #[arg(value_hint = ValueHint::DirPath)]
        dir: PathBuf,
    },
}

pub const DIAGNOSE_EXAMPLES: &str = "\
Examples:
  sockerr diagnose EADDRINUSE :8080             who holds port 8080, and why bind fails
  sockerr diagnose ECONNREFUSED 127.0.0.1:5432  nothing listens? on ::1 only? in a container?
  sockerr diagnose EMFILE --pid 1234            limits, open descriptors and what they are
  sockerr diagnose ENETUNREACH 198.51.100.7     the kernel's own route for it
  sockerr diagnose EAI_AGAIN db.internal        resolv.conf, nsswitch, hosts, stub resolvers";

/// `sockerr diagnose`'s own arguments; --syscall, --json, --lang and the
/// other global options apply too.
#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// The errno (name, number or message, as explain takes them) or a resolver code (EAI_AGAIN)
    #[arg(value_name = "ERRNO", value_parser = QueryParser, hide_possible_values = true)]
    pub errno: OsString,
    /// What failed: :PORT, ADDRESS:PORT, [IPV6]:PORT, ADDRESS, /path/to.sock, @abstract, or a host name
    #[arg(value_name = "TARGET")]
    pub target: Option<String>,
    /// The process that got the error (EMFILE: its limits and descriptors; EACCES: its capabilities)
    #[arg(long, value_name = "PID")]
    pub pid: Option<i32>,
    /// Every process with this name (EMFILE)
    #[arg(long, value_name = "PROGRAM", conflicts_with = "pid")]
    pub name: Option<String>,
    /// The port is UDP, not TCP (EADDRINUSE, ECONNREFUSED)
    #[arg(long)]
    pub udp: bool,
    /// Watch counters that move for this long (ECONNRESET, EPIPE: default 2; ETIMEDOUT to a local port: 1)
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=60))]
    pub seconds: Option<u64>,
    /// Try once: one connect() (ECONNREFUSED, ETIMEDOUT, Unix sockets) or one getaddrinfo() (EAI_*)
    #[arg(long)]
    pub probe: bool,
}

impl DiagnoseArgs {
    /// What `trace --diagnose` asks about: the worst finding's errno, what
    /// it failed against, and for EMFILE the process.
    pub fn for_finding(errno: &str, target: Option<String>, pid: Option<u32>) -> DiagnoseArgs {
        let emfile = matches!(errno, "EMFILE" | "ENFILE");
        DiagnoseArgs {
            errno: errno.into(),
            target: if emfile { None } else { target },
            pid: pid.filter(|_| emfile).and_then(|p| i32::try_from(p).ok()),
            name: None,
            udp: false,
            seconds: None,
            probe: false,
        }
    }
}

pub const TRACE_NOTES: &str = "\
The program's standard input, output and error stay its own; findings go to
standard error (or -o FILE) as whole lines. The exit status is the program's;
killed by signal N, sockerr dies of the same signal (a shell shows 128+N).
Needs strace. Examples:
  sockerr trace -- curl -s http://127.0.0.1:9/
  sockerr trace -p 4242
  sockerr trace --json -o found.ndjson -- ./client";

/// `sockerr trace`'s own options.
#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Attach to this running process and all its threads (repeatable); Ctrl-C detaches and
    /// leaves it running
    #[arg(
        short,
        long,
        value_name = "PID",
        conflicts_with = "command",
        required_unless_present = "command"
    )]
    pub pid: Vec<u32>,
    /// Print only the table at the end
    #[arg(long)]
    pub summary: bool,
    /// Write the findings to FILE instead of standard error
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Report failures of every call, not only socket work (traces every call: slower)
    #[arg(long)]
    pub all: bool,
    /// At the end, run `sockerr diagnose` for the worst finding (the most frequent that is not normal)
    #[arg(long)]
    pub diagnose: bool,
    /// The program to run and its arguments, after --
    #[arg(value_name = "COMMAND", trailing_var_arg = true, value_parser = clap::value_parser!(OsString))]
    pub command: Vec<OsString>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Generated {
    Man,
    Completions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OsArg {
    Linux,
    Macos,
    Freebsd,
    Windows,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// Accepts the calls and their trace aliases; lists only the calls in help
/// and in the error for an unknown name.
fn syscall_parser() -> impl TypedValueParser<Value = Syscall> {
    let main: Vec<&str> = Syscall::ALL.iter().map(|c| c.name()).collect();
    PossibleValuesParser::new(Syscall::accepted_names().map(|n| {
        let v = PossibleValue::new(n);
        if main.contains(&n) {
            v
        } else {
            v.hide(true)
        }
    }))
    .map(|s| Syscall::from_name(&s).expect("only accepted names get here"))
}

/// Takes any query as it is (the lookup decides what it means) but tells
/// the completion generators every errno name and every getaddrinfo EAI_*
/// name, upper and lower case, so `sockerr econnr<TAB>` completes as well
/// as `sockerr ECONNR<TAB>` and `sockerr EAI_<TAB>`.
#[derive(Clone, Copy, Debug)]
struct QueryParser;

impl TypedValueParser for QueryParser {
    type Value = OsString;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<OsString, clap::Error> {
        Ok(value.to_owned())
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let names = || {
            sockerr::kb::errnos()
                .iter()
                .filter(|e| !e.kernel_only)
                .flat_map(|e| e.names())
                .chain(sockerr::kb::gai::codes().iter().map(|e| e.name.as_str()))
        };
        Some(Box::new(names().map(PossibleValue::new).chain(
            names().map(|n| PossibleValue::new(n.to_ascii_lowercase())),
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// clap's own consistency checks over the whole definition.
    #[test]
    fn definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// Wherever the direct reading answers, it answers what clap does; tried
    /// on every mix of query words, `explain`, and options (right, repeated,
    /// conflicting, misspelt, missing a value, or another subcommand's) in
    /// every position.
    #[test]
    fn plain_reading_agrees_with_clap() {
        let queries: &[&[&str]] = &[
            &["ECONNRESET"],
            &["104"],
            &["connection reset"],
            &["econnreset", "ECONNREFUSED"],
            &["EAI_AGAIN"],
            &["conntrack-full"],
            &["List"],
            &["Trace"],
            &["x", "help"],
            &["x", "diagnose"],
            &[""],
        ];
        let options: &[&[&str]] = &[
            &[],
            &["--json"],
            &["--brief"],
            &["-b"],
            &["--syscall", "recv"],
            &["-s", "sendto"],
            &["-s", "getaddrinfo"],
            &["--syscall", "RECV"],
            &["--syscall", "recv(2)"],
            &["--syscall", "frobnicate"],
            &["--syscall"],
            &["-srecv"],
            &["--syscall=recv"],
            &["--lang", "zh"],
            &["--lang", "ZH"],
            &["--os", "macos"],
            &["--os", "windows"],
            &["--color", "never"],
            &["--color", "always"],
            &["--color=never"],
            &["-104"],
            &["--"],
            &["-h"],
            &["--version"],
            &["explain"],
            // Other subcommands' options: diagnose's, trace's, scan's, repro's.
            &["--pid", "1"],
            &["--name", "x"],
            &["--udp"],
            &["--seconds", "2"],
            &["--probe"],
            &["-p", "1"],
            &["-o", "out"],
            &["--summary"],
            &["--all"],
            &["--diagnose"],
            &["--only-errors"],
            &["--list"],
        ];
        let seconds: &[&[&str]] = &[
            &[],
            &["--json"],
            &["-b"],
            &["-s", "connect"],
            &["--lang", "en"],
            &["--os", "freebsd"],
            &["--color", "auto"],
        ];
        let mut direct = 0;
        for explain in [false, true] {
            for q in queries {
                for first in options {
                    for second in seconds {
                        // Each option before `explain`, between it and the
                        // query, or after the query.
                        for (at1, at2) in (0..3).flat_map(|a| (0..3).map(move |b| (a, b))) {
                            let mut parts: [Vec<&str>; 3] = Default::default();
                            parts[at1].extend_from_slice(first);
                            parts[at2].extend_from_slice(second);
                            let mut args = parts[0].clone();
                            if explain {
                                args.push("explain");
                            }
                            args.extend_from_slice(&parts[1]);
                            args.extend_from_slice(q);
                            args.extend_from_slice(&parts[2]);
                            let Some(fast) = plain(os(&args).into_iter()) else {
                                continue;
                            };
                            direct += 1;
                            let clap = Cli::try_parse_from(
                                std::iter::once("sockerr").chain(args.iter().copied()),
                            )
                            .unwrap_or_else(|e| panic!("{args:?}: read directly, clap says {e}"));
                            assert_eq!(format!("{fast:?}"), format!("{clap:?}"), "{args:?}");
                        }
                    }
                }
            }
        }
        assert!(
            direct > 3000,
            "only {direct} command lines were read directly"
        );
    }

    /// What `bench/explain.sh` measures, and the README's lookups, skip
    /// clap; help, the version, every other subcommand and everything clap
    /// must judge go to it.
    #[test]
    fn plain_lookups_are_read_directly() {
        for args in [
            &["explain", "ECONNRESET"][..],
            &["ECONNRESET"],
            &["--brief", "ECONNRESET"],
            &["ECONNRESET", "--syscall", "recv", "--json"],
            &["104", "--syscall", "recv"],
            &["--lang", "zh", "explain", "Connection reset by peer"],
            &["EAI_AGAIN", "-s", "getaddrinfo"],
        ] {
            assert!(plain(os(args).into_iter()).is_some(), "{args:?}");
        }
        for args in [
            &[][..],
            &["--help"],
            &["-h"],
            &["--version"],
            &["-V"],
            &["help"],
            &["list"],
            &["search", "reset"],
            &["scan", "f.log"],
            &["repro", "EPIPE"],
            &["diagnose", "EADDRINUSE", ":8080"],
            &["trace", "--", "true"],
            &["completions", "bash"],
            &["generate", "man", "man"],
            &["-104"],
            &["explain"],
            &["--json", "--brief", "EPIPE"],
            &["--json", "--json", "EPIPE"],
        ] {
            assert!(plain(os(args).into_iter()).is_none(), "{args:?}");
        }
    }

    /// A new subcommand must be added to SUBCOMMANDS, or its name would be
    /// read as a query.
    #[test]
    fn every_subcommand_is_known() {
        for sc in Cli::command().get_subcommands() {
            for name in std::iter::once(sc.get_name()).chain(sc.get_all_aliases()) {
                assert!(SUBCOMMANDS.contains(&name), "{name} is not in SUBCOMMANDS");
            }
        }
    }
}
