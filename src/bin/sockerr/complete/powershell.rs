//! The PowerShell script: a native argument completer that parses the words
//! before the cursor and returns `CompletionResult`s. Tables are literal
//! here-strings of `name<TAB>help` lines, which PowerShell takes verbatim
//! (no quoting rules to get wrong) and which nested arrays could not give
//! reliably (PowerShell unrolls one-element arrays). PowerShell cannot be
//! installed on the machines this project is tested on, so this script is
//! generated from the same model as the fish and elvish ones, which are
//! tested in real shells, and drift-tested like every generated file.

use super::{Model, Value};
use std::fmt::Write as _;

fn q(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A single-quoted here-string of `name<TAB>help` lines. A line may not
/// start with `'@`, which would end it; no name or help does.
fn here(items: &[Value]) -> String {
    let mut s = String::from("@'\n");
    for v in items {
        assert!(!v.name.starts_with("'@") && !v.help.starts_with("'@"));
        writeln!(s, "{}\t{}", v.name, v.help.replace('\n', " ")).unwrap();
    }
    s.push_str("'@");
    s
}

pub fn script(m: &Model) -> String {
    let mut out = String::from(
        "# PowerShell completion for sockerr, generated from its command-line definition\n\
         # (`sockerr completions powershell`). Install: add to your profile\n\
         #   . /path/to/_sockerr.ps1\n\n\
         using namespace System.Management.Automation\n\n",
    );
    out.push_str("$sockerrLists = @{\n");
    for (i, list) in m.value_lists().iter().enumerate() {
        writeln!(out, "{i} = {}", here(list)).unwrap();
    }
    out.push_str("}\n\n$sockerrOptions = @{\n");
    for n in &m.nodes {
        let opts = n.option_items();
        writeln!(out, "{} = {}", q(&n.path), here(&opts)).unwrap();
    }
    out.push_str("}\n\n# 'NODE OPTION' to the index of its value list, 'files', 'dirs' or 'none'.\n$sockerrOptionValues = @{\n");
    for row in m.option_rows() {
        let target = q(&row.target.word());
        for k in &row.keys {
            writeln!(out, "{} = {target}", q(k)).unwrap();
        }
    }
    out.push_str("}\n\n$sockerrSubcommands = @{\n");
    for n in &m.nodes {
        writeln!(out, "{} = {}", q(&n.path), here(&n.subcommands)).unwrap();
    }
    out.push_str("}\n\n$sockerrChildren = @{\n");
    for n in &m.nodes {
        let c: Vec<String> = n.children.iter().map(|c| q(c)).collect();
        writeln!(out, "{} = @({})", q(&n.path), c.join(", ")).unwrap();
    }
    out.push_str(
        "}\n\n# NODE to what each positional takes (a list index, files, dirs or none).\n\
         $sockerrPositional = @{\n",
    );
    let mut repeating = Vec::new();
    for n in &m.nodes {
        let (targets, repeats) = m.positional_targets(n);
        let t: Vec<String> = targets.iter().map(|t| q(&t.word())).collect();
        writeln!(out, "{} = @({})", q(&n.path), t.join(", ")).unwrap();
        if repeats {
            repeating.push(q(&n.path));
        }
    }
    writeln!(
        out,
        "}}\n\n# Nodes whose last positional takes every later word.\n$sockerrRepeats = @({})",
        repeating.join(", ")
    )
    .unwrap();
    let value_options: Vec<String> = m.value_options().iter().map(|s| q(s)).collect();
    write!(
        out,
        r#"
$sockerrValueOptions = @({value_options})

function Get-SockerrLines([string]$text) {{
    foreach ($line in ($text -split "`n")) {{
        $line = $line.TrimEnd("`r")
        if ($line -ne '') {{
            $name, $help = $line -split "`t", 2
            if (-not $help) {{ $help = $name }}
            [pscustomobject]@{{ Name = $name; Help = $help }}
        }}
    }}
}}

Register-ArgumentCompleter -Native -CommandName 'sockerr' -ScriptBlock {{
    param($wordToComplete, $commandAst, $cursorPosition)

    $words = @()
    foreach ($e in $commandAst.CommandElements) {{
        $end = $e.Extent.EndOffset
        if ($end -lt $cursorPosition -or ($wordToComplete -eq '' -and $end -le $cursorPosition)) {{
            $words += $e.Extent.Text
        }}
    }}
    $node = 'sockerr'
    $npos = 0
    $pending = ''
    foreach ($w in ($words | Select-Object -Skip 1)) {{
        if ($pending -ne '') {{
            $pending = ''
        }} elseif ($w.StartsWith('-')) {{
            if ($sockerrValueOptions -ccontains $w) {{ $pending = $w }}
        }} elseif ($npos -eq 0 -and $sockerrChildren[$node] -ccontains $w) {{
            $node = "$node;$w"
        }} else {{
            $npos += 1
        }}
    }}

    $found = @()
    $prefix = ''
    if ($pending -ne '') {{
        $target = $sockerrOptionValues["$node $pending"]
        if ($target -match '^\d+$') {{ $found = Get-SockerrLines $sockerrLists[[int]$target] }}
    }} elseif ($wordToComplete.StartsWith('--') -and $wordToComplete.Contains('=')) {{
        $opt = ($wordToComplete -split '=', 2)[0]
        $target = $sockerrOptionValues["$node $opt"]
        if ($target -match '^\d+$') {{
            $prefix = "$opt="
            $found = Get-SockerrLines $sockerrLists[[int]$target]
        }}
    }} elseif ($wordToComplete.StartsWith('-')) {{
        $found = Get-SockerrLines $sockerrOptions[$node]
    }} else {{
        if ($npos -eq 0) {{ $found += Get-SockerrLines $sockerrSubcommands[$node] }}
        $targets = @($sockerrPositional[$node])
        $target = 'none'
        if ($npos -lt $targets.Count) {{
            $target = $targets[$npos]
        }} elseif ($targets.Count -gt 0 -and $sockerrRepeats -ccontains $node) {{
            $target = $targets[-1]
        }}
        if ($target -match '^\d+$') {{ $found += Get-SockerrLines $sockerrLists[[int]$target] }}
    }}
    # Nothing returned lets PowerShell fall back to paths, which is what a
    # 'files' or 'dirs' target wants.
    $found | Where-Object {{ "$prefix$($_.Name)" -like "$wordToComplete*" }} | ForEach-Object {{
        [CompletionResult]::new("$prefix$($_.Name)", $_.Name, [CompletionResultType]::ParameterValue, $_.Help)
    }}
}}
"#,
        value_options = value_options.join(", ")
    )
    .unwrap();
    out
}
