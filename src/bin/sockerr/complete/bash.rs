//! The bash script: a completion function with the same parser as the other
//! shells' (see the module comment), tables as `case` statements, and
//! `compgen` for the final filtering by the word under the cursor.

use super::{Model, PositionalRow, Target};
use std::fmt::Write as _;

/// A bash single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn words(names: impl Iterator<Item = String>) -> String {
    q(&names.collect::<Vec<_>>().join(" "))
}

/// The `case` pattern of a positional place; a repeating last place matches
/// every later place too (bash and zsh take the first pattern that matches,
/// so the earlier places stay theirs).
pub(super) fn case_pattern(row: &PositionalRow) -> String {
    if row.repeats {
        format!("{}*", q(&format!("{} ", row.node)))
    } else {
        q(&format!("{} {}", row.node, row.index))
    }
}

/// The shell code that offers `t` for the word `$cur`.
fn offer(t: Target) -> String {
    match t {
        Target::List(i) => format!("__sockerr_offer \"$(__sockerr_list {i})\""),
        Target::Files => "__sockerr_files -f".into(),
        Target::Dirs => "__sockerr_files -d".into(),
        Target::Nothing => ":".into(),
    }
}

pub fn script(m: &Model) -> String {
    let mut out = String::from(
        "# bash completion for sockerr, generated from its command-line definition\n\
         # (`sockerr completions bash`). Install: copy to\n\
         # ~/.local/share/bash-completion/completions/sockerr\n\n",
    );
    out.push_str("__sockerr_list() {\n    case $1 in\n");
    for (i, list) in m.value_lists().iter().enumerate() {
        writeln!(
            out,
            "        {i}) echo {} ;;",
            words(list.iter().map(|v| v.name.clone()))
        )
        .unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("__sockerr_options() {\n    case $1 in\n");
    for n in &m.nodes {
        let spellings = n.options.iter().flat_map(|o| o.spellings());
        writeln!(out, "        {}) echo {} ;;", q(&n.path), words(spellings)).unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("# Offers the values of option $2 in command $1.\n__sockerr_option_values() {\n    case \"$1 $2\" in\n");
    for row in m.option_rows() {
        let keys: Vec<String> = row.keys.iter().map(|k| q(k)).collect();
        writeln!(out, "        {}) {} ;;", keys.join("|"), offer(row.target)).unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("__sockerr_subcommands() {\n    case $1 in\n");
    for n in &m.nodes {
        let names = n.subcommands.iter().map(|s| s.name.clone());
        writeln!(out, "        {}) echo {} ;;", q(&n.path), words(names)).unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("__sockerr_children() {\n    case $1 in\n");
    for n in &m.nodes {
        writeln!(
            out,
            "        {}) echo {} ;;",
            q(&n.path),
            words(n.children.iter().cloned())
        )
        .unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("# Offers positional number $2 (from 0) of command $1.\n__sockerr_positional() {\n    case \"$1 $2\" in\n");
    for row in m.positional_rows() {
        writeln!(
            out,
            "        {}) {} ;;",
            case_pattern(&row),
            offer(row.target)
        )
        .unwrap();
    }
    out.push_str("    esac\n}\n\n");

    let value_options = m.value_options().join(" ");
    write!(
        out,
        r#"__sockerr_offer() {{
    local IFS=$' \t\n'
    COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}}

__sockerr_files() {{
    compopt -o filenames 2>/dev/null
    local IFS=$'\n'
    COMPREPLY+=($(compgen "$1" -- "$cur"))
}}

_sockerr() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}}
    local node=sockerr npos=0 pending= w i
    COMPREPLY=()
    # bash splits --opt=value at the '=' (COMP_WORDBREAKS): `--os`, `=`, `f`.
    if [[ $cur == = ]]; then
        cur=
        __sockerr_option_values_at $((COMP_CWORD - 1))
        return 0
    fi
    for ((i = 1; i < COMP_CWORD; i++)); do
        w=${{COMP_WORDS[i]}}
        if [[ $w == = ]]; then
            continue
        elif [[ -n $pending ]]; then
            pending=
        elif [[ $w == -* ]]; then
            case " {value_options} " in
                *" $w "*) pending=$w ;;
            esac
        elif ((npos == 0)) && [[ " $(__sockerr_children "$node") " == *" $w "* ]]; then
            node="$node;$w"
        else
            ((npos++))
        fi
    done
    if [[ -n $pending ]]; then
        __sockerr_option_values "$node" "$pending"
    elif [[ $cur == -* ]]; then
        __sockerr_offer "$(__sockerr_options "$node")"
    else
        ((npos == 0)) && __sockerr_offer "$(__sockerr_subcommands "$node")"
        __sockerr_positional "$node" "$npos"
    fi
    return 0
}}

# After `--opt =`, where word $1 is the '=': the values of the option before it.
__sockerr_option_values_at() {{
    local opt=${{COMP_WORDS[$1 - 1]}} node=sockerr npos=0 w i
    for ((i = 1; i < $1 - 1; i++)); do
        w=${{COMP_WORDS[i]}}
        if ((npos == 0)) && [[ $w != -* && " $(__sockerr_children "$node") " == *" $w "* ]]; then
            node="$node;$w"
        fi
    done
    __sockerr_option_values "$node" "$opt"
}}

complete -F _sockerr sockerr
"#
    )
    .unwrap();
    out
}
