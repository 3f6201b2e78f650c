//! The columns of the tables (firms, candidates, projects, problems and
//! the monthly table), each table declared once: its file stem and, per column, the English
//! header, the Chinese aliases and whether the column is required. The
//! declaration makes both the [`TableSpec`] that headers are matched
//! against and the enum that code reads cells by, so the two cannot drift
//! apart.

use super::table::{Column, TableSpec};

const fn required(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { name, aliases, required: true, text: false }
}

const fn optional(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { name, aliases, required: false, text: false }
}

/// An optional column of free text or a list, whose cells may be long.
const fn text(name: &'static str, aliases: &'static [&'static str]) -> Column {
    Column { name, aliases, required: false, text: true }
}

/// Where a firm, candidate or project works: a chain, by id or name…
const CHAIN: Column = required("chain", &["产业链", "所属产业链"]);
/// …and a link of that chain, by id or name.
const LINK: Column = required("link", &["环节", "产业链环节", "目标环节"]);

/// Declares a table: `static SPEC "stem" enum Col { Variant = column, … }`
/// gives the enum `Col` with one variant per column, in order, and the
/// `TableSpec` `SPEC` whose columns are those columns in the same order.
macro_rules! table {
    (
        $(#[$spec_doc:meta])*
        static $spec:ident $stem:literal;
        $(#[$col_doc:meta])*
        enum $col:ident { $($variant:ident = $column:expr),+ $(,)? }
    ) => {
        $(#[$col_doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $col {
            $($variant),+
        }

        impl From<$col> for usize {
            fn from(col: $col) -> usize {
                col as usize
            }
        }

        $(#[$spec_doc])*
        pub static $spec: TableSpec = TableSpec { stem: $stem, columns: &[$($column),+] };
    };
}

table! {
    /// The local firm roster (本地企业), one row per firm and link.
    static FIRMS "firms";
    /// A column of the firms table.
    enum FirmCol {
        Id = required("firm_id", &["统一社会信用代码", "企业编号", "信用代码"]),
        Name = required("name", &["企业名称", "名称"]),
        Chain = CHAIN,
        Link = LINK,
        County = optional("county", &["县区", "所在县区", "县（区）"]),
        Park = optional("park", &["园区", "所在园区"]),
        AboveScale = optional("above_scale", &["规上", "是否规上"]),
        Role = optional("role", &["角色", "企业角色"]),
        Status = optional("status", &["状态", "生产状态"]),
        Output = optional("output", &["产值", "年产值"]),
        Employees = optional("employees", &["从业人数", "员工人数"]),
        Tags = text("tags", &["标签"]),
    }
}

table! {
    /// The recruitment candidate pool (招商目标), one row per candidate and link.
    static CANDIDATES "candidates";
    /// A column of the candidates table.
    enum CandidateCol {
        Id = required("candidate_id", &["目标企业编号", "企业编号", "编号"]),
        Name = required("name", &["企业名称", "目标企业", "名称"]),
        Region = optional("region", &["所在地区", "总部所在地"]),
        Chain = CHAIN,
        Link = LINK,
        Revenue = optional("revenue", &["营业收入", "营收"]),
        Tags = text("tags", &["标签"]),
        Partners = text("partners", &["本地合作企业"]),
        Stage = optional("stage", &["对接阶段", "阶段"]),
        // Dispatch (调度): who answers for bringing the candidate in.
        Owner = optional("owner", &["责任单位", "包抓领导", "包抓单位"]),
    }
}

table! {
    /// Key projects (重点项目), one row per project and link.
    static PROJECTS "projects";
    /// A column of the projects table.
    enum ProjectCol {
        Id = required("project_id", &["项目编号"]),
        Name = required("name", &["项目名称", "名称"]),
        Chain = CHAIN,
        Link = LINK,
        County = optional("county", &["县区", "所在县区"]),
        Investment = optional("investment", &["投资额", "总投资"]),
        Stage = optional("stage", &["项目阶段", "阶段", "进度"]),
        Year = optional("year", &["年度", "年份"]),
        CompletedInvestment = optional("completed_investment", &["已完成投资", "累计完成投资"]),
        // The candidate of the pool the project came from.
        Candidate = optional("candidate_id", &["招商目标编号", "来源目标企业编号"]),
    }
}

table! {
    /// Problems reported by local firms (企业诉求/问题), one row per problem.
    static PROBLEMS "problems";
    /// A column of the problems table.
    enum ProblemCol {
        Firm = required("firm_id", &["统一社会信用代码", "企业编号", "信用代码"]),
        Category = required("category", &["问题类别", "类别"]),
        Description = text("description", &["问题描述", "描述"]),
        Status = optional("status", &["状态", "办理状态"]),
        Reported = optional("reported", &["提出日期", "日期"]),
        // Names a problem across months, so `diff` can follow it when its
        // wording changes (docs/formats.md#problems).
        Id = optional("problem_id", &["问题编号", "诉求编号"]),
        // Dispatch (调度): who resolves it, by when, and when it was.
        Department = optional("department", &["责任单位", "牵头单位"]),
        Deadline = optional("deadline", &["办结时限", "办结期限"]),
        ResolvedOn = optional("resolved_on", &["办结日期", "销号日期"]),
    }
}

table! {
    /// Firms' monthly output (运行监测), one row per firm and month.
    static MONTHLY "monthly";
    /// A column of the monthly table.
    enum MonthlyCol {
        Firm = required("firm_id", &["统一社会信用代码", "企业编号", "信用代码"]),
        // Read only to suggest the id of a firm named instead of numbered.
        Name = optional("name", &["企业名称", "名称"]),
        Period = required("period", &["月份", "统计月份", "月度"]),
        Output = required("output", &["当月产值", "产值", "本月产值"]),
        Revenue = optional("revenue", &["当月营业收入", "营业收入", "本月营业收入", "营收"]),
    }
}

/// Every table of records, in the order they are loaded.
pub static TABLES: [&TableSpec; 5] = [&FIRMS, &CANDIDATES, &PROJECTS, &PROBLEMS, &MONTHLY];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_index_their_own_columns() {
        assert_eq!(FIRMS.columns[usize::from(FirmCol::Tags)].name, "tags");
        assert_eq!(FIRMS.columns.len(), usize::from(FirmCol::Tags) + 1);
        assert_eq!(CANDIDATES.columns[usize::from(CandidateCol::Link)].name, "link");
        assert_eq!(CANDIDATES.columns.len(), usize::from(CandidateCol::Owner) + 1);
        assert_eq!(PROJECTS.columns[usize::from(ProjectCol::Year)].name, "year");
        assert_eq!(PROJECTS.columns.len(), usize::from(ProjectCol::Candidate) + 1);
        assert_eq!(PROBLEMS.columns[usize::from(ProblemCol::Reported)].name, "reported");
        assert_eq!(PROBLEMS.columns.len(), usize::from(ProblemCol::ResolvedOn) + 1);
        assert_eq!(MONTHLY.columns[usize::from(MonthlyCol::Revenue)].name, "revenue");
        assert_eq!(MONTHLY.columns.len(), usize::from(MonthlyCol::Revenue) + 1);
        for spec in TABLES {
            for column in spec.columns {
                assert!(!column.aliases.is_empty(), "{} of {} needs a Chinese alias", column.name, spec.stem);
            }
        }
    }
}
