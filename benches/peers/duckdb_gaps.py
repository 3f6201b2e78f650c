"""Link statuses and gap kinds of a dataset with one DuckDB query and
networkx, as an analyst would write it.

    python3 duckdb_gaps.py DATASET [--check GAPS.json]
"""

import csv
import os
import sys
import tempfile

import duckdb

import common


def sql_list(words):
    return ", ".join("'" + w.replace("'", "''") + "'" for w in words)


def main():
    dataset, rest = sys.argv[1], sys.argv[2:]
    chains = common.load_chains(dataset)
    con = duckdb.connect()
    # Inserting 80,000 key rows one by one (executemany) takes DuckDB longer
    # than the whole query: they go in through a CSV file, as bulk data does.
    with tempfile.NamedTemporaryFile("w", suffix=".csv", newline="", encoding="utf-8", delete=False) as keys:
        csv.writer(keys).writerows([("chain", "link", "chain_id", "link_id"), *common.link_keys(chains)])
    con.execute(f"CREATE TABLE keys AS SELECT * FROM read_csv('{keys.name}', header = true, all_varchar = true)")
    os.unlink(keys.name)
    path = os.path.join(dataset, "firms.csv").replace("'", "''")
    rows = con.execute(
        f"""
        WITH f AS (
            SELECT DISTINCT trim(firm_id) AS firm_id, k.chain_id, k.link_id,
                   trim(above_scale) AS above_scale, trim(role) AS role, trim(status) AS status
            FROM read_csv('{path}', header = true, all_varchar = true) r
            JOIN keys k ON k.chain = trim(r.chain) AND k.link = trim(r.link)
        )
        SELECT chain_id, link_id, count(*),
               count(*) FILTER (WHERE role IN ({sql_list(common.LEADER)})),
               count(*) FILTER (WHERE lower(above_scale) IN ({sql_list(common.YES)}))
        FROM f
        WHERE coalesce(status, '') NOT IN ({sql_list(common.HALTED)})
        GROUP BY chain_id, link_id
        """
    ).fetchall()
    counts = {(c, l): (a, ld, ab) for c, l, a, ld, ab in rows}
    common.finish(common.statuses_and_gaps(chains, counts, common.min_strong_firms(dataset)), rest)


if __name__ == "__main__":
    main()
