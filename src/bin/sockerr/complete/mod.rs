//! Shell completion scripts, written from the clap definition.
//!
//! Why not clap_complete's scripts: tried in real shells, each missed
//! something sockerr needs. Its fish script offers files after a top-level
//! `--syscall` (its "has a subcommand been given?" test fails while the
//! option still lacks its value) and never offers errno names; its elvish
//! and PowerShell scripts complete flags and subcommand names only, never a
//! value; its zsh script takes `scan` in `sockerr scan <TAB>` for the
//! optional top-level query and offers subcommand names instead of files;
//! its bash script offers options instead of files after `scan`. A CLI with
//! both a top-level positional and subcommands is the shape they get wrong.
//! So this module writes all five itself, from the same clap definition:
//! [`Model`] reads `Cli::command()` once (options, their values,
//! positionals, subcommands) and each shell's file turns it into a small
//! parser plus tables. The
//! parser in every shell does the same thing: walk the words typed so far,
//! skip option values, descend into subcommands, and then offer what fits
//! the word under the cursor: an option's values after that option, options
//! after `-`, else subcommands and the positional's values (or files where
//! a file is expected).

pub mod bash;
pub mod elvish;
pub mod fish;
pub mod powershell;
pub mod zsh;

use clap::builder::ValueHint;
use clap::{ArgAction, Command};

/// One value with what it means (empty when clap has no help for it).
#[derive(Debug, Clone)]
pub struct Value {
    pub name: String,
    pub help: String,
}

/// An option of one command.
#[derive(Debug, Clone)]
pub struct Opt {
    pub long: Option<String>,
    pub short: Option<char>,
    pub help: String,
    /// The option takes a value (`--syscall recv`).
    pub takes_value: bool,
    /// The values it accepts, when clap knows them.
    pub values: Vec<Value>,
    /// Its value is a path.
    pub path: Option<PathKind>,
}

impl Opt {
    /// `--long` and `-s`, the spellings a user types.
    pub fn spellings(&self) -> Vec<String> {
        let mut v = Vec::new();
        if let Some(l) = &self.long {
            v.push(format!("--{l}"));
        }
        if let Some(s) = self.short {
            v.push(format!("-{s}"));
        }
        v
    }
}

/// A positional argument: its values (errno names for a query), or paths.
#[derive(Debug, Clone)]
pub struct Positional {
    pub values: Vec<Value>,
    /// It is a path (`scan FILE…`, `generate … DIR`).
    pub path: Option<PathKind>,
    /// It takes any number of words (a query, files): every word from here
    /// on is this one.
    pub multiple: bool,
}

/// What kind of path an argument takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    Files,
    Dirs,
}

/// What a shell offers for the word at one place: the index of a value list
/// in [`Model::value_lists`], paths, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    List(usize),
    Files,
    Dirs,
    Nothing,
}

impl Target {
    /// The word the elvish and PowerShell tables hold: an index, `files`
    /// or `none`.
    pub fn word(self) -> String {
        match self {
            Target::List(i) => i.to_string(),
            Target::Files => "files".into(),
            Target::Dirs => "dirs".into(),
            Target::Nothing => "none".into(),
        }
    }
}

/// A command (the top level or a subcommand) and what may follow it.
#[derive(Debug, Clone)]
pub struct Node {
    /// `sockerr`, `sockerr;explain`: the words that lead here, joined by `;`.
    pub path: String,
    pub options: Vec<Opt>,
    /// Its positional arguments in order.
    pub positionals: Vec<Positional>,
    /// Subcommands by name, with their one-line help: the ones offered.
    pub subcommands: Vec<Value>,
    /// Every subcommand name, hidden ones too: what the parsers descend into.
    pub children: Vec<String>,
}

impl Node {
    /// Every spelling of every option, with its help: what `-<TAB>` offers.
    pub fn option_items(&self) -> Vec<Value> {
        self.options
            .iter()
            .flat_map(|o| {
                o.spellings().into_iter().map(|s| Value {
                    name: s,
                    help: o.help.clone(),
                })
            })
            .collect()
    }
}

