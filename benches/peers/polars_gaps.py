"""Link statuses and gap kinds of a dataset with polars (lazy, only the
columns needed) and networkx, as an analyst would write it.

    python3 polars_gaps.py DATASET [--check GAPS.json]
"""

import os
import sys

import polars as pl

import common


def main():
    dataset, rest = sys.argv[1], sys.argv[2:]
    chains = common.load_chains(dataset)
    keys = pl.LazyFrame(
        common.link_keys(chains), schema=["chain", "link", "chain_id", "link_id"], orient="row"
    )
    firms = (
        pl.scan_csv(os.path.join(dataset, "firms.csv"), infer_schema=False)
        .select("firm_id", "chain", "link", "above_scale", "role", "status")
        .with_columns(pl.col(c).str.strip_chars() for c in ["firm_id", "chain", "link", "above_scale", "role", "status"])
        .join(keys, on=["chain", "link"])
        # A firm listed twice at a link counts once.
        .unique(subset=["firm_id", "chain_id", "link_id"])
        .filter(~pl.col("status").fill_null("").is_in(common.HALTED))
        .group_by("chain_id", "link_id")
        .agg(
            pl.len().alias("active"),
            pl.col("role").is_in(common.LEADER).sum().alias("leaders"),
            pl.col("above_scale").str.to_lowercase().is_in(common.YES).sum().alias("above"),
        )
        .collect()
    )
    counts = {(c, l): (a, ld, ab) for c, l, a, ld, ab in firms.iter_rows()}
    common.finish(common.statuses_and_gaps(chains, counts, common.min_strong_firms(dataset)), rest)


if __name__ == "__main__":
    main()
