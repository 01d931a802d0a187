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
  var state = { source: sourceIds[0], level: null, place: null, family: null, unit: null, all: false };

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
  function src() { return DATA.sources[state.source]; }
  function byId(items, id) { for (var i = 0; i < items.length; i++) { if (items[i].id === id) { return items[i]; } } return null; }
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
    var head = el("optgroup", { label: "Reference and regions" }), rest = el("optgroup", { label: "Countries (company location)" });
    places.forEach(function (p) {
      var c = cellOf(p.id), n = c.n || 0;
      var label = p.label + (n ? " (n = " + count(n) + ")" : " (no records)");
      var opt = el("option", { value: p.id }, label);
      if (n < SMALL) { opt.className = "small"; }
      (p.kind === "region" || p.id === src().reference ? head : rest).appendChild(opt);
    });
    select.appendChild(head);
    select.appendChild(rest);
    state.place = byId(places, keep) ? keep : places[0].id;
    select.value = state.place;
  }

  function setupSource() {
    var s = src();
    $("source-field").hidden = sourceIds.length < 2;
    fill($("source"), sourceIds.map(function (id) { return { id: id, label: DATA.sources[id].title }; }), state.source);
    $("level-label").textContent = s.level.label;
    $("place-label").textContent = s.place_label || "Country or region";
    $("source-note").textContent = s.note || "";
    state.level = fill($("level"), s.level.values, state.level || (byId(s.level.values, "Senior") ? "Senior" : null));
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
    state.unit = byId(s.units, state.unit) ? state.unit : s.units[0].id;
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
      " " + place.label;
    var median = $("answer-median");
    if (c.median === undefined) {
      median.textContent = "no answer";
      median.removeAttribute("data-value");
      $("answer-ci").textContent = c.left_out
        ? "No " + (state.unit === "ppp" ? "PPP conversion" : "value") + " for this place: the reference table lacks an exchange rate or PPP factor for its " + count(c.left_out) + " record(s). Switch to nominal US dollars."
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
    $("answer-leftout").textContent = c.left_out ? count(c.left_out) + " record(s) left out: their country and year lack an exchange rate or PPP factor in the reference table (never estimated)." : "";
    var ref = $("answer-ref");
    if (state.place === s.reference) {
      ref.textContent = "This is the reference: every other place is compared with it.";
    } else if (us.median === undefined) {
      ref.textContent = "No reference (" + byId(s.places, s.reference).label + ") records for this selection.";
    } else {
      ref.textContent = byId(s.places, s.reference).label + " (reference): " + usd(us.median) + " (" + ciText(us) + ", n = " +
        count(us.n) + ")" + (c.vs_us ? ". The US median is " + ratioText(c.vs_us) + " this one." : ".");
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
        tr.appendChild(el("td", { "class": small + ref },
          x.median === undefined ? "no records" : usd(x.median) + " (" + (hasCI(x) ? usd(x.lo) + "–" + usd(x.hi) : TOO_FEW) + ")"));
        tr.appendChild(el("td", { "class": "num" + small + ref }, x.n ? count(x.n) : "0"));
      });
      tr.appendChild(el("td", { "class": "num ref" + (c.n < SMALL ? " small" : "") }, c.vs_us ? ratio(c.vs_us[0]) : "–"));
      body.appendChild(tr);
    });
  }

  /* ---- every place of the selected grade: dots with 95% whiskers (none under MIN_CI records), the reference dashed */
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
    var W = 900, L = 320, R = 20, top = 26, rowH = 21, H = top + rows.length * rowH + 30;
    svg.setAttribute("viewBox", "0 0 " + W + " " + H);
    svg.setAttribute("height", String(H));
    if (!rows.length) { return; }
    /* the axis starts at zero, as in the notebooks' dot plots, so distances read as ratios; about six round ticks */
    var lo = 0, hi = Math.max.apply(null, rows.map(function (r) { return hasCI(r.c) ? r.c.hi : r.c.median; }));
    var raw = Math.max(hi, 1) / 6, mag = Math.pow(10, Math.floor(Math.log10(raw)));
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
    for (var t = lo; t <= hi + 1e-9; t += step) {
      add("line", { x1: x(t), x2: x(t), y1: top - 6, y2: H - 24, "class": "grid" });
      add("text", { x: x(t), y: H - 8, "class": "tick" }, "$" + Math.round(t / 1000) + "k");
    }
    var us = cellOf(s.reference);
    if (us.median !== undefined) {
      add("line", { x1: x(us.median), x2: x(us.median), y1: top - 10, y2: H - 24, "class": "reference" });
      add("text", { x: x(us.median), y: top - 12, "class": "reference-label" }, byId(s.places, s.reference).label + " " + usd(us.median));
    }
    rows.forEach(function (r, i) {
      var y = top + i * rowH + rowH / 2, small = r.c.n < SMALL, cls = (small ? "small " : "") + (r.p.id === state.place ? "selected" : "");
      var label = add("text", { x: L - 8, y: y + 4, "class": "label " + cls, "data-place": r.p.id }, r.p.label + " (n = " + count(r.c.n) + ")");
      label.addEventListener("click", function () { select("place", r.p.id); });
      if (hasCI(r.c)) { add("line", { x1: x(r.c.lo), x2: x(r.c.hi), y1: y, y2: y, "class": "whisker " + cls }); }
      add("circle", { cx: x(r.c.median), cy: y, r: 5, "class": "dot " + cls }).appendChild(
        document.createElementNS(SVGNS, "title")).textContent = r.p.label + ": " + usd(r.c.median) + " (" + ciText(r.c) + "), n = " + count(r.c.n);
    });
  }

  /* ---- the salary estimator's answer for a profile */
  function setupProfile() {
    var P = DATA.profiles;
    fill($("profile-grade"), P.grades, "Senior");
    fill($("profile-country"), P.countries, "US");
    fill($("profile-family"), P.families, src().families[0].members[0]);
    ["profile-grade", "profile-country", "profile-family"].forEach(function (id) { $(id).addEventListener("change", renderProfile); });
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
    var P = DATA.profiles, g = $("profile-grade").value, c = $("profile-country").value, f = $("profile-family").value;
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
      (regional ? "; every record at companies in " + (region === "Other" ? "the rest of the world" : region) +
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

  /* ---- state, controls and the address bar (#grade=...&place=...: a selection can be bookmarked) */
  function render() {
    renderAnswer();
    renderGrades();
    renderPlaces();
    var h = "source=" + state.source + "&level=" + state.level + "&place=" + state.place + "&family=" + state.family + "&unit=" + state.unit;
    try { history.replaceState(null, "", "#" + h); } catch (e) { /* some file: contexts refuse; the page still works */ }
  }

  function select(key, value) {
    state[key] = value;
    if (key === "source") { setupSource(); } else if (key !== "place") { fillPlaces(); }
    $("place").value = state.place;
    render();
  }

  function readHash() {
    (location.hash || "").replace(/^#/, "").split("&").forEach(function (kv) {
      var i = kv.indexOf("="), k = kv.slice(0, i), v = decodeURIComponent(kv.slice(i + 1));
      if (i > 0 && k in state && k !== "all") { state[k] = v; }
    });
    if (!DATA.sources[state.source]) { state.source = sourceIds[0]; }
  }

  if (DATA.sources[state.source].places.some(function (p) { return p.id === "region:Europe"; })) { state.place = "region:Europe"; }
  readHash();
  setupSource();
  $("source").addEventListener("change", function (e) { select("source", e.target.value); });
  $("level").addEventListener("change", function (e) { select("level", e.target.value); });
  $("place").addEventListener("change", function (e) { select("place", e.target.value); });
  $("family").addEventListener("change", function (e) { select("family", e.target.value); });
  $("units").addEventListener("change", function (e) { select("unit", e.target.value); });
  $("show-all").addEventListener("change", function (e) { state.all = e.target.checked; renderPlaces(); });
  setupProfile();
  render();
  renderProfile();
  document.body.setAttribute("data-ready", "true");
})();
