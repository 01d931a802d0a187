"""Wording for the fact check (notebook 06, the front page, the README): rules, verdicts and figure titles.

Each claim's verdict on all evidence is worded once.

One framing per claim: :func:`statement` words a :class:`helpers.analysis.factcheck.Verdict` (the claim, the combined
verdict, the range of evidence, which line says what) and notebook 06, the front page's headline and the README's
claims section all print that same string. It is plain text (no Markdown emphasis, no dollar signs), so it reads the
same in a notebook, on a web page and on GitHub.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import schema, study
from helpers.analysis import factcheck, factcheck_grades
from helpers.presentation.wording import N30, bullets, listing, say


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ratio_claim(v: factcheck.Verdict) -> bool:
    return v.claimed is None and v.claim_id not in factcheck_grades.YEARS_CLAIMS


def _region(region: str) -> str:
    return "the US" if region == study.COMPARED_REGIONS[0] else region


def _range(v: factcheck.Verdict) -> str:
    """The range of evidence in the claim's unit (a sentence without its full stop)."""
    if v.low is None or v.high is None:
        return "No line could test it"
    if _ratio_claim(v):
        return f"US ML median pay is {v.low:.1f}–{v.high:.1f}× Europe's across {v.note}"
    return f"{len(v.tested)} lines of evidence put it at {v.low:,.0f}–{v.high:,.0f} {v.unit}"


def _by_verdict(v: factcheck.Verdict) -> str:
    said = v.by_verdict()
    parts = [f"{verdict} by {listing(said[verdict])}" for verdict in factcheck.VERDICTS if verdict in said]
    untested = [ln.name for ln in v.lines if not ln.tested]
    parts += [f"cannot be tested by {listing(untested)}"] if untested else []
    return _cap("; ".join(parts))


def _matches(v: factcheck.Verdict) -> str:
    """For a claim on a grade's years: the band(s) the aijobs level matches, per line."""
    grade = factcheck_grades.YEARS_CLAIMS[v.claim_id]
    d = v.details[v.details["grade"] == grade] if v.details is not None else pd.DataFrame()
    per = [f"{r['pool']} in {_region(r['region'])}: {r['matched']}" for _, r in d.iterrows()]
    return f"The band of years aijobs' {grade} median matches, by line: {'; '.join(per)}"


def statement(v: factcheck.Verdict) -> str:
    """The one framing of a claim on all its evidence (plain text): what it claims, the combined verdict, the range
    of evidence (for a grade's years: the band each line matches) and which line gives which verdict."""
    if v.claim_id in factcheck_grades.YEARS_CLAIMS:
        head, middle = _cap(v.quantity), _matches(v)
    else:
        claimed = v.unit if v.claimed is None else f"{v.claimed:,.0f} {v.unit}"
        head, middle = f"{_cap(v.quantity)}, claimed {claimed}", _range(v)
    if not v.lines:
        return f"{head}: {v.verdict} ({v.note})."
    extra = f" {_cap(v.note)}." if v.note and not _ratio_claim(v) and v.claim_id not in factcheck_grades.YEARS_CLAIMS else ""
    return f"{head}: {v.verdict}. {middle}.{extra} {_by_verdict(v)}."


def statements(verdicts: list[factcheck.Verdict]) -> Markdown:
    """Every claim's :func:`statement`, one bullet each."""
    return bullets(statement(v) for v in verdicts)


def verdicts(*claims: factcheck.Verdict) -> Markdown:
    """The :func:`statement` of each claim given, one paragraph each."""
    return say(*(statement(v) for v in claims))


def _number(x: float) -> str:
    return f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"


def line_evidence(ln: factcheck.Line) -> str:
    """One line of evidence in words: its estimate with interval and n (or 'published'), and its own verdict."""
    if ln.estimate is None:
        return f"{ln.name}: {ln.verdict} ({ln.reason})"
    ci = f"95% CI {_number(ln.lo)}–{_number(ln.hi)}, " if ln.lo is not None and ln.hi is not None else ""
    n = f"n = {ln.n:,}" if ln.n is not None else "published figure, no interval"
    return f"{ln.name} {_number(ln.estimate)} ({ci}{n}): {ln.verdict}"


def evidence(v: factcheck.Verdict) -> str:
    """Every line of a claim with its numbers (plain text, for the front page's detail line)."""
    return "; ".join(line_evidence(ln) for ln in v.lines) + "."


def headline(v: factcheck.Verdict) -> tuple[str, str, str]:
    """(value, text, detail) of a claim on the site's front page: the range of evidence, :func:`statement`, and
    :func:`evidence` with what each source's pay is."""
    if v.low is None or v.high is None:
        value = "n/a"
    elif _ratio_claim(v):
        value = f"{v.low:.1f}–{v.high:.1f}×"
    else:
        value = f"${v.low / 1000:,.0f}k–${v.high / 1000:,.0f}k"
    detail = (f"{evidence(v)} Nominal USD; aijobs.net: salary, work year {factcheck.DEFAULT_YEAR}; Stack Overflow "
              "2024: total compensation; official figures as published; the article is undated (notebook 06).")
    return value, statement(v), detail


# ---------------------------------------------------------------- rules (printed before any result)

def factcheck_rules() -> Markdown:
    """The fact check's tolerances and the study's choices it uses."""
    families = listing(schema.ROLE_FAMILIES[f] for f in study.ML_SPECIALIST_FAMILIES)
    return say(f"Tolerance for *supported*: ±{factcheck.TOLERANCE:.0%}; for *partly supported*: ±{factcheck.PARTLY:.0%}. "
               f"Survey work year: {study.LATEST_FULL_YEAR}. 'ML specialists' = the survey's {families} title families. "
               f"Enough records = at least {N30} per group. Bootstrap: {study.N_BOOT:,} replicates.")


