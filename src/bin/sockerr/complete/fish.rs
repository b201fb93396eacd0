//! The fish script: one completion function that parses the command line
//! typed so far (fish's `commandline -opc`) and prints candidates as
//! `value<TAB>description`, plus a table function per kind of candidate.

use super::{Model, Node, Target, Value};
use std::fmt::Write as _;

/// A fish single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn candidates(out: &mut String, items: &[Value]) {
    for v in items {
        let line = if v.help.is_empty() {
            v.name.clone()
        } else {
            format!("{}\t{}", v.name, v.help)
        };
        writeln!(out, "            echo {}", q(&line)).unwrap();
    }
}

/// `switch $node` over every node, with `body` writing each case.
fn by_node(out: &mut String, m: &Model, body: impl Fn(&mut String, &Node) -> bool) {
    out.push_str("    switch $node\n");
    for n in &m.nodes {
        let mut case = String::new();
        if body(&mut case, n) {
            writeln!(out, "        case {}", q(&n.path)).unwrap();
            out.push_str(&case);
        }
    }
    out.push_str("    end\n");
}

fn target(out: &mut String, t: Target) {
    match t {
        Target::List(i) => writeln!(out, "            __sockerr_list_{i}").unwrap(),
        Target::Files => out.push_str("            return 2\n"),
        Target::Dirs => out.push_str("            return 3\n"),
        Target::Nothing => out.push_str("            return 0\n"),
    }
}

pub fn script(m: &Model) -> String {
    let mut out = String::from(
        "# fish completion for sockerr, generated from its command-line definition\n\
         # (`sockerr completions fish`). Install: copy to\n\
         # ~/.config/fish/completions/sockerr.fish\n\n",
    );
    // The shared value lists.
    for (i, list) in m.value_lists().iter().enumerate() {
        writeln!(out, "function __sockerr_list_{i}").unwrap();
        let mut body = String::new();
        candidates(&mut body, list);
        out.push_str(&body.replace("            echo", "    echo"));
        out.push_str("end\n\n");
    }

    // Options of a node, and the values of one option.
    out.push_str("function __sockerr_options -a node\n");
    by_node(&mut out, m, |o, n| {
        for opt in &n.options {
            for s in opt.spellings() {
                writeln!(o, "            echo {}", q(&format!("{s}\t{}", opt.help))).unwrap();
            }
        }
        !n.options.is_empty()
    });
    out.push_str("end\n\n");

    out.push_str(
        "# Prints the values of option $opt in $node; returns 2 when it takes a file, 3 a directory.\n\
         function __sockerr_option_values -a node opt\n    switch \"$node $opt\"\n",
    );
    for row in m.option_rows() {
        let keys: Vec<String> = row.keys.iter().map(|k| q(k)).collect();
        writeln!(out, "        case {}", keys.join(" ")).unwrap();
        target(&mut out, row.target);
    }
    out.push_str("    end\nend\n\n");

    out.push_str("function __sockerr_subcommands -a node\n");
    by_node(&mut out, m, |o, n| {
        candidates(o, &n.subcommands);
        !n.subcommands.is_empty()
    });
    out.push_str("end\n\n");

    out.push_str("function __sockerr_children -a node\n");
    by_node(&mut out, m, |o, n| {
        for c in &n.children {
            writeln!(o, "            echo {}", q(c)).unwrap();
        }
        !n.children.is_empty()
    });
    out.push_str("end\n\n");

    out.push_str(
        "# Prints the values of positional number $n (from 0) of $node; returns 2\n\
         # when it takes files, 3 directories.\n\
         function __sockerr_positional -a node n\n    switch \"$node $n\"\n",
    );
    for row in m.positional_rows() {
        // A repeating last place takes every later word too; fish takes the
        // first case that matches, so the earlier places stay theirs.
        let case = if row.repeats {
            q(&format!("{} *", row.node))
        } else {
            q(&format!("{} {}", row.node, row.index))
        };
        writeln!(out, "        case {case}").unwrap();
        target(&mut out, row.target);
    }
    out.push_str("    end\nend\n\n");

    let value_options: Vec<String> = m.value_options().iter().map(|s| q(s)).collect();
    write!(
        out,
        r#"# Status 2 from a table means files, 3 directories.
function __sockerr_paths -a kind cur
    switch $kind
        case 2
            __fish_complete_path $cur
        case 3
            __fish_complete_directories $cur
    end
end

function __sockerr_complete
    set -l words (commandline -opc)
    set -l cur (commandline -ct)
    set -l node sockerr
    set -l npos 0
    set -l pending ''
    set -e words[1]
    for w in $words
        if test -n "$pending"
            set pending ''
            continue
        end
        switch $w
            case '--*=*'
            case '-*'
                if contains -- $w {value_options}
                    set pending $w
                end
            case '*'
                if test $npos = 0; and contains -- $w (__sockerr_children $node)
                    set node "$node;$w"
                else
                    set npos (math $npos + 1)
                end
        end
    end
    if test -n "$pending"
        __sockerr_option_values $node $pending
        __sockerr_paths $status $cur
        return 0
    end
    switch $cur
        case '--*=*'
            set -l opt (string split -m 1 = -- $cur)[1]
            for v in (__sockerr_option_values $node $opt)
                echo "$opt=$v"
            end
        case '-*'
            __sockerr_options $node
        case '*'
            test $npos = 0; and __sockerr_subcommands $node
            __sockerr_positional $node $npos
            __sockerr_paths $status $cur
    end
    return 0
end

complete -c sockerr -e
complete -c sockerr -f -a '(__sockerr_complete)'
"#,
        value_options = value_options.join(" ")
    )
    .unwrap();
    out
}
