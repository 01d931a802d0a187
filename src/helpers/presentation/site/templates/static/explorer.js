/* The explorer page: reads the precomputed answers (helpers.analysis.explorer, embedded as JSON in the page) and
   shows the selected cell, every grade of the selected place, every place of the selected grade, and the salary
   estimator's answer for a profile. Plain JavaScript, no library, nothing fetched: it works from file://. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("explorer-data").textContent);
  var SMALL = DATA.small_sample_n;
  var MIN_CI = DATA.min_interval_n;  /* no interval rests on fewer records: such cells carry no lo/hi, a ratio [r] alone */
  var TOO_FEW = "too few records for an interval";
  var SVGNS = "http://www.w3.org/2000/svg";
  var sourceIds = Object.keys(DATA.sources);
  /* everything on the page a reader can set; the address bar (#source=...&level=...) holds all of it */
  var KEYS = ["source", "level", "place", "family", "unit", "all", "pgrade", "pcountry", "pfamily"];
  var start = DATA.sources[sourceIds[0]].defaults || {};
  var state = { source: sourceIds[0], level: start.level || null, place: start.place || null, family: start.family || null,
                unit: start.unit || null, all: false, pgrade: null, pcountry: null, pfamily: null };
  var REGION_CLASS = { "United States": "region-us", "Europe": "region-europe", "Other": "region-other" };

  function $(id) { return document.getElementById(id); }
  function usd(v) { return "$" + Math.round(v).toLocaleString("en-US"); }
  function ratio(v) { return "×" + v.toFixed(2); }
  function hasCI(c) { return c.lo !== undefined && c.hi !== undefined; }
  /* "95% interval $a–$b", or why there is none */
  function ciText(c) { return hasCI(c) ? "95% interval " + usd(c.lo) + "–" + usd(c.hi) : TOO_FEW + " (fewer than " + MIN_CI + ")"; }
  function ratioText(vs) {
    return ratio(vs[0]) + (vs.length > 2 ? " (95% interval " + ratio(vs[1]) + "–" + ratio(vs[2]) + ")" : " (" + TOO_FEW + " on one side)");
  }
  function count(n) { return n.toLocaleString("en-US"); }
  function records(n) { return count(n) + " record" + (n === 1 ? "" : "s"); }
  /* a thin comparison: either side under SMALL records */
  function thinRatio(c, us) { return (c.n || 0) < SMALL || (us.n || 0) < SMALL; }
  /* what stands for a cell without a median: no records at all, or records without a PPP factor */
  function emptyText(c) { return c.left_out ? "no PPP factor for its " + records(c.left_out) : "no records"; }
  function src() { return DATA.sources[state.source]; }
  function byId(items, id) { for (var i = 0; i < items.length; i++) { if (items[i].id === id) { return items[i]; } } return null; }
  /* a place as a sentence names it: a region's common noun in lower case ("companies in other regions"), a name as it is */
  function phraseOf(place) { return place.phrase || place.label; }
  /* the estimator's region as a sentence names it (the regions of the source it is fitted on, listed first) */
  function regionPhrase(region) { var p = byId(DATA.sources[sourceIds[0]].places, "region:" + region); return p ? phraseOf(p) : region; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  function cellOf(place, level) {
    var s = src(), f = s.cells[state.family] || {}, u = f[state.unit] || {}, l = u[level || state.level] || {};
    return l[place] || { n: 0 };
  }
  function money() { return byId(src().units, state.unit).label; }
  function unitShort() { var u = byId(src().units, state.unit); return u.short || u.label; }

  function fill(select, items, keep, labelOf) {
    select.textContent = "";
    items.forEach(function (it) { select.appendChild(el("option", { value: it.id }, labelOf ? labelOf(it) : it.label)); });
    select.value = byId(items, keep) ? keep : items[0].id;
    return select.value;
  }

  /* ---- the place list: reference and regions first, then countries by name, each with its n for the selection */
  function fillPlaces() {
    var select = $("place"), places = src().places, keep = state.place;
    select.textContent = "";
    var head = el("optgroup", { label: "Reference and regions" });
    var rest = el("optgroup", { label: "Countries (" + (src().place_label || "company location").toLowerCase() + ")" });
    places.forEach(function (p) {
      var c = cellOf(p.id), n = c.n || 0;
      var label = p.label + (n ? " (n = " + count(n) + (c.left_out ? "; " + count(c.left_out) + " without a PPP factor" : "") + ")"
                               : " (" + emptyText(c) + ")");
      var opt = el("option", { value: p.id }, label);
      if (n < SMALL) { opt.className = "small"; }
      (p.kind === "region" || p.id === src().reference ? head : rest).appendChild(opt);
    });
    select.appendChild(head);
    select.appendChild(rest);
    state.place = byId(places, keep) ? keep : places[0].id;
    select.value = state.place;
  }

  /* the level to show for a place (helpers.analysis.explorer.best_level, the same rule): among the levels where
     the place and the reference both have SMALL records or more, the one with the most at the place; else the one whose
     thinner side is largest */
  function bestLevel(place) {
    var s = src(), best = null, bestKey = null;
    s.level.values.forEach(function (lv) {
      var here = cellOf(place, lv.id).n || 0, ref = place === s.reference ? here : (cellOf(s.reference, lv.id).n || 0);
      var both = Math.min(here, ref) >= SMALL, key = both ? [1, here, 0] : [0, Math.min(here, ref), here];
      if (bestKey === null || key[0] > bestKey[0] || (key[0] === bestKey[0] && (key[1] > bestKey[1] ||
          (key[1] === bestKey[1] && key[2] > bestKey[2])))) { best = lv.id; bestKey = key; }
    });
    return best;
  }

  function setupSource() {
    var s = src();
    $("source-field").hidden = sourceIds.length < 2;
    fill($("source"), sourceIds.map(function (id) { return { id: id, label: DATA.sources[id].title }; }), state.source);
    $("level-label").textContent = s.level.label;
    $("place-label").textContent = s.place_label || "Country or region";
    $("source-note").textContent = s.note || "";
    var d = s.defaults || {};
    if (!byId(s.families, state.family)) { state.family = d.family || s.families[0].id; }
    if (!byId(s.units, state.unit)) { state.unit = d.unit || s.units[0].id; }
    if (!byId(s.places, state.place)) { state.place = byId(s.places, d.place) ? d.place : s.reference; }
    if (!byId(s.level.values, state.level)) { state.level = bestLevel(state.place); }
    state.level = fill($("level"), s.level.values, state.level);
    state.family = fill($("family"), s.families, state.family);
    var units = $("units");
    units.textContent = "";
    s.units.forEach(function (u) {
      var id = "unit-" + u.id, input = el("input", { type: "radio", name: "unit", id: id, value: u.id });
      var label = el("label", { "for": id });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + (u.id === "ppp" ? "PPP dollars" : "Nominal US dollars")));
      label.title = u.label;
      units.appendChild(label);
    });
    $("unit-" + state.unit).checked = true;
    fillPlaces();
  }

  /* ---- the answer for the selection */
  function renderAnswer() {
    var s = src(), place = byId(s.places, state.place), level = byId(s.level.values, state.level);
    var family = byId(s.families, state.family), c = cellOf(state.place), us = cellOf(s.reference);
    var box = $("answer");
    box.classList.toggle("small", c.n > 0 && c.n < SMALL);
    $("answer-title").textContent = level.label + " · " + (family.short || family.label) + " · " + (s.place_phrase || "companies in") +
      " " + phraseOf(place);
    $("answer-def").hidden = !place.definition;
    $("answer-def").textContent = place.definition ? place.label + ": " + place.definition + "." : "";
    var median = $("answer-median");
    if (c.median === undefined) {
      median.textContent = "no answer";
      median.removeAttribute("data-value");
      $("answer-ci").textContent = c.left_out
        ? "No " + (state.unit === "ppp" ? "PPP conversion" : "value") + " for this place: the reference table lacks an exchange rate or PPP factor for its " + records(c.left_out) + ". Switch to nominal US dollars."
        : "No survey records for this selection.";
    } else {
      median.textContent = usd(c.median);
      median.setAttribute("data-value", String(c.median));
      $("answer-ci").textContent = "median, " + unitShort() + " · " + ciText(c) + " · n = " + count(c.n) + " records · " +
        s.years_label;
    }
    $("answer-n").textContent = String(c.n);
    $("answer-small").hidden = !(c.n > 0 && c.n < SMALL);
    $("answer-small").textContent = "Fewer than " + SMALL + " records: shown, but too few to conclude from.";
    $("answer-leftout").hidden = !(c.left_out && c.median !== undefined);
    $("answer-leftout").textContent = c.left_out ? records(c.left_out) + " left out: their country and year lack an exchange rate or PPP factor in the reference table (never estimated)." : "";
    var ref = $("answer-ref"), refThin = $("answer-ref-thin"), refLabel = byId(s.places, s.reference).label;
    refThin.hidden = true;
    if (state.place === s.reference) {
      ref.textContent = "This is the reference: every other place is compared with it.";
    } else if (us.median === undefined) {
      ref.textContent = "No reference (" + refLabel + ") records for this selection: nothing to compare with.";
    } else {
      ref.textContent = refLabel + " (reference): " + usd(us.median) + " (" + ciText(us) + ", n = " +
        count(us.n) + ")" + (c.vs_us ? ". The US median is " + ratioText(c.vs_us) + " this one." : ".");
      if (c.vs_us && thinRatio(c, us)) {
        refThin.hidden = false;
        refThin.textContent = "A thin comparison: " + (us.n < SMALL ? refLabel + " has " + records(us.n) : phraseOf(place) + " has " + records(c.n)) +
          (us.n < SMALL && c.n < SMALL ? " and " + phraseOf(place) + " " + records(c.n) : "") + ", fewer than " + SMALL +
          ". The ratio is shown, never concluded from.";
      }
    }
  }

  /* ---- every grade of the selected place, beside the reference */
  function renderGrades() {
    var s = src(), body = $("grades-body"), place = byId(s.places, state.place);
    var isRef = state.place === s.reference, refLabel = byId(s.places, s.reference).label;
    var every = s.level.name === "grade" ? "Every grade" : "Every band of " + s.level.label.toLowerCase();
    $("grades-title").textContent = every + ": " + place.label + (isRef ? " (the reference)" : " beside " + refLabel);
    $("grades-place").textContent = place.label;
    $("grades-ref").textContent = refLabel;
    $("grades-table").classList.toggle("is-reference", isRef);
    body.textContent = "";
    s.level.values.forEach(function (lv) {
      var c = cellOf(state.place, lv.id), us = cellOf(s.reference, lv.id), tr = el("tr");
      if (lv.id === state.level) { tr.className = "selected"; }
      tr.appendChild(el("th", { scope: "row" }, lv.label));
      [c, us].forEach(function (x, k) {
        var small = x.n && x.n < SMALL ? " small" : "", ref = k ? " ref" : "";
        tr.appendChild(el("td", { "class": (small + ref).trim() },
          x.median === undefined ? emptyText(x) : usd(x.median) + " (" + (hasCI(x) ? usd(x.lo) + "–" + usd(x.hi) : TOO_FEW) + ")"));
        tr.appendChild(el("td", { "class": "num" + small + ref }, x.n ? count(x.n) : (x.left_out ? "–" : "0")));
      });
      var thin = c.vs_us && thinRatio(c, us);
      var td = el("td", { "class": "num ratio ref" + (thin ? " small" : "") }, c.vs_us ? ratio(c.vs_us[0]) : "–");
      if (thin) { td.title = "thin: a side has fewer than " + SMALL + " records"; }
      tr.appendChild(td);
      body.appendChild(tr);
    });
  }

  /* ---- every place of the selected level: dots with 95% whiskers (none under MIN_CI records), the reference dashed.
     Drawn at the chart's own width in CSS pixels (redrawn when it changes): names beside the rows on a wide screen,
     above them on a narrow one. */
  function tickText(t) { return t === 0 ? "$0" : "$" + Math.round(t / 1000) + "k"; }

  function renderPlaces() {
    var s = src(), level = byId(s.level.values, state.level), rows = [];
    s.places.forEach(function (p) {
      var c = cellOf(p.id);
      if (c.median !== undefined && (state.all || c.n >= SMALL || p.id === state.place || p.id === s.reference)) {
        rows.push({ p: p, c: c });
      }
    });
    rows.sort(function (a, b) { return b.c.median - a.c.median || a.p.label.localeCompare(b.p.label); });
    var fam = byId(s.families, state.family);
    $("places-title").textContent = level.label + ", " + (fam.short || fam.label) + ": every place with " +
      (state.all ? "records" : SMALL + " or more records") + " (" + money() + ")";
    var svg = $("places-chart");
    svg.textContent = "";
    var W = Math.max(280, Math.round(svg.parentNode.clientWidth || 880)), narrow = W < 600;
    var L = narrow ? 8 : Math.min(320, Math.round(W * 0.36)), R = 24, top = 30, rowH = narrow ? 40 : 22;
    var H = top + rows.length * rowH + 30;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("width", String(W));
    svg.setAttribute("height", String(H));
    svg.classList.toggle("narrow", narrow);
    if (!rows.length) { return; }
    /* the axis starts at zero, as in the notebooks' dot plots, so distances read as ratios; round ticks about 70 px apart */
    var lo = 0, hi = Math.max.apply(null, rows.map(function (r) { return hasCI(r.c) ? r.c.hi : r.c.median; }));
    var raw = Math.max(hi, 1) / Math.max(3, Math.min(6, Math.floor((W - L - R) / 70))), mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 2.5, 5, 10].map(function (m) { return m * mag; }).filter(function (v) { return v >= raw; })[0];
    hi = Math.ceil(hi / step) * step;
    function x(v) { return L + (v - lo) / (hi - lo || 1) * (W - L - R); }
    function add(tag, attrs, text) {
      var e = document.createElementNS(SVGNS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      svg.appendChild(e);
      return e;
    }
    rows.forEach(function (r, i) {
      if (r.p.id === state.place) { add("rect", { x: 0, y: top + i * rowH, width: W, height: rowH, "class": "row-selected" }); }
    });
    for (var t = lo; t <= hi + 1e-9; t += step) {
      add("line", { x1: x(t), x2: x(t), y1: top - 6, y2: H - 24, "class": "grid" });
      add("text", { x: x(t), y: H - 8, "class": "tick" }, tickText(t));
    }
    var us = cellOf(s.reference);
    if (us.median !== undefined) {
      add("line", { x1: x(us.median), x2: x(us.median), y1: top - 10, y2: H - 24, "class": "reference" });
      /* the reference's label centred on its line, moved inward where it would cross an edge: always whole */
      var refText = add("text", { x: 0, y: top - 14, "class": "reference-label" }, byId(s.places, s.reference).label + " " + usd(us.median) +
        (us.n < SMALL ? " (n = " + count(us.n) + ", thin)" : ""));
      var len = refText.getComputedTextLength();
      refText.setAttribute("x", String(Math.max(2, Math.min(W - len - 2, x(us.median) - len / 2))));
    }
    rows.forEach(function (r, i) {
      var y = top + i * rowH + (narrow ? 29 : rowH / 2), small = r.c.n < SMALL;
      var cls = (small ? "small " : "") + (REGION_CLASS[r.p.region] || "region-other") + (r.p.id === state.place ? " selected" : "");
      var label = add("text", narrow ? { x: 2, y: y - 14, "class": "label start " + cls, "data-place": r.p.id }
                                     : { x: L - 8, y: y + 4, "class": "label " + cls, "data-place": r.p.id },
                      r.p.label + " (n = " + count(r.c.n) + ")" + (small ? " · thin" : ""));
      label.addEventListener("click", function () { select("place", r.p.id); });
      if (hasCI(r.c)) { add("line", { x1: x(r.c.lo), x2: x(r.c.hi), y1: y, y2: y, "class": "whisker " + cls }); }
      add("circle", { cx: x(r.c.median), cy: y, r: r.p.id === state.place ? 6.5 : 5, "class": "dot " + cls }).appendChild(
        document.createElementNS(SVGNS, "title")).textContent = r.p.label + ": " + usd(r.c.median) + " (" + ciText(r.c) + "), n = " + count(r.c.n);
    });
  }

  /* ---- the salary estimator's answer for a profile */
  /* the profile follows the selection above where it can: the grade, a company country (a region is none) and the role
     family (the wider ML family is several: the one chosen here stays); the developer survey's bands and residence do
     not map onto the estimator's grades and company countries, so with that source the lookup keeps its own settings */
  function followSelection() {
    var P = DATA.profiles, s = src(), fam = byId(s.families, state.family);
    if (s.level.name !== "grade") { return; }
    if (byId(P.grades, state.level)) { state.pgrade = state.level; }
    if (byId(P.countries, state.place)) { state.pcountry = state.place; }
    var members = (fam && fam.members) || [];
    if (members.length && members.indexOf(state.pfamily) < 0) { state.pfamily = members[0]; }
  }

  function followsText() {
    var s = src(), P = DATA.profiles, place = byId(s.places, state.place);
    if (s.level.name !== "grade") {
      return "Separate from the selection above: the estimator is fitted on the aijobs.net survey's grades and company " +
        "countries, which the developer survey's bands of years and countries of residence do not match. Set it here.";
    }
    var same = state.pgrade === state.level && state.pcountry === state.place;
    var region = place && place.kind === "region";
    return (same ? "Follows the selection above (grade, company country, role family)" :
      "Follows the selection above when it changes (grade, company country, role family)") +
      (region ? "; a region is not a company country, so the country stays as chosen here (" +
        (byId(P.countries, state.pcountry) || { label: state.pcountry }).label + ")" : "") +
      ". Change any setting here to ask about another profile; the link keeps it.";
  }

  function setupProfile() {
    var P = DATA.profiles;
    state.pgrade = fill($("profile-grade"), P.grades, state.pgrade || "Senior");
    state.pcountry = fill($("profile-country"), P.countries, state.pcountry || src().reference);
    state.pfamily = fill($("profile-family"), P.families, state.pfamily || P.families[0].id);
    [["profile-grade", "pgrade"], ["profile-country", "pcountry"], ["profile-family", "pfamily"]].forEach(function (pair) {
      $(pair[0]).addEventListener("change", function (e) { state[pair[1]] = e.target.value; renderProfile(); saveHash(); });
    });
    var d = P.defaults, cov = P.coverage, rule = P.rule;
    $("profile-rule").textContent = "Every answer shows the n behind it: the survey records with the same grade, role family and " +
      "company country. With fewer than " + rule.thin_n + " the answer is flagged thin and its range widened ×" + rule.widen.toFixed(2) +
      "; with fewer than " + rule.min_n + " the estimator declines (notebook 08 measures why). The " + rangeLabel() +
      " is calibrated to hold " + Math.round(cov.level * 100) + "% of pay: the model's 10th–90th percentiles, each end moved out " +
      "so that the ranges held that share of an earlier year the model had not seen (never the test year).";
    $("profile-assumed").textContent = "Assumed for everyone: full-time (" + d.employment_type + "), company size " + d.company_size +
      " (medium), on-site (remote ratio " + d.remote_ratio + "), work year " + d.work_year + ". The model was tested by fitting it on work years " +
      cov.train_years[0] + "–" + cov.train_years[1] + " and scoring it on " + cov.test_year + " (n = " + count(cov.n_test) + " records), as notebook 08 reports.";
  }

  function renderProfile() {
    var P = DATA.profiles;
    $("profile-grade").value = state.pgrade;
    $("profile-country").value = state.pcountry;
    $("profile-family").value = state.pfamily;
    $("profile-follows").textContent = followsText();
    var g = state.pgrade, c = state.pcountry, f = state.pfamily;
    var v = ((P.cells[g] || {})[c] || {})[f], cov = P.coverage, rule = P.rule, country = byId(P.countries, c);
    var out = $("profile-median"), box = $("profile");
    var records = v ? count(v[3]) + " survey record" + (v[3] === 1 ? "" : "s") + " with this grade, role family and company country" : "";
    box.classList.toggle("thin", !!v && v[4] === "thin");
    box.classList.toggle("declined", !v || v[4] === "declined");
    box.setAttribute("data-status", v ? v[4] : "none");
    $("profile-thin").hidden = !v || v[4] === "ok";
    if (!v || v[4] === "declined") {
      out.textContent = "no answer";
      out.removeAttribute("data-value");
      $("profile-range").textContent = v ? "n = " + records + " (all work years)" : "";
      $("profile-thin").textContent = "Declined: only " + records + " (fewer than " + rule.min_n + "). Below that the " +
        "model's answer is measurably less accurate on held-out years and moves between refits, so no number is given; " +
        "see the region's median above instead.";
      $("profile-coverage").textContent = "";
      return;
    }
    out.textContent = usd(v[0]);
    out.setAttribute("data-value", String(v[0]));
    var thin = v[4] === "thin";
    $("profile-range").textContent = "expected median, " + P.unit + " per year · " + rangeLabel() + " " + usd(v[1]) + "–" + usd(v[2]) +
      (thin ? " (widened)" : "") + " · n = " + records + " (all work years)";
    $("profile-thin").textContent = "Thin: only " + records + " (fewer than " + rule.thin_n + "): the answer leans on what " +
      "the model learned from other countries and roles, so its range is widened ×" + rule.widen.toFixed(2) +
      " (on the log scale), as measured on held-out years.";
    var region = country && country.region, regional = region && cov.every_record[region];
    $("profile-coverage").textContent = "Measured coverage on the held-out work year " + cov.test_year + ": the ranges the " +
      "estimator gives (ok and thin answers) held " + coverageText(cov.answered.all) + "; " +
      (thin ? "thin answers alone (widened): " : "answers with " + rule.thin_n + "+ similar records: ") + coverageText(cov[v[4]].all) +
      (regional ? "; every record at companies in " + regionPhrase(region) +
        " (the calibrated range, before the rule): " + coverageText(regional) : "") + ".";
  }

  /* a held-out coverage with its 95% interval, or why it is not stated (too few distinct profiles behind it) */
  function coverageText(e) {
    var min = DATA.profiles.coverage.min_profiles;
    if (e.coverage === null) {
      return "cannot be measured reliably: " + count(e.profiles) + " distinct profile" + (e.profiles === 1 ? "" : "s") +
        " (fewer than " + min + "), " + count(e.records) + " records";
    }
    return pct1(e.coverage) + " (95% interval " + (e.lo * 100).toFixed(1) + "–" + pct1(e.hi) + "; " + count(e.records) +
      " records, " + count(e.profiles) + " profiles)";
  }

  function pct1(share) { return (share * 100).toFixed(1) + "%"; }

  function rangeLabel() { return Math.round(DATA.profiles.coverage.level * 100) + "% range"; }

  /* ---- state, controls and the address bar: #source=...&level=...&place=...&family=...&unit=...&all=...&pgrade=...
     &pcountry=...&pfamily=...: everything a reader set, so a link restores the whole page */
  function saveHash() {
    var h = KEYS.map(function (k) { return k + "=" + encodeURIComponent(k === "all" ? (state.all ? "1" : "0") : state[k]); }).join("&");
    try { history.replaceState(null, "", "#" + h); } catch (e) { /* some file: contexts refuse; the page still works */ }
  }

  function render() {
    renderAnswer();
    renderGrades();
    renderPlaces();
    saveHash();
  }

  function select(key, value) {
    state[key] = value;
    if (key === "source") { setupSource(); } else if (key !== "place") { fillPlaces(); }
    $("place").value = state.place;
    if (key !== "unit") { followSelection(); }
    render();
    renderProfile();
  }

  function readHash() {
    var given = {};
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("="), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
      if (i > 0 && KEYS.indexOf(k) >= 0) { given[k] = v; }
    });
    if (given.source && DATA.sources[given.source] && given.source !== state.source) {
      state.source = given.source;
      var d = DATA.sources[given.source].defaults || {};
      ["level", "place", "family", "unit"].forEach(function (k) { state[k] = d[k] || null; });
    }
    KEYS.forEach(function (k) {
      if (k === "source" || given[k] === undefined) { return; }
      state[k] = k === "all" ? given[k] === "1" || given[k] === "true" : given[k];
    });
    return given;
  }

  var given = readHash();
  setupSource();
  if (!given.pgrade && !given.pcountry && !given.pfamily) { followSelection(); }
  $("source").addEventListener("change", function (e) { select("source", e.target.value); });
  $("level").addEventListener("change", function (e) { select("level", e.target.value); });
  $("place").addEventListener("change", function (e) { select("place", e.target.value); });
  $("family").addEventListener("change", function (e) { select("family", e.target.value); });
  $("units").addEventListener("change", function (e) { select("unit", e.target.value); });
  $("show-all").checked = state.all;
  $("show-all").addEventListener("change", function (e) { state.all = e.target.checked; renderPlaces(); saveHash(); });
  var drawnAt = 0;
  window.addEventListener("resize", function () {
    var w = $("places-chart").parentNode.clientWidth;
    if (w !== drawnAt) { drawnAt = w; renderPlaces(); }
  });
  setupProfile();
  render();
  renderProfile();
  drawnAt = $("places-chart").parentNode.clientWidth;
  document.body.setAttribute("data-ready", "true");
})();
