//! Which preferred home region a candidate's location falls in.
//!
//! `region.json` lists preferred regions by the names offices use (陕西,
//! 成渝, 长三角, 珠三角, …), while candidate tables name a province or a city
//! (四川成都, 西安, 浙江宁波). The groupings below say which provinces and
//! cities each common name covers; any other preference name matches when the
//! candidate's region contains it.

/// Well-known regional groupings and the place names they cover.
const GROUPS: &[(&str, &[&str])] = &[
    ("陕西", &["陕西", "西安", "宝鸡", "咸阳", "铜川", "渭南", "延安", "榆林", "汉中", "安康", "商洛", "杨凌"]),
    (
        "成渝",
        &[
            "四川", "重庆", "成都", "绵阳", "德阳", "宜宾", "泸州", "南充", "达州", "眉山", "乐山", "自贡", "遂宁",
            "内江", "广安", "雅安", "资阳",
        ],
    ),
    (
        "长三角",
        &[
            "上海", "江苏", "浙江", "安徽", "南京", "苏州", "无锡", "常州", "南通", "扬州", "杭州", "宁波", "温州",
            "嘉兴", "湖州", "绍兴", "金华", "台州", "合肥", "芜湖",
        ],
    ),
    ("珠三角", &["广东", "广州", "深圳", "珠海", "佛山", "东莞", "中山", "惠州", "江门", "肇庆"]),
    ("京津冀", &["北京", "天津", "河北", "石家庄", "保定", "唐山", "廊坊"]),
    ("关中", &["西安", "宝鸡", "咸阳", "铜川", "渭南", "杨凌"]),
];

/// Whether a candidate located at `location` lies in the preferred region `name`.
#[must_use]
pub fn lies_in(location: &str, name: &str) -> bool {
    if location.contains(name) {
        return true;
    }
    GROUPS
        .iter()
        .find(|(group, _)| *group == name)
        .is_some_and(|(_, places)| places.iter().any(|p| location.contains(p)))
}

/// The position of the first preferred region that `location` lies in.
#[must_use]
pub fn preference_rank(location: &str, preference: &[String]) -> Option<usize> {
    preference.iter().position(|name| lies_in(location, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_and_plain_names() {
        let pref: Vec<String> = ["陕西", "成渝", "长三角", "珠三角"].map(String::from).to_vec();
        assert_eq!(preference_rank("西安", &pref), Some(0));
        assert_eq!(preference_rank("四川成都", &pref), Some(1));
        assert_eq!(preference_rank("浙江宁波", &pref), Some(2));
        assert_eq!(preference_rank("广东深圳", &pref), Some(3));
        assert_eq!(preference_rank("湖南长沙", &pref), None);
        assert_eq!(preference_rank("甘肃兰州", &["甘肃".to_owned()]), Some(0));
    }
}
