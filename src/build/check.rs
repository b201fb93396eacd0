//! The schema checks the knowledge base's tables share: texts in both
//! languages, man page references, and what an entry and a failure both
//! carry. Uses only the JSON types of `main.rs`.

use super::{DiagnoseJson, RelatedJson, Text};
use std::collections::BTreeSet;

/// Collects every schema violation so one build reports them all.
pub(super) struct Checker {
    pub(super) problems: Vec<String>,
}

impl Checker {
    pub(super) fn text(&mut self, t: &Text, at: &str) {
        if t.en.trim().is_empty() {
            self.problems.push(format!("{at}: empty English text"));
        }
        if t.zh.trim().is_empty() {
            self.problems.push(format!("{at}: empty Chinese text"));
        } else if !t.zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            self.problems
                .push(format!("{at}: the zh text has no Chinese characters"));
        }
    }

    /// The causes and fixes of an entry or a failure: each a text.
    pub(super) fn causes_and_fixes(&mut self, at: &str, causes: &[Text], fixes: &[Text]) {
        for (i, t) in causes.iter().enumerate() {
            self.text(t, &format!("{at} causes[{i}]"));
        }
        for (i, t) in fixes.iter().enumerate() {
            self.text(t, &format!("{at} fixes[{i}]"));
        }
    }

    /// Where an entry or a failure points the reader: diagnose commands,
    /// related codes (each one of `names`) and man pages.
    pub(super) fn pointers(
        &mut self,
        at: &str,
        diagnose: &[DiagnoseJson],
        related: &[RelatedJson],
        see_also: &[String],
        names: &BTreeSet<String>,
    ) {
        for (i, d) in diagnose.iter().enumerate() {
            if d.cmd.trim().is_empty() {
                self.problems
                    .push(format!("{at} diagnose[{i}]: empty command"));
            }
            self.text(&d.why, &format!("{at} diagnose[{i}]"));
        }
        for r in related {
            if !names.contains(&r.errno) {
                self.problems.push(format!(
                    "{at}: related {} is not a canonical errno name",
                    r.errno
                ));
            }
            self.text(&r.note, &format!("{at} related {}", r.errno));
        }
        for s in see_also {
            self.man_ref(s, &format!("{at} see_also"));
        }
    }

    pub(super) fn man_ref(&mut self, s: &str, at: &str) {
        let ok = s
            .strip_suffix(')')
            .and_then(|s| s.rsplit_once('('))
            .is_some_and(|(page, sec)| {
                !page.is_empty()
                    && page
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
                    && sec.len() == 1
                    && sec.chars().all(|c| ('1'..='8').contains(&c))
            });
        if !ok {
            self.problems.push(format!(
                "{at}: {s:?} is not a man page reference like tcp(7)"
            ));
        }
    }
}
