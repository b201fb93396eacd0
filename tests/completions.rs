//! The committed completion scripts, run in the real shells they are for:
//! bash (through `complete -F`'s own variables), zsh (an interactive zsh in
//! a pseudo-terminal, `tests/shells/zsh-complete.zsh`), fish (`complete
//! -C`) and elvish (an interactive elvish in a pseudo-terminal from
//! script(1), calling the arg-completer and elvish's prefix matcher). Every
//! shell gets the same cases, taken from what a user types: errno names in
//! both cases, every value-taking option at the top level and under each
//! subcommand, subcommand names, and paths only where a path is expected.
//!
//! PowerShell cannot be installed here; its script comes from the same model
//! (src/bin/sockerr/complete/) and is drift-tested in docs_sync.rs.
//!
//! A shell that is missing fails the test under CI=true (`.ci/run` installs
//! them all); elsewhere its test says loudly that it was not run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A directory with one file and one directory, where the shells run: what
/// a path completion must offer, and a query completion must not.
fn cwd() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("sockerr-complete-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("outdir")).unwrap();
        std::fs::write(d.join("trace.log"), "").unwrap();
        d
    })
}

fn have(shell: &str) -> bool {
    let found = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {shell}"))
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{shell} is missing; .ci/run installs it"
        );
        eprintln!("NOT RUN: {shell} is not installed, so its completion was not tested");
    }
    found
}

fn lines(out: std::process::Output, what: &str) -> Vec<String> {
    assert!(
        out.status.success(),
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end_matches('\r').to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The words of a command line; a trailing space means an empty last word.
fn words(line: &str) -> Vec<String> {
    let mut w: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    if line.ends_with(' ') {
        w.push(String::new());
    }
    w
}

fn bash(line: &str) -> Vec<String> {
    let w = words(line);
    let quoted: Vec<String> = w.iter().map(|w| format!("'{w}'")).collect();
    // Readline splits `--os=f` at the '=' (COMP_WORDBREAKS) before the
    // function sees it; do the same.
    let split: Vec<String> = quoted
        .iter()
        .flat_map(|q| match q.split_once('=') {
            Some((a, b)) => vec![format!("{a}'"), "'='".into(), format!("'{b}")],
            None => vec![q.clone()],
        })
        .collect();
    let prog = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; _sockerr; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        root().join("completions/sockerr.bash").display(),
        split.join(" "),
        split.len() - 1,
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &prog])
        .current_dir(cwd())
        .output()
        .expect("bash runs");
    lines(out, "bash")
}

fn zsh(line: &str) -> Vec<String> {
    let out = Command::new("timeout")
        .arg("20")
        .arg("zsh")
        .arg(root().join("tests/shells/zsh-complete.zsh"))
        .arg(root().join("completions"))
        .arg(line)
        .current_dir(cwd())
        .output()
        .expect("zsh runs");
    lines(out, "zsh")
}

fn fish(line: &str) -> Vec<String> {
    let prog = format!(
        "source '{}'; complete -C '{}'",
        root().join("completions/sockerr.fish").display(),
        line.replace('\'', "\\'")
    );
    let out = Command::new("fish")
        .args(["--no-config", "-c", &prog])
        .current_dir(cwd())
        .output()
        .expect("fish runs");
    // `value<TAB>description`: the value is what is offered.
    lines(out, "fish")
        .into_iter()
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect()
}

