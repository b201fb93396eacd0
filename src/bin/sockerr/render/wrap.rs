//! Line breaking for the terminal: prose wrapped to the width, at spaces in
//! English and between characters in Chinese, never where Chinese
//! typesetting forbids a break ([`cjk`] holds those rules).

use super::cjk;

/// Wraps prose to `width` columns after `indent`. Breaks at spaces, and
/// between any two wide characters, since Chinese has no spaces to break
/// at; but never where Chinese typesetting forbids it (see [`cjk`]): no
/// line starts with closing punctuation or ends with opening punctuation.
pub fn wrap(text: &str, indent: usize, width: usize) -> Vec<String> {
    let room = width.saturating_sub(indent).max(20);
    let ascii = text.is_ascii();
    if ascii && single_spaced(text) {
        by_single_spaces(text, room)
    } else if ascii || narrow(text) {
        by_spaces(text, room, ascii)
    } else {
        by_tokens(text, room)
    }
}

/// Whether every character of `text` is narrow and breaks only at white
/// space, as in English: ASCII, or a narrow mark no rule of [`cjk`] binds
/// to its neighbour (the `·` between list items, `é`), never ASCII-only
/// white space's Unicode kin.
fn narrow(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_ascii()
            || (cjk::width(c) == 1
                && !c.is_whitespace()
                && !cjk::is_closing(c)
                && !cjk::is_opening(c))
    })
}

/// ASCII text whose words are separated by single spaces and nothing else,
/// nearly every text of the knowledge base. Two vectorised passes: a fold
/// without an early exit, and `str::contains`. (Not `memchr`'s searchers:
/// they are code `explain` does not otherwise touch, and paging them in
/// took 9 more page faults than the whole search saves.)
fn single_spaced(text: &str) -> bool {
    let b = text.as_bytes();
    let control = b.iter().fold(false, |seen, &x| {
        seen | (x.wrapping_sub(b'\t') <= b'\r' - b'\t')
    });
    let double = text.contains("  ");
    let irregular = control | double;
    !b.is_empty() && b[0] != b' ' && b[b.len() - 1] != b' ' && !irregular
}

/// [`by_spaces`] for [`single_spaced`] text, a line at a time instead of a
/// word at a time: the greedy fill ends a line at the last space that
/// leaves it at most `room` long (or after its first word, when that word is
/// longer), so only the spaces around each break are looked for.
fn by_single_spaces(text: &str, room: usize) -> Vec<String> {
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(b.len() / room + 1);
    let mut start = 0;
    while b.len() - start > room {
        let limit = start + room;
        // A space right after `room` bytes ends a full line; otherwise the
        // last space within them, or else the first one after them.
        let end = if b[limit] == b' ' {
            limit
        } else {
            match b[start..limit].iter().rposition(|&c| c == b' ') {
                Some(k) => start + k,
                None => match b[limit..].iter().position(|&c| c == b' ') {
                    Some(k) => limit + k,
                    None => b.len(),
                },
            }
        };
        lines.push(text[start..end].to_string());
        start = end + 1;
        if start >= b.len() {
            return lines;
        }
    }
    lines.push(text[start..].to_string());
    lines
}

/// [`by_tokens`] for [`narrow`] text, most of the English text, without
/// making tokens: there every word but the first follows white space, and
/// no punctuation rule of [`cjk`] binds a mark across a space, so a line may
/// break at every space and the fill is the plain greedy one. (Tokens cost
/// most of a whole `sockerr explain`'s own work.) In `ascii` text a word's
/// width is its length in bytes; otherwise its characters are counted.
///
/// A line is copied out of `text` in one piece when its words are
/// separated by single spaces, as nearly all are; only a line with other
/// white space between its words is rebuilt word by word.
fn by_spaces(text: &str, room: usize, ascii: bool) -> Vec<String> {
    // char::is_whitespace, for ASCII.
    let space = |b: u8| matches!(b, b' ' | b'\t'..=b'\r');
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    // The current line: `text[start..end]`, `width` columns once its
    // separators are single spaces, and whether they already are.
    let (mut start, mut end, mut width, mut plain) = (0, 0, 0, true);
    let flush = |lines: &mut Vec<String>, start: usize, end: usize, plain: bool| {
        let line = &text[start..end];
        lines.push(if plain {
            line.to_string()
        } else {
            // Not split_ascii_whitespace: it keeps U+000B, a space here.
            line.split(char::is_whitespace)
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        });
    };
    let mut i = 0;
    loop {
        let gap = i;
        while i < bytes.len() && space(bytes[i]) {
            i += 1;
        }
        if i == bytes.len() {
            break;
        }
        let word = i;
        while i < bytes.len() && !space(bytes[i]) {
            i += 1;
        }
        let len = if ascii {
            i - word
        } else {
            text[word..i].chars().count()
        };
        if width == 0 {
            (start, width, plain) = (word, len, true);
        } else if width + 1 + len > room {
            flush(&mut lines, start, end, plain);
            (start, width, plain) = (word, len, true);
        } else {
            width += 1 + len;
            plain &= word - gap == 1 && bytes[gap] == b' ';
        }
        end = i;
    }
    if width > 0 || lines.is_empty() {
        flush(&mut lines, start, end, plain);
    }
    lines
}

