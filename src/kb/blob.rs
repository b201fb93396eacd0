//! How the generated tables hold text and lists: as offsets into one string
//! blob and into typed pools, never as pointers.
//!
//! Why: `cargo build` makes a position-independent executable, and every
//! pointer stored in a static table is a relocation the dynamic loader must
//! patch at every start, writing to the page it sits on (a copy-on-write page
//! fault). With `&'static str` and `&'static [T]` fields the knowledge base
//! was 11,300 of the binary's 14,700 relocations and about 50 page faults of
//! `explain ECONNRESET`: most of what the default build spent before `main`
//! beyond what `errno(1)` spends. An offset is a plain number, so the tables
//! stay in read-only data, untouched until something reads them. The build
//! script writes the blob and the pools (`src/build/pools.rs`).
//!
//! [`Str`] reads like a `&'static str` (it derefs to `str`, prints, compares
//! and serialises as one) and [`List`] like a `&'static [T]`, so code that
//! reads the knowledge base hardly notices. Texts written in the code rather
//! than in `data/` (`Text::new`, `Str::new`) stay ordinary literals.

use crate::kb::{Action, Diagnose, Entry, Related, Text};
use crate::platform::Os;
use crate::syscall::Syscall;
use serde::ser::{Serialize, SerializeSeq, Serializer};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::Deref;

/// Every string of the knowledge base, one after another (the build script
/// writes it and the offsets into it).
const BLOB: &str = include_str!(concat!(env!("OUT_DIR"), "/kb_blob.txt"));

/// A string of the knowledge base. Use it as a `&'static str`: it derefs to
/// `str`, compares with `&str`, and [`Str::as_str`] gives the `&'static str`.
#[derive(Clone, Copy)]
pub struct Str(Repr);

#[derive(Clone, Copy)]
enum Repr {
    /// Bytes `at..at + len` of the blob: what the generated tables hold.
    Blob { at: u32, len: u32 },
    /// A literal written in the code.
    Lit(&'static str),
}

// The blob form must fit in the literal's niche (a null pointer), or every
// table entry would grow by a tag.
const _: () = assert!(std::mem::size_of::<Str>() == 16);

impl Str {
    /// A string written in the code.
    pub const fn new(s: &'static str) -> Str {
        Str(Repr::Lit(s))
    }

    /// Bytes `at..at + len` of the blob; only the build script's output calls this.
    pub(crate) const fn blob(at: u32, len: u32) -> Str {
        Str(Repr::Blob { at, len })
    }

    /// Equality with a `&str`, without slicing the blob when the lengths
    /// already differ (lookups compare a query with every name in a table).
    #[inline]
    fn is(self, other: &str) -> bool {
        match self.0 {
            Repr::Blob { len, .. } if len as usize != other.len() => false,
            _ => self.as_str() == other,
        }
    }

    #[inline]
    pub fn as_str(self) -> &'static str {
        match self.0 {
            Repr::Blob { at, len } => &BLOB[at as usize..at as usize + len as usize],
            Repr::Lit(s) => s,
        }
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

/// Lets `[Str]` and `Vec<Str>` `join` like `[&str]`; `Eq`, `Ord` and `Hash`
/// below are the string's, as `Borrow` requires.
impl std::borrow::Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<Str> for &'static str {
    fn from(s: Str) -> &'static str {
        s.as_str()
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for Str {
    #[inline]
    fn eq(&self, other: &Str) -> bool {
        match (self.0, other.0) {
            // The build script stores each distinct string once, so two
            // places in the blob hold the same text only if they are the same
            // place.
            (Repr::Blob { at, len }, Repr::Blob { at: a, len: l }) => at == a && len == l,
            _ => self.as_str() == other.as_str(),
        }
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.is(other)
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.is(other)
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        other.is(self)
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        other.is(self)
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state)
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Serialize for Str {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The element types a [`List`] can hold, each with the pool the build
/// script writes its lists into (`POOLS_AND_TYPES` in `src/build/pools.rs`).
pub trait Pooled: Sized + 'static {
    #[doc(hidden)]
    fn pool() -> &'static [Self];
}

/// A list of the knowledge base, such as an entry's causes. Use it as a
/// `&'static [T]`: it derefs to `[T]`, iterates, and [`List::as_slice`]
/// gives the `&'static [T]`.
pub struct List<T: Pooled> {
    at: u32,
    len: u32,
    of: PhantomData<T>,
}

impl<T: Pooled> List<T> {
    /// Items `at..at + len` of `T`'s pool; only the build script's output calls this.
    pub(crate) const fn pooled(at: u32, len: u32) -> List<T> {
        List {
            at,
            len,
            of: PhantomData,
        }
    }

    #[inline]
    pub fn as_slice(self) -> &'static [T] {
        &T::pool()[self.at as usize..self.at as usize + self.len as usize]
    }
}

impl<T: Pooled> Clone for List<T> {
    fn clone(&self) -> List<T> {
        *self
    }
}

impl<T: Pooled> Copy for List<T> {}

impl<T: Pooled> Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Pooled> IntoIterator for List<T> {
    type Item = &'static T;
    type IntoIter = std::slice::Iter<'static, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Pooled> IntoIterator for &List<T> {
    type Item = &'static T;
    type IntoIter = std::slice::Iter<'static, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl<T: Pooled + fmt::Debug> fmt::Debug for List<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl<T: Pooled + PartialEq> PartialEq for List<T> {
    fn eq(&self, other: &List<T>) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl<T: Pooled + Eq> Eq for List<T> {}

impl<T: Pooled + Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.len()))?;
        for item in self.as_slice() {
            seq.serialize_element(item)?;
        }
        seq.end()
    }
}

include!(concat!(env!("OUT_DIR"), "/kb_pools.rs"));

impl Pooled for Str {
    fn pool() -> &'static [Str] {
        &STRS
    }
}

impl Pooled for Text {
    fn pool() -> &'static [Text] {
        &TEXTS
    }
}

impl Pooled for Diagnose {
    fn pool() -> &'static [Diagnose] {
        &DIAGNOSES
    }
}

impl Pooled for Related {
    fn pool() -> &'static [Related] {
        &RELATEDS
    }
}

impl Pooled for Entry {
    fn pool() -> &'static [Entry] {
        &ENTRIES
    }
}

impl Pooled for Os {
    fn pool() -> &'static [Os] {
        &OSES
    }
}
