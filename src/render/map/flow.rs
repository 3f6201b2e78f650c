//! The flow map (供给关系图) as Graphviz DOT: links as nodes in stage
//! clusters (上游 → 中游 → 下游 left to right, 配套服务 apart), segments
//! (子链) as clusters nested in each stage, supply edges between them.
//!
//! ```text
//!  ┌ 上游 ───────────┐   ┌ 中游 ──────────┐   ┌ 下游 ─┐
//!  │ ┌ 富硒茶 ──────┐ │   │ ┌ 富硒茶 ─────┐ │   │  …    │
//!  │ │ [茶种植]─────┼─┼──▶│ │ [茶叶加工]  │ │   │       │
//!  │ └──────────────┘ │   │ └─────────────┘ │   │       │
//!  └──────────────────┘   └─────────────────┘   └───────┘
//!  ┌ 配套服务 ┐  (its edges are dashed and do not pull the layout)
//! ```
//!
//! The graph is built with `graphviz-rust` structures. Free text goes only
//! through [`text::dot_escape`](super::text::dot_escape) (quoted strings)
//! or [`text::xml`](super::text::xml) (HTML-like labels), never through the
//! typed attribute helpers, which print free text unquoted.

use std::fmt::Write as _;
use std::io::{self, Write};
use std::time::Duration;

use graphviz_rust::dot_generator::{attr, id};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::lanes::{BoxSize, Lane, LaneKind, Lanes, place};
use super::text::{clean, dot_escape, width, wrap, wrap_words, xml};
use super::{
    FONT_STACK, MapData, MapError, MapOptions, SEGMENT_TINTS, STAGES, STATUSES, chain_headline, gap_colour, link_firms,
    map_title, stage_word, status_colours, status_word,
};
use crate::analysis::{GapKind, LinkStatus};
use crate::model::{Chain, ChainIdx, Lang, LinkIdx, Stage};

/// A quoted DOT id or value showing exactly `text`.
fn quoted(text: &str) -> Id {
    id!(esc dot_escape(&clean(text)))
}

/// Link names wider than this (in pixels at 13 px) wrap onto more lines.
const NAME_WIDTH: f64 = 220.0;

/// Text for an HTML-like label: XML-escaped, and with `\` doubled, because
/// Graphviz expands `\N`, `\G` and friends even inside HTML-like labels.
fn html_text(text: &str) -> String {
    xml(&clean(text)).replace('\\', "\\\\")
}

/// An HTML-like label from already escaped markup.
fn html_label(markup: &str) -> Attribute {
    Attribute(id!("label"), Id::Html(format!("<{markup}>")))
}

fn node_id(chain: &crate::model::Chain, link: LinkIdx) -> NodeId {
    NodeId(quoted(&chain.links[link].id), None)
}

/// "3家, 规上2" (and the halted ones, when there are any).
fn firm_counts(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, lang: Lang) -> String {
    let firms = &data.firms[chain][link];
    if firms.is_empty() {
        return lang.pick("暂无本地企业", "No local firms").to_owned();
    }
    let firm = |f: &u32| data.dataset.firms.get(*f);
    let above = firms.iter().filter(|f| firm(f).above_scale).count();
    let halted = firms.iter().filter(|f| !firm(f).is_active()).count();
    let mut out = match lang {
        Lang::Zh => format!("{}家, 规上{}", firms.len(), above),
        Lang::En => format!("{}, {above} above scale", super::panorama::firms_en(firms.len())),
    };
    if halted > 0 {
        match lang {
            Lang::Zh => write!(out, ", 停产{halted}"),
            Lang::En => write!(out, ", {halted} halted"),
        }
        .expect("writing to a string");
    }
    out
}

