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

use graphviz_rust::dot_generator::{attr, id};
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use super::text::{clean, dot_escape, wrap, xml};
use super::{
    FONT_STACK, MapData, MapOptions, SEGMENT_TINTS, STAGES, STATUSES, chain_headline, gap_colour, link_firms,
    map_title, reading_order, stage_word, status_colours, status_word,
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
    let firm = |f: &u32| &data.dataset.firms[*f as usize];
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
            let mut name = html_text(&f.name);
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

/// The cluster id of a stage, or of a segment inside a stage.
fn cluster_id(stage: Stage, segment: Option<&str>) -> Id {
    match segment {
        None => quoted(&format!("cluster_{}", stage.as_str())),
        Some(seg) => quoted(&format!("cluster_{}__{seg}", stage.as_str())),
    }
}

/// Builds the flow map of one chain as a Graphviz graph: the graph's
/// defaults, one cluster per stage, the invisible anchors that keep the
/// stages in columns, and the supply edges.
#[must_use]
pub fn flow_graph(data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> Graph {
    let c = &data.dataset.chains[chain];
    let order = reading_order(c);
    let mut stmts = defaults(data, chain, options);
    for (s, stage) in STAGES.into_iter().enumerate() {
        let links: Vec<LinkIdx> = order.iter().copied().filter(|&l| c.links[l].stage == stage).collect();
        if !links.is_empty() {
            stmts.push(stage_cluster(data, chain, (s, stage), &links, options));
        }
    }
    let present: Vec<Stage> =
        STAGES.into_iter().filter(|&s| s != Stage::Support && c.links.iter().any(|l| l.stage == s)).collect();
    stmts.extend(stage_anchors(c, &order, &present));
    stmts.extend(supply_edges(data, chain, &present));
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
            Attribute(id!("fontname"), font()),
            html_label(&title_label(data, chain, options)),
            attr!("labelloc", "t"),
            attr!("labeljust", "l"),
            attr!("nodesep", "0.25"),
            attr!("ranksep", "0.55"),
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

/// The cluster of one stage (the `s`-th column): a sub-cluster per segment,
/// in the chain's segment order, then the stage's links of no segment.
fn stage_cluster(
    data: &MapData<'_>,
    chain: ChainIdx,
    (s, stage): (usize, Stage),
    links: &[LinkIdx],
    options: &MapOptions,
) -> Stmt {
    let c = &data.dataset.chains[chain];
    let lang = options.lang;
    let (fill, border) = if stage == Stage::Support { ("#f4f4f4", "#9e9e9e") } else { ("#f7f9fc", "#90a4ae") };
    let mut inner = vec![
        Attribute(id!("label"), quoted(&format!("{}  {}", ["①", "②", "③", "④"][s], stage_word(stage, lang)))).into(),
        attr!("style", esc "rounded,filled").into(),
        attr!("fillcolor", esc fill).into(),
        attr!("color", esc border).into(),
        attr!("fontsize", "16").into(),
        attr!("labeljust", "l").into(),
    ];
    for (seg_idx, segment) in c.segments.iter().enumerate() {
        let members: Vec<LinkIdx> = links.iter().copied().filter(|&l| c.links[l].segment == Some(seg_idx)).collect();
        if members.is_empty() {
            continue;
        }
        let mut seg_stmts: Vec<Stmt> = vec![
            Attribute(id!("label"), quoted(segment.display_name(lang))).into(),
            attr!("style", esc "rounded,filled").into(),
            attr!("fillcolor", esc SEGMENT_TINTS[seg_idx % SEGMENT_TINTS.len()]).into(),
            attr!("color", esc "#b0bec5").into(),
            attr!("fontsize", "12").into(),
            attr!("fontcolor", esc "#37474f").into(),
        ];
        seg_stmts.extend(members.iter().map(|&l| link_node(data, chain, l, options)));
        inner.push(Stmt::Subgraph(Subgraph { id: cluster_id(stage, Some(&segment.id)), stmts: seg_stmts }));
    }
    inner.extend(links.iter().filter(|&&l| c.links[l].segment.is_none()).map(|&l| link_node(data, chain, l, options)));
    Stmt::Subgraph(Subgraph { id: cluster_id(stage, None), stmts: inner })
}

/// Stage columns: an invisible anchor between consecutive stages, after
/// every link of the one and before every link of the next, so each stage
/// takes its own band of ranks (columns, left to right).
/// 配套服务 takes no part: its edges do not constrain, so it settles in the
/// first columns, apart, and its services flow rightwards into the chain.
fn stage_anchors(c: &Chain, order: &[LinkIdx], present: &[Stage]) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    for pair in present.windows(2) {
        let anchor = NodeId(quoted(&format!("stage-anchor-{}", pair[1].as_str())), None);
        stmts.push(Stmt::Node(Node::new(
            anchor.clone(),
            vec![attr!("shape", "point"), attr!("style", "invis"), attr!("width", "0"), attr!("label", esc "")],
        )));
        let invisible = || vec![attr!("style", "invis"), attr!("weight", "0")];
        for &l in order.iter().filter(|&&l| c.links[l].stage == pair[0]) {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(c, l)), Vertex::N(anchor.clone())),
                attributes: invisible(),
            }));
        }
        for &l in order.iter().filter(|&&l| c.links[l].stage == pair[1]) {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(anchor.clone()), Vertex::N(node_id(c, l))),
                attributes: invisible(),
            }));
        }
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

/// The supply edges: dashed grey and free of the layout for 配套服务, dashed
/// red into or out of a missing link, free of the layout when they run back
/// to an earlier stage (`present` are the stage columns, left to right).
fn supply_edges(data: &MapData<'_>, chain: ChainIdx, present: &[Stage]) -> Vec<Stmt> {
    let c = &data.dataset.chains[chain];
    let analysis = &data.analyses[chain];
    let column = |l: LinkIdx| present.iter().position(|&s| s == c.links[l].stage);
    let mut stmts = Vec::new();
    for (from, to) in c.edges() {
        let support = c.links[from].stage == Stage::Support || c.links[to].stage == Stage::Support;
        let backward = matches!((column(from), column(to)), (Some(a), Some(b)) if a > b);
        let missing =
            analysis.links[from].status == LinkStatus::Missing || analysis.links[to].status == LinkStatus::Missing;
        let mut attrs = Vec::new();
        if support {
            // Services feed many links; letting them pull the layout would drag
            // 配套服务 into the middle of the chain.
            attrs.extend([
                attr!("style", "dashed"),
                attr!("color", esc "#a7b6bd"),
                attr!("penwidth", "0.9"),
                attr!("constraint", "false"),
            ]);
        } else if missing {
            attrs.extend([attr!("style", "dashed"), attr!("color", esc "#c62828")]);
        }
        if backward && !support {
            // An edge back to an earlier stage (a supply cycle): drawn, but it
            // does not fight the stage columns.
            attrs.push(attr!("constraint", "false"));
        }
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(Vertex::N(node_id(c, from)), Vertex::N(node_id(c, to))),
            attributes: attrs,
        }));
    }
    stmts
}

/// Writes the flow map of one chain as DOT.
pub fn write_dot(out: &mut dyn Write, data: &MapData<'_>, chain: ChainIdx, options: &MapOptions) -> io::Result<()> {
    let graph = flow_graph(data, chain, options);
    let mut ctx = PrinterContext::default();
    writeln!(out, "{}", graph.print(&mut ctx))
}