def combination_rule() -> Markdown:
    """How the lines of evidence combine into one verdict per claim, and how a grade's years are tested."""
    junior, middle = (listing(factcheck_grades.band_label(b) for b in factcheck_grades.claimed_bands(g))
                      for g in ("Junior", "Middle"))
    return say(f"**Combination rule.** {factcheck.COMBINATION_RULE}",
               "A published official figure (BLS OEWS, OECD) has no sampling interval here: it is a point, judged by "
               "the tolerances alone.",
               f"**A grade's years.** aijobs' level (Junior = EN, Middle = MI) *matches* a band of Stack Overflow's "
               f"years of professional coding when the two medians' 95% intervals overlap, both with {N30}+ records. "
               f"The article's Junior is {junior}, its Middle {middle}: a line supports the claim if the level "
               f"matches that band, and rules it out if the band lies apart or the level matches other bands only.")


def claim_years(by_year: pd.DataFrame, claimed: float, year: int = study.LATEST_FULL_YEAR) -> Markdown:
    """In which work years aijobs' mean (``monthly_by_year``) comes within the tolerance of the claimed annual pay,
    and whether the claim is too low or too high for ``year``."""
    ok = by_year[~by_year["small_sample"]]
    within = ok[(claimed / ok["mean_usd"] - 1).abs() <= factcheck.TOLERANCE]["work_year"].tolist()
    mean = float(by_year.loc[by_year["work_year"] == year, "mean_usd"].iloc[0])
    return say(f"Among work years with at least {N30} records, an aijobs.net mean within ±{factcheck.TOLERANCE:.0%} of "
               f"{claimed:,.0f} occurs in: {listing(within)}. For {year} the claim is "
               f"{'too low' if claimed < mean else 'too high'}.")


def market_wage(claimed: float, bls: pd.DataFrame) -> Markdown:
    """The claimed monthly market wage made annual, against the BLS means."""
    m = claimed
    return say(f"{m:,.0f} × 12 = {m * 12:,.0f} USD a year, against a BLS mean of {bls['value'].min():,.0f}–"
               f"{bls['value'].max():,.0f} in {bls['year'].min()}–{bls['year'].max()}.")


# ---------------------------------------------------------------- figure titles and the grades' prose

def key_title(annual: factcheck.Verdict, market: factcheck.Verdict) -> str:
    """Key figure: the range of US ML mean pay across sources, and the verdicts on the annual and market figures."""
    names = list(dict.fromkeys(ln.source for ln in annual.tested))
    counts = annual.by_verdict()
    why = (f" ({len(counts.get('supported', []))} of {len(annual.tested)} lines support it)"
           if annual.verdict == "mixed" else "")
    return (f"Across {listing(names)}, US ML pay averages {annual.low / 1000:,.0f}k–{annual.high / 1000:,.0f}k USD a "
            f"year: the article's {annual.claimed:,.0f} is {annual.verdict}{why}; its {market.claimed:,.0f} a month "
            f"for the US market: {market.verdict}")


def europe_title(v: factcheck.Verdict) -> str:
    """The US / Europe figure: the range across sources and choices, and where each source's intervals lie."""
    supported = v.by_verdict().get("supported", [])
    head = f"US ML median pay is {v.low:.1f}–{v.high:.1f}× Europe's across sources and choices"
    if supported and len(supported) == len(v.tested):
        return (f"{head}; above Europe's at every grade with {N30}+ records in both regions, in "
                f"{'both sources' if len(supported) == 2 else listing(supported)}")
    return f"{head}; above Europe's at every grade with {N30}+ records only in {listing(supported, 'no source')}"


def years_title(details: pd.DataFrame, pool: str = factcheck_grades.POOLS[0].name,
                region: str = study.COMPARED_REGIONS[0]) -> str:
    """The grades-vs-years figure: which band aijobs' Junior and Middle medians match, against the article's years."""
    d = details[(details["pool"] == pool) & (details["region"] == region)].set_index("grade")
    parts, said = [], []
    for grade in factcheck_grades.YEARS_CLAIMS.values():
        parts.append(f"{grade} {d.loc[grade, 'matched'] if grade in d.index else 'no records'}")
        said.append(listing(factcheck_grades.band_label(b) for b in factcheck_grades.claimed_bands(grade)))
    return (f"aijobs' median pay ({pool} in {_region(region)}) matches years of professional coding as "
            f"{', '.join(parts)}; the article says {', '.join(said)}")


def years_prose(details: pd.DataFrame, bands: pd.DataFrame, rising: pd.DataFrame) -> Markdown:
    """What the grades-vs-years comparison rests on: Stack Overflow's thin bands, and whether pay rises with years."""
    under = bands[bands["band"] == factcheck_grades.BANDS[0]]
    thin = [f"{r['pool']} in {_region(r['region'])}: n = {r['n']}" for _, r in under.iterrows()]
    flat = rising[~rising["rises"]]
    rises = ("In every pool and region Stack Overflow's median rises from band to band (bands with "
             f"{N30}+ answers), so matching a later band means more pay than the article's years would give."
             if flat.empty else "Stack Overflow's median does not rise band to band in: "
             + listing(f"{r['pool']} in {_region(r['region'])}" for _, r in flat.iterrows()) + ".")
    senior = details[details["grade"] == "Senior"]
    return say(f"Answers with under 1 year of professional coding ({listing(thin)}): Stack Overflow has almost no ML "
               "respondents that new, so the ML-roles lines can only say which later band a level matches; the "
               "all-developers pool has enough of them.", rises,
               "For reference (the article gives no years for it), aijobs' Senior median matches: "
               + "; ".join(f"{r['pool']} in {_region(r['region'])}: {r['matched']}" for _, r in senior.iterrows()) + ".")
