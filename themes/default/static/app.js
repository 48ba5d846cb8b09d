// gongkai: sortable tables and the agency filters. No framework; the pages work without it.
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    if (!cell) return numeric ? null : "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) return raw;
    if (raw === "" || raw === "—") return null;
    var n = parseFloat(raw);
    return isNaN(n) ? null : n;
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[table.tHead.rows.length - 1].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
          // Blanks sort last either way: a missing figure is not a small one.
          if (x === null && y === null) return 0;
          if (x === null) return 1;
          if (y === null) return -1;
          var c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function setupFilters(form) {
    var table = document.getElementById("agency-table");
    if (!table) return;
    form.hidden = false;
    var output = document.getElementById("agency-count");
    function apply() {
      var want = {};
      Array.prototype.forEach.call(form.elements, function (el) { if (el.name) want[el.name] = el.value; });
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var ok = (!want.province || row.getAttribute("data-province") === want.province) &&
          (!want.level || row.getAttribute("data-level") === want.level) &&
          (!want.kind || row.getAttribute("data-kind") === want.kind) &&
          (!want.year || (" " + row.getAttribute("data-years") + " ").indexOf(" " + want.year + " ") >= 0);
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (output) output.textContent = shown + " / " + table.tBodies[0].rows.length;
    }
    form.addEventListener("change", apply);
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
    var filters = document.getElementById("agency-filters");
    if (filters) setupFilters(filters);
  });
})();
