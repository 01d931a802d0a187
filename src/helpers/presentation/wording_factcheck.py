"""Wording for the fact check (notebook 06, the front page, the README): rules, verdicts, Answer box, titles.

Each claim's verdict on all evidence is worded once. The lines that measure a claim are named apart from those that
only stand in for it; a restated claim is said to be the same evidence; a grade's years are "cannot be tested
directly", with the indirect evidence labelled as such.

One framing per claim: :func:`statement` words a :class:`helpers.analysis.factcheck.Verdict` (the claim, the combined
verdict, the range of evidence, which line says what) and notebook 06, the front page's headline and the README's
claims section all print that same string. It is plain text (no Markdown emphasis, no dollar signs), so it reads the
same in a notebook, on a web page and on GitHub.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown

from helpers import schema, study
from helpers.analysis import factcheck
from helpers.presentation import wording_sources
from helpers.presentation.theme import Title
from helpers.presentation.wording import answer, bullets, listing, say
from helpers.surveys import so_survey as so_declared


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ratio_claim(v: factcheck.Verdict) -> bool:
    return v.claimed is None and v.claim_id not in factcheck.YEARS_CLAIMS


_region = factcheck.region_label
#: A line verdict on a claimed value in a few words (the full definitions: ``factcheck.VERDICT_WORDS``).
MEANING: dict[str, str] = {
    "supported": f"inside the interval or within ±{factcheck.TOLERANCE:.0%}",
    "partly supported": f"off by more than ±{factcheck.TOLERANCE:.0%}, less than ±{factcheck.PARTLY:.0%}",
    "not supported": f"off by more than ±{factcheck.PARTLY:.0%}",
    "mixed": "the lines that measure it disagree",
    "cannot be tested": f"no figure or fewer than {study.SMALL_SAMPLE_N} records",
}


def _span(low: float, high: float, fmt: str = "{:,.0f}") -> str:
    """'124,590–152,310', or one value when both ends print the same."""
    a, b = fmt.format(low), fmt.format(high)
    return a if a == b else f"{a}–{b}"


def _off(v: factcheck.Verdict) -> tuple[str, str]:
    """('22–23%', 'below'): how far the claimed value is from the measuring lines' estimates, and on which side."""
    rels = [factcheck.relative_difference(v.claimed, ln.estimate) for ln in v.tested if ln.estimate]
    if v.claimed is None or not rels:
        return "", ""
    lo, hi = min(abs(r) for r in rels), max(abs(r) for r in rels)
    side = "below" if all(r < 0 for r in rels) else "above" if all(r > 0 for r in rels) else "either side of"
    return (f"{lo:.0%}" if f"{lo:.0%}" == f"{hi:.0%}" else f"{lo * 100:.0f}–{hi:.0%}"), side


def _below(v: factcheck.Verdict) -> str:
    """'22–23% below them' (or 'above'): how far the claimed value is from the measuring lines' estimates."""
    span, side = _off(v)
    return f"{span} {side} {'it' if len(v.tested) == 1 else 'them'}" if span else ""


def _range(v: factcheck.Verdict) -> str:
    """The range of evidence in the claim's unit (a sentence without its full stop)."""
    if v.low is None or v.high is None:
        return "No line that measures it could test it"
    if _ratio_claim(v):
        published = listing(f"{ln.name} ×{ln.estimate:.2f} [{ln.lo:.2f}–{ln.hi:.2f}]" for ln in v.tested
                            if ln.estimate is not None and ln.lo is not None)
        return (f"Across {v.note}, the US ML median runs {_ends(v)} Europe's: the lowest and highest estimates, each "
                f"with its own interval, not one interval (all grades, as published: {published})")
    kind = "that measure ML pay " if v.of_kind(factcheck.STANDS_IN, tested=False) else ""
    lines = f"{len(v.tested)} line{'s' if len(v.tested) > 1 else ''} of evidence {kind}"
    return f"The {lines}put it at {_span(v.low, v.high)} {v.unit}; the claim is {_below(v)}"


def _ends(v: factcheck.Verdict, pools: bool = True) -> str:
    return wording_sources.ends_text(*(r for _, r in v.details.iterrows()), pools=pools)


def _by_verdict(v: factcheck.Verdict, kind: str = factcheck.MEASURES) -> str:
    said = v.by_verdict(kind)
    parts = [f"{verdict} by {listing(said[verdict])}" for verdict in factcheck.VERDICTS if verdict in said]
    untested = [ln.name for ln in v.of_kind(kind, tested=False) if not ln.tested]
    parts += [f"cannot be tested by {listing(untested)}"] if untested else []
    return _cap("; ".join(parts))


