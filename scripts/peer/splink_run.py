"""Splink peer run for scripts/bench.sh: dedupe the records of a `reconcile run` with a standard
Splink 4 (DuckDB) model and write its clusters for `reconcile evaluate --clusters`.

    python splink_run.py RUN_OUT/records.csv CLUSTERS.csv

Splink is given our records.csv, i.e. rows already read from the agencies' messy exports, mapped
and normalised by reconcile (upper-case names, ISO dates, cleaned passports). That is a head start:
its time excludes reading and cleaning. The model is the one Splink's tutorials build, not tuned
to this data: names, date of birth, passport, address, nationality and sex; lambda from
deterministic rules, u by random sampling, m by EM on two blocking rules; pairs at or above 0.9
joined into clusters by connected components.
"""

import sys
import time

import pandas as pd
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.9
MAX_U_PAIRS = 1e6
SEED = 21


def load(path):
    """The columns Splink compares, from reconcile's records.csv; empty cells become nulls."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    out = pd.DataFrame({"unique_id": range(len(df))})
    for col in ["source", "sheet", "row"]:
        out[col] = df[col]
    # records.csv keeps names as written (e.g. "VISSER, Daan"): the usual Splink preparation,
    # upper case with punctuation removed, before splitting into tokens.
    names = df["name"].str.upper().str.replace(r"[^\w\s]", " ", regex=True)
    tokens = names.str.split()
    # First and last name token, and the tokens sorted: Chinese and Indonesian names are often
    # written in either order, and the sorted form lets a blocking rule catch the swap.
    out["first_name"] = tokens.str[0]
    out["surname"] = tokens.apply(lambda t: t[-1] if len(t) > 1 else None)
    out["name_sorted"] = tokens.apply(lambda t: " ".join(sorted(t)) if t else None)
    out["dob"] = df["dob"]
    out["passport"] = df["passport"]
    out["nationality"] = df["nationality"]
    out["sex"] = df["sex"]
    out["address"] = (
        df[["address", "desa", "kecamatan"]].agg(" ".join, axis=1).str.split().str.join(" ")
    )
    return out.replace({"": None})


def main(records_csv, clusters_csv):
    started = time.time()
    df = load(records_csv)
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        blocking_rules_to_generate_predictions=[
            block_on("passport"),
            block_on("dob"),
            block_on("first_name", "surname"),
            block_on("name_sorted"),
        ],
        comparisons=[
            cl.ForenameSurnameComparison("first_name", "surname"),
            cl.DateOfBirthComparison("dob", input_is_string=True),
            cl.LevenshteinAtThresholds("passport", [1, 2]),
            cl.JaroWinklerAtThresholds("address", [0.9, 0.7]),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("sex"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )
    linker = Linker(df, settings, db_api=DuckDBAPI())
    linker.training.estimate_probability_two_random_records_match(
        [block_on("passport"), block_on("first_name", "surname", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=MAX_U_PAIRS, seed=SEED)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("passport"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    pairs = linker.inference.predict(threshold_match_probability=THRESHOLD)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(pairs, THRESHOLD)
    result = clusters.as_pandas_dataframe()[["source", "sheet", "row", "cluster_id"]]
    result.sort_values(["source", "sheet", "row"]).to_csv(clusters_csv, index=False)
    print(
        f"splink: {len(df)} records, {result['cluster_id'].nunique()} clusters, "
        f"{time.time() - started:.1f} s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: splink_run.py RUN_OUT/records.csv CLUSTERS.csv")
    main(sys.argv[1], sys.argv[2])
