// gongkai serve: reload after a good rebuild; show the errors of a failed one over the page.
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

  function check(reload) {
    fetch("/__gongkai/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (!s.ok) show(s);
        else if (reload) location.reload();
        else hide();
      })
      .catch(function () {});
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__gongkai/events");
  events.onmessage = function (e) {
    if (seen !== null && e.data !== seen) check(true);
    seen = e.data;
  };
  check(false);
})();
