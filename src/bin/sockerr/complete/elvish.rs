//! The elvish script: an arg-completer that parses the words typed so far
//! and puts candidates; elvish's own matcher then filters them by the word
//! under the cursor, as it does for every completer.

use super::{Model, Value};
use std::fmt::Write as _;

/// An elvish single-quoted string.
fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn pairs(items: &[Value]) -> String {
    let v: Vec<String> = items
        .iter()
        .map(|v| format!("[{} {}]", q(&v.name), q(&v.help)))
        .collect();
    format!("[{}]", v.join(" "))
}

pub fn script(m: &Model) -> String {
    let mut out = String::from(
        "# elvish completion for sockerr, generated from its command-line definition\n\
         # (`sockerr completions elvish`). Install: eval it from rc.elv, e.g.\n\
         #   eval (slurp < ~/.config/elvish/lib/sockerr.elv)\n\n\
         use path\nuse str\n\n",
    );
    out.push_str("var sockerr-lists = [\n");
    for list in m.value_lists() {
        writeln!(out, "  {}", pairs(list)).unwrap();
    }
    out.push_str("]\n\nvar sockerr-options = [\n");
    for n in &m.nodes {
        let opts = n.option_items();
        writeln!(out, "  &{}={}", q(&n.path), pairs(&opts)).unwrap();
    }
    out.push_str("]\n\n# 'NODE OPTION' to the index of its value list, 'files', 'dirs' or 'none'.\nvar sockerr-option-values = [\n");
    for row in m.option_rows() {
        let target = q(&row.target.word());
        for k in &row.keys {
            writeln!(out, "  &{}={target}", q(k)).unwrap();
        }
    }
    out.push_str("]\n\nvar sockerr-subcommands = [\n");
    for n in &m.nodes {
        writeln!(out, "  &{}={}", q(&n.path), pairs(&n.subcommands)).unwrap();
    }
    out.push_str("]\n\nvar sockerr-children = [\n");
    for n in &m.nodes {
        let c: Vec<String> = n.children.iter().map(|c| q(c)).collect();
        writeln!(out, "  &{}=[{}]", q(&n.path), c.join(" ")).unwrap();
    }
    out.push_str(
        "]\n\n# NODE to what each positional takes (a list index, files, dirs or none) and\n\
         # whether the last one takes every later word.\nvar sockerr-positional = [\n",
    );
    for n in &m.nodes {
        let (targets, repeats) = m.positional_targets(n);
        let t: Vec<String> = targets.iter().map(|t| q(&t.word())).collect();
        writeln!(out, "  &{}=[[{}] ${repeats}]", q(&n.path), t.join(" ")).unwrap();
    }
    let value_options: Vec<String> = m.value_options().iter().map(|s| q(s)).collect();
    write!(
        out,
        r#"]

set edit:completion:arg-completer[sockerr] = {{|@words|
    fn cands {{|list|
        for c $list {{
            if (eq $c[1] '') {{
                edit:complex-candidate $c[0]
            }} else {{
                edit:complex-candidate $c[0] &display=$c[0]'  '$c[1]
            }}
        }}
    }}
    fn values {{|target cur|
        if (eq $target files) {{
            edit:complete-filename $cur
        }} elif (eq $target dirs) {{
            edit:complete-filename $cur | each {{|c| if (path:is-dir $c[stem]) {{ put $c }} }}
        }} elif (not (eq $target none)) {{
            cands $sockerr-lists[(num $target)]
        }}
    }}
    var value-options = [{value_options}]
    var node = sockerr
    var npos = (num 0)
    var pending = ''
    var cur = $words[-1]
    for w $words[1..-1] {{
        if (not (eq $pending '')) {{
            set pending = ''
        }} elif (str:has-prefix $w '-') {{
            if (has-value $value-options $w) {{
                set pending = $w
            }}
        }} elif (and (== $npos 0) (has-value $sockerr-children[$node] $w)) {{
            set node = $node';'$w
        }} else {{
            set npos = (+ $npos 1)
        }}
    }}
    if (not (eq $pending '')) {{
        var key = $node' '$pending
        if (has-key $sockerr-option-values $key) {{
            values $sockerr-option-values[$key] $cur
        }}
    }} elif (and (str:has-prefix $cur '--') (str:contains $cur '=')) {{
        var opt = (str:split &max=2 '=' $cur | take 1)
        var key = $node' '$opt
        if (has-key $sockerr-option-values $key) {{
            var target = $sockerr-option-values[$key]
            if (not (has-value [files dirs none] $target)) {{
                for c $sockerr-lists[(num $target)] {{
                    edit:complex-candidate $opt'='$c[0]
                }}
            }}
        }}
    }} elif (str:has-prefix $cur '-') {{
        cands $sockerr-options[$node]
    }} else {{
        if (== $npos 0) {{
            cands $sockerr-subcommands[$node]
        }}
        var targets repeats = (all $sockerr-positional[$node])
        if (< $npos (count $targets)) {{
            values $targets[$npos] $cur
        }} elif (and $repeats (> (count $targets) 0)) {{
            values $targets[-1] $cur
        }}
    }}
}}
"#,
        value_options = value_options.join(" ")
    )
    .unwrap();
    out
}