/// One value-taking option of one command, for the scripts' tables.
#[derive(Debug, Clone)]
pub struct OptionRow {
    /// `NODE OPTION` for every spelling (`sockerr;scan --syscall`, `... -s`).
    pub keys: Vec<String>,
    pub target: Target,
}

/// One place of a command's positionals, for the scripts' tables.
#[derive(Debug, Clone)]
pub struct PositionalRow {
    pub node: String,
    pub index: usize,
    /// The last place, which takes every later word too.
    pub repeats: bool,
    pub target: Target,
}

/// Every command of the CLI, the top level first.
#[derive(Debug, Clone)]
pub struct Model {
    pub nodes: Vec<Node>,
}

impl Model {
    pub fn new(mut cmd: Command) -> Model {
        // build() propagates global options into every subcommand and adds
        // `help`, so the model sees what the parser accepts.
        cmd.build();
        let mut nodes = Vec::new();
        walk(&cmd, cmd.get_name().to_string(), &mut nodes);
        Model { nodes }
    }

    /// The distinct value lists of the model (option values and positional
    /// values), so a script can hold each once: the errno names, hundreds
    /// of them, are shared by three commands.
    pub fn value_lists(&self) -> Vec<&[Value]> {
        let mut lists: Vec<&[Value]> = Vec::new();
        let all = self.nodes.iter().flat_map(|n| {
            n.positionals
                .iter()
                .map(|p| &p.values[..])
                .chain(n.options.iter().map(|o| &o.values[..]))
        });
        for l in all.filter(|l| !l.is_empty()) {
            if !lists.iter().any(|k| same(k, l)) {
                lists.push(l);
            }
        }
        lists
    }

    /// What to offer for a value list that may be paths.
    pub fn target(&self, list: &[Value], path: Option<PathKind>) -> Target {
        match (self.value_lists().iter().position(|k| same(k, list)), path) {
            (Some(i), _) => Target::List(i),
            (None, Some(PathKind::Files)) => Target::Files,
            (None, Some(PathKind::Dirs)) => Target::Dirs,
            (None, None) => Target::Nothing,
        }
    }

    /// What to offer for an option's value.
    pub fn option_target(&self, o: &Opt) -> Target {
        self.target(&o.values, o.path)
    }

    /// What to offer for the positionals of `n`: one target per place, and
    /// whether the last one repeats for every later word.
    pub fn positional_targets(&self, n: &Node) -> (Vec<Target>, bool) {
        let t = n
            .positionals
            .iter()
            .map(|p| self.target(&p.values, p.path))
            .collect();
        (t, n.positionals.last().is_some_and(|p| p.multiple))
    }

    /// Every value-taking option of every command.
    pub fn option_rows(&self) -> Vec<OptionRow> {
        self.nodes
            .iter()
            .flat_map(|n| {
                n.options
                    .iter()
                    .filter(|o| o.takes_value)
                    .map(move |o| OptionRow {
                        keys: o
                            .spellings()
                            .iter()
                            .map(|s| format!("{} {s}", n.path))
                            .collect(),
                        target: self.option_target(o),
                    })
            })
            .collect()
    }

    /// Every positional place of every command, in order.
    pub fn positional_rows(&self) -> Vec<PositionalRow> {
        let mut rows = Vec::new();
        for n in &self.nodes {
            let (targets, repeats) = self.positional_targets(n);
            for (index, target) in targets.iter().enumerate() {
                rows.push(PositionalRow {
                    node: n.path.clone(),
                    index,
                    repeats: repeats && index + 1 == targets.len(),
                    target: *target,
                });
            }
        }
        rows
    }

