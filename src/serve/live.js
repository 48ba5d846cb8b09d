// gongkai serve: reload when a rebuild changed this page; show the errors of a failed one.
// Injected by `gongkai serve` only, never into `gongkai build` output.
(function () {
  "use strict";
  var ID = "gongkai-serve-overlay";
  var seen = null;

  function hide() {
    var old = document.getElementById(ID);
    if (old) old.remove();
  }

  function show(status) {
    hide();
    var box = document.createElement("div");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
      "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;";
    var title = document.createElement("h2");
    title.textContent = "gongkai serve: the last save has errors (this page is the last good build)";
    title.style.cssText = "font-size:16px;margin:0 0 1rem;color:#ff8a80";
    box.appendChild(title);
    var list = document.createElement("ol");
    list.style.cssText = "margin:0;padding-left:1.5rem";
    (status.errors || []).forEach(function (e) {
      var item = document.createElement("li");
      item.style.marginBottom = "0.75rem";
      var where = document.createElement("div");
      where.style.color = "#80d8ff";
      where.textContent =
        (e.file || "") + (e.line ? ":" + e.line + ":" + e.column : "") + "  [" + e.rule + "]";
      var message = document.createElement("div");
      message.textContent = e.message;
      item.appendChild(where);
      item.appendChild(message);
      if (e.hint) {
        var hint = document.createElement("div");
        hint.style.color = "#ccc";
        hint.textContent = "hint: " + e.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    box.appendChild(list);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "hide";
    close.style.cssText = "position:absolute;top:1rem;right:1rem";
    close.onclick = hide;
    box.appendChild(close);
    document.body.appendChild(box);
  }

  // Did this tab's page change in a publication after generation `since`?
  function changed(status, since) {
    var recent = status.recent || [];
    if (!recent.length || recent[0].generation > since + 1) return true;
    var rel = location.pathname;
    try { rel = decodeURIComponent(rel); } catch (e) { return true; }
    if (rel.indexOf(status.base) === 0) rel = rel.slice(status.base.length);
    if (rel === "" || rel.charAt(rel.length - 1) === "/") rel += "index.html";
    return recent.some(function (p) {
      return p.generation > since && (p.all || p.pages.indexOf(rel) >= 0);
    });
  }

  function check(since) {
    fetch("/__gongkai/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (!s.ok) return show(s);
        hide();
        if (since !== null && changed(s, since)) location.reload();
      })
      .catch(function () {});
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__gongkai/events");
  events.onmessage = function (e) {
    var generation = parseInt(e.data, 10);
    if (seen !== null && generation !== seen) check(generation < seen ? -1 : seen);
    seen = generation;
  };
  check(null);
})();
