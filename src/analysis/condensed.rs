//! The condensation of a chain: each strongly connected component (a
//! recycling loop, say) as one node of a DAG, in topological order.

use petgraph::algo::tarjan_scc;

use crate::model::LinkGraph;

/// A chain's supply graph with its cycles collapsed.
#[derive(Debug, Clone)]
pub struct Condensed {
    /// Component of each link.
    pub component: Vec<usize>,
    /// The links of each component; components are in topological order
    /// (every edge goes from a lower to a higher index).
    pub members: Vec<Vec<usize>>,
    /// Distinct successor components of each component.
    pub successors: Vec<Vec<usize>>,
    /// Distinct predecessor components of each component.
    pub predecessors: Vec<Vec<usize>>,
}

impl Condensed {
    /// Condenses `graph`.
    ///
    /// Complexity: O(V + E log E).
    #[must_use]
    pub fn new(graph: &LinkGraph) -> Self {
        // Tarjan yields components in reverse topological order.
        let mut sccs = tarjan_scc(graph);
        sccs.reverse();
        let mut component = vec![0; graph.node_count()];
        let members: Vec<Vec<usize>> = sccs
            .iter()
            .enumerate()
            .map(|(c, scc)| {
                let mut links: Vec<usize> = scc.iter().map(|n| n.index()).collect();
                links.sort_unstable();
                for &l in &links {
                    component[l] = c;
                }
                links
            })
            .collect();
        let mut successors = vec![Vec::new(); members.len()];
        let mut predecessors = vec![Vec::new(); members.len()];
        for edge in graph.raw_edges() {
            let (a, b) = (component[edge.source().index()], component[edge.target().index()]);
            if a != b {
                successors[a].push(b);
                predecessors[b].push(a);
            }
        }
        for list in successors.iter_mut().chain(predecessors.iter_mut()) {
            list.sort_unstable();
            list.dedup();
        }
        Self { component, members, successors, predecessors }
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.members.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// A component with no incoming edge.
    #[must_use]
    pub fn is_source(&self, c: usize) -> bool {
        self.predecessors[c].is_empty()
    }

    /// A component with no outgoing edge.
    #[must_use]
    pub fn is_sink(&self, c: usize) -> bool {
        self.successors[c].is_empty()
    }
}

#[cfg(test)]
mod tests {
    use petgraph::graph::NodeIndex;

    use super::*;

    /// a → b ⇄ c → d
    #[test]
    fn collapses_a_cycle_in_order() {
        let mut g = LinkGraph::new();
        let n: Vec<NodeIndex> = (0..4).map(|_| g.add_node(())).collect();
        for (a, b) in [(0, 1), (1, 2), (2, 1), (2, 3)] {
            g.add_edge(n[a], n[b], ());
        }
        let c = Condensed::new(&g);
        assert_eq!(c.members, vec![vec![0], vec![1, 2], vec![3]]);
        assert_eq!(c.successors, vec![vec![1], vec![2], vec![]]);
        assert!(c.is_source(0) && c.is_sink(2) && !c.is_sink(1));
    }
}