/// The HTML-like label of a link: name, firm counts, gap mark, firms.
fn link_label(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, options: &MapOptions) -> String {
    let lang = options.lang;
    let name = data.dataset.chains[chain].links[link].display_name(lang);
    let a = &data.analyses[chain].links[link];
    let mut rows = vec![
        format!(
            r#"<TR><TD><FONT POINT-SIZE="13"><B>{}</B></FONT></TD></TR>"#,
            wrap(&clean(name), NAME_WIDTH, 13.0).iter().map(|line| html_text(line)).collect::<Vec<_>>().join("<BR/>")
        ),
        format!(
            r##"<TR><TD><FONT POINT-SIZE="10" COLOR="#455a64">{}</FONT></TD></TR>"##,
            html_text(&firm_counts(data, chain, link, lang))
        ),
    ];
    if let (Some(gap), Some(priority)) = (a.gap, &a.priority) {
        rows.push(format!(
            r#"<TR><TD BGCOLOR="{}"><FONT POINT-SIZE="10" COLOR="white">&#160;{} · {} {:.0}&#160;</FONT></TD></TR>"#,
            gap_colour(gap),
            gap.mark(lang),
            lang.pick("优先级", "priority"),
            priority.score
        ));
    }
    if options.firms {
        let (firms, more) = link_firms(data, chain, link, options.max_firms);
        for f in firms {
            let mut name = html_text(f.name);
            if !f.is_active() {
                name = format!("<S>{name}</S> ({})", lang.pick("停产", "halted"));
            }
            let mark = if f.role == crate::model::Role::Leader {
                "★"
            } else if f.above_scale {
                "●"
            } else {
                "○"
            };
            rows.push(format!(r#"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{mark} {name}</FONT></TD></TR>"#));
        }
        if more > 0 {
            let more = match lang {
                Lang::Zh => format!("… 另 {more} 家"),
                Lang::En => format!("… {more} more"),
            };
            rows.push(format!(
                r##"<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9" COLOR="#78909c">{more}</FONT></TD></TR>"##
            ));
        }
    }
    format!(r#"<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2">{}</TABLE>"#, rows.join(""))
}

fn link_node(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, options: &MapOptions) -> Stmt {
    let c = &data.dataset.chains[chain];
    let a = &data.analyses[chain].links[link];
    let colours = status_colours(a.status);
    let style = if a.status == LinkStatus::Missing { "rounded,filled,dashed" } else { "rounded,filled" };
    let lang = options.lang;
    let tooltip =
        format!("{} ({}): {}", clean(c.links[link].display_name(lang)), c.links[link].id, status_word(a.status, lang));
    Stmt::Node(Node::new(
        node_id(c, link),
        vec![
            html_label(&link_label(data, chain, link, options)),
            attr!("style", esc style),
            attr!("fillcolor", esc colours.tint),
            attr!("color", esc colours.main),
            attr!("penwidth", if a.gap.is_some() { "2" } else { "1.2" }),
            Attribute(id!("tooltip"), quoted(&tooltip)),
        ],
    ))
}

/// The title and legend, as the graph's label at the top.
fn title_label(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> String {
    let lang = options.lang;
    let c = &data.dataset.chains[chain];
    let mut legend: Vec<String> = STATUSES
        .iter()
        .map(|&s| {
            let colours = status_colours(s);
            let style = if s == LinkStatus::Missing { r#" STYLE="dashed""# } else { "" };
            format!(
                r#"<TD BORDER="1" COLOR="{}" BGCOLOR="{}"{style}><FONT POINT-SIZE="11">{}</FONT></TD>"#,
                colours.main,
                colours.tint,
                status_word(s, lang)
            )
        })
        .collect();
    // One 延链 mark stands for both directions.
    for gap in [GapKind::Bridge, GapKind::ExtendDownstream, GapKind::Isolated, GapKind::Strengthen] {
        legend.push(format!(
            r#"<TD BGCOLOR="{}"><FONT POINT-SIZE="11" COLOR="white">{}</FONT></TD>"#,
            gap_colour(gap),
            gap.mark(lang)
        ));
    }
    legend.push(format!(
        r##"<TD><FONT POINT-SIZE="11" COLOR="#455a64">{}</FONT></TD>"##,
        lang.pick(
            "━━▶ 供给关系   ╍╍▶ 涉及缺失环节 / 配套服务",
            "━━▶ supplies   ╍╍▶ to or from a missing link / support services"
        )
    ));
    if !c.recycle.is_empty() {
        legend.push(format!(
            r#"<TD><FONT POINT-SIZE="11" COLOR="{RECYCLE}">{}</FONT></TD>"#,
            lang.pick("┅┅▶ 回收再利用 (不计入分析)", "┅┅▶ recycling (not in the analysis)")
        ));
    }
    let cols = legend.len();
    format!(
        concat!(
            r#"<TABLE BORDER="0" CELLSPACING="4" CELLPADDING="4">"#,
            r#"<TR><TD ALIGN="LEFT" COLSPAN="{cols}"><FONT POINT-SIZE="22"><B>{title}</B></FONT></TD></TR>"#,
            r##"<TR><TD ALIGN="LEFT" COLSPAN="{cols}"><FONT POINT-SIZE="13" COLOR="#37474f">{headline}</FONT></TD></TR>"##,
            r#"<TR>{legend}</TR></TABLE>"#
        ),
        cols = cols,
        title = html_text(&map_title(
            data,
            &format!("{} · {}", c.display_name(lang), lang.pick("供给关系图", "supply flow")),
            options
        )),
        headline = html_text(&chain_headline(&data.analyses[chain], lang)),
        legend = legend.join(""),
    )
}

/// The flow map's spacing, in inches: between boxes of a column, and
/// between columns (the estimate in [`lanes`](super::lanes) assumes these).
const NODESEP: &str = "0.25";
const RANKSEP: &str = "0.55";

/// The colours of the stage headers, left to right, as on the panorama.
const STAGE_BLUES: [&str; 3] = ["#1565c0", "#1e77d0", "#2b89de"];

/// The estimated size of a link's box in points, from what its label holds
/// (the same rows [`link_label`] writes).
fn box_size(data: &MapData<'_>, chain: ChainIdx, link: LinkIdx, options: &MapOptions) -> BoxSize {
    let lang = options.lang;
    let name = wrap(&clean(data.dataset.chains[chain].links[link].display_name(lang)), NAME_WIDTH, 13.0);
    let mut w = name.iter().map(|line| width(line, 13.0)).fold(0.0, f64::max);
    let mut h = 17.0 * name.len() as f64 + 14.0;
    w = w.max(width(&firm_counts(data, chain, link, lang), 10.0));
    if let Some(gap) = data.analyses[chain].links[link].gap {
        w = w.max(width(&gap.mark(lang), 10.0) + 70.0);
        h += 16.0;
    }
    if options.firms {
        let (firms, more) = link_firms(data, chain, link, options.max_firms);
        for f in &firms {
            w = w.max(width(&clean(f.name), 10.0) + 30.0);
        }
        h += 14.0 * (firms.len() + usize::from(more > 0)) as f64;
    }
    (w + 30.0, h + 10.0)
}

/// Builds the flow map of one chain as a Graphviz graph: the graph's
/// defaults, the stage headers, one cluster per lane (segment), the rank
/// constraints that put each link in its column, and the supply edges.
///
/// Where each link goes is decided here ([`lanes::place`](super::lanes::place)),
/// not by Graphviz: left to itself, `dot` set the stage clusters of a big
/// chain in a diagonal staircase, because a long edge may not pass through
/// a cluster it does not belong to. Graphviz only orders the links inside a
/// cell and routes the edges, orthogonally, around the boxes and labels.
#[must_use]
pub fn flow_graph(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> Graph {
    let c = &data.dataset.chains[chain];
    let sizes: Vec<BoxSize> = (0..c.links.len()).map(|l| box_size(data, chain, l, options)).collect();
    let lanes = place(c, &sizes);
    let mut stmts = defaults(data, chain, options);
    stmts.push(stage_headers(&lanes, &sizes, options.lang));
    for (i, lane) in lanes.lanes.iter().enumerate() {
        stmts.push(lane_cluster(data, chain, i, lane, options));
    }
    stmts.extend(order_and_ranks(c, &lanes));
    stmts.extend(supply_edges(data, chain));
    stmts.extend(recycle_edges(c, options.lang));
    Graph::DiGraph { id: quoted(&c.id), strict: false, stmts }
}

/// The attributes of the graph, its nodes and its edges.
fn defaults(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> Vec<Stmt> {
    let font = || id!(esc FONT_STACK);
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr!("rankdir", "LR"),
            attr!("newrank", "true"),
            // Right angles around the boxes: curved splines looped around
            // lanes and across labels, and failed outright on some chains.
            attr!("splines", "ortho"),
            Attribute(id!("fontname"), font()),
            html_label(&title_label(data, chain, options)),
            attr!("labelloc", "t"),
            attr!("labeljust", "l"),
            attr!("nodesep", NODESEP),
            attr!("ranksep", RANKSEP),
            attr!("pad", "0.3"),
            attr!("bgcolor", esc "#ffffff"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr!("shape", "box"),
            Attribute(id!("fontname"), font()),
            attr!("fontsize", "12"),
            attr!("margin", esc "0.12,0.06"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            Attribute(id!("fontname"), font()),
            attr!("color", esc "#546e7a"),
            attr!("arrowsize", "0.7"),
            attr!("penwidth", "1.2"),
        ])),
    ]
}

fn column_node(column: usize) -> NodeId {
    NodeId(quoted(&format!("column-{column}")), None)
}

fn lane_node(lane: usize) -> NodeId {
    NodeId(quoted(&format!("lane-{lane}")), None)
}

/// The corner left of the stage headers, above the lane labels.
fn corner_node() -> NodeId {
    NodeId(quoted("column-lanes"), None)
}

fn invisible_edge(from: NodeId, to: NodeId, weight: &str) -> Stmt {
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(Vertex::N(from), Vertex::N(to)),
        attributes: vec![attr!("style", "invis"), attr!("weight", weight)],
    })
}

/// The header row: one bar per stage, spanning the columns of its band, in
/// the stage's colour with its word. Each bar is a cluster around hidden
/// column nodes as wide as the column's widest box (estimated), so the bar
/// runs unbroken across the band, gaps between columns included.
fn stage_headers(lanes: &Lanes, sizes: &[BoxSize], lang: Lang) -> Stmt {
    let mut widths = vec![60.0f64; lanes.columns.len()];
    for (l, &c) in lanes.column.iter().enumerate() {
        widths[c] = widths[c].max(sizes[l].0);
    }
    let mut stmts: Vec<Stmt> = vec![
        attr!("label", esc "").into(),
        attr!("style", "invis").into(),
        Stmt::Node(Node::new(corner_node(), vec![attr!("shape", "plaintext"), attr!("label", esc "")])),
    ];
    let mut col = 0;
    while col < lanes.columns.len() {
        let stage = lanes.columns[col];
        let band = col..(col..lanes.columns.len()).find(|&c| lanes.columns[c] != stage).unwrap_or(lanes.columns.len());
        let s = STAGES.iter().position(|&x| x == stage).expect("a stage");
        let label = format!("{}  {}", ["①", "②", "③", "④"][s], stage_word(stage, lang));
        let colour = if stage == Stage::Support { "#78909c" } else { STAGE_BLUES[s.min(2)] };
        let mut bar: Vec<Stmt> = vec![
            Attribute(id!("label"), quoted(&label)).into(),
            attr!("style", esc "filled").into(),
            attr!("fillcolor", esc colour).into(),
            attr!("color", esc colour).into(),
            attr!("fontcolor", esc "#ffffff").into(),
            attr!("fontsize", "16").into(),
            attr!("margin", "4").into(),
        ];
        bar.extend(band.clone().map(|c| {
            Stmt::Node(Node::new(
                column_node(c),
                vec![
                    attr!("label", esc ""),
                    attr!("shape", "box"),
                    attr!("style", esc "filled"),
                    attr!("fillcolor", esc colour),
                    attr!("color", esc colour),
                    attr!("height", "0.02"),
                    attr!("width", esc format!("{:.2}", widths[c] / 72.0)),
                ],
            ))
        }));
        stmts.push(Stmt::Subgraph(Subgraph { id: quoted(&format!("cluster_stage_{}", band.start)), stmts: bar }));
        col = band.end;
    }
    Stmt::Subgraph(Subgraph { id: quoted("cluster_stages"), stmts })
}

/// The words on a lane's label.
fn lane_word(c: &Chain, kind: LaneKind, lang: Lang) -> String {
    match kind {
        LaneKind::Segment(s) => clean(c.segments[s].display_name(lang)),
        LaneKind::Shared if c.segments.is_empty() => lang.pick("全链", "Whole chain").to_owned(),
        LaneKind::Shared => lang.pick("通用", "Shared").to_owned(),
        LaneKind::Support => stage_word(Stage::Support, lang),
    }
}

/// The cluster of one lane: its label as a box in the leftmost column
/// (a box, so edges are routed around it), then its links.
fn lane_cluster(data: &MapData<'_>, chain: ChainIdx, i: usize, lane: &Lane, options: &MapOptions) -> Stmt {
    let c = &data.dataset.chains[chain];
    let lang = options.lang;
    let (fill, border) = match lane.kind {
        LaneKind::Segment(s) => (SEGMENT_TINTS[s % SEGMENT_TINTS.len()], "#b0bec5"),
        LaneKind::Shared => ("#f3f5f6", "#b0bec5"),
        LaneKind::Support => ("#f4f4f4", "#9e9e9e"),
    };
    let word = lane_word(c, lane.kind, lang);
    let lines = match lang {
        Lang::Zh => {
            // Lines of even length (休闲食品 / 与酒饮), never a last line of
            // one character.
            let total = width(&word, 14.0);
            let lines = (total / 96.0).ceil().max(1.0);
            wrap(&word, total / lines + 7.0, 14.0)
        }
        Lang::En => wrap_words(&word, 96.0, 14.0),
    };
    let label = lines.iter().map(|line| html_text(line)).collect::<Vec<_>>().join("<BR/>");
    let mut stmts: Vec<Stmt> = vec![
        attr!("label", esc "").into(),
        attr!("style", esc "rounded,filled").into(),
        attr!("fillcolor", esc fill).into(),
        attr!("color", esc border).into(),
        Stmt::Node(Node::new(
            lane_node(i),
            vec![
                html_label(&format!("<B>{label}</B>")),
                attr!("style", esc "rounded,filled"),
                attr!("fillcolor", esc "#455a64"),
                attr!("color", esc "#455a64"),
                attr!("fontcolor", esc "#ffffff"),
                attr!("fontsize", "14"),
            ],
        )),
    ];
    stmts.extend(lane.links.iter().map(|&l| link_node(data, chain, l, options)));
    let id = match lane.kind {
        LaneKind::Segment(s) => format!("cluster_lane_{}", c.segments[s].id),
        LaneKind::Shared => "cluster_lane__shared".to_owned(),
        LaneKind::Support => "cluster_lane__support".to_owned(),
    };
    Stmt::Subgraph(Subgraph { id: quoted(&id), stmts })
}

/// The constraints that make the grid: a hidden ruler through the header
/// row gives one rank per column, each link is ranked with its column, and
/// a hidden root lists the header and the lane labels in order (with
/// `ordering=out`), which stacks the lanes top to bottom as listed.
fn order_and_ranks(c: &Chain, lanes: &Lanes) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    let mut ruler = vec![corner_node()];
    ruler.extend((0..lanes.columns.len()).map(column_node));
    for pair in ruler.windows(2) {
        stmts.push(invisible_edge(pair[0].clone(), pair[1].clone(), "100"));
    }
    let root = NodeId(quoted("lanes-root"), None);
    stmts.push(Stmt::Node(Node::new(
        root.clone(),
        vec![
            attr!("shape", "point"),
            attr!("style", "invis"),
            attr!("width", "0"),
            attr!("label", esc ""),
            attr!("ordering", "out"),
        ],
    )));
    stmts.push(invisible_edge(root.clone(), corner_node(), "1"));
    for i in 0..lanes.lanes.len() {
        stmts.push(invisible_edge(root.clone(), lane_node(i), "1"));
    }
    let same_rank = |name: String, mut nodes: Vec<NodeId>| {
        let mut inner: Vec<Stmt> = vec![attr!("rank", "same").into()];
        inner.extend(nodes.drain(..).map(|n| Stmt::Node(Node::new(n, vec![]))));
        Stmt::Subgraph(Subgraph { id: quoted(&name), stmts: inner })
    };
    let mut labels = vec![corner_node()];
    labels.extend((0..lanes.lanes.len()).map(lane_node));
    stmts.push(same_rank("rank_lanes".to_owned(), labels));
    for col in 0..lanes.columns.len() {
        let mut nodes = vec![column_node(col)];
        nodes.extend(
            lanes
                .lanes
                .iter()
                .flat_map(|lane| lane.links.iter())
                .filter(|&&l| lanes.column[l] == col)
                .map(|&l| node_id(c, l)),
        );
        stmts.push(same_rank(format!("rank_{col}"), nodes));
    }
    stmts
}

/// The colour of recycling edges and their legend entry.
const RECYCLE: &str = "#2e7d32";

/// The recycling edges: dotted green, labelled, and free of the layout, so
/// material flowing back to the start does not pull the stage columns.
fn recycle_edges(c: &Chain, lang: Lang) -> Vec<Stmt> {
    c.recycle
        .iter()
        .map(|&(from, to)| {
            Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(c, from)), Vertex::N(node_id(c, to))),
                attributes: vec![
                    attr!("style", "dotted"),
                    attr!("penwidth", "1.6"),
                    attr!("color", esc RECYCLE),
                    attr!("fontcolor", esc RECYCLE),
                    attr!("fontsize", "10"),
                    attr!("constraint", "false"),
                    Attribute(id!("xlabel"), quoted(lang.pick("回收", "recycling"))),
                ],
            })
        })
        .collect()
}

