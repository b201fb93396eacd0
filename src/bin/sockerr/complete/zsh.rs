//! The zsh script: a completion function with the same parser as the other
//! shells', candidates added with `_describe` (values with descriptions) or
//! `compadd`, and `_files` where a path is expected.

use super::{Model, Target, Value};
use std::fmt::Write as _;

/// A zsh single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// `_describe` entries: `name:description`, the name's colons escaped.
fn described(items: &[Value]) -> String {
    let v: Vec<String> = items
        .iter()
        .map(|v| {
            let name = v.name.replace(':', "\\:");
            if v.help.is_empty() {
                q(&name)
            } else {
                q(&format!("{name}:{}", v.help))
            }
        })
        .collect();
    v.join(" ")
}

fn offer(t: Target) -> String {
    match t {
        Target::List(i) => format!("__sockerr_list {i}"),
        Target::Files => "_files".into(),
        Target::Dirs => "_directories".into(),
        Target::Nothing => ":".into(),
    }
}

pub fn script(m: &Model) -> String {
    let mut out = String::from(
        "#compdef sockerr\n\
         # zsh completion for sockerr, generated from its command-line definition\n\
         # (`sockerr completions zsh`). Install: copy to a directory on $fpath as\n\
         # _sockerr, before compinit runs.\n\n",
    );
    out.push_str("__sockerr_list() {\n    local -a items\n    case $1 in\n");
    for (i, list) in m.value_lists().iter().enumerate() {
        writeln!(out, "        {i}) items=({}) ;;", described(list)).unwrap();
    }
    out.push_str("    esac\n    _describe -t values value items\n}\n\n");

    out.push_str("__sockerr_options() {\n    local -a items\n    case $1 in\n");
    for n in &m.nodes {
        let opts: Vec<Value> = n
            .options
            .iter()
            .flat_map(|o| {
                o.spellings().into_iter().map(|s| Value {
                    name: s,
                    help: o.help.clone(),
                })
            })
            .collect();
        writeln!(
            out,
            "        {}) items=({}) ;;",
            q(&n.path),
            described(&opts)
        )
        .unwrap();
    }
    out.push_str("    esac\n    _describe -t options option items\n}\n\n");

    out.push_str("__sockerr_option_values() {\n    case \"$1 $2\" in\n");
    for row in m.option_rows() {
        let keys: Vec<String> = row.keys.iter().map(|k| q(k)).collect();
        writeln!(out, "        {}) {} ;;", keys.join("|"), offer(row.target)).unwrap();
    }
    out.push_str("    esac\n}\n\n");

    out.push_str("__sockerr_subcommands() {\n    local -a items\n    case $1 in\n");
    for n in &m.nodes {
        writeln!(
            out,
            "        {}) items=({}) ;;",
            q(&n.path),
            described(&n.subcommands)
        )
        .unwrap();
    }
    out.push_str("    esac\n    (( $#items )) && _describe -t commands command items\n}\n\n");

    out.push_str("__sockerr_children() {\n    case $1 in\n");
    for n in &m.nodes {
        let c: Vec<String> = n.children.iter().map(|c| q(c)).collect();
        writeln!(out, "        {}) reply=({}) ;;", q(&n.path), c.join(" ")).unwrap();
    }
    out.push_str("        *) reply=() ;;\n    esac\n}\n\n");

    out.push_str("__sockerr_positional() {\n    case \"$1 $2\" in\n");
    for row in m.positional_rows() {
        let pattern = super::bash::case_pattern(&row);
        writeln!(out, "        {pattern}) {} ;;", offer(row.target)).unwrap();
    }
    out.push_str("    esac\n}\n\n");

    let value_options: Vec<String> = m.value_options().iter().map(|s| q(s)).collect();
    write!(
        out,
        r#"_sockerr() {{
    local node=sockerr pending= w
    local -i npos=0 i
    local -a value_options reply
    value_options=({value_options})
    for (( i = 2; i < CURRENT; i++ )); do
        w=${{words[i]}}
        if [[ -n $pending ]]; then
            pending=
        elif [[ $w == -* ]]; then
            (( ${{value_options[(Ie)$w]}} )) && pending=$w
        else
            __sockerr_children $node
            if (( npos == 0 && ${{reply[(Ie)$w]}} )); then
                node="$node;$w"
            else
                (( npos++ ))
            fi
        fi
    done
    if [[ -n $pending ]]; then
        __sockerr_option_values $node $pending
    elif [[ $PREFIX == --*=* ]]; then
        local opt=${{PREFIX%%=*}}
        compset -P '*='
        __sockerr_option_values $node $opt
    elif [[ $PREFIX == -* ]]; then
        __sockerr_options $node
    else
        (( npos == 0 )) && __sockerr_subcommands $node
        __sockerr_positional $node $npos
    fi
    return 0
}}

if [ "$funcstack[1]" = "_sockerr" ]; then
    _sockerr "$@"
else
    compdef _sockerr sockerr
fi
"#,
        value_options = value_options.join(" ")
    )
    .unwrap();
    out
}
