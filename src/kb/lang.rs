//! The language of the output: English or Simplified Chinese.

use std::fmt;

/// A language every piece of knowledge-base text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// All languages, in the order `--lang` lists them.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// Parses `en` or `zh` (and locale-like spellings such as `zh_CN`).
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s == "en" || s.starts_with("en_") || s.starts_with("en-") || s == "c" || s == "posix" {
            Some(Lang::En)
        } else if s == "zh" || s.starts_with("zh_") || s.starts_with("zh-") {
            Some(Lang::Zh)
        } else {
            None
        }
    }

    /// The language the environment asks for, the way the C library decides
    /// which message catalogue to use: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty wins; a `zh*` locale means Chinese,
    /// anything else English.
    pub fn from_env() -> Lang {
        Self::from_vars(|k| std::env::var_os(k).map(|v| v.to_string_lossy().into_owned()))
    }

    /// [`Lang::from_env`] over any variable source, so it can be tested
    /// without touching the process environment.
    pub fn from_vars(get: impl Fn(&str) -> Option<String>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| get(k))
            .find(|v| !v.is_empty())
            .map(|v| {
                if v.to_ascii_lowercase().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                }
            })
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn precedence_follows_posix() {
        assert_eq!(Lang::from_vars(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
        assert_eq!(
            Lang::from_vars(env(&[
                ("LANG", "zh_CN.UTF-8"),
                ("LC_MESSAGES", "en_US.UTF-8")
            ])),
            Lang::En
        );
        assert_eq!(
            Lang::from_vars(env(&[("LC_ALL", "zh_TW"), ("LC_MESSAGES", "en_US")])),
            Lang::Zh
        );
        // An empty variable does not count; the next one decides.
        assert_eq!(
            Lang::from_vars(env(&[("LC_ALL", ""), ("LANG", "zh_CN")])),
            Lang::Zh
        );
        assert_eq!(Lang::from_vars(env(&[])), Lang::En);
        assert_eq!(Lang::from_vars(env(&[("LANG", "C.UTF-8")])), Lang::En);
    }
}

/// Text made at run time, in both languages: a sentence that names a value
/// only known then (a port, a pid, what the kernel returned). Fixed text
/// lives in the knowledge base as [`crate::kb::Text`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Said {
    pub en: String,
    pub zh: String,
}

impl Said {
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Said {
        Said {
            en: en.into(),
            zh: zh.into(),
        }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}