/// Every case at once: elvish's editor exists only in an interactive shell,
/// which takes a pseudo-terminal and a second to start.
fn elvish_all(cases: &[&str]) -> Vec<Vec<String>> {
    let mut rc = format!(
        "eval (slurp < '{}')\n\
         fn t {{|@w|\n  var cur = $w[-1]\n  \
         var stems = [($edit:completion:arg-completer[sockerr] $@w | each {{|c| put $c[stem] }})]\n  \
         var oks = [(all $stems | edit:match-prefix $cur)]\n  echo '<case>'\n  \
         range (count $stems) | each {{|i| if $oks[$i] {{ echo $stems[$i] }} }}\n}}\n",
        root().join("completions/sockerr.elv").display()
    );
    for c in cases {
        let w: Vec<String> = words(c)
            .iter()
            .map(|w| format!("'{}'", w.replace('\'', "''")))
            .collect();
        rc.push_str(&format!("t {}\n", w.join(" ")));
    }
    rc.push_str("echo '<end>'\nexit\n");
    let rc_path = cwd().join("rc.elv");
    std::fs::write(&rc_path, rc).unwrap();
    let out = Command::new("timeout")
        .args(["30", "script", "-qfec"])
        .arg(format!("elvish -rc '{}'", rc_path.display()))
        .arg("/dev/null")
        .stdin(std::process::Stdio::null())
        .current_dir(cwd())
        .output()
        .expect("script(1) runs elvish");
    let text = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(text.contains("<end>"), "elvish did not finish: {text}");
    let body = text.split("<end>").next().unwrap();
    let mut parts = body.split("<case>\n");
    parts.next();
    let got: Vec<Vec<String>> = parts
        .map(|p| {
            p.lines()
                .map(|l| l.trim().to_string())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect();
    assert_eq!(got.len(), cases.len(), "one answer per case: {text}");
    got
}

/// What a user types, and what must and must not be offered.
struct Case {
    line: String,
    want: Vec<&'static str>,
    not: Vec<&'static str>,
}

fn case(line: impl Into<String>, want: &[&'static str], not: &[&'static str]) -> Case {
    Case {
        line: line.into(),
        want: want.to_vec(),
        not: not.to_vec(),
    }
}

fn cases() -> Vec<Case> {
    let mut v = vec![
        case(
            "sockerr ECONNR",
            &["ECONNREFUSED", "ECONNRESET"],
            &["econnreset"],
        ),
        case("sockerr econnr", &["econnrefused", "econnreset"], &[]),
        case("sockerr explain ECONNR", &["ECONNRESET"], &["trace.log"]),
        case("sockerr explain ewouldb", &["ewouldblock"], &[]),
        case("sockerr repro ECONNREF", &["ECONNREFUSED"], &[]),
        case("sockerr sc", &["scan"], &["trace.log"]),
        case(
            "sockerr ",
            &["explain", "scan", "ECONNRESET"],
            &["trace.log", "outdir/", "outdir"],
        ),
        case("sockerr ECONNRESET ", &["ECONNREFUSED"], &["trace.log"]),
        case(
            "sockerr completions ",
            &["bash", "fish", "zsh"],
            &["trace.log"],
        ),
        case("sockerr scan ", &["trace.log"], &["ECONNRESET", "explain"]),
        case("sockerr scan --only-errors ", &["trace.log"], &[]),
        case("sockerr --syscall recv scan ", &["trace.log"], &["explain"]),
        case("sockerr --json ECONNR", &["ECONNRESET"], &[]),
        case(
            "sockerr list --",
            &["--syscall", "--os", "--lang", "--color"],
            &[],
        ),
    ];
    // Every value-taking option, at the top level and under each subcommand.
    for sub in ["", "explain ", "list ", "search ", "scan ", "repro "] {
        v.push(case(
            format!("sockerr {sub}--syscall re"),
            &["recv"],
            &["read", "trace.log"],
        ));
        v.push(case(format!("sockerr {sub}-s conn"), &["connect"], &[]));
        v.push(case(format!("sockerr {sub}--os f"), &["freebsd"], &[]));
        v.push(case(
            format!("sockerr {sub}--lang "),
            &["en", "zh"],
            &["trace.log"],
        ));
        v.push(case(
            format!("sockerr {sub}--color a"),
            &["auto", "always"],
            &[],
        ));
    }
    v
}

fn check(shell: &str, got: &[String], c: &Case) {
    for w in &c.want {
        assert!(
            got.iter().any(|g| g == w),
            "{shell}: `{}<TAB>` should offer {w}; it offered {got:?}",
            c.line
        );
    }
    for w in &c.not {
        assert!(
            !got.iter().any(|g| g == w),
            "{shell}: `{}<TAB>` should not offer {w}; it offered {got:?}",
            c.line
        );
    }
}

#[test]
fn bash_completes_every_case() {
    if !have("bash") {
        return;
    }
    for c in cases() {
        check("bash", &bash(&c.line), &c);
    }
    // `--os=` splits at the '=' in bash.
    check(
        "bash",
        &bash("sockerr --os=f"),
        &case("", &["freebsd"], &[]),
    );
    // A directory where a directory is expected.
    check(
        "bash",
        &bash("sockerr generate man "),
        &case("", &["outdir"], &["ECONNRESET"]),
    );
}

#[test]
fn zsh_completes_every_case() {
    if !have("zsh") {
        return;
    }
    for c in cases() {
        let got = zsh(&c.line);
        // zsh lists directories without the slash.
        let got: Vec<String> = got
            .into_iter()
            .map(|g| g.trim_end_matches('/').into())
            .collect();
        check("zsh", &got, &c);
    }
    check("zsh", &zsh("sockerr --os=f"), &case("", &["freebsd"], &[]));
    check(
        "zsh",
        &zsh("sockerr generate man "),
        &case("", &["outdir"], &["ECONNRESET"]),
    );
}

#[test]
fn fish_completes_every_case() {
    if !have("fish") {
        return;
    }
    for c in cases() {
        check("fish", &fish(&c.line), &c);
    }
    check(
        "fish",
        &fish("sockerr --os=f"),
        &case("", &["--os=freebsd"], &[]),
    );
    check(
        "fish",
        &fish("sockerr generate man "),
        &case("", &["outdir/"], &["trace.log", "ECONNRESET"]),
    );
}

#[test]
fn elvish_completes_every_case() {
    if !have("elvish") || !have("script") {
        return;
    }
    let mut all = cases();
    all.push(case("sockerr --os=f", &["--os=freebsd"], &[]));
    all.push(case(
        "sockerr generate man ",
        &["outdir/"],
        &["trace.log", "ECONNRESET"],
    ));
    let lines: Vec<&str> = all.iter().map(|c| c.line.as_str()).collect();
    for (c, got) in all.iter().zip(elvish_all(&lines)) {
        // elvish lists a directory with its slash.
        let mut got = got;
        got.extend(
            got.clone()
                .into_iter()
                .filter_map(|g| g.strip_suffix('/').map(str::to_string)),
        );
        check("elvish", &got, c);
    }
}

/// The PowerShell script is made by the same model: it must carry every
/// errno name and every option value the other shells offer.
#[test]
fn powershell_script_carries_the_same_tables() {
    let ps = std::fs::read_to_string(root().join("completions/_sockerr.ps1")).unwrap();
    for needle in [
        "\nECONNRESET\t",
        "\neconnreset\t",
        "\nrecv\t",
        "\nfreebsd\t",
        "'sockerr;scan' = @('files')",
        "Register-ArgumentCompleter -Native -CommandName 'sockerr'",
    ] {
        assert!(ps.contains(needle), "_sockerr.ps1 lacks {needle:?}");
    }
}