def _stand_ins(v: factcheck.Verdict) -> str:
    """The stand-in lines beside the claim: their range, their own verdict and which line says what ('' if none)."""
    if not v.of_kind(factcheck.STANDS_IN, tested=False):
        return ""
    low, high = v.stand_in_range
    span = f", {_span(low, high)} {v.unit}" if low is not None else ""
    return (f" Beside them, not deciding the verdict: the official occupations nearest to ML work stand in for ML pay "
            f"without measuring it{span}: {v.stand_in_verdict} ({_by_verdict(v, factcheck.STANDS_IN)[:1].lower()}"
            f"{_by_verdict(v, factcheck.STANDS_IN)[1:]}).")


def _indirect(v: factcheck.Verdict) -> str:
    """For a claim on a grade's years: each indirect line's reading, with its numbers where it can test the claim."""
    parts = [f"{_cap(ln.name)}: {ln.verdict}: {ln.reason}." for ln in v.lines if ln.tested]
    thin = [ln.name for ln in v.lines if not ln.tested]
    if thin:
        parts.append(f"{_cap(listing(thin))}: cannot be tested (fewer than {study.SMALL_SAMPLE_N} records or answers).")
    return "Indirect evidence only, each median divided by its own survey's median. " + " ".join(parts)


def statement(v: factcheck.Verdict) -> str:
    """The one framing of a claim on all its evidence (plain text): what it claims, the combined verdict, the range
    of evidence and which line gives which verdict; the stand-in lines beside it; for a restated claim, that it is
    the same evidence; for a grade's years, why it cannot be tested directly and the indirect evidence."""
    if v.claim_id in factcheck.YEARS_CLAIMS:
        return f"{_cap(v.quantity)}: {v.verdict}: {v.note}. {_indirect(v)}"
    claimed = v.unit if v.claimed is None else f"{v.claimed:,.0f} {v.unit}"
    head = f"{_cap(v.quantity)}, claimed {claimed}"
    if not v.lines:
        return f"{head}: {v.verdict} ({v.note})."
    if v.restates:
        return (f"{head}: {v.verdict}, as the claim it restates. {_cap(v.note)}, so it is the same claim on the same "
                f"evidence ÷ 12, not more support: {_range(v)[0].lower()}{_range(v)[1:]}.")
    extra = f" {_cap(v.note)}." if v.note and not _ratio_claim(v) else ""
    return f"{head}: {v.verdict}. {_range(v)}.{extra} {_by_verdict(v)}.{_stand_ins(v)}"


def statements(verdicts: list[factcheck.Verdict]) -> Markdown:
    """Every claim's :func:`statement`, one bullet each."""
    return bullets(statement(v) for v in verdicts)


def verdicts(*claims: factcheck.Verdict) -> Markdown:
    """The :func:`statement` of each claim given, one paragraph each."""
    return say(*(statement(v) for v in claims))


def _number(x: float) -> str:
    return f"{x:,.2f}" if abs(x) < 10 else f"{x:,.0f}"


def line_evidence(ln: factcheck.Line) -> str:
    """One line of evidence in words: its estimate with interval and n (or 'published'), what it is to the claim when
    it does not measure it, and its own verdict."""
    kind = {factcheck.STANDS_IN: "; stands in, not ML pay", factcheck.INDIRECT: "; indirect"}.get(ln.kind, "")
    if ln.estimate is None:
        return f"{ln.name}: {ln.verdict} ({ln.reason})"
    ci = f"95% CI {_number(ln.lo)}–{_number(ln.hi)}, " if ln.lo is not None and ln.hi is not None else ""
    n = f"n = {ln.n:,}" if ln.n is not None else "published figure, no interval"
    return f"{ln.name} {_number(ln.estimate)} ({ci}{n}{kind}): {ln.verdict}"


def evidence(v: factcheck.Verdict) -> str:
    """Every line of a claim with its numbers (plain text, for the front page's detail line)."""
    return "; ".join(line_evidence(ln) for ln in v.lines) + "."


def headline(v: factcheck.Verdict) -> tuple[str, str, str]:
    """(value, text, detail) of a claim on the site's front page: the range of the lines that measure it,
    :func:`statement`, and :func:`evidence` with what each source's pay is and what the verdict words mean."""
    if v.low is None or v.high is None:
        value = "n/a"
    elif _ratio_claim(v):
        value = _ends(v, False)
    else:
        value = _span(v.low / 1000, v.high / 1000, "${:,.0f}k")
    detail = (f"{evidence(v)} Nominal USD; aijobs.net: salary, work year {factcheck.DEFAULT_YEAR}; Stack Overflow "
              "2024: total compensation; official figures as published; the article is undated (notebook 06). "
              f"{factcheck.VERDICT_WORDS}")
    return value, statement(v), detail


