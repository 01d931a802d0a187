"""A seeded generator of synthetic raw salary files with the real schema and realistic distributions.

Every distribution is read from the committed curated tables, never typed in:

* job titles by their row counts in ``role_families.csv`` (only titles the reference mapping knows,
  so curation accepts them), company locations by ``countries.csv``; the employee lives in the
  company's country except for a small share drawn from the residence counts;
* the code mixes (work year, experience level, employment type, company size, remote ratio) are the
  marginal counts of ``salary_bins.csv``;
* salaries are log-normal per (grade, region), with the median and spread of ``salary_summary.csv``
  (all years, all families: ``mu = ln p50``, ``sigma = (ln p90 - ln p10) / 2.563``), clipped 1,000 above the
  curation's pay floor; non-US rows are paid in the local currency half the time (at rates within a few % of the
  official ones, well inside the conversion rule's tolerance), and local amounts are rounded like the survey's
  (to 1,000 for most, to 100 or to the unit for the rest), ``salary_in_usd`` converted back;
* a share of rows are exact copies of others (the survey has many).

Rows are built as integer codes with numpy, then written in chunks with pyarrow's CSV writer.
``inject`` lines (bad code, non-numeric salary, wrong field count, invalid UTF-8 byte, ...) can be
spread through the file; the generator returns what curation must find.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from helpers import paths, schema, study

#: USD per unit of local currency (an approximate 2024 level; only the rounding pattern matters here).
FX: dict[str, float] = {
    "GBP": 1.27, "EUR": 1.08, "CAD": 0.73, "INR": 0.012, "CHF": 1.13, "PLN": 0.25,
    "AUD": 0.66, "BRL": 0.19, "JPY": 0.0067, "SGD": 0.74,
}
_EURO = ("AT", "BE", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PT", "SK", "SI", "ES")
LOCAL_CURRENCY: dict[str, str] = {
    **dict.fromkeys(_EURO, "EUR"), "GB": "GBP", "CA": "CAD", "IN": "INR", "CH": "CHF", "PL": "PLN",
    "AU": "AUD", "BR": "BRL", "JP": "JPY", "SG": "SGD",
}
P_LOCAL = 0.5  # share of rows in a country with a local currency that are paid in it
P_ROUND = (0.56, 0.30)  # share rounded to 1,000 and to 100 (the rest to the unit), as in the survey
P_ABROAD = 0.002  # share of employees living outside the company's country
DUP_SHARE = 0.3  # share of rows that are exact copies of another row
CHUNK = 1_000_000
_Z90 = 1.2815515655446004  # standard normal 90th percentile

#: Corrupt lines the injector writes, with the reject reason curation must give each.
CORRUPT: tuple[tuple[str, bytes], ...] = (
    ("unknown_experience_level", b"2024,XX,FT,Data Scientist,100000,USD,100000,US,0,US,M\n"),
    ("unknown_country_code", b"2024,SE,FT,Data Scientist,100000,USD,100000,US,0,ZZ,M\n"),
    ("non_numeric_salary", b"2024,SE,FT,Data Scientist,abc,USD,abc,US,0,US,M\n"),
    ("malformed_line", b"2024,SE,FT,Data Scientist,100000,USD,100000,US,0,US,M,extra\n"),
    ("malformed_line", b"2024,SE,FT,Data Scientist,100000\n"),
    ("invalid_utf8", b"2024,SE,FT,Data Sci\xffentist,100000,USD,100000,US,0,US,M\n"),
)


@dataclass
class Generated:
    """What was written: the file, its data lines, and what a correct curation must report."""

    path: Path
    rows: int  # synthetic (valid) rows
    distinct: int  # distinct valid rows (all 11 fields)
    injected: dict[str, int] = field(default_factory=dict)  # reject reason -> corrupt lines written
    seed: int = 0

    @property
    def lines(self) -> int:
        return self.rows + sum(self.injected.values())

    def save(self, meta: Path) -> None:
        d = asdict(self)
        d["path"] = str(self.path)
        meta.write_text(json.dumps(d, indent=1, sort_keys=True) + "\n")

    @classmethod
    def load(cls, meta: Path) -> Generated:
        d = json.loads(meta.read_text())
        d["path"] = Path(d["path"])
        return cls(**d)


@dataclass
class Model:
    """The categorical distributions and salary parameters, read from the curated tables."""

    cats: dict[str, np.ndarray]  # column -> category values (strings or ints)
    probs: dict[str, np.ndarray]  # column -> probabilities
    title_family: np.ndarray
    mu: dict[tuple[str, str], float]
    sigma: dict[tuple[str, str], float]


def _mix(df: pd.DataFrame, col: str, weight: str = "n") -> tuple[np.ndarray, np.ndarray]:
    s = df.groupby(col, sort=True)[weight].sum()
    s = s[s > 0]
    return s.index.to_numpy(), (s / s.sum()).to_numpy()


def load_model(curated: Path = paths.CURATED, authored: Path = paths.AUTHORED) -> Model:
    """Frequencies and salary parameters from the committed curated tables."""
    bins = pd.read_csv(curated / "salary_bins.csv", keep_default_na=False)
    fam = pd.read_csv(curated / "role_families.csv", keep_default_na=False)
    known = set(pd.read_csv(authored / "role_families.csv", keep_default_na=False)["job_title"])
    fam = fam[fam["job_title"].isin(known)]
    countries = pd.read_csv(curated / "countries.csv", keep_default_na=False)
    summary = pd.read_csv(curated / "salary_summary.csv", keep_default_na=False, dtype={"work_year": str})
    cats, probs = {}, {}
    for col in ("work_year", "grade", "employment_type", "company_size", "remote_ratio"):
        cats[col], probs[col] = _mix(bins, col)
    level_of = {g: lvl for lvl, g in schema.GRADE_OF_LEVEL.items()}
    cats["experience_level"] = np.array([level_of[g] for g in cats.pop("grade")])
    probs["experience_level"] = probs.pop("grade")
    cats["job_title"], probs["job_title"] = _mix(fam, "job_title", "n_rows_with_duplicates")
    title_family = fam.set_index("job_title").loc[cats["job_title"], "role_family"].to_numpy()
    cats["company_location"], probs["company_location"] = _mix(countries, "country_code", "n_company_location")
    cats["employee_residence"], probs["employee_residence"] = _mix(countries, "country_code", "n_employee_residence")
    top = summary[(summary["work_year"] == "all") & (summary["role_family"] == "all")]
    mu, sigma = {}, {}
    for r in top.itertuples():
        mu[(r.grade, r.region)] = float(np.log(r.p50))
        sigma[(r.grade, r.region)] = max(float(np.log(r.p90) - np.log(r.p10)) / (2 * _Z90), 0.1)
    return Model(cats, probs, title_family, mu, sigma)


def _region(code: str) -> str:
    return "United States" if code == "US" else ("Europe" if code in study.EUROPE else "Other")


def _codes(model: Model, n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """n distinct-ish rows as integer codes (indices into the category arrays) plus salaries."""
    c = {k: rng.choice(len(model.cats[k]), size=n, p=model.probs[k]).astype("int32") for k in model.cats}
    abroad = rng.random(n) < P_ABROAD
    loc_names = model.cats["company_location"]
    res_index = {code: i for i, code in enumerate(model.cats["employee_residence"])}
    same = np.array([res_index.get(code, -1) for code in loc_names])
    home = same[c["company_location"]]
    c["employee_residence"] = np.where(abroad | (home < 0), c["employee_residence"], home).astype("int32")
    # log-normal salary per (grade, region)
    grades = np.array([schema.GRADE_OF_LEVEL[lvl] for lvl in model.cats["experience_level"]])
    regions = np.array([_region(code) for code in loc_names])
    mu = np.array([[model.mu[(g, r)] for r in regions] for g in grades])
    sg = np.array([[model.sigma[(g, r)] for r in regions] for g in grades])
    lvl, loc = c["experience_level"], c["company_location"]
    usd = np.exp(mu[lvl, loc] + sg[lvl, loc] * rng.standard_normal(n))
    usd = np.clip(usd, schema.MIN_SALARY_USD + 1_000, 2_000_000)  # above the pay floor even after local rounding
    # currency: local for half the rows of countries that have one in FX, else USD
    currencies = np.array(["USD", *FX])
    rate = np.array([1.0, *FX.values()])
    local = np.array([1 + list(FX).index(LOCAL_CURRENCY[code]) if code in LOCAL_CURRENCY else 0 for code in loc_names])
    cur = np.where(rng.random(n) < P_LOCAL, local[loc], 0)
    amount = usd / rate[cur]
    u = rng.random(n)
    step = np.where(u < P_ROUND[0], 1000.0, np.where(u < P_ROUND[0] + P_ROUND[1], 100.0, 1.0))
    salary = np.maximum(np.round(amount / step) * step, step).astype("int64")
    c["salary"] = salary
    c["salary_in_usd"] = np.maximum(np.round(salary * rate[cur]), 1).astype("int64")
    c["salary_currency"] = cur.astype("int32")
    model.cats["salary_currency"] = currencies
    return c


def _count_distinct(c: dict[str, np.ndarray], model: Model) -> int:
    """Distinct rows, exactly: pack the categorical codes into one integer, then sort with the salary."""
    key = np.zeros(len(c["salary"]), dtype="uint64")
    for k in sorted(model.cats):
        key = key * np.uint64(len(model.cats[k])) + c[k].astype("uint64")
    order = np.lexsort((c["salary"], key))
    k, s = key[order], c["salary"][order]
    new = np.ones(len(k), dtype=bool)
    new[1:] = (k[1:] != k[:-1]) | (s[1:] != s[:-1])
    return int(new.sum())  # salary_in_usd is a function of (salary, currency): no need to key on it


def _table(c: dict[str, np.ndarray], model: Model, sl: slice) -> pa.Table:
    cols = {}
    for name in schema.RAW_COLUMNS:
        v = c[name][sl]
        if name in model.cats:
            cols[name] = pc.take(pa.array(model.cats[name]), pa.array(v))
        else:
            cols[name] = pa.array(v)
    return pa.table(cols)


def generate(path: Path, n: int, seed: int = 20240601, inject: bool = True) -> Generated:
    """Write ``n`` synthetic rows (plus the corrupt lines when ``inject``) to ``path``."""
    rng = np.random.default_rng(seed)
    model = load_model()
    n_dup = int(n * DUP_SHARE)
    base = _codes(model, n - n_dup, rng)
    pick = np.concatenate([np.arange(n - n_dup), rng.integers(0, n - n_dup, size=n_dup)])
    rng.shuffle(pick)
    c = {k: v[pick] for k, v in base.items()}
    distinct = _count_distinct(c, model)
    path.parent.mkdir(parents=True, exist_ok=True)
    injected: dict[str, int] = {}
    n_chunks = max(1, -(-n // CHUNK))
    # corrupt lines go after chunk boundaries: one set in the middle of the file, one at the end
    inject_after = {n_chunks // 2, n_chunks} if inject else set()
    opts_head = pacsv.WriteOptions(include_header=True, quoting_style="none", quoting_header="none")
    opts = pacsv.WriteOptions(include_header=False, quoting_style="none", quoting_header="none")
    with open(path, "wb") as fh:
        for i in range(n_chunks):
            sink = pa.BufferOutputStream()
            pacsv.write_csv(_table(c, model, slice(i * CHUNK, (i + 1) * CHUNK)), sink, opts_head if i == 0 else opts)
            fh.write(sink.getvalue())
            if i + 1 in inject_after:
                for reason, line in CORRUPT:
                    fh.write(line)
                    injected[reason] = injected.get(reason, 0) + 1
    return Generated(path, n, distinct, injected, seed)
