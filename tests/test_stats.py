"""Unit and property tests for helpers.stats, against independent computations on data generated here."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import binning, study
from helpers.analysis import money, stats
from helpers.presentation import wording


def make_bins(salaries: np.ndarray, **dims: object) -> pd.DataFrame:
    """Bin raw salaries the way curation does (1% log bins with n and sum_usd), tagging constant dimensions."""
    s = np.round(np.asarray(salaries, dtype=float)).astype("int64")
    uniq, inv = np.unique(binning.bin_index(s), return_inverse=True)
    df = pd.DataFrame({"bin": uniq, "n": np.bincount(inv), "sum_usd": np.bincount(inv, weights=s).astype("int64")})
    for k, v in dims.items():
        df[k] = v
    return df


def lognormal(n: int, median: float = 100_000, sigma: float = 0.5, seed: int = 1) -> np.ndarray:
    return np.exp(np.log(median) + sigma * np.random.default_rng(seed).standard_normal(n))


@pytest.fixture(scope="module")
def two_groups() -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    raw = {"A": lognormal(800, 150_000, seed=2), "B": lognormal(300, 90_000, seed=3)}
    bins = pd.concat([make_bins(v, region=k) for k, v in raw.items()], ignore_index=True)
    return bins, raw


def test_is_small_threshold() -> None:
    assert stats.is_small(study.SMALL_SAMPLE_N - 1)
    assert not stats.is_small(study.SMALL_SAMPLE_N)


def test_subset_scalar_and_list() -> None:
    df = pd.DataFrame({"a": [1, 2, 3, 4], "b": ["x", "y", "x", "y"], "n": 1})
    assert list(stats.subset(df, b="x")["a"]) == [1, 3]
    assert list(stats.subset(df, a=[2, 3, 4], b="y")["a"]) == [2, 4]
    assert stats.subset(df, a=[]).empty
    with pytest.raises(KeyError, match="no column"):
        stats.subset(df, c=1)


def test_quantile_table_matches_numpy_inverted_cdf(two_groups) -> None:
    bins, raw = two_groups
    qs = (0.1, 0.25, 0.5, 0.75, 0.9)
    t = stats.quantile_table(bins, ["region"], qs)
    assert list(t["region"]) == ["A", "B"]
    for _, row in t.iterrows():
        x = np.round(raw[row["region"]])
        assert row["n"] == len(x)
        exact = np.quantile(x, qs, method="inverted_cdf")
        got = row[["p10", "p25", "p50", "p75", "p90"]].to_numpy(dtype=float)
        np.testing.assert_allclose(got, exact, rtol=0.01)
    assert not t["small_sample"].any()


def test_quantile_table_small_flag_and_observed_only() -> None:
    bins = pd.concat([make_bins(lognormal(10, seed=4), g="tiny"), make_bins(lognormal(50, seed=5), g="big")])
    bins["g"] = pd.Categorical(bins["g"], ["big", "empty", "tiny"])
    t = stats.quantile_table(bins, ["g"])
    assert list(t["g"]) == ["big", "tiny"]  # observed categories only, sorted by category order
    assert list(t["small_sample"]) == [False, True]


def test_bootstrap_contains_point_and_shrinks_with_n() -> None:
    widths = []
    for n in (100, 1600):
        est = stats.bootstrap_quantile(make_bins(lognormal(n, seed=n)), q=0.5, n_boot=1000)
        assert est.lo <= est.value <= est.hi
        assert est.n == n
        widths.append((est.hi - est.lo) / est.value)
    assert widths[1] < widths[0] / 2  # ~1/sqrt(n): 16x the data, about a quarter of the width


def test_bootstrap_covers_true_median() -> None:
    # 95% intervals from independent samples should cover the population median most of the time.
    hits = 0
    for s in range(40):
        est = stats.bootstrap_quantile(make_bins(lognormal(200, 100_000, seed=100 + s)), n_boot=400)
        hits += est.lo <= 100_000 <= est.hi
    assert hits >= 32  # expected ~38; 32 keeps the false-alarm rate negligible


def test_one_statistic_one_interval_whatever_the_path(two_groups) -> None:
    """The interval follows from the data and the statistic: rows shuffled, split or reached through another subset give
    the same estimate; other data, another quantile or another bootstrap size draw another stream."""
    bins, _ = two_groups
    a = stats.subset(bins, region="B")
    e1 = stats.bootstrap_quantile(a, n_boot=300)
    shuffled = a.sample(frac=1.0, random_state=3)
    halves = pd.concat([a.iloc[: len(a) // 2], a.iloc[len(a) // 2:]]).iloc[::-1]
    assert stats.bootstrap_quantile(shuffled, n_boot=300) == e1 == stats.bootstrap_quantile(halves, n_boot=300)
    assert stats.subset(bins, region=["B"]).pipe(stats.bootstrap_quantile, n_boot=300) == e1
    table = stats.quantile_ci_table(bins, ["region"], n_boot=300).set_index("region").loc["B"]
    assert (table["lo"], table["hi"]) == (e1.lo, e1.hi)
    other = stats.subset(bins, region="A")
    assert stats.bootstrap_quantile(other, n_boot=300).lo != e1.lo
    reps = stats._quantile_reps(*stats._collapse(a), 0.5, 300)
    assert not np.array_equal(reps, stats._quantile_reps(*stats._collapse(a), 0.5, 301)[:300])
    assert not np.array_equal(reps, stats._quantile_reps(*stats._collapse(a), 0.25, 300))


def test_a_ratio_uses_each_groups_own_replicates(two_groups) -> None:
    """The ratio's interval comes from the very replicates behind each median's interval (so a/b and b/a agree)."""
    bins, _ = two_groups
    a, b = stats.subset(bins, region="A"), stats.subset(bins, region="B")
    ra = stats._quantile_reps(*stats._collapse(a), 0.5, 500)
    rb = stats._quantile_reps(*stats._collapse(b), 0.5, 500)
    ab, ba = stats.compare_quantiles(a, b, n_boot=500), stats.compare_quantiles(b, a, n_boot=500)
    assert (ab.lo, ab.hi) == tuple(np.quantile(ra / rb, [0.025, 0.975]))
    assert np.isclose(ab.lo, 1 / ba.hi, rtol=0.01) and np.isclose(ab.hi, 1 / ba.lo, rtol=0.01)


def test_bootstrap_empty_is_nan() -> None:
    est = stats.bootstrap_quantile(make_bins(lognormal(5)).iloc[:0])
    assert est.n == 0 and not est.available and est.small_sample


def test_ratio_of_identical_groups_contains_one(two_groups) -> None:
    bins, _ = two_groups
    a = stats.subset(bins, region="A")
    est = stats.compare_quantiles(a, a.copy(), kind="ratio", n_boot=500)
    assert est.value == 1.0 and est.lo < 1 < est.hi and not est.excludes(1)
    d = stats.compare_quantiles(a, a.copy(), kind="diff", n_boot=500)
    assert d.value == 0 and d.lo < 0 < d.hi


def test_compare_ratio_and_diff(two_groups) -> None:
    bins, raw = two_groups
    a, b = stats.subset(bins, region="A"), stats.subset(bins, region="B")
    r = stats.compare_quantiles(a, b, kind="ratio", n_boot=500)
    exact = np.quantile(np.round(raw["A"]), 0.5, method="inverted_cdf") / np.quantile(np.round(raw["B"]), 0.5, method="inverted_cdf")
    assert r.value == pytest.approx(exact, rel=0.02)
    assert r.excludes(1) and r.lo <= r.value <= r.hi
    assert r.ns == (800, 300) and r.n == 300
    d = stats.compare_quantiles(a, b, kind="diff", n_boot=500)
    assert d.value == pytest.approx(binning.binned_quantile(a, 0.5)[0] - binning.binned_quantile(b, 0.5)[0])
    with pytest.raises(ValueError):
        stats.compare_quantiles(a, b, kind="log")


def test_estimate_small_sample_flag() -> None:
    assert stats.Estimate(1.0, 0.9, 1.1, 29).small_sample


def test_grade_multipliers_match_median_ratios() -> None:
    med = {"Junior": 80_000, "Middle": 110_000, "Senior": 150_000, "Executive": 180_000}
    parts = [make_bins(lognormal(n, m, 0.3, seed=i), grade=g, region=r)
             for i, (g, m) in enumerate(med.items())
             for r, n in (("X", 300), ("Y", 20 if g == "Junior" else 100))]
    parts = [p for p in parts if not (p["grade"].iloc[0] == "Executive" and p["region"].iloc[0] == "Y")]  # Y has no Executive
    bins = pd.concat(parts, ignore_index=True)
    bins["grade"] = pd.Categorical(bins["grade"], list(med), ordered=True)
    t = stats.grade_multipliers(bins, by=["region"], n_boot=300)
    assert len(t) == 6 and list(t["step"].astype(str)[:3]) == ["Junior→Middle", "Middle→Senior", "Senior→Executive"]
    x = t[t["region"] == "X"]
    for _, row in x.iterrows():
        assert row["ratio"] == pytest.approx(row["median_to"] / row["median_from"])
        assert row["ratio"] == pytest.approx(med[row["to_grade"]] / med[row["from_grade"]], rel=0.12)
        assert row["lo"] <= row["ratio"] <= row["hi"]
    y = t[t["region"] == "Y"].reset_index(drop=True)
    assert bool(y.loc[0, "small_sample"]) and y.loc[0, "n_from"] == 20
    assert y.loc[2, "n_to"] == 0 and np.isnan(y.loc[2, "ratio"])


def test_compare_and_ci_tables(two_groups) -> None:
    bins, _ = two_groups
    bins = bins.assign(k="all")
    c = stats.compare_table(bins, ["k"], split="region", a="A", b="B", n_boot=300)
    direct = stats.compare_quantiles(stats.subset(bins, region="A"), stats.subset(bins, region="B"), n_boot=300)
    assert c.loc[0, "ratio"] == pytest.approx(direct.value)
    assert (c.loc[0, "n_a"], c.loc[0, "n_b"]) == (800, 300)
    ci = stats.quantile_ci_table(bins, ["region"], n_boot=300)
    assert list(ci["n"]) == [800, 300]
    assert ((ci["lo"] <= ci["value"]) & (ci["value"] <= ci["hi"])).all()


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=10_000, max_value=900_000), min_size=1, max_size=60), st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9]))
def test_property_binned_quantile_within_one_percent(values: list[int], q: float) -> None:
    t = stats.quantile_table(make_bins(np.array(values), g="x"), ["g"], qs=(q,))
    exact = np.quantile(np.array(values), q, method="inverted_cdf")
    assert abs(t.iloc[0][binning.quantile_column(q)] / exact - 1) <= 0.01


@settings(max_examples=10, deadline=None)
@given(st.lists(st.integers(min_value=10_000, max_value=900_000), min_size=1, max_size=80), st.integers(50, 400))
def test_property_bootstrap_interval_ordered_and_within_range(values: list[int], n_boot: int) -> None:
    est = stats.bootstrap_quantile(make_bins(np.array(values)), n_boot=n_boot)
    assert est.lo <= est.hi
    assert min(values) * 0.99 <= est.lo and est.hi <= max(values) * 1.01


# ----- reference wages: a tiny fake table, conversions checked by hand -----

def fake_wages(with_ppp: bool = True) -> pd.DataFrame:
    rows = [
        ("w_de", "DE", "average_annual_wage", "2023", 70_000.0, "USD PPP per year (constant prices, base period 2025)"),
        ("w_us", "US", "average_annual_wage", "2023", 80_000.0, "USD PPP per year (constant prices, base period 2025)"),
        ("fx_eur", "EA", "fx_rate", "2023", 1.25, "USD per EUR"),
        ("fx_sek", "SE", "fx_rate", "2023", 10.0, "SEK per USD"),
        ("w_de22", "DE", "average_annual_wage", "2021", 60_000.0, "USD PPP per year (constant prices, base period 2025)"),
    ]
    if with_ppp:
        rows.append(("ppp_de", "DE", "ppp_factor", "2023", 0.64, "EUR per international $"))
        rows.append(("ppp_se", "SE", "ppp_factor", "2023", 0.125, "USD per SEK"))
    return pd.DataFrame(rows, columns=["ref_id", "geo", "measure", "period", "value", "unit"])


def to_ppp_usd(amount: float, country: str, year: int, w: pd.DataFrame) -> float | None:
    return money.ppp_conversion(amount, country, year, w).value


def wage_multiple(amount: float, country: str, year: int, w: pd.DataFrame) -> float:
    """One record of ``amount`` USD restated by ``money.reference_bins`` as a multiple of the average wage."""
    row = pd.DataFrame({"company_location": [country], "work_year": [year], "bin": [0], "n": [1], "sum_usd": [amount]})
    return float(money.reference_bins(row, w)["wage_multiple"].iloc[0])


def test_fx_direction_from_unit() -> None:
    w = fake_wages()
    assert money.fx_rate("EUR", 2023, w).value == pytest.approx(0.8)  # 1 / 1.25 EUR per USD
    assert money.fx_rate("SEK", 2023, w).value == 10.0
    assert money.fx_rate("USD", 1999, w).value == 1.0
    missing = money.fx_rate("EUR", 2024, w)
    assert missing.value is None and "2024" in missing.reason
    assert money.ppp_factor("SE", 2023, w).value == pytest.approx(8.0)  # "USD per SEK" inverted


def test_ppp_conversion_hand_computed() -> None:
    w = fake_wages()
    # 100,000 USD -> 80,000 EUR at 0.8 EUR/USD -> / 0.64 EUR per PPP$ = 125,000 PPP USD
    assert to_ppp_usd(100_000, "DE", 2023, w) == pytest.approx(125_000)
    # SE: 50,000 USD -> 500,000 SEK; PPP 1/0.125 = 8 SEK per PPP$ -> 62,500 PPP USD
    assert to_ppp_usd(50_000, "SE", 2023, w) == pytest.approx(62_500)
    # multiple of average wage: 125,000 / 70,000
    assert wage_multiple(100_000, "DE", 2023, w) == pytest.approx(125_000 / 70_000)


def test_us_is_identity_and_missing_figures_say_why() -> None:
    w = fake_wages(with_ppp=False)
    assert to_ppp_usd(123_456.0, "US", 2023, w) == 123_456.0
    assert wage_multiple(160_000, "US", 2023, w) == pytest.approx(2.0)
    conv = money.ppp_conversion(100_000, "DE", 2023, w)
    assert conv.value is None and "ppp_factor" in conv.reason
    assert to_ppp_usd(100_000, "DE", 2024, fake_wages()) is None  # no FX for 2024: never estimated
    assert money.ppp_conversion(1, "XX", 2023, w).reason.startswith("currency of XX")


def test_average_wage_exact_year_and_nearest_reports_year() -> None:
    w = fake_wages()
    assert money.average_wage("DE", 2023, w) == 70_000.0
    assert money.average_wage("DE", 2022, w) is None
    f = money.reference_figure("average_annual_wage", "DE", 2022, w, nearest=True)
    assert (f.value, f.year_used) == (60_000.0, 2021)  # tie 2021/2023 -> the earlier
    assert "available: 2021, 2023" in money.reference_figure("average_annual_wage", "DE", 2022, w).reason


def test_real_reference_table_semantics(curated_dir) -> None:
    from helpers import data

    w = data.reference_wages(curated_dir)
    eur = money.fx_rate("EUR", 2023, w).value
    assert eur is not None and 0.7 < eur < 1.2  # EUR per USD
    gbp = money.fx_rate("GBP", 2023, w).value
    assert gbp is not None and 0.6 < gbp < 1.0  # GBP per USD
    us = money.average_wage("US", 2024, w)
    assert us is not None and 50_000 < us < 120_000
    assert to_ppp_usd(100_000.0, "US", 2024, w) == 100_000.0


def test_country_comparisons_stack_each_country_vs_reference() -> None:
    parts = [make_bins(lognormal(n, m, seed=i), company_location=c, grade="Senior")
             for i, (c, n, m) in enumerate((("US", 400, 180_000), ("GB", 60, 120_000), ("DE", 10, 100_000)))]
    bins = pd.concat(parts, ignore_index=True)
    t = stats.country_comparisons(bins, ["GB", "DE", "FR"], by=["grade"], n_boot=200)
    assert list(t["country"]) == ["GB", "DE", "FR"]
    gb = t.iloc[0]
    direct = binning.binned_quantile(parts[0], 0.5)[0] / binning.binned_quantile(parts[1], 0.5)[0]
    assert gb["ratio"] == pytest.approx(direct) and gb["n_b"] == 60 and not gb["small_sample"]
    assert bool(t.iloc[1]["small_sample"]) and t.iloc[2]["n_b"] == 0 and np.isnan(t.iloc[2]["ratio"])


def test_wage_multiples_and_reasons() -> None:
    assert wage_multiple(160_000.0, "US", 2023, fake_wages()) == pytest.approx(2.0)  # 160,000 / 80,000, US unchanged
    assert wage_multiple(100_000.0, "DE", 2023, fake_wages()) == pytest.approx(125_000 / 70_000)
    row = pd.DataFrame({"company_location": ["SE"], "work_year": [2023], "bin": [0], "n": [1], "sum_usd": [50_000.0]})
    se = money.reference_bins(row, fake_wages()).iloc[0]
    assert se["ppp_usd"] == pytest.approx(62_500) and pd.isna(se["wage_multiple"]) and "OECD average wage" in se["missing"]


def test_format_comparison_and_sentences() -> None:
    t = pd.DataFrame({"grade": ["Junior", "Senior", "Executive"], "n_a": [100, 900, 50], "value_a": [120e3, 190e3, 210e3],
                      "lo_a": [1, 1, 1], "hi_a": [1, 1, 1], "n_b": [12, 140, 0], "value_b": [55e3, 120e3, np.nan],
                      "lo_b": [1, 1, np.nan], "hi_b": [1, 1, np.nan], "ratio": [2.18, 1.58, np.nan], "lo": [1.5, 1.4, np.nan],
                      "hi": [3.0, 1.8, np.nan], "small_sample": [True, False, True]})
    t.attrs.update({"a": "US", "b": "Europe", "kind": "ratio"})
    f = wording.format_comparison(t, "grade")
    assert list(f["note"]) == ["n<30", "", "no Europe records"]
    assert f.loc[1, "US/Europe"] == "1.58" and f.loc[1, "median US"] == "190,000" and f.loc[1, "95% CI"] == "1.40–1.80"
    s = [wording.comparison_sentence(r, r["grade"]) for _, r in t.iterrows()]
    assert "not concluded" in s[0] and "excludes 1" in s[1] and "no Europe records" in s[2]
    t.loc[1, "lo"] = 0.9
    assert "includes 1" in wording.comparison_sentence(t.loc[1], "Senior")


def test_reference_bins_restates_each_row_and_reports_missing() -> None:
    bins = pd.DataFrame({"company_location": ["US", "DE", "DE", "SE", "FR"],
                         "work_year": [2023, 2023, 2024, 2023, 2023],
                         "bin": [1200, 1150, 1150, 1100, 1100], "n": [2, 1, 3, 4, 5], "sum_usd": [320e3, 100e3, 300e3, 200e3, 250e3]})
    rb = money.reference_bins(bins, fake_wages())
    assert rb.loc[0, "ppp_usd"] == pytest.approx(160_000) and rb.loc[0, "wage_multiple"] == pytest.approx(2.0)
    assert rb.loc[1, "ppp_usd"] == pytest.approx(125_000) and rb.loc[1, "wage_multiple"] == pytest.approx(125_000 / 70_000)
    assert np.isnan(rb.loc[2, "ppp_usd"])  # no 2024 FX/PPP in the fake table
    assert rb.loc[3, "ppp_usd"] == pytest.approx(62_500) and np.isnan(rb.loc[3, "wage_multiple"])  # SE: no OECD wage row
    miss = money.missing_reference(rb)
    assert set(miss["company_location"]) == {"DE", "SE", "FR"} and miss["n"].sum() == 3 + 4 + 5
    lacks = dict(zip(miss["company_location"], miss["missing"], strict=True))
    assert lacks == {"DE": "exchange rate, PPP factor, OECD average wage", "SE": "OECD average wage", "FR": "PPP factor, OECD average wage"}
    # medians over the restated values use the same inverted-CDF convention, NaN rows excluded
    est = stats.bootstrap_quantile(rb, value_col="ppp_usd", n_boot=100)
    assert est.n == 2 + 1 + 4
    assert est.value == np.quantile(np.repeat([160_000, 125_000, 62_500], [2, 1, 4]), 0.5, method="inverted_cdf")


def test_order_statistic_shortcut_matches_explicit_multinomial_resampling() -> None:
    # The Beta order-statistic draw must give the same bootstrap distribution as resampling records explicitly.
    bins = make_bins(lognormal(400, seed=11))
    counts, means = stats._collapse(bins)
    rng = np.random.default_rng(5)
    draws = rng.multinomial(counts.sum(), counts / counts.sum(), size=3000)
    k = int(np.ceil(0.5 * counts.sum()))
    explicit = means[(draws.cumsum(axis=1) < k).sum(axis=1)]
    fast = stats._boot_quantiles(counts, means, 0.5, 3000, np.random.default_rng(6))
    np.testing.assert_allclose(np.quantile(fast, [0.025, 0.25, 0.5, 0.75, 0.975]),
                               np.quantile(explicit, [0.025, 0.25, 0.5, 0.75, 0.975]), rtol=0.01)


def test_step_sentence_and_overlap() -> None:
    row = pd.Series({"step": "Junior→Middle", "from_grade": "Junior", "to_grade": "Middle", "ratio": 1.2, "lo": 1.1, "hi": 1.3,
                     "n_from": 100, "n_to": 200, "small_sample": False})
    assert "clear rise" in wording.step_sentence(row)
    assert "includes 1" in wording.step_sentence(row.copy().replace({1.1: 0.95}))
    assert "no Middle records" in wording.step_sentence(row.copy().replace({200: 0}))
    assert "not concluded" in wording.step_sentence(row.copy().replace({False: True}))
    other = pd.Series({"lo": 1.25, "hi": 1.6})
    assert stats.intervals_overlap(row, other) and not stats.intervals_overlap(row, pd.Series({"lo": 1.31, "hi": 1.6}))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.tuples(st.integers(0, 40), st.integers(0, 5), st.integers(5_000, 900_000)), max_size=60))
def test_collapse_equals_a_groupby_per_bin(rows: list[tuple[int, int, int]]) -> None:
    """Per salary bin: total records and mean salary, bins in order, empty bins dropped (as a pandas groupby gives)."""
    df = pd.DataFrame(rows, columns=["bin", "n", "salary"], dtype="int64")
    df["sum_usd"] = df["n"] * df["salary"]
    counts, means = stats._collapse(df)
    agg = df.groupby("bin", sort=True)[["n", "sum_usd"]].sum()
    agg = agg[agg["n"] > 0]
    assert counts.tolist() == agg["n"].tolist()
    assert means.tolist() == (agg["sum_usd"] / agg["n"]).tolist()