def _years_said(grade: str) -> str:
    """The article's years for ``grade``, as the claim reads them (``so_declared.SO_GRADE_BOUNDS``): 'a Junior has up to 1
    year', 'it takes 1–3 years to reach Middle'."""
    lo, hi = next((lo, hi) for g, lo, hi in so_declared.SO_GRADE_BOUNDS if g == grade)
    if grade == factcheck.LEVELS[0]:
        return f"a {grade} has up to {hi + 1} year{'s' if hi else ''}"
    return f"it takes {lo}–{hi} years to reach {grade}"


def _junior_reading(junior: factcheck.Verdict) -> str:
    """The indirect reading of the Junior claim in one sentence ('' when no line can test it)."""
    grade, rel = factcheck.LEVELS[0], junior.details
    tested = [ln for ln in junior.lines if ln.tested]
    near: set[str] = set()
    for ln in tested:
        pool, region = next((p.name, r) for p in factcheck.POOLS for r in study.COMPARED_REGIONS
                            if f"{p.name} in {_region(r)}" == ln.name)
        line = rel[(rel["pool"] == pool) & (rel["region"] == region)]
        level = line[(line["kind"] == "level") & (line["group"] == grade)].iloc[0]
        near |= set(factcheck.sits_with(level, line[line["kind"] == "band"]))
    if not tested:
        return ""
    bands = listing(factcheck.band_label(b) for b in factcheck.BANDS if b in near) if near else "no band"
    claimed = listing(factcheck.band_label(b) for b in factcheck.claimed_bands(grade))
    verdicts = {ln.verdict for ln in tested}
    how = (f"not like those with {claimed}" if verdicts == {factcheck.NOT_CONSISTENT} else
           f"as those with {claimed} are" if verdicts == {factcheck.CONSISTENT} else "with mixed readings")
    return (f" Indirectly (each median ÷ its own survey's median; {listing(ln.name for ln in tested)}), aijobs' "
            f"{grade} is paid like Stack Overflow's answers with {bands} of professional coding, {how}.")


def answer_bullets(verdicts_: list[factcheck.Verdict]) -> list[str]:
    """Notebook 06's Answer box: the annual ML pay claim against the lines that measure ML pay, the grade definitions
    (cannot be tested directly, with the indirect reading), and "Europe is lower" with its range."""
    by = {v.claim_id: v for v in verdicts_}
    out = []
    annual, monthly = by.get("us_ml_avg_annual"), by.get("us_ml_avg_monthly")
    if annual is not None and annual.tested:
        span, side = _off(annual)
        each = listing(f"{ln.name} {ln.estimate:,.0f} (95% CI {ln.lo:,.0f}–{ln.hi:,.0f}, n = {ln.n:,})"
                       for ln in annual.tested)
        low, high = annual.stand_in_range
        near = ""
        if low is not None:
            how = (f"run from {_span(low, high)}, either side of it" if low < annual.claimed < high else
                   f"put it at {_span(low, high)}")
            near = f" The official occupations that only stand in for ML pay (BLS OEWS) {how}."
        month = (f" Its {monthly.claimed:,.0f} a month is the same claim ÷ 12." if monthly is not None and
                 monthly.restates == annual.claim_id else "")
        out.append(f"The article's {annual.claimed:,.0f} USD a year for US ML specialists is {span} {side} the mean "
                   f"pay the ML pay surveys measure, {each}: {annual.verdict} ({MEANING[annual.verdict]})."
                   f"{near}{month}")
    years = [by[c] for c in factcheck.YEARS_CLAIMS if c in by]
    if years:
        said = "; ".join(_years_said(factcheck.YEARS_CLAIMS[v.claim_id]) for v in years)
        junior = next((v for v in years if factcheck.YEARS_CLAIMS[v.claim_id] == factcheck.LEVELS[0]), None)
        out.append(f"The article's grade definitions ({said}) {years[0].verdict}: {factcheck.NO_DIRECT_TEST}."
                   + (_junior_reading(junior) if junior is not None else ""))
    europe = by.get("europe_lower")
    if europe is not None and europe.low is not None:
        out.append(f"Europe pays ML specialists less than the US: {europe.verdict}. {_range(europe)}.")
    return out


