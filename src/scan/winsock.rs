//! WinSock errors (`10054`, `WSAECONNRESET`) and the Unix errno each one is.

use super::*;

/// A WinSock error, by number (`10054`) or name (`WSAECONNRESET`): its name,
/// number and the Unix errno it corresponds to. The table is the platform
/// one (`data/platforms.json`, checked against windows-sys); codes with no
/// Unix counterpart (WSANOTINITIALISED) are not findings.
pub fn winsock(key: WinKey<'_>) -> Option<(&'static str, u32, &'static Errno)> {
    let row = crate::platform::WINSOCK.iter().find(|w| match key {
        WinKey::Code(c) => u32::try_from(w.number) == Ok(c),
        WinKey::Name(s) => w.name == s,
    })?;
    Some((
        row.name.as_str(),
        u32::try_from(row.number).ok()?,
        kb::by_name(row.errno?)?,
    ))
}

/// How a WinSock error is looked up.
#[derive(Debug, Clone, Copy)]
pub enum WinKey<'a> {
    Code(u32),
    Name(&'a str),
}