/// Any text: cut into tokens, then filled greedily a unit at a time (tokens
/// no line may break between).
fn by_tokens(text: &str, room: usize) -> Vec<String> {
    let toks = tokens(text);
    let mut lines = Vec::new();
    let mut line = String::with_capacity(room * 3);
    let mut col = 0;
    let mut i = 0;
    while i < toks.len() {
        // A unit: tokens no line may break between.
        let mut j = i + 1;
        let mut w = toks[i].width;
        while j < toks.len() && !toks[j].may_break_before {
            w += usize::from(toks[j].spaced) + toks[j].width;
            j += 1;
        }
        let sep = usize::from(toks[i].spaced && col > 0);
        if col > 0 && col + sep + w > room {
            lines.push(std::mem::replace(
                &mut line,
                String::with_capacity(room * 3),
            ));
            col = 0;
        } else if sep == 1 {
            line.push(' ');
            col += 1;
        }
        for (k, t) in toks[i..j].iter().enumerate() {
            if k > 0 && t.spaced {
                line.push(' ');
            }
            line.push_str(&text[t.start..t.end]);
        }
        col += w;
        i = j;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A piece of text a line may break before: a run of narrow non-space
/// characters (an English word), or one wide character.
struct Token {
    start: usize,
    end: usize,
    /// Preceded by white space (shown as one space unless a line breaks there).
    spaced: bool,
    width: usize,
    /// Whether punctuation allows a break between the previous token and this one.
    may_break_before: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    /// A narrow word being read: where it starts, whether a space came
    /// before it, its width, its first and last characters.
    struct Word {
        start: usize,
        spaced: bool,
        width: usize,
        first: char,
        last: char,
    }
    let mut toks: Vec<Token> = Vec::with_capacity(text.len() / 4);
    // The last character of the previous token.
    let mut prev: Option<char> = None;
    let mut push = |toks: &mut Vec<Token>, end: usize, w: Word| {
        let may_break_before = match prev.replace(w.last) {
            Some(last) if w.spaced => cjk::may_break_across_space(last, w.first),
            Some(last) => cjk::may_break_between(last, w.first),
            None => true,
        };
        toks.push(Token {
            start: w.start,
            end,
            spaced: w.spaced,
            width: w.width,
            may_break_before,
        });
    };
    let mut word: Option<Word> = None;
    let mut space = false;
    let mut i = 0;
    let bytes = text.as_bytes();
    // What the loop below makes of an ASCII byte that char::is_whitespace
    // does not call white space: a narrow character of the current word.
    let narrow_word_byte = |b: u8| b < 0x80 && b != b' ' && !(b'\t'..=b'\r').contains(&b);
    while i < text.len() {
        let b = bytes[i];
        // A run of such bytes, an English word or most of one, in one step:
        // taken a character at a time, they were a fifth of all the
        // instructions of `sockerr explain ECONNRESET`.
        if narrow_word_byte(b) {
            let start = i;
            while i < bytes.len() && narrow_word_byte(bytes[i]) {
                i += 1;
            }
            let last = char::from(bytes[i - 1]);
            match &mut word {
                Some(w) => {
                    w.width += i - start;
                    w.last = last;
                }
                None => {
                    word = Some(Word {
                        start,
                        spaced: space,
                        width: i - start,
                        first: char::from(b),
                        last,
                    })
                }
            }
            continue;
        }
        // ASCII, nearly all of the English text, needs no decoding.
        let (c, len) = if b < 0x80 {
            (char::from(b), 1)
        } else {
            let c = text[i..].chars().next().expect("i is on a char boundary");
            (c, c.len_utf8())
        };
        let wide = b >= 0x80 && cjk::is_wide(c);
        if c.is_whitespace() || wide {
            if let Some(w) = word.take() {
                push(&mut toks, i, w);
                space = false;
            }
        }
        if c.is_whitespace() {
            space = !toks.is_empty() || word.is_some();
        } else if wide {
            let w = Word {
                start: i,
                spaced: space,
                width: 2,
                first: c,
                last: c,
            };
            push(&mut toks, i + len, w);
            space = false;
        } else {
            match &mut word {
                Some(w) => {
                    w.width += 1;
                    w.last = c;
                }
                None => {
                    word = Some(Word {
                        start: i,
                        spaced: space,
                        width: 1,
                        first: c,
                        last: c,
                    })
                }
            }
        }
        i += len;
    }
    if let Some(w) = word {
        push(&mut toks, text.len(), w);
    }
    toks
}

#[cfg(test)]
mod tests {
    use super::*;
    use sockerr::platform::{self, Os};
    use sockerr::{kb, Lang};

    #[test]
    fn wraps_english_at_spaces_and_chinese_anywhere() {
        let l = wrap("aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk", 0, 20);
        assert!(l.iter().all(|l| l.len() <= 20), "{l:?}");
        assert_eq!(l.join(" "), "aaa bbb ccc ddd eee fff ggg hhh iii jjj kkk");
        let zh = "对端发送了复位报文，连接已经不存在了，请关闭套接字并重新连接。";
        let l = wrap(zh, 0, 20);
        assert!(l.len() > 1);
        assert_eq!(l.concat(), zh);
    }

    /// Plain ASCII is wrapped as the token-based path wraps it: every
    /// English and Chinese text of the knowledge base that is ASCII, and
    /// white space of every kind at the edges and inside, at every room.
    #[test]
    fn narrow_text_wraps_as_by_tokens() {
        let mut texts: Vec<&str> = every_text(Lang::En);
        texts.extend(every_text(Lang::Zh));
        texts.retain(|t| narrow(t));
        assert!(texts.len() > 1000, "{} narrow texts", texts.len());
        let odd = [
            "",
            " ",
            "\t\n\u{b}\u{c}\r ",
            "  leading and trailing  ",
            "a\u{b}b\u{c}c\r\nd\te",
            "averyveryveryverylongwordthatdoesnotfitanywhere at all, then short words",
            "x",
            "linux 104 · macos 54 · freebsd 54 · windows WSAECONNRESET 10054 · café résumé naïve",
            "·· · ·é",
            "twenty-letters-word twenty-letters-word",
            "twenty-letters-wordx twenty-letters-word x",
            "a twenty-one-letter-word b",
            "abcdefghijklmnopqrstuvwxyz0123456789 then short words after a long one",
            "exactly twenty chars",
            "exactly twenty charsX",
        ];
        for room in [20, 21, 33, 60, 74, 96] {
            for t in texts.iter().chain(&odd) {
                assert!(narrow(t), "{t:?}");
                let want = by_tokens(t, room);
                assert_eq!(by_spaces(t, room, t.is_ascii()), want, "room {room}: {t:?}");
                if t.is_ascii() && single_spaced(t) {
                    assert_eq!(by_single_spaces(t, room), want, "room {room}: {t:?}");
                }
            }
        }
    }

    /// Every text of the knowledge base in one language: errnos, call
    /// entries, myths, platform notes and codes, runtime notes.
    fn every_text(lang: Lang) -> Vec<&'static str> {
        let get = |t: &sockerr::Text| t.get(lang);
        let mut v = Vec::new();
        for e in kb::errnos() {
            v.push(get(&e.summary));
            v.extend(e.detail.as_ref().map(get));
        }
        for c in kb::calls() {
            v.push(get(&c.summary));
            for en in c.entries {
                v.push(get(&en.meaning));
                v.extend(en.myth.as_ref().map(get));
                v.extend(en.causes.iter().chain(en.fixes).map(get));
                v.extend(en.diagnose.iter().map(|d| get(&d.why)));
                v.extend(en.related.iter().map(|r| get(&r.note)));
            }
        }
        v.extend(kb::myths().iter().map(|m| get(&m.note)));
        v.extend(platform::NOTES.iter().map(|n| get(&n.note)));
        for os in [Os::Macos, Os::Freebsd, Os::Windows] {
            v.extend(platform::foreign(os).iter().map(|f| get(&f.meaning)));
        }
        v.extend(
            platform::WINSOCK
                .iter()
                .filter_map(|w| w.meaning.as_ref())
                .map(get),
        );
        v.extend(
            sockerr::runtime::names()
                .iter()
                .filter_map(|r| r.note.as_ref())
                .map(get),
        );
        v
    }

    #[test]
    fn no_chinese_line_starts_with_closing_or_ends_with_opening_punctuation() {
        let texts = every_text(Lang::Zh);
        assert!(texts.len() > 1000, "{} texts", texts.len());
        let mut bad = Vec::new();
        for width in [40, 60, 80, 100] {
            for indent in [0, 2, 4, 6] {
                for t in &texts {
                    let lines = wrap(t, indent, width);
                    // The lines are the text with white space folded, cut
                    // at spaces or between characters: find which.
                    let folded = t.split_whitespace().collect::<Vec<_>>().join(" ");
                    let mut at_space = vec![false; lines.len()];
                    let mut pos = 0;
                    for (i, l) in lines.iter().enumerate() {
                        assert_eq!(&folded[pos..pos + l.len()], l, "text lost or changed");
                        pos += l.len();
                        if folded[pos..].starts_with(' ') {
                            pos += 1;
                            if i + 1 < lines.len() {
                                at_space[i + 1] = true;
                            }
                        }
                    }
                    assert_eq!(pos, folded.len());
                    // An ASCII mark after a space starts a word (`::1`,
                    // `(see`); one stuck to Chinese text is punctuation.
                    for (i, l) in lines.iter().enumerate() {
                        let first = l.chars().next().unwrap();
                        let last = l.chars().next_back().unwrap();
                        let binds = |c: char, space: bool| !c.is_ascii() || !space;
                        if i > 0 && cjk::is_closing(first) && binds(first, at_space[i])
                            || i + 1 < lines.len()
                                && cjk::is_opening(last)
                                && binds(last, at_space[i + 1])
                        {
                            bad.push(format!("width {width}, indent {indent}: {l}"));
                        }
                    }
                }
            }
        }
        assert!(
            bad.is_empty(),
            "{} bad lines, e.g.\n{}",
            bad.len(),
            bad[..bad.len().min(10)].join("\n")
        );
    }

    /// Runs of ASCII, white space of every kind (tab, vertical tab, form
    /// feed, CR LF, no-break and em spaces, NEL), wide characters and
    /// Chinese punctuation inside or next to words, at widths that split
    /// them at different places: pinned as the wrapper broke them before
    /// it took ASCII runs whole.
    #[test]
    fn wraps_mixed_text_the_same_at_every_width() {
        let cases: [(&str, [&str; 4]); 3] = [
            (
                "connect(2) on\ta\u{b}non-blocking\u{c}socket: 连接被拒绝 ECONNREFUSED 111\r\nretry later.",
                [
                    "connect(2) on a|non-blocking socket:|连接被拒绝|ECONNREFUSED 111|retry later.",
                    "connect(2) on a|non-blocking socket: 连接|被拒绝 ECONNREFUSED 111|retry later.",
                    "connect(2) on a non-blocking socket:|连接被拒绝 ECONNREFUSED 111 retry|later.",
                    "connect(2) on a non-blocking socket: 连接被拒绝 ECONNREFUSED 111 retry|later.",
                ],
            ),
            (
                "调用 connect()，返回 -1 并设置 errno 为 ECONNREFUSED（111）。端口 :8080 上没有监听者——请检查 ss -ltn 'sport = :8080' 的输出……",
                [
                    "调用 connect()，返回|-1 并设置 errno 为|ECONNREFUSED|（111）。端口 :8080|上没有监听者——请检查|ss -ltn 'sport =|:8080' 的输出……",
                    "调用 connect()，返回 -1 并|设置 errno 为 ECONNREFUSED|（111）。端口 :8080 上没有|监听者——请检查 ss -ltn|'sport = :8080' 的输出……",
                    "调用 connect()，返回 -1 并设置 errno|为 ECONNREFUSED（111）。端口 :8080|上没有监听者——请检查 ss -ltn 'sport|= :8080' 的输出……",
                    "调用 connect()，返回 -1 并设置 errno 为 ECONNREFUSED（111）。端口 :8080 上没|有监听者——请检查 ss -ltn 'sport = :8080' 的输出……",
                ],
            ),
            (
                "A line (see tcp(7)) with \u{a0}no-break\u{2003}em-space and \u{85}next-line, then “quotes” and 「括号」 x.",
                [
                    "A line (see tcp(7))|with no-break|em-space and|next-line, then|“quotes” and 「括|号」 x.",
                    "A line (see tcp(7)) with|no-break em-space and|next-line, then “quotes”|and 「括号」 x.",
                    "A line (see tcp(7)) with no-break|em-space and next-line, then|“quotes” and 「括号」 x.",
                    "A line (see tcp(7)) with no-break em-space and next-line, then “quotes” and|「括号」 x.",
                ],
            ),
        ];
        for (text, want) in cases {
            for (width, want) in [24, 30, 40, 80].into_iter().zip(want) {
                assert_eq!(wrap(text, 4, width).join("|"), want, "width {width}");
            }
        }
    }
}