def answer_box(verdicts_: list[factcheck.Verdict] | None = None) -> Markdown:
    """Notebook 06's Answer box (:func:`helpers.presentation.wording.answer` of :func:`answer_bullets`), on
    ``findings.fact_check()`` unless the verdicts are given."""
    if verdicts_ is None:
        from helpers.analysis import findings

        verdicts_ = findings.fact_check()
    return answer(answer_bullets(verdicts_))


# ---------------------------------------------------------------- rules (printed before any result)

def factcheck_rules() -> Markdown:
    """The fact check's tolerances and the study's choices it uses."""
    families = listing(schema.ROLE_FAMILIES[f] for f in study.ML_SPECIALIST_FAMILIES)
    return say(f"Tolerance for *supported*: ±{factcheck.TOLERANCE:.0%}; for *partly supported*: ±{factcheck.PARTLY:.0%}. "
               f"Survey work year: {study.LATEST_FULL_YEAR}. 'ML specialists' = the survey's {families} title families. "
               f"Enough records = at least {study.SMALL_SAMPLE_N} per group. Bootstrap: {factcheck.N_BOOT:,} replicates.")


def claim_years(by_year: pd.DataFrame, claimed: float, year: int = study.LATEST_FULL_YEAR) -> Markdown:
    """In which work years aijobs' mean (``monthly_by_year``) comes within the tolerance of the claimed annual pay,
    and whether the claim is too low or too high for ``year``."""
    ok = by_year[~by_year["small_sample"]]
    within = ok[(claimed / ok["mean_usd"] - 1).abs() <= factcheck.TOLERANCE]["work_year"].tolist()
    mean = float(by_year.loc[by_year["work_year"] == year, "mean_usd"].iloc[0])
    return say(f"Among work years with at least {study.SMALL_SAMPLE_N} records, an aijobs.net mean within ±{factcheck.TOLERANCE:.0%} of "
               f"{claimed:,.0f} occurs in: {listing(within)}. For {year} the claim is "
               f"{'too low' if claimed < mean else 'too high'}.")


def market_wage(claimed: float, bls: pd.DataFrame) -> Markdown:
    """The claimed monthly market wage made annual, against the BLS means."""
    m = claimed
    return say(f"{m:,.0f} × 12 = {m * 12:,.0f} USD a year, against a BLS mean of {bls['value'].min():,.0f}–"
               f"{bls['value'].max():,.0f} in {bls['year'].min()}–{bls['year'].max()}.")


# ---------------------------------------------------------------- figure titles and the grades' prose

def key_title(annual: factcheck.Verdict, market: factcheck.Verdict) -> Title:
    """Key figure: what the surveys that measure ML pay put US ML pay at, the verdict on the annual claim and the
    verdict on the US market figure, in two lines (the stand-in occupations are named in the figure, beside their
    lines). It rests on the surveys' records (the official figures are published, without records here)."""
    sources = list(dict.fromkeys(ln.source for ln in annual.tested))
    names = "Both surveys of ML pay" if len(sources) == 2 else listing(sources)
    span, side = _off(annual)
    text = (f"{names} put the US mean at {_span(annual.low / 1000, annual.high / 1000, '{:,.0f}k')} USD a year: "
            f"the article's {annual.claimed:,.0f} is {span} {side} ({annual.verdict}); its "
            f"{market.claimed:,.0f} a month: {market.verdict}")
    return Title(text, [ln.n for ln in annual.tested if ln.n is not None])


def europe_title(v: factcheck.Verdict, rows: pd.DataFrame) -> Title:
    """The US / Europe figure: the range across sources and choices, and where each source's intervals lie. ``rows``
    is the figure's data (``factcheck.direction_rows``): the title concludes from its grades with enough
    records on both sides."""
    supported = v.by_verdict().get("supported", [])
    head = f"The US ML median is {_ends(v, False)} Europe's across sources and choices"
    solid = rows[~rows["small_sample"].astype(bool)]
    rests_on = [*solid["n_a"], *solid["n_b"]]
    if supported and len(supported) == len(v.tested):
        return Title(f"{head}; above Europe's at every grade with {study.SMALL_SAMPLE_N}+ records in both regions, in "
                     f"{'both sources' if len(supported) == 2 else listing(supported)}", rests_on)
    return Title(f"{head}; above Europe's at every grade with {study.SMALL_SAMPLE_N}+ records only in {listing(supported, 'no source')}",
                 rests_on)


def _line_key(name: str) -> tuple[str, str]:
    """(pool, region) of an indirect line named 'all roles in the US'."""
    return next((p.name, r) for p in factcheck.POOLS for r in study.COMPARED_REGIONS
                if f"{p.name} in {_region(r)}" == name)


