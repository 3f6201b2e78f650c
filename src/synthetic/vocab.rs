//! The words synthetic datasets are made of. Changing a list changes every
//! generated dataset, so lists only grow at their end.

/// A product: Chinese and English name.
pub type Product = (&'static str, &'static str);

/// An industry: chain id stem, Chinese name (without 产业链), English name,
/// and its products (segment names and the first half of link names).
pub type Industry = (&'static str, &'static str, &'static str, &'static [Product]);

pub const INDUSTRIES: &[Industry] = &[
    (
        "selenium-food",
        "富硒食品",
        "Selenium-rich food",
        &[
            ("硒茶", "Selenium tea"),
            ("魔芋", "Konjac"),
            ("预制菜", "Prepared meals"),
            ("饮用水", "Drinking water"),
            ("富硒粮油", "Selenium grain and oil"),
        ],
    ),
    (
        "new-materials",
        "新型材料",
        "New materials",
        &[
            ("钒钛", "Vanadium titanium"),
            ("钡盐", "Barium salts"),
            ("锌锭", "Zinc ingots"),
            ("石墨", "Graphite"),
            ("合金", "Alloys"),
        ],
    ),
    (
        "equipment",
        "装备制造",
        "Equipment manufacturing",
        &[
            ("电机", "Motors"),
            ("轴承", "Bearings"),
            ("模具", "Moulds"),
            ("液压件", "Hydraulics"),
            ("农机", "Farm machinery"),
        ],
    ),
    (
        "biomedicine",
        "生物医药",
        "Biomedicine",
        &[
            ("中药材", "Herbal medicine"),
            ("疫苗", "Vaccines"),
            ("原料药", "APIs"),
            ("医疗器械", "Medical devices"),
            ("保健品", "Health foods"),
        ],
    ),
    (
        "clean-energy",
        "清洁能源",
        "Clean energy",
        &[
            ("水电", "Hydropower"),
            ("光储", "Solar storage"),
            ("液流电池", "Flow batteries"),
            ("风电", "Wind power"),
            ("储能", "Energy storage"),
        ],
    ),
    (
        "textile",
        "纺织服装",
        "Textiles and apparel",
        &[
            ("蚕丝", "Raw silk"),
            ("丝绸", "Silk fabric"),
            ("服装", "Apparel"),
            ("鞋帽", "Shoes and hats"),
            ("家纺", "Home textiles"),
        ],
    ),
    (
        "electronics",
        "电子信息",
        "Electronic information",
        &[
            ("芯片", "Chips"),
            ("传感器", "Sensors"),
            ("线束", "Wiring harnesses"),
            ("显示模组", "Display modules"),
            ("电路板", "Circuit boards"),
        ],
    ),
    (
        "new-energy-vehicles",
        "新能源汽车",
        "New energy vehicles",
        &[
            ("整车", "Vehicles"),
            ("电驱", "Electric drives"),
            ("充电桩", "Chargers"),
            ("汽车电子", "Car electronics"),
            ("车身", "Car bodies"),
        ],
    ),
    (
        "lithium",
        "锂电池",
        "Lithium batteries",
        &[
            ("锂盐", "Lithium salts"),
            ("正极", "Cathodes"),
            ("负极", "Anodes"),
            ("电芯", "Battery cells"),
            ("电解液", "Electrolytes"),
            ("隔膜", "Separators"),
        ],
    ),
    (
        "photovoltaics",
        "光伏",
        "Photovoltaics",
        &[
            ("多晶硅", "Polysilicon"),
            ("硅片", "Silicon wafers"),
            ("电池片", "Solar cells"),
            ("组件", "Modules"),
            ("逆变器", "Inverters"),
        ],
    ),
    (
        "hydrogen",
        "氢能",
        "Hydrogen energy",
        &[
            ("制氢", "Hydrogen production"),
            ("储氢", "Hydrogen storage"),
            ("燃料电池", "Fuel cells"),
            ("加氢站", "Refuelling stations"),
        ],
    ),
    (
        "integrated-circuits",
        "集成电路",
        "Integrated circuits",
        &[
            ("晶圆", "Wafers"),
            ("光刻胶", "Photoresists"),
            ("封测", "Packaging and testing"),
            ("芯片设计", "Chip design"),
        ],
    ),
    (
        "machine-tools",
        "数控机床",
        "CNC machine tools",
        &[("数控系统", "CNC systems"), ("主轴", "Spindles"), ("刀具", "Cutting tools"), ("机床铸件", "Castings")],
    ),
    (
        "aerospace",
        "航空航天",
        "Aerospace",
        &[("航空材料", "Aviation materials"), ("航空零部件", "Aero parts"), ("无人机", "Drones"), ("航电", "Avionics")],
    ),
    (
        "fine-chemicals",
        "精细化工",
        "Fine chemicals",
        &[
            ("涂料", "Coatings"),
            ("树脂", "Resins"),
            ("助剂", "Additives"),
            ("农药中间体", "Agrochemical intermediates"),
        ],
    ),
    (
        "building-materials",
        "绿色建材",
        "Green building materials",
        &[("玻璃", "Glass"), ("水泥", "Cement"), ("钢构", "Steel structures"), ("装配式构件", "Prefabricated parts")],
    ),
    (
        "tea",
        "茶",
        "Tea",
        &[("绿茶", "Green tea"), ("红茶", "Black tea"), ("茶饮料", "Tea drinks"), ("茶具", "Teaware")],
    ),
    (
        "tourism",
        "文化旅游",
        "Culture and tourism",
        &[("景区", "Scenic areas"), ("民宿", "Homestays"), ("文创", "Cultural products"), ("康养", "Wellness")],
    ),
    (
        "logistics",
        "现代物流",
        "Modern logistics",
        &[
            ("冷链", "Cold chain"),
            ("仓储", "Warehousing"),
            ("快递", "Express delivery"),
            ("多式联运", "Multimodal transport"),
        ],
    ),
    (
        "software",
        "软件和信息服务",
        "Software and IT services",
        &[
            ("工业软件", "Industrial software"),
            ("数据服务", "Data services"),
            ("信息安全", "Information security"),
            ("云服务", "Cloud services"),
        ],
    ),
];

