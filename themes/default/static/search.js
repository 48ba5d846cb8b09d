// gongkai search: reads the static index that `gongkai build` writes under search/ (see
// src/search.rs for the format). Character bigrams find any Chinese phrase of two characters or
// more, also inside longer words; each candidate's text is then checked for the exact phrase.
// No framework and no other host: a few small JSON files are fetched per query.
(function () {
  "use strict";

  var results = document.getElementById("search-results");
  var input = document.getElementById("search-q");
  if (!results || !input) return;
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
  var PAGE = 10;
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
    return out.length ? out : lone;
  }

  function fnv1a(s) {
    var bytes = new TextEncoder().encode(s), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function intersect(a, b) {
    var out = [], i = 0, j = 0;
    while (i < a.length && j < b.length) {
      if (a[i] === b[j]) { out.push(a[i]); i++; j++; }
      else if (a[i] < b[j]) i++;
      else j++;
    }
    return out;
  }

  function postings(meta, token) {
    return get("index/" + (fnv1a(token) % meta.shards).toString(16) + ".json").then(function (shard) {
      var deltas = shard[token] || [], ids = [], id = 0;
      for (var i = 0; i < deltas.length; i++) { id += deltas[i]; ids.push(id); }
      return ids;
    });
  }

  // Candidate documents: those holding every token of every term.
  function candidates(meta, terms) {
    var all = [];
    terms.forEach(function (t) { all = all.concat(tokens(t)); });
    all = all.filter(function (t, i) { return all.indexOf(t) === i; });
    return Promise.all(all.map(function (t) { return postings(meta, t); })).then(function (lists) {
      lists.sort(function (a, b) { return a.length - b.length; });
      return lists.reduce(intersect);
    });
  }

  function loadDoc(meta, id) {
    var chunk = Math.floor(id / meta.chunk);
    return Promise.all([get("docs/" + chunk + ".json"), get("text/" + id + ".txt", "text")])
      .then(function (both) {
        return { id: id, info: both[0][id - chunk * meta.chunk], text: both[1] };
      });
  }

  // The passage around the first match, the matches marked; null if the phrase is not there.
  function passage(doc, terms) {
    var folded = fold(doc.text);
    var body = folded.indexOf("\n", folded.indexOf("\n", folded.indexOf("\n") + 1) + 1) + 1;
    var first = -1;
    for (var i = 0; i < terms.length; i++) {
      var at = folded.indexOf(terms[i], body);
      if (at < 0) at = folded.indexOf(terms[i]);
      if (at < 0) return null;
      if (first < 0 || at < first) first = at;
    }
    var start = Math.max(0, first - 40), end = Math.min(doc.text.length, first + 80);
    var pieces = [], pos = start, slice = folded.slice(start, end);
    var marks = [];
    terms.forEach(function (t) {
      var k = slice.indexOf(t);
      while (k >= 0) { marks.push([start + k, start + k + t.length]); k = slice.indexOf(t, k + t.length); }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    marks.forEach(function (m) {
      if (m[0] < pos) return;
      pieces.push([doc.text.slice(pos, m[0]), false], [doc.text.slice(m[0], m[1]), true]);
      pos = m[1];
    });
    pieces.push([doc.text.slice(pos, end), false]);
    if (start > 0) pieces[0][0] = "…" + pieces[0][0];
    if (end < doc.text.length) pieces[pieces.length - 1][0] += "…";
    return pieces;
  }

  function show(list, doc, pieces) {
    var li = document.createElement("li");
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

  var generation = 0;

  function run(query) {
    var mine = ++generation;
    var terms = fold(query).split(/\s+/).filter(Boolean);
    if (!terms.length) { results.replaceChildren(); return; }
    if (terms.every(function (t) { return Array.from(t).length < 2; })) { message(text.short); return; }
    get("meta.json").then(function (meta) {
      return candidates(meta, terms).then(function (ids) {
        if (mine !== generation) return;
        var list = document.createElement("ol");
        list.className = "search-list";
        var status = document.createElement("p");
        var more = document.createElement("button");
        more.type = "button";
        more.textContent = text.more;
        more.hidden = true;
        results.replaceChildren(status, list, more);
        var next = 0, shown = 0;
        // Check candidates a page at a time: the phrase test needs each one's text.
        function page() {
          more.hidden = true;
          var batch = ids.slice(next, next + PAGE);
          next += batch.length;
          return Promise.all(batch.map(function (id) { return loadDoc(meta, id); })).then(function (docs) {
            if (mine !== generation) return;
            docs.forEach(function (doc) {
              var pieces = passage(doc, terms);
              if (pieces) { show(list, doc, pieces); shown++; }
            });
            if (shown < PAGE && next < ids.length) return page();
            more.hidden = next >= ids.length;
            var exact = next >= ids.length;
            status.textContent = !shown ? text.none
              : shown === 1 && exact ? text.countOne
              : text.count.replace("{n}", shown + (exact ? "" : "+"));
          });
        }
        more.addEventListener("click", page);
        return page();
      });
    }).catch(function () { if (mine === generation) message(text.error); });
  }

  var timer = null;
  // `input`, not key events: Chinese typed through an IME arrives without per-key events.
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = input.value.trim();
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      history.replaceState(null, "", url);
      run(q);
    }, 120);
  });
  input.form && input.form.addEventListener("submit", function (e) { e.preventDefault(); run(input.value.trim()); });
  // Fetch the index's description now, so that the first query waits one round trip less.
  get("meta.json").catch(function () {});
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; run(initial.trim()); }
})();
