//! The build script's part that decides how the generated tables hold their
//! strings and lists: as offsets into one string blob (`kb_blob.txt`) and
//! into one typed pool per list element type (`kb_pools.rs`), never as
//! pointers. `src/kb/blob.rs` reads them back and says why: every pointer in
//! a static table is a relocation the dynamic loader patches at every start
//! of the position-independent binary `cargo build` makes.
//!
//! `main.rs`, `gai.rs` and `failures.rs` write every string field with
//! [`str_lit`] (or [`text_lit`] for a [`Text`]) and every list field with
//! [`list_lit`] (the lists of entries and failures through [`advice_fields`]);
//! [`write_pools`] writes the blob and the pools once every
//! table has been generated.

use super::{DiagnoseJson, RelatedJson, Text};
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

/// The pools a `List<T>` field can index, with the element type of each, as
/// `src/kb/blob.rs` declares them (`impl Pooled for ...`).
const POOLS_AND_TYPES: &[(&str, &str)] = &[
    ("STRS", "Str"),
    ("TEXTS", "Text"),
    ("DIAGNOSES", "Diagnose"),
    ("RELATEDS", "Related"),
    ("ENTRIES", "Entry"),
    ("OSES", "Os"),
];

#[derive(Default)]
struct Pools {
    blob: String,
    strings: HashMap<String, (usize, usize)>,
    /// Pool name (`TEXTS`, `STRS`, ...) → the Rust expressions of its items.
    items: BTreeMap<&'static str, Vec<String>>,
    lists: HashMap<(&'static str, Vec<String>), (usize, usize)>,
}

thread_local! {
    static POOLS: RefCell<Pools> = RefCell::new(Pools::default());
}

/// A `Str` field: the string's place in the blob (each distinct string
/// once, so equal strings have equal places).
pub fn str_lit(s: &str) -> String {
    let (at, len) = POOLS.with(|p| {
        let mut p = p.borrow_mut();
        if let Some(&found) = p.strings.get(s) {
            return found;
        }
        let place = (p.blob.len(), s.len());
        p.blob.push_str(s);
        p.strings.insert(s.to_string(), place);
        place
    });
    format!("Str::blob({at}, {len})")
}

/// An `Option<Str>` field.
pub fn opt_str_lit(s: Option<&str>) -> String {
    match s {
        Some(s) => format!("Some({})", str_lit(s)),
        None => "None".to_string(),
    }
}

/// A `List<T>` field: `items` (Rust expressions of type T) appended to the
/// pool of T, named `pool` (one of [`POOLS_AND_TYPES`]). A list equal to
/// one already pooled is not stored twice.
pub fn list_lit(pool: &'static str, items: Vec<String>) -> String {
    assert!(
        POOLS_AND_TYPES.iter().any(|&(p, _)| p == pool),
        "no pool named {pool}"
    );
    let (at, len) = POOLS.with(|p| {
        let mut p = p.borrow_mut();
        if items.is_empty() {
            return (0, 0);
        }
        if let Some(&found) = p.lists.get(&(pool, items.clone())) {
            return found;
        }
        let v = p.items.entry(pool).or_default();
        let place = (v.len(), items.len());
        v.extend(items.iter().cloned());
        p.lists.insert((pool, items), place);
        place
    });
    format!("List::pooled({at}, {len})")
}

/// A `List<Str>` field.
pub fn strs_lit<S: AsRef<str>>(v: &[S]) -> String {
    list_lit("STRS", v.iter().map(|s| str_lit(s.as_ref())).collect())
}

/// A `List<Text>` field.
pub fn texts_lit(v: &[Text]) -> String {
    list_lit("TEXTS", v.iter().map(text_lit).collect())
}

/// A `Text` field.
pub fn text_lit(t: &Text) -> String {
    format!("Text {{ en: {}, zh: {} }}", str_lit(&t.en), str_lit(&t.zh))
}

/// An `Option<Text>` field.
pub fn opt_text_lit(t: &Option<Text>) -> String {
    match t {
        Some(t) => format!("Some({})", text_lit(t)),
        None => "None".to_string(),
    }
}

/// The fields an entry and a failure share, `meaning` to `see_also`, as
/// struct-literal fields.
pub fn advice_fields(
    meaning: &Text,
    causes: &[Text],
    fixes: &[Text],
    diagnose: &[DiagnoseJson],
    related: &[RelatedJson],
    see_also: &[String],
) -> String {
    format!(
        "meaning: {}, causes: {}, fixes: {}, diagnose: {}, related: {}, see_also: {}",
        text_lit(meaning),
        texts_lit(causes),
        texts_lit(fixes),
        diagnoses_lit(diagnose),
        relateds_lit(related),
        strs_lit(see_also)
    )
}

/// A `List<Diagnose>` field: the commands that show a cause.
pub fn diagnoses_lit(v: &[DiagnoseJson]) -> String {
    let items = v
        .iter()
        .map(|d| {
            format!(
                "Diagnose {{ cmd: {}, why: {} }}",
                str_lit(&d.cmd),
                text_lit(&d.why)
            )
        })
        .collect();
    list_lit("DIAGNOSES", items)
}

/// A `List<Related>` field: look-alike errnos and how to tell them apart.
pub fn relateds_lit(v: &[RelatedJson]) -> String {
    let items = v
        .iter()
        .map(|r| {
            format!(
                "Related {{ errno: {}, note: {} }}",
                str_lit(&r.errno),
                text_lit(&r.note)
            )
        })
        .collect();
    list_lit("RELATEDS", items)
}

/// Writes the blob and the pools, once every table has been generated.
pub fn write_pools(out_dir: &Path) {
    POOLS.with(|p| {
        let p = p.borrow();
        let mut code = String::from(
            "// Generated by the build script (src/build/pools.rs): the pools the tables' lists index. Do not edit.\n\n",
        );
        for &(pool, ty) in POOLS_AND_TYPES {
            let items = p.items.get(pool).map(Vec::as_slice).unwrap_or_default();
            assert!(
                items.len() < u32::MAX as usize,
                "the pool {pool} outgrew its u32 offsets"
            );
            writeln!(code, "static {pool}: [{ty}; {}] = [", items.len()).unwrap();
            for i in items {
                writeln!(code, "    {i},").unwrap();
            }
            code.push_str("];\n");
        }
        assert!(
            p.blob.len() < u32::MAX as usize,
            "the string blob outgrew its u32 offsets"
        );
        std::fs::write(out_dir.join("kb_pools.rs"), code).expect("cannot write the pools");
        std::fs::write(out_dir.join("kb_blob.txt"), &p.blob).expect("cannot write the blob");
    });
}
