"""What both peer scripts share: the chain files, the link keys, the gap
kinds (networkx), the output, and the check against chainmap's own
`gaps --format json`.

The rule is SPEC section 4 (docs/analysis.md#link-status): a link is
`missing` with no active firm (status not halted), `strong` with an active
leader or at least `min_strong_firms` active above-scale firms, `weak`
otherwise; a missing link is a `bridge`, `extend_downstream`,
`extend_upstream` or `isolated` gap by its covered ancestors and
descendants, a weak link a `strengthen` gap.
"""

import json
import os
import sys

import networkx as nx

# Words a table may use (docs/formats.md): the English word or the Chinese one.
HALTED = ["halted", "停产", "半停产"]
LEADER = ["leader", "链主", "龙头"]
YES = ["yes", "是"]
TABLES = {"region", "firms", "candidates", "projects", "problems", "monthly"}


def load_chains(dataset):
    """The chain files of `dataset`, by chain id."""
    chains = {}
    for name in sorted(os.listdir(dataset)):
        stem, ext = os.path.splitext(name)
        if ext.lower() != ".json" or stem.lower() in TABLES:
            continue
        with open(os.path.join(dataset, name), encoding="utf-8") as f:
            chain = json.load(f)
        chains[chain["id"]] = chain
    return chains


def min_strong_firms(dataset):
    path = os.path.join(dataset, "region.json")
    if not os.path.exists(path):
        return 2
    with open(path, encoding="utf-8") as f:
        return json.load(f).get("min_strong_firms", 2)


def link_keys(chains):
    """Rows (chain as written, link as written, chain id, link id): a table
    names a chain and a link by id or by name."""
    rows = []
    for chain in chains.values():
        for chain_key in {chain["id"], chain["name"]}:
            for link in chain["links"]:
                for link_key in {link["id"], link["name"]}:
                    rows.append((chain_key, link_key, chain["id"], link["id"]))
    return rows


def statuses_and_gaps(chains, counts, min_strong):
    """`counts` maps (chain id, link id) to (active firms, active leaders,
    active above-scale firms); the result maps every link to (status, gap)."""
    result = {}
    for chain_id, chain in chains.items():
        status = {}
        for link in chain["links"]:
            active, leaders, above = counts.get((chain_id, link["id"]), (0, 0, 0))
            if active == 0:
                status[link["id"]] = "missing"
            elif leaders > 0 or above >= min_strong:
                status[link["id"]] = "strong"
            else:
                status[link["id"]] = "weak"
        graph = nx.DiGraph()
        graph.add_nodes_from(status)
        graph.add_edges_from((e["from"], e["to"]) for e in chain.get("edges", []))
        for link_id, s in status.items():
            if s == "strong":
                gap = None
            elif s == "weak":
                gap = "strengthen"
            else:
                up = any(status[a] != "missing" for a in nx.ancestors(graph, link_id) if a != link_id)
                down = any(status[d] != "missing" for d in nx.descendants(graph, link_id) if d != link_id)
                gap = {(True, True): "bridge", (True, False): "extend_downstream",
                       (False, True): "extend_upstream", (False, False): "isolated"}[(up, down)]
            result[(chain_id, link_id)] = (s, gap)
    return result


def finish(result, argv):
    """Writes the result as JSON lines to stdout, or with `--check FILE`
    compares it with chainmap's `gaps --format json` in FILE."""
    if len(argv) >= 2 and argv[0] == "--check":
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
        theirs = {(c["id"], l["id"]): (l["status"], l["gap"]) for c in doc["chains"] for l in c["links"]}
        differ = [k for k in set(theirs) | set(result) if theirs.get(k) != result.get(k)]
        for k in sorted(differ)[:10]:
            print(f"differs at {k[0]}/{k[1]}: chainmap {theirs.get(k)}, here {result.get(k)}", file=sys.stderr)
        print(f"{len(result)} links, {len(differ)} differ")
        sys.exit(1 if differ else 0)
    out = sys.stdout
    for (chain_id, link_id), (s, gap) in sorted(result.items()):
        out.write(json.dumps({"chain": chain_id, "link": link_id, "status": s, "gap": gap}) + "\n")
