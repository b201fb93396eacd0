//! `sockerr repro`: placeholder until reproductions land (issue 6).

use crate::config::Config;
use crate::error::{Error, Result};
use std::io::Write;

pub fn run(
    _cfg: &Config,
    _out: &mut dyn Write,
    _err: &mut dyn Write,
    _errno: Option<&str>,
    _list: bool,
) -> Result<()> {
    Err(Error::Usage("repro is not built yet".into()))
}
