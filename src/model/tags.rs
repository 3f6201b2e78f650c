//! The tags (标签) that mean something to the analysis: what each is worth
//! in a candidate's fit, which make a recruited candidate count as a local
//! leader, and which a target's reasons name. Declared once here; the
//! analysis and the renderers read it. Any other tag is kept and shown as
//! written, and means nothing to the scores.

/// A tag with a meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tag {
    /// 500强: on a Fortune or China top-500 list.
    Top500,
    /// 上市: listed on a stock exchange.
    Listed,
    /// 头部: a head firm of its trade.
    Head,
    /// 小巨人: a national "little giant" (专精特新"小巨人").
    LittleGiant,
    /// 专精特新: specialised, refined, distinctive and innovative.
    Specialised,
    /// 高新技术企业: a certified high-tech enterprise.
    HighTech,
}

/// What a tag means.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Meaning {
    /// The words that carry the tag, exactly as written in a table; the
    /// first is the short form.
    words: &'static [&'static str],
    /// The value of the `tags` fit factor, in [0, 1].
    fit: f64,
    /// Recruited, a candidate with the tag counts as a local leader (docs/analysis.md#plan).
    leader: bool,
    /// A target's reasons name the tag as part of its standing.
    named: bool,
}

impl Tag {
    /// Every tag, best fit first.
    pub const ALL: &'static [Tag] =
        &[Tag::Top500, Tag::Listed, Tag::Head, Tag::LittleGiant, Tag::Specialised, Tag::HighTech];

    /// The one table of tag meanings.
    const fn meaning(self) -> Meaning {
        match self {
            Tag::Top500 => {
                Meaning { words: &["500强", "世界500强", "中国500强"], fit: 1.0, leader: true, named: true }
            }
            Tag::Listed => Meaning { words: &["上市"], fit: 0.8, leader: true, named: true },
            Tag::Head => Meaning { words: &["头部", "龙头"], fit: 0.8, leader: true, named: true },
            Tag::LittleGiant => {
                Meaning { words: &["小巨人", "专精特新小巨人"], fit: 0.7, leader: false, named: true }
            }
            Tag::Specialised => Meaning { words: &["专精特新"], fit: 0.5, leader: false, named: true },
            Tag::HighTech => {
                Meaning { words: &["高新技术企业", "高新"], fit: 0.3, leader: false, named: false }
            }
        }
    }

    /// The tag a table's tag text stands for, if it means anything.
    #[must_use]
    pub fn parse(text: &str) -> Option<Tag> {
        Tag::ALL.iter().copied().find(|t| t.meaning().words.contains(&text))
    }

    /// The short form: 500强, 上市, 头部, 小巨人, 专精特新, 高新技术企业.
    #[must_use]
    pub fn word(self) -> &'static str {
        self.meaning().words[0]
    }

    /// The value of the `tags` fit factor for a candidate whose best tag this is.
    #[must_use]
    pub fn fit(self) -> f64 {
        self.meaning().fit
    }

    /// Whether a recruited candidate with this tag counts as a local leader.
    #[must_use]
    pub fn is_leader(self) -> bool {
        self.meaning().leader
    }

    /// Whether a target's reasons name this tag.
    #[must_use]
    pub fn is_named(self) -> bool {
        self.meaning().named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings() {
        assert_eq!(Tag::parse("世界500强"), Some(Tag::Top500));
        assert_eq!(Tag::parse("独角兽"), None);
        assert!(Tag::Top500.fit() > Tag::Listed.fit());
        assert!(Tag::Head.is_leader() && !Tag::LittleGiant.is_leader());
        assert!(!Tag::HighTech.is_named());
        for t in Tag::ALL {
            assert_eq!(Tag::parse(t.word()), Some(*t));
            assert!((0.0..=1.0).contains(&t.fit()));
        }
    }
}