def _sits(details: pd.DataFrame, name: str, grade: str) -> str:
    """The bands of years aijobs' ``grade`` sits with on the line ``name`` ('too few records' when thin)."""
    pool, region = _line_key(name)
    line = details[(details["pool"] == pool) & (details["region"] == region)]
    level = line[(line["kind"] == "level") & (line["group"] == grade)].iloc[0]
    if level["small_sample"]:
        return f"too few records (n = {int(level['n'])})"
    near = factcheck.sits_with(level, line[line["kind"] == "band"])
    return listing((factcheck.band_label(b) for b in near), "no band of years")


def years_title(junior: factcheck.Verdict, middle: factcheck.Verdict) -> Title:
    """The indirect figure: which years of coding aijobs' Junior is paid like, and where the answers with the years
    it takes to reach Middle are paid, relative to each survey's own median, on the lines that can test each claim.
    It rests on the groups those lines compare (and each survey's whole pool)."""
    tested = [ln.name for ln in junior.lines if ln.tested]
    m_tested = [ln for ln in middle.lines if ln.tested]
    grade = factcheck.LEVELS[0]
    rel, sizes = junior.details, []
    for name in dict.fromkeys([*tested, *(ln.name for ln in m_tested)]):
        pool, region = _line_key(name)
        line = rel[(rel["pool"] == pool) & (rel["region"] == region)]
        used = [grade, *factcheck.claimed_bands(grade)] if name in tested else []
        used += [grade, _grade(middle), *factcheck.claimed_bands(_grade(middle))] if name in {
            ln.name for ln in m_tested} else []
        sizes += [int(n) for n in line.loc[line["group"].isin(used), "n"]] + [int(n) for n in line["n_overall"].unique()]
    if not sizes:
        sizes = [int(n) for n in rel["n"]]
        return Title(f"The article's grade years cannot be tested, even indirectly: every line has too few records or "
                     f"answers (under {study.SMALL_SAMPLE_N})", sizes)
    parts = []
    if tested:
        per = {_sits(junior.details, name, grade) for name in tested}
        like = per.pop() if len(per) == 1 else "different bands by pool and region"
        parts.append(f"aijobs' {grade} is paid like {like} of coding (the article: {_years_said(grade)})")
    if m_tested:
        band = listing(factcheck.band_label(b) for b in factcheck.claimed_bands(_grade(middle)))
        readings = {ln.verdict for ln in m_tested}
        inside = ("are paid between its Junior and Middle, as reaching Middle then implies"
                  if readings == {factcheck.CONSISTENT} else
                  "are not paid between Junior and Middle" if readings == {factcheck.NOT_CONSISTENT} else
                  "give mixed readings")
        parts.append(f"answers with {band} {inside}")
    where = listing(dict.fromkeys([*tested, *(ln.name for ln in m_tested)]))
    return Title(f"Indirect only ({where}; each median ÷ its own survey's median): {'; '.join(parts)}", sizes)


def _grade(v: factcheck.Verdict) -> str:
    """The grade a claim on years is about."""
    return factcheck.YEARS_CLAIMS[v.claim_id]


def years_prose(details: pd.DataFrame) -> Markdown:
    """What the indirect comparison rests on: how many Stack Overflow answers each pool has in the article's bands,
    and what each survey's own median is."""
    pools = []
    for band in dict.fromkeys(b for g in factcheck.YEARS_CLAIMS.values() for b in factcheck.claimed_bands(g)):
        rows = details[(details["kind"] == "band") & (details["group"] == band)]
        pools.append(f"{factcheck.band_label(band)}: " + listing(
            f"{r['pool']} in {_region(r['region'])} n = {int(r['n']):,}" for _, r in rows.iterrows()))
    medians = details.drop_duplicates(["pool", "region", "source"])
    own = "; ".join(f"{r['source']}, {r['pool']} in {_region(r['region'])}: {r['overall_usd']:,.0f} "
                    f"(n = {int(r['n_overall']):,})" for _, r in medians.iterrows())
    return say("Stack Overflow answers in the article's bands of years (" + "; ".join(pools) + "). Stack Overflow has "
               f"almost no ML respondents that new, so the ML-roles lines cannot test either claim (fewer than {study.SMALL_SAMPLE_N}); "
               "the all-roles pools can.",
               f"Each survey's own median, the ×1 of every ratio (USD per year, nominal): {own}. The two surveys pay at "
               "different levels, which is why nothing here is compared in dollars; each median also depends on its "
               "survey's own mix of grades or years, so the ratios are indirect evidence, not a test.")