/// The plan's one-word positionings (定位).
pub const POSITIONINGS: &[&str] = &["特", "强", "精", "深", "优", "稳", "新"];

/// Activities by stage: upstream, midstream, downstream, support.
pub const ACTIVITIES: [&[&str]; 4] = [
    &["原料", "基础材料", "关键零部件", "核心材料", "配件", "辅料", "原料供应", "专用设备", "元器件", "母材"],
    &["初加工", "精深加工", "制造", "组装", "成型", "提纯", "合成", "封装", "集成", "改性"],
    &["销售", "品牌运营", "终端应用", "电商", "出口贸易", "回收利用", "售后服务", "工程应用", "消费市场", "渠道分销"],
    &[
        "研发设计",
        "检验检测",
        "仓储物流",
        "金融服务",
        "人才培训",
        "工业互联网",
        "认证服务",
        "包装印刷",
        "节能环保",
        "技术咨询",
    ],
];

/// Key core technologies (关键核心技术), for link `technologies`.
pub const TECHNOLOGIES: &[&str] = &[
    "高效提取工艺",
    "智能化生产线",
    "精密加工",
    "绿色低碳工艺",
    "在线检测",
    "新型配方",
    "数字孪生",
    "高纯制备",
    "表面处理",
    "柔性制造",
    "废料再生",
    "冷链保鲜",
];

/// Syllables of place and firm names.
pub const SYLLABLES: &[&str] = &[
    "安", "宁", "平", "汉", "秦", "巴", "川", "华", "兴", "隆", "泰", "丰", "源", "阳", "山", "河", "明", "清", "新",
    "昌", "盛", "嘉", "和", "江", "岭", "瑞", "鑫", "德", "恒", "通", "达", "益", "康", "宏", "远", "景",
];

/// County suffixes.
pub const COUNTY_SUFFIXES: &[&str] = &["县", "区", "市"];

/// Park suffixes.
pub const PARK_SUFFIXES: &[&str] = &["经济技术开发区", "高新技术产业园", "工业园区"];

/// Firm name suffixes.
pub const FIRM_SUFFIXES: &[&str] = &["有限公司", "股份有限公司", "集团有限公司", "科技有限公司", "专业合作社"];

/// Local firm tags.
pub const FIRM_TAGS: &[&str] = &["专精特新", "高新技术企业", "小巨人", "单项冠军", "省级工业品牌示范企业"];

/// Candidate tags.
pub const CANDIDATE_TAGS: &[&str] = &["上市", "500强", "头部", "专精特新", "高新技术企业", "独角兽"];

/// Candidates' home regions.
pub const HOME_REGIONS: &[&str] = &[
    "陕西西安",
    "陕西宝鸡",
    "四川成都",
    "重庆",
    "浙江杭州",
    "江苏苏州",
    "上海",
    "广东深圳",
    "广东广州",
    "北京",
    "湖北武汉",
    "湖南长沙",
    "河南郑州",
    "山东青岛",
    "福建厦门",
    "安徽合肥",
];

/// The region's preferred candidate regions.
pub const PREFERENCES: &[&str] = &["陕西", "成渝", "长三角", "珠三角"];

/// Problem descriptions by category, in `ProblemCategory` order.
pub const PROBLEMS: &[(&str, &str)] = &[
    ("资金保障", "技改项目流动资金不足"),
    ("市场拓展", "产品进入大型商超渠道难"),
    ("要素保障", "用电负荷高峰期限电"),
    ("政策支持与兑现", "技改补贴尚未兑现"),
    ("人才技术", "缺少工艺研发人员"),
    ("招工用工", "旺季一线用工短缺"),
    ("手续办理", "扩建项目环评审批周期长"),
    ("用地建设", "扩产用地指标不足"),
    ("生态环保", "污水处理设施需升级"),
    ("经营管理", "订单不足开工率低"),
    ("证照变更", "生产许可证到期需换证"),
];
