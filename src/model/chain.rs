//! A chain: its segments, its links and the supply graph between them.

use petgraph::graph::{DiGraph, NodeIndex};

use super::lang::{Lang, localized};
use super::words::Stage;

/// The supply graph of one chain. Node `i` is `Chain::links[i]`; an edge
/// `a → b` means link `a` supplies link `b`. Recycling edges are not in it
/// (see `Chain::recycle`).
pub type LinkGraph = DiGraph<(), ()>;

/// Index of a link inside its chain (and of its node in the `LinkGraph`).
pub type LinkIdx = usize;

/// Index of a chain inside the dataset.
pub type ChainIdx = usize;

/// Chain ids a chain may not take, each with the report files of the region
/// it would collide with: the report names a chain's files after its id
/// (`<id>.html`, `md/<id>.md`, `csv/<id>/`, `xlsx/<id>.xlsx`) beside the
/// region's own (`index.html`, `md/index.md`, `csv/region/`,
/// `xlsx/region.xlsx`).
pub const RESERVED_CHAIN_IDS: [(&str, &str); 2] =
    [("index", "index.html and md/index.md"), ("region", "csv/region/ and xlsx/region.xlsx")];

/// A named group of links inside a chain (子链).
#[derive(Debug, Clone, PartialEq)]
pub struct Segment {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
}

impl Segment {
    /// The name shown in the given language.
    #[must_use]
    pub fn display_name(&self, lang: Lang) -> &str {
        localized(&self.name, self.name_en.as_deref(), lang)
    }
}

/// One production stage or service of a chain (环节).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    pub stage: Stage,
    /// Index into `Chain::segments`.
    pub segment: Option<usize>,
    /// Strategic importance: finite and > 0.
    pub weight: f64,
    /// Key core technologies (关键核心技术) of the link.
    pub technologies: Vec<String>,
}

impl Link {
    /// The name shown in the given language.
    #[must_use]
    pub fn display_name(&self, lang: Lang) -> &str {
        localized(&self.name, self.name_en.as_deref(), lang)
    }
}

/// An industrial chain (产业链) as a validated graph of links.
#[derive(Debug, Clone)]
pub struct Chain {
    pub id: String,
    pub name: String,
    pub name_en: Option<String>,
    /// The plan's one-word positioning (特, 强, 精, …), when it has one.
    pub positioning: Option<String>,
    pub segments: Vec<Segment>,
    /// Sorted by id, so output that walks links in order is stable.
    pub links: Vec<Link>,
    pub graph: LinkGraph,
    /// Recycling edges (回收再利用, `"kind": "recycle"`), sorted: material
    /// flowing back from the end of the chain to its start. Drawn on the
    /// maps but left out of the analysis, so a recycling loop does not fuse
    /// the links it passes into one component.
    pub recycle: Vec<(LinkIdx, LinkIdx)>,
}

impl Chain {
    /// The link with this id, if any.
    #[must_use]
    pub fn link_by_id(&self, id: &str) -> Option<LinkIdx> {
        self.links.binary_search_by(|l| l.id.as_str().cmp(id)).ok()
    }

    /// The links that `link` supplies directly.
    pub fn successors(&self, link: LinkIdx) -> impl Iterator<Item = LinkIdx> + '_ {
        self.graph.neighbors(NodeIndex::new(link)).map(NodeIndex::index)
    }

    /// The links that supply `link` directly.
    pub fn predecessors(&self, link: LinkIdx) -> impl Iterator<Item = LinkIdx> + '_ {
        self.graph.neighbors_directed(NodeIndex::new(link), petgraph::Direction::Incoming).map(NodeIndex::index)
    }

    /// The supply edges as pairs of link indices, in a stable order.
    #[must_use]
    pub fn edges(&self) -> Vec<(LinkIdx, LinkIdx)> {
        let mut edges: Vec<_> =
            self.graph.raw_edges().iter().map(|e| (e.source().index(), e.target().index())).collect();
        edges.sort_unstable();
        edges
    }

    /// The name shown for this chain in the given language.
    #[must_use]
    pub fn display_name(&self, lang: Lang) -> &str {
        localized(&self.name, self.name_en.as_deref(), lang)
    }
}
