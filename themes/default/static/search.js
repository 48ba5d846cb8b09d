// gongkai search: reads the static index that `gongkai build` writes under search/ (see
// src/search.rs for the format and docs/search.md for the ranking). Character bigrams find any
// Chinese phrase of two characters or more, also inside longer words; the candidates are ranked
// from what the postings hold (which sections of each document hold each bigram), and only the
// shown results' text is fetched, to check the exact phrase and cut the highlighted passage.
// No framework and no other host: a few small JSON files are fetched per query.
(function () {
  "use strict";

  var results = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  if (!results || !input) return;
  var yearSelect = document.getElementById("search-year");
  var regionSelect = document.getElementById("search-region");
  var base = results.getAttribute("data-base") || "/";
  var root = base + "search/";
  var text = {
    none: results.getAttribute("data-none"),
    short: results.getAttribute("data-short"),
    count: results.getAttribute("data-count"),
    countOne: results.getAttribute("data-count-one"),
    more: results.getAttribute("data-more"),
    error: results.getAttribute("data-error")
  };
  var FORMAT = 2;
  var PAGE = 10;
  var SECTIONS = 7;
  // The passage shown: up to WIDTH characters, starting LEAD characters before its first match.
  var WIDTH = 120, LEAD = 30;
  var REGION = "region:";
  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var digit = {};
  for (var d = 0; d < DIGITS.length; d++) digit[DIGITS.charAt(d)] = d;
  var cache = {};

  function get(path, kind) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        if (!r.ok) throw new Error(path + ": " + r.status);
        return kind === "text" ? r.text() : r.json();
      });
    }
    return cache[path];
  }

  function getMeta() {
    return get("meta.json").then(function (meta) {
      if (meta.format !== FORMAT) throw new Error("search index format " + meta.format);
      return meta;
    });
  }

  // The same folding as src/search.rs fold(): one character in, one out.
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      else if (c === 0x3000) c = 32;
      if (c >= 65 && c <= 90) c += 32;
      out += String.fromCharCode(c);
    }
    return out;
  }

  function isHan(ch) {
    var c = ch.codePointAt(0);
    return (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f);
  }

  function isWordChar(ch) { return /^[0-9a-z]$/.test(ch); }

  // Tokens of a query term, as src/search.rs tokens() indexes them. A lone ideograph next to
  // other tokens is left to the phrase check (the index holds it only where it stands alone).
  function tokens(term) {
    var chars = Array.from(term), out = [], i = 0, lone = [];
    while (i < chars.length) {
      if (isHan(chars[i])) {
        var start = i;
        while (i < chars.length && isHan(chars[i])) i++;
        if (i - start === 1) lone.push(chars[start]);
        for (var k = start; k + 1 < i; k++) out.push(chars[k] + chars[k + 1]);
      } else if (isWordChar(chars[i])) {
        var w = "";
        while (i < chars.length && isWordChar(chars[i])) w += chars[i++];
        out.push(w);
      } else {
        i++;
      }
    }
    out = out.length ? out : lone;
    return out.filter(function (t, n) { return out.indexOf(t) === n; });
  }

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  // A token's postings: a map from document id to the bit set of the sections holding it
  // (bit 0 the heading: agency, region, title; bits 1-6 the narrative sections).
  function postings(meta, token) {
    return get("index/" + (fnv1a(token) % meta.shards).toString(16) + ".json").then(function (shard) {
      var s = shard[token] || "", out = new Map(), id = 0, n = 0, scale = 1;
      for (var i = 0; i < s.length; i++) {
        var v = digit[s.charAt(i)];
        n += (v & 31) * scale;
        scale *= 32;
        if (v < 32) {
          id += Math.floor(n / 128);
          out.set(id, n % 128);
          n = 0;
          scale = 1;
        }
      }
      return out;
    });
  }

  // Each year's range of ids, from meta.json: [first, end).
  function yearRange(meta, year) {
    for (var i = 0; i < meta.years.length; i++) {
      var y = meta.years[i];
      if (String(y[0]) === year) return [y[1], y[1] + y[2]];
    }
    return [0, 0];
  }

  // Rank the documents for the terms, as docs/search.md defines it. Returns the ids, best
  // first, each with its score.
  function rank(meta, terms, filter) {
    var termTokens = terms.map(tokens);
    var all = [];
    termTokens.forEach(function (ts) { ts.forEach(function (t) { if (all.indexOf(t) < 0) all.push(t); }); });
    var lists = all.map(function (t) { return postings(meta, t); });
    if (filter.region) lists.push(postings(meta, REGION + filter.region));
    return Promise.all(lists).then(function (maps) {
      var inRegion = filter.region ? maps.pop() : null;
      var range = filter.year ? yearRange(meta, filter.year) : [0, meta.docs];
      // Every document that holds some token, with each token's sections.
      var docs = new Map();
      maps.forEach(function (m, k) {
        m.forEach(function (mask, id) {
          if (id < range[0] || id >= range[1] || (inRegion && !inRegion.has(id))) return;
          var masks = docs.get(id);
          if (!masks) { masks = new Array(all.length).fill(0); docs.set(id, masks); }
          masks[k] = mask;
        });
      });
      var index = termTokens.map(function (ts) { return ts.map(function (t) { return all.indexOf(t); }); });
      var ranked = [];
      docs.forEach(function (masks, id) {
        var complete = 0, heading = 0;
        index.forEach(function (ks) {
          if (ks.every(function (k) { return masks[k] !== 0; })) complete++;
          if (ks.every(function (k) { return masks[k] & 1; })) heading++;
        });
        // A document must hold every bigram of at least one term.
        if (!complete) return;
        var found = 0, together = 0;
        masks.forEach(function (m) { if (m) found++; });
        for (var s = 0; s < SECTIONS; s++) {
          var here = 0;
          masks.forEach(function (m) { if (m & (1 << s)) here++; });
          if (here > together) together = here;
        }
        ranked.push({ id: id, score: [heading, found, together] });
      });
      ranked.sort(function (a, b) {
        for (var i = 0; i < 3; i++) if (a.score[i] !== b.score[i]) return b.score[i] - a.score[i];
        // Ids go newest year first, then by agency: the deterministic tie-break.
        return a.id - b.id;
      });
      return ranked;
    });
  }

  function loadDoc(meta, hit) {
    var chunk = Math.floor(hit.id / meta.chunk);
    return Promise.all([get("docs/" + chunk + ".json"), get("text/" + hit.id + ".txt", "text")])
      .then(function (both) {
        return { id: hit.id, score: hit.score, info: both[0][hit.id - chunk * meta.chunk], text: both[1] };
      });
  }

  // The best passage of a document for the terms: the window of WIDTH characters holding the
  // most distinct terms, then the most matches, then the first; in the narrative when it
  // matches there, else in the heading. Pieces of [text, marked]; null if no term is there as
  // it was typed (all its bigrams, but not in a row).
  function passage(doc, terms) {
    var folded = fold(doc.text);
    var body = 0;
    for (var line = 0; line < 3 && body >= 0; line++) body = folded.indexOf("\n", body) + 1;
    var hits = [];
    terms.forEach(function (t, k) {
      for (var at = folded.indexOf(t); at >= 0; at = folded.indexOf(t, at + t.length)) hits.push([at, at + t.length, k]);
    });
    if (!hits.length) return null;
    var inBody = hits.filter(function (h) { return h[0] >= body; });
    if (inBody.length) hits = inBody;
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var best = -1, bestTerms = 0, bestCount = 0;
    for (var i = 0; i < hits.length; i++) {
      var seen = {}, distinct = 0, count = 0;
      for (var j = i; j < hits.length && hits[j][1] <= hits[i][0] + WIDTH - LEAD; j++) {
        if (!seen[hits[j][2]]) { seen[hits[j][2]] = true; distinct++; }
        count++;
      }
      if (distinct > bestTerms || (distinct === bestTerms && count > bestCount)) {
        best = i; bestTerms = distinct; bestCount = count;
      }
    }
    var floor = hits[best][0] >= body ? body : 0;
    var start = Math.max(floor, hits[best][0] - LEAD), end = Math.min(doc.text.length, start + WIDTH);
    // Never cut a character outside the Basic Multilingual Plane in half.
    if (start > 0 && /[\udc00-\udfff]/.test(doc.text.charAt(start))) start--;
    if (end < doc.text.length && /[\udc00-\udfff]/.test(doc.text.charAt(end))) end++;
    var pieces = [], pos = start;
    hits.forEach(function (h) {
      if (h[0] < pos || h[1] > end) return;
      pieces.push([doc.text.slice(pos, h[0]), false], [doc.text.slice(h[0], h[1]), true]);
      pos = h[1];
    });
    pieces.push([doc.text.slice(pos, end), false]);
    pieces.forEach(function (p) { p[0] = p[0].replace(/\s*\n\s*/g, " "); });
    if (start > floor) pieces[0][0] = "…" + pieces[0][0];
    if (end < doc.text.length) pieces[pieces.length - 1][0] += "…";
    return pieces.filter(function (p) { return p[0] !== ""; });
  }

  // One result. Report text only ever reaches the page as text nodes (never innerHTML), so a
  // `<` in a narrative is shown as a `<`.
  function show(list, doc, pieces) {
    var li = document.createElement("li");
    li.setAttribute("data-score", doc.score.join(" "));
    var a = document.createElement("a");
    a.href = base + doc.info[2];
    a.textContent = doc.info[0] + " · " + doc.info[1];
    li.appendChild(a);
    if (doc.info[3]) {
      var region = document.createElement("span");
      region.className = "search-region";
      region.textContent = " " + doc.info[3];
      li.appendChild(region);
    }
    var p = document.createElement("p");
    p.className = "search-snippet";
    pieces.forEach(function (piece) {
      var node = piece[1] ? document.createElement("mark") : document.createTextNode(piece[0]);
      if (piece[1]) node.textContent = piece[0];
      p.appendChild(node);
    });
    li.appendChild(p);
    list.appendChild(li);
  }

  function message(s) {
    var p = document.createElement("p");
    p.textContent = s;
    results.replaceChildren(p);
  }

  function filters() {
    return {
      year: yearSelect ? yearSelect.value : "",
      region: regionSelect ? regionSelect.value : ""
    };
  }

  var generation = 0;

  function run(query) {
    var mine = ++generation;
    var terms = fold(query).split(/\s+/).filter(Boolean);
    terms = terms.filter(function (t, i) { return terms.indexOf(t) === i; });
    if (!terms.length) { results.replaceChildren(); return; }
    if (terms.every(function (t) { return Array.from(t).length < 2; })) { message(text.short); return; }
    getMeta().then(function (meta) {
      return rank(meta, terms, filters()).then(function (ranked) {
        if (mine !== generation) return;
        var list = document.createElement("ol");
        list.className = "search-list";
        var status = document.createElement("p");
        var more = document.createElement("button");
        more.type = "button";
        more.textContent = text.more;
        more.hidden = true;
        results.replaceChildren(status, list, more);
        var next = 0, shown = 0, dropped = 0;
        // A page at a time, best first: the phrase check and the passage need each one's text.
        function page() {
          more.hidden = true;
          var batch = ranked.slice(next, next + PAGE);
          next += batch.length;
          var before = shown;
          return Promise.all(batch.map(function (hit) { return loadDoc(meta, hit); })).then(function (docs) {
            if (mine !== generation) return;
            docs.forEach(function (doc) {
              var pieces = passage(doc, terms);
              if (pieces) { show(list, doc, pieces); shown++; } else dropped++;
            });
            if (shown - before < PAGE && next < ranked.length) return page();
            more.hidden = next >= ranked.length;
            var n = ranked.length - dropped;
            status.textContent = !n ? text.none
              : n === 1 ? text.countOne
              : text.count.replace("{n}", n);
          });
        }
        more.addEventListener("click", page);
        return page();
      });
    }).catch(function () { if (mine === generation) message(text.error); });
  }

  // The query and the filters live in the address, so that a link reproduces a search.
  function remember() {
    var url = new URL(window.location.href);
    var q = input.value.trim(), f = filters();
    [["q", q], ["year", f.year], ["region", f.region]].forEach(function (kv) {
      if (kv[1]) url.searchParams.set(kv[0], kv[1]); else url.searchParams.delete(kv[0]);
    });
    history.replaceState(null, "", url);
    run(q);
  }

  function option(select, value, label) {
    var o = document.createElement("option");
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  var timer = null;
  // `input`, not key events: Chinese typed through an IME arrives without per-key events.
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(remember, 120);
  });
  input.form && input.form.addEventListener("submit", function (e) { e.preventDefault(); remember(); });
  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q");
  if (initial) input.value = initial;
  // The filters' choices come from the document list (meta.json), fetched now, so that the
  // first query waits one round trip less.
  getMeta().then(function (meta) {
    if (yearSelect) {
      meta.years.forEach(function (y) { option(yearSelect, String(y[0]), String(y[0])); });
      yearSelect.value = params.get("year") || "";
      yearSelect.addEventListener("change", remember);
    }
    if (regionSelect) {
      meta.regions.forEach(function (r) {
        var parts = r[0].split("/");
        // A prefecture is indented under its province.
        option(regionSelect, r[0], parts.length > 1 ? "\u3000" + parts[1] : parts[0]);
      });
      regionSelect.value = params.get("region") || "";
      regionSelect.addEventListener("change", remember);
    }
    var box = document.getElementById("search-filters");
    if (box) box.hidden = false;
  }).catch(function () {}).then(function () {
    if (initial) run(initial.trim());
  });
})();
