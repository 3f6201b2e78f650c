//! The closed vocabularies of the data: stages, roles, statuses and the
//! other enumerations, each declared once with its English word, its Chinese
//! words and the labels people see, and rendered everywhere from that
//! declaration. The analysis declares its own words (link status, gap kind)
//! with the same macro.

/// Declares a closed vocabulary once: each value with its English word (as
/// written in data and JSON), its Chinese words (the first is the one shown
/// to people) and, where it differs from the English word, the English label
/// shown to people (`label "support services"`).
///
/// ```text
/// word_enum! {
///     /// Where a link sits in its chain.
///     Stage {
///         Upstream => "upstream" ["上游"],
///         Support => "support" ["配套服务", "配套"] label "support services",
///     }
/// }
/// ```
///
/// gives `Stage::ALL`, `parse` (either language), `as_str` (the English
/// word), `zh`, `word(lang)` (the word tables write, which `parse` reads
/// back), `label(lang)` (the label pictures and prose show), `accepted` (for
/// hints), `Display` and `Serialize` as the English word.
macro_rules! word_enum {
    (@label $en:literal) => { $en };
    (@label $en:literal $label:literal) => { $label };
    ($(#[$meta:meta])* $name:ident {
        $($(#[$vmeta:meta])* $variant:ident => $en:literal [$($zh:literal),+] $(label $label:literal)?),+ $(,)?
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// Reads an English word (any case) or a Chinese word.
            #[must_use]
            pub fn parse(word: &str) -> Option<Self> {
                // The usual cell, the English word as written, in one match.
                match word {
                    $($en => return Some($name::$variant),)+
                    _ => {}
                }
                let word = $crate::model::text::trim(word);
                $(
                    if word.eq_ignore_ascii_case($en) $(|| word == $zh)+ {
                        return Some($name::$variant);
                    }
                )+
                None
            }

            /// The English word, as written in data and JSON output.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $en),+ }
            }

            /// The Chinese word shown to people.
            #[must_use]
            pub fn zh(self) -> &'static str {
                match self { $($name::$variant => [$($zh),+][0]),+ }
            }

            /// The word a table writes in the given language: the Chinese
            /// word, or the English word as data has it, so that the table
            /// reads back with `parse`.
            #[must_use]
            pub fn word(self, lang: $crate::model::Lang) -> &'static str {
                lang.pick(self.zh(), self.as_str())
            }

            /// The label shown to people in the given language (on maps, in
            /// legends and prose).
            #[must_use]
            pub fn label(self, lang: $crate::model::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick([$($zh),+][0], word_enum!(@label $en $($label)?))),+ }
            }

            /// All accepted words, for error hints.
            #[must_use]
            pub fn accepted() -> String {
                let words: Vec<String> = Self::ALL
                    .iter()
                    .map(|v| format!("{} {}", v.as_str(), v.zh()))
                    .collect();
                words.join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// The macro, for vocabularies declared beside the analysis that computes
/// them (`LinkStatus`, `GapKind`).
pub(crate) use word_enum;

word_enum! {
    /// Where a link sits in its chain.
    Stage {
        Upstream => "upstream" ["上游"],
        Midstream => "midstream" ["中游"],
        Downstream => "downstream" ["下游"],
        Support => "support" ["配套服务", "配套"] label "support services",
    }
}

word_enum! {
    /// A local firm's role in its chain.
    Role {
        Leader => "leader" ["链主", "龙头", "链主企业", "龙头企业"],
        Backbone => "backbone" ["骨干", "骨干企业"],
        Supporting => "supporting" ["配套", "配套企业"],
    }
}

word_enum! {
    /// Whether a local firm is producing. Halted firms do not cover a link.
    FirmStatus {
        Operating => "operating" ["正常", "正常生产", "在产"],
        Reduced => "reduced" ["减产"],
        Halted => "halted" ["停产", "半停产", "停产/半停产"],
    }
}

word_enum! {
    /// How far talks with a recruitment candidate have gone.
    Engagement {
        None => "none" ["未接触"],
        Contacted => "contacted" ["已接洽", "已对接"],
        Intent => "intent" ["有意向"],
        Negotiating => "negotiating" ["洽谈中"],
        Signed => "signed" ["已签约"],
    }
}

word_enum! {
    /// Where a key project stands.
    ProjectStage {
        Planned => "planned" ["谋划", "谋划中"],
        Construction => "construction" ["在建"],
        Completed => "completed" ["竣工"],
        Producing => "producing" ["达产", "投产"],
    }
}

word_enum! {
    /// Whether a firm's problem has been dealt with.
    ProblemStatus {
        Open => "open" ["待解决", "未解决"],
        Resolved => "resolved" ["已解决"],
    }
}

word_enum! {
    /// The eleven standard categories of firm problems (企业诉求).
    ProblemCategory {
        Funding => "funding" ["资金保障"],
        Market => "market" ["市场拓展"],
        Factors => "factors" ["要素保障"],
        Policy => "policy" ["政策支持与兑现"],
        TalentTechnology => "talent_technology" ["人才技术"],
        Labour => "labour" ["招工用工"],
        Procedures => "procedures" ["手续办理"],
        LandConstruction => "land_construction" ["用地建设"],
        Environment => "environment" ["生态环保"],
        Management => "management" ["经营管理"],
        Licences => "licences" ["证照变更"],
    }
}

/// Reads a yes/no cell; an empty cell is `None`.
#[must_use]
pub fn parse_yes_no(word: &str) -> Option<bool> {
    match super::text::trim(word) {
        w if ["yes", "y", "true", "1"].iter().any(|y| w.eq_ignore_ascii_case(y)) => Some(true),
        "是" | "√" => Some(true),
        w if ["no", "n", "false", "0"].iter().any(|y| w.eq_ignore_ascii_case(y)) => Some(false),
        "否" | "×" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Lang;

    #[test]
    fn words_in_both_languages() {
        assert_eq!(Stage::parse("Upstream"), Some(Stage::Upstream));
        assert_eq!(Stage::parse("配套服务"), Some(Stage::Support));
        assert_eq!(Role::parse("龙头"), Some(Role::Leader));
        assert_eq!(FirmStatus::parse("半停产"), Some(FirmStatus::Halted));
        assert_eq!(Engagement::parse("洽谈中"), Some(Engagement::Negotiating));
        assert_eq!(ProblemCategory::parse("政策支持与兑现"), Some(ProblemCategory::Policy));
        assert_eq!(Stage::parse("sideways"), None);
        assert_eq!(ProblemCategory::ALL.len(), 11);
    }

    #[test]
    fn words_and_labels() {
        assert_eq!(Stage::Support.word(Lang::En), "support");
        assert_eq!(Stage::Support.label(Lang::En), "support services");
        assert_eq!(Stage::Support.label(Lang::Zh), "配套服务");
        assert_eq!(Role::Leader.word(Lang::Zh), "链主");
        assert_eq!(Role::Leader.label(Lang::En), "leader");
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.word(Lang::En)), Some(*stage));
            assert_eq!(Stage::parse(stage.word(Lang::Zh)), Some(*stage));
        }
    }

    #[test]
    fn yes_no() {
        assert_eq!(parse_yes_no("是"), Some(true));
        assert_eq!(parse_yes_no("NO"), Some(false));
        assert_eq!(parse_yes_no("maybe"), None);
    }
}
