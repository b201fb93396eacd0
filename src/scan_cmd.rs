//! `sockerr scan`: placeholder until the scanner lands (issue 3).

use crate::config::Config;
use crate::error::{Error, Result};
use std::io::Write;
use std::path::PathBuf;

pub fn run(
    _cfg: &Config,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
    _files: &[PathBuf],
    _only_errors: bool,
    _summary: bool,
) -> Result<()> {
    Err(Error::Usage("scan is not built yet".into()))
}
