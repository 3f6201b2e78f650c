//! The language words and names are shown in, and the one rule for showing
//! a name that may have an English form.

/// The language of the words and names shown to people. Chinese is the
/// office's own language and the default; English shows `name_en` where a
/// chain, segment, link or region has one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// The text for this language.
    #[must_use]
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// A name in the given language: in English its `name_en` when there is
/// one, else the Chinese name. A blank `name_en` counts as none, so a
/// half-filled file never shows an empty name.
#[must_use]
pub fn localized<'a>(name: &'a str, name_en: Option<&'a str>, lang: Lang) -> &'a str {
    match (lang, name_en) {
        (Lang::En, Some(en)) if !en.trim().is_empty() => en,
        _ => name,
    }
}

/// `text` with its first letter in upper case, as legends and column heads
/// start (Chinese text is unchanged).
#[must_use]
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_english_names_fall_back() {
        assert_eq!(localized("茶叶", Some("Tea"), Lang::En), "Tea");
        assert_eq!(localized("茶叶", Some("Tea"), Lang::Zh), "茶叶");
        assert_eq!(localized("茶叶", Some("  "), Lang::En), "茶叶");
        assert_eq!(localized("茶叶", None, Lang::En), "茶叶");
        assert_eq!(Lang::default(), Lang::Zh);
    }

    #[test]
    fn capitals() {
        assert_eq!(capitalized("support services"), "Support services");
        assert_eq!(capitalized("补链"), "补链");
        assert_eq!(capitalized(""), "");
    }
}
