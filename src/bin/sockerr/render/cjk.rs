//! What Chinese text asks of a terminal and of a line break, defined once
//! for the terminal wrapper (`wrap::wrap`) and the man-page generator
//! (`generate::cjk_breaks`).
//!
//! Chinese has no spaces, so a line may break between any two characters,
//! with the exceptions typesetters call kinsoku (避头尾): closing
//! punctuation never starts a line (a line that begins with `，` or `）`
//! reads as a typo) and opening punctuation never ends one (`（` belongs
//! with what it opens). A two-character dash or ellipsis (`——`, `……`) is
//! not split either. The sets follow the W3C's "Requirements for Chinese
//! Text Layout" (clreq), with the ASCII marks that follow CJK text in the
//! knowledge base (`connect()，`, `字)`).

/// Columns a character takes on a terminal: CJK and full-width forms take two.
pub fn width(c: char) -> usize {
    match c as u32 {
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6 => 2,
        _ => 1,
    }
}

/// A character that takes two columns, after which a line may break.
pub fn is_wide(c: char) -> bool {
    !c.is_ascii() && width(c) == 2
}

/// Punctuation that may not start a line: full stops, commas, colons,
/// closing brackets and quotes, in their full-width and ASCII forms.
/// (The middle dot `·` is left out: the output uses it between list items,
/// `linux 104 · macos 54`, where a line may start with it.)
pub const CLOSING: &str = "，。、．；：！？）］｝〕〉》」』】〙〗〛”’…‥・々〜～％,.;:!?)]}%";

/// Punctuation that may not end a line: opening brackets and quotes.
pub const OPENING: &str = "（［｛〔〈《「『【〘〖〚“‘([{";

/// Dashes and ellipses, written doubled (`——`, `……`), never split.
const DOUBLED: &str = "—…";

/// Letters, digits and CJK ideographs, nearly all of any text, are no
/// punctuation: answered without searching the sets.
fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(&c)
}

pub fn is_closing(c: char) -> bool {
    !plain(c) && CLOSING.contains(c)
}

pub fn is_opening(c: char) -> bool {
    !plain(c) && OPENING.contains(c)
}

/// Whether a line may break between `a` and `b`, adjacent characters, as
/// far as punctuation goes.
pub fn may_break_between(a: char, b: char) -> bool {
    if plain(a) && plain(b) {
        return true;
    }
    let doubled = a == b && DOUBLED.contains(a);
    !(is_closing(b) || is_opening(a) || doubled)
}

/// The same for `a` and `b` with white space between them. A full-width
/// mark binds across the space too, but an ASCII one after a space is no
/// longer punctuation of the word before: `::1` and `(see` start words.
pub fn may_break_across_space(a: char, b: char) -> bool {
    // The cheap test first: nearly every word starts and ends in ASCII.
    let binds_b = !b.is_ascii() && is_closing(b);
    let binds_a = !a.is_ascii() && is_opening(a);
    !(binds_a || binds_b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_rules() {
        assert!(may_break_between('字', '字'));
        assert!(!may_break_between('字', '，'));
        assert!(!may_break_between('字', '。'));
        assert!(!may_break_between('（', '字'));
        assert!(!may_break_between('字', ')'));
        assert!(!may_break_between('—', '—'));
        assert!(may_break_between('。', '字'));
        assert!(may_break_between('）', '（'));
        assert!(may_break_across_space('o', ':'));
        assert!(may_break_across_space('(', 'x'));
        assert!(!may_break_across_space('字', '，'));
        assert!(!may_break_across_space('（', 'x'));
        assert_eq!(width('字'), 2);
        assert_eq!(width('a'), 1);
        assert!(CLOSING
            .chars()
            .chain(OPENING.chars())
            .all(|c| !c.is_whitespace()));
    }
}
