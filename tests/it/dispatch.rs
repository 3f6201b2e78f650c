//! Dispatch (调度) on `tests/fixtures/dispatch`, every figure computed by
//! hand. The report period is 2026-03 (the latest problem; no monthly table).
//!
//! ```text
//! problem  unit      status    reported    deadline          resolved    overdue at 03-31   days
//! Q-01     市金融办  open      2026-01-15  2026-02-10 (年月日)  —           yes                 —
//! Q-02     市人社局  resolved  2026-01-20  2026/2/20         2026.2.3    —                   14
//! Q-03     县商务局  open      2026-02-01  46112 = 03-31     —           no (its last day)   —
//! Q-04     市金融办  resolved  2026-02-10  2026-03-10        2026年3月2日  —                   20
//! Q-05     (none)    open      2026-03-01  —                 —           no                  —
//!
//! project  investment      completed  from      candidate  owner     stage
//! P001     8000            6000       C003      C001       王副市长  intent
//! P002     3000 (2 links)  500        —         C002       (none)    none
//! P003     1200            —          —         C003       王副市长  signed
//! tea: 3 projects, 12200 planned, 6500 completed
//! ```

use chainmap::analysis::dispatch::dispatch;
use chainmap::analysis::report_period;
use chainmap::load::load_dataset;
use chainmap::model::Engagement;

use crate::fixture;

/// A unit's problems: unit, open, resolved, overdue, mean days.
type Row<'a> = (Option<&'a str>, usize, usize, usize, Option<f64>);

#[test]
fn dispatch_fixture_by_hand() {
    let loaded = load_dataset(&fixture("dispatch")).expect("valid");
    let d = &loaded.dataset;
    let period = report_period(d, None).map(|p| p.month);
    assert_eq!(period.map(|m| m.to_string()).as_deref(), Some("2026-03"));
    let r = dispatch(d, period);
    let units: Vec<Row<'_>> =
        r.problems.iter().map(|u| (u.unit.as_deref(), u.open, u.resolved, u.overdue, u.mean_days)).collect();
    assert_eq!(
        units,
        [
            (Some("县商务局"), 1, 0, 0, None),
            (Some("市人社局"), 0, 1, 0, Some(14.0)),
            (Some("市金融办"), 1, 1, 1, Some(20.0)),
            (None, 1, 0, 0, None),
        ]
    );
    let t = &r.problems_total;
    assert_eq!((t.open, t.resolved, t.overdue, t.timed, t.mean_days), (3, 2, 1, 2, Some(17.0)));

    assert_eq!(r.investment.len(), 1);
    let tea = &r.investment[0];
    assert_eq!((tea.projects, tea.planned, tea.completed), (3, 12200.0, 6500.0));
    assert!((tea.share.unwrap() - 6500.0 / 12200.0).abs() < 1e-12);
    assert_eq!(d.projects[0].candidate.map(|c| d.candidates.id(c as usize)), Some("C003"));

    let stage = |s: Engagement| Engagement::ALL.iter().position(|&e| e == s).unwrap();
    let owners: Vec<(Option<&str>, usize)> = r.candidates.iter().map(|u| (u.owner.as_deref(), u.total())).collect();
    assert_eq!(owners, [(Some("王副市长"), 2), (None, 1)]);
    assert_eq!(r.candidates[0].by_stage[stage(Engagement::Signed)], 1);
    assert_eq!(r.candidates[0].by_stage[stage(Engagement::Intent)], 1);
    assert!(r.has_columns);
}

#[test]
fn the_report_lists_show_the_dispatch_columns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report");
    crate::chainmap().args(["report", "tests/fixtures/dispatch", "-o"]).arg(&out).assert().success();
    let problems = std::fs::read_to_string(out.join("csv/region/problems.csv")).unwrap();
    assert!(problems.lines().next().unwrap().ends_with("责任单位,办结时限,办结日期"), "{problems}");
    assert!(problems.contains(",市金融办,2026-02-10 (超期),\n"), "{problems}");
    assert!(problems.contains(",县商务局,2026-03-31,\n"), "{problems}");
    assert!(problems.contains(",市人社局,2026-02-20,2026-02-03\n"), "{problems}");
    let projects = std::fs::read_to_string(out.join("csv/region/projects.csv")).unwrap();
    assert!(projects.contains("已完成投资(万元)"), "{projects}");
    assert!(projects.contains(",8000,6000,在建,2026,绿源包装\n"), "{projects}");
    let targets = std::fs::read_to_string(out.join("csv/region/targets.csv")).unwrap();
    // Only C002 fills a gap, and it has no one answering for it yet.
    assert!(targets.contains(",对接阶段,责任单位,理由\n"), "{targets}");
    assert!(targets.contains(",C002,江苏苏州,茶产业链/种植,19.6,未接触,,"), "{targets}");
}