    /// Every spelling of an option that takes a value, in any command:
    /// what the parsers must skip the next word after.
    pub fn value_options(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .nodes
            .iter()
            .flat_map(|n| n.options.iter())
            .filter(|o| o.takes_value)
            .flat_map(|o| o.spellings())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

fn same(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.name == y.name && x.help == y.help)
}

fn help_of(s: Option<&clap::builder::StyledStr>) -> String {
    let s = s.map(|s| s.to_string()).unwrap_or_default();
    // One line: a description in a completion menu.
    s.lines().next().unwrap_or("").trim().to_string()
}

fn values_of(arg: &clap::Arg) -> Vec<Value> {
    arg.get_possible_values()
        .into_iter()
        // Hidden values are accepted (trace names such as recvfrom) but not
        // offered, as in --help.
        .filter(|v| !v.is_hide_set())
        .map(|v| Value {
            name: v.get_name().to_string(),
            help: help_of(v.get_help()),
        })
        .collect()
}

fn path_kind(arg: &clap::Arg) -> Option<PathKind> {
    match arg.get_value_hint() {
        ValueHint::DirPath => Some(PathKind::Dirs),
        ValueHint::AnyPath | ValueHint::FilePath => Some(PathKind::Files),
        _ if arg.get_value_parser().type_id()
            == clap::builder::ValueParser::path_buf().type_id() =>
        {
            Some(PathKind::Files)
        }
        _ => None,
    }
}

fn walk(cmd: &Command, path: String, nodes: &mut Vec<Node>) {
    let mut node = Node {
        path: path.clone(),
        options: Vec::new(),
        positionals: Vec::new(),
        subcommands: Vec::new(),
        children: cmd
            .get_subcommands()
            .map(|s| s.get_name().to_string())
            .collect(),
    };
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        if arg.is_positional() {
            node.positionals.push(Positional {
                values: values_of(arg),
                path: path_kind(arg),
                multiple: arg.get_num_args().is_some_and(|r| r.max_values() > 1),
            });
            continue;
        }
        let takes_value = matches!(arg.get_action(), ArgAction::Set | ArgAction::Append);
        node.options.push(Opt {
            long: arg.get_long().map(str::to_string),
            short: arg.get_short(),
            help: help_of(arg.get_help()),
            takes_value,
            values: if takes_value {
                values_of(arg)
            } else {
                Vec::new()
            },
            path: path_kind(arg).filter(|_| takes_value),
        });
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        node.subcommands.push(Value {
            name: sub.get_name().to_string(),
            help: help_of(sub.get_about()),
        });
    }
    nodes.push(node);
    // A hidden subcommand is not offered, but its arguments still complete
    // once it is typed (`sockerr generate man <TAB>` offers directories).
    for sub in cmd.get_subcommands() {
        walk(sub, format!("{path};{}", sub.get_name()), nodes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::CommandFactory;

    fn model() -> Model {
        Model::new(Cli::command())
    }

    #[test]
    fn the_model_sees_globals_in_subcommands_and_errno_names() {
        let m = model();
        let explain = m
            .nodes
            .iter()
            .find(|n| n.path == "sockerr;explain")
            .unwrap();
        assert!(explain
            .options
            .iter()
            .any(|o| o.long.as_deref() == Some("syscall")
                && o.values.iter().any(|v| v.name == "recv")));
        let query = &explain.positionals[0];
        assert!(query.values.iter().any(|v| v.name == "ECONNRESET"));
        assert!(query.values.iter().any(|v| v.name == "econnreset"));
        assert!(query.path.is_none() && query.multiple);
        let scan = m.nodes.iter().find(|n| n.path == "sockerr;scan").unwrap();
        assert_eq!(scan.positionals[0].path, Some(PathKind::Files));
        let generate = m
            .nodes
            .iter()
            .find(|n| n.path == "sockerr;generate")
            .unwrap();
        let (t, multiple) = m.positional_targets(generate);
        assert!(matches!(t[..], [Target::List(_), Target::Dirs]) && !multiple);
        let top = &m.nodes[0];
        assert!(top.subcommands.iter().any(|s| s.name == "scan"));
        assert!(
            !top.subcommands.iter().any(|s| s.name == "generate"),
            "hidden"
        );
        assert!(m.value_options().contains(&"-s".to_string()));
    }
}