/// The supply edges: dashed grey for 配套服务, dashed red into or out of a
/// missing link. None of them ranks anything (the columns are given), so
/// an edge back to an earlier stage is drawn without pulling the grid.
fn supply_edges(data: &MapData<'_>, chain: ChainIdx) -> Vec<Stmt> {
    let c = &data.dataset.chains[chain];
    let analysis = &data.analyses[chain];
    let mut stmts = Vec::new();
    for (from, to) in c.edges() {
        let support = c.links[from].stage == Stage::Support || c.links[to].stage == Stage::Support;
        let missing =
            analysis.links[from].status == LinkStatus::Missing || analysis.links[to].status == LinkStatus::Missing;
        let mut attrs = Vec::new();
        if support {
            attrs.extend([attr!("style", "dashed"), attr!("color", esc "#a7b6bd"), attr!("penwidth", "0.9")]);
        } else if missing {
            attrs.extend([attr!("style", "dashed"), attr!("color", esc "#c62828")]);
        }
        attrs.push(attr!("constraint", "false"));
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(c, from)), Vertex::N(node_id(c, to))),
            attributes: attrs,
        }));
    }
    stmts
}

/// Graphviz's time to lay out a flow map, measured on a 2-core machine
/// with synthetic chains: 0.2 s at 20 links, 0.5 s at 45, 6.5 s at 100,
/// 35 s at 150, over 200 s at 200 (orthogonal edges; `docs/maps.md`).
/// About 8 s × (links / 100)⁴.
#[must_use]
pub fn expected_dot_time(links: usize) -> Duration {
    Duration::from_secs_f64(8.0 * (links as f64 / 100.0).powi(4))
}

/// The most links whose flow map Graphviz is expected to lay out within
/// `limit`: 165 within the default minute.
#[must_use]
pub fn most_links(limit: Duration) -> usize {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "a small positive count")]
    let most = (100.0 * (limit.as_secs_f64() / 8.0).powf(0.25)).floor() as usize;
    most
}

/// Refuses, before any layout work, a flow map Graphviz would not finish
/// within `limit` (`None`: no limit, nothing is refused): it would only be
/// stopped at the limit, after a minute of both cores.
pub fn check_size(chain: &Chain, limit: Option<Duration>) -> Result<(), MapError> {
    let Some(limit) = limit else { return Ok(()) };
    let links = chain.links.len();
    if expected_dot_time(links) <= limit {
        return Ok(());
    }
    Err(MapError::FlowTooBig { chain: chain.id.clone(), links, most: most_links(limit), limit })
}

/// Writes the flow map of one chain as DOT.
pub fn write_dot(out: &mut dyn Write, data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> io::Result<()> {
    let graph = flow_graph(data, chain, options);
    let mut ctx = PrinterContext::default();
    writeln!(out, "{}", graph.print(&mut ctx))
}
