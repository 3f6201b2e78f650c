"""Link statuses and gap kinds of a dataset with pandas and networkx, as an
analyst would write it: the whole table read as text, then filtered,
de-duplicated and grouped.

    python3 pandas_gaps.py DATASET [--check GAPS.json]
"""

import os
import sys

import pandas as pd

import common

COLUMNS = ["firm_id", "chain", "link", "above_scale", "role", "status"]


def main():
    dataset, rest = sys.argv[1], sys.argv[2:]
    chains = common.load_chains(dataset)
    keys = pd.DataFrame(common.link_keys(chains), columns=["chain", "link", "chain_id", "link_id"])
    firms = pd.read_csv(os.path.join(dataset, "firms.csv"), dtype=str, keep_default_na=False)
    firms = firms[COLUMNS].apply(lambda column: column.str.strip())
    firms = firms.merge(keys, on=["chain", "link"])
    # A firm listed twice at a link counts once.
    firms = firms.drop_duplicates(subset=["firm_id", "chain_id", "link_id"])
    firms = firms[~firms["status"].isin(common.HALTED)]
    firms = firms.assign(
        leader=firms["role"].isin(common.LEADER),
        above=firms["above_scale"].str.lower().isin(common.YES),
    )
    grouped = firms.groupby(["chain_id", "link_id"]).agg(
        active=("firm_id", "size"), leaders=("leader", "sum"), above=("above", "sum")
    )
    counts = {key: (int(a), int(ld), int(ab)) for key, (a, ld, ab) in grouped.iterrows()}
    common.finish(common.statuses_and_gaps(chains, counts, common.min_strong_firms(dataset)), rest)


if __name__ == "__main__":
    main()
