//! The tags (标签) that mean something to the analysis: what each is worth
//! in a candidate's fit, which make a recruited candidate count as a local
//! leader, and which a target's reasons name. Declared once here; the
//! analysis and the renderers read it. Any other tag is kept and shown as
//! written, and means nothing to the scores.

/// What separates the items of a list cell (tags, partners), as offices
/// type them: `;` `；` `，` `、` `|` (SPEC §3.2). An ASCII comma is not one:
/// it separates the fields of a CSV row.
pub const LIST_SEPARATORS: [char; 5] = [';', '；', '，', '、', '|'];

/// Characters that deny the word written right after them: 拟上市 (about to
/// list), 未上市, 非上市, 不是龙头 are not the tag they contain.
const DENIALS: [char; 6] = ['拟', '未', '非', '不', '待', '准'];

/// Whether `word` occurs in `text` other than right after a denial.
fn holds(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| !text[..at].chars().next_back().is_some_and(|c| DENIALS.contains(&c)))
}

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
    /// The words that carry the tag inside a longer form of it
    /// (国家级专精特新“小巨人”, 世界500强企业, A股上市公司).
    within: &'static [&'static str],
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
            Tag::Top500 => Meaning {
                words: &["500强", "世界500强", "中国500强"],
                within: &["500强"],
                fit: 1.0,
                leader: true,
                named: true,
            },
            Tag::Listed => Meaning { words: &["上市"], within: &["上市"], fit: 0.8, leader: true, named: true },
            Tag::Head => {
                Meaning {
                    words: &["头部", "龙头"], within: &["头部", "龙头"], fit: 0.8, leader: true, named: true
                }
            }
            Tag::LittleGiant => Meaning {
                words: &["小巨人", "专精特新小巨人"],
                within: &["小巨人"],
                fit: 0.7,
                leader: false,
                named: true,
            },
            Tag::Specialised => {
                Meaning { words: &["专精特新"], within: &["专精特新"], fit: 0.5, leader: false, named: true }
            }
            Tag::HighTech => {
                // Not `高新` within a longer form: 高新区 is a place.
                Meaning {
                    words: &["高新技术企业", "高新"],
                    within: &["高新技术企业"],
                    fit: 0.3,
                    leader: false,
                    named: false,
                }
            }
        }
    }

    /// The tag a table's tag text stands for, if it means anything: one of
    /// its words, or a longer form holding one (SPEC §3.2). A longer form
    /// holding the words of several tags (国家级专精特新“小巨人”) is the
    /// best of them, the most specific.
    #[must_use]
    pub fn parse(text: &str) -> Option<Tag> {
        let text = text.trim();
        Tag::ALL
            .iter()
            .copied()
            .find(|t| t.meaning().words.contains(&text))
            .or_else(|| Tag::ALL.iter().copied().find(|t| t.meaning().within.iter().any(|w| holds(text, w))))
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
        assert_eq!(Tag::parse("国家级专精特新“小巨人”"), Some(Tag::LittleGiant));
        assert_eq!(Tag::parse("省级专精特新中小企业"), Some(Tag::Specialised));
        assert_eq!(Tag::parse("世界500强企业"), Some(Tag::Top500));
        assert_eq!(Tag::parse("A股上市公司"), Some(Tag::Listed));
        assert_eq!(Tag::parse("国家高新技术企业"), Some(Tag::HighTech));
        assert_eq!(Tag::parse("拟上市"), None);
        assert_eq!(Tag::parse("未上市企业"), None);
        assert_eq!(Tag::parse("高新区企业"), None);
        assert!(Tag::Top500.fit() > Tag::Listed.fit());
        assert!(Tag::Head.is_leader() && !Tag::LittleGiant.is_leader());
        assert!(!Tag::HighTech.is_named());
        for t in Tag::ALL {
            assert_eq!(Tag::parse(t.word()), Some(*t));
            assert!((0.0..=1.0).contains(&t.fit()));
        }
    }
}
