use assert_cmd::Command;

/// The real binary with a predictable environment: no locale, no NO_COLOR,
/// no terminal (assert_cmd pipes stdout), so output is English and plain.
pub fn sockerr() -> Command {
    let mut cmd = Command::cargo_bin("sockerr").expect("the sockerr binary is built");
    for var in SCRUBBED {
        cmd.env_remove(var);
    }
    cmd
}

/// The variables a test's sockerr must not inherit: they change the
/// language, the colour or the width of what it prints.
pub const SCRUBBED: [&str; 9] = [
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "LANG",
    "LC_ALL",
    "LC_MESSAGES",
    "LANGUAGE",
    "COLUMNS",
    "RUST_BACKTRACE",
];

/// Runs with the given arguments and returns (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    finish(sockerr().args(args))
}

/// [`run`] with `input` on standard input (what `scan` reads).
pub fn run_with_input(args: &[&str], input: &str) -> (i32, String, String) {
    finish(sockerr().args(args).write_stdin(input))
}

fn finish(cmd: &mut Command) -> (i32, String, String) {
    let out = cmd.output().expect("sockerr runs");
    (
        out.status
            .code()
            .expect("sockerr exits, not killed by a signal"),
        String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    )
}
