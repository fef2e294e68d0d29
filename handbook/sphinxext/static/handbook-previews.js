/* The handbook's previews, print button and search summaries.
 * Data: _static/handbook-previews.json (written by handbook/sphinxext/previews.py).
 * Without JavaScript every link stays a plain link and the print button stays hidden. */
(function () {
  "use strict";
  var root = new URL(document.documentElement.dataset.content_root || "./", window.location.href);
  var data = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(new URL("_static/handbook-previews.json", root))
        .then(function (response) { return response.ok ? response.json() : {}; })
        .catch(function () { return {}; })
        .then(function (json) { data = json; return json; });
    }
    return loading;
  }

  function keyFor(link) {
    var url = new URL(link.getAttribute("href"), window.location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return null;
    var path = url.pathname.slice(root.pathname.length);
    return { full: path + url.hash, page: path };
  }

  function lookup(link) {
    var key = keyFor(link);
    if (!key || !data) return null;
    return data[key.full] || (link.hash ? null : data[key.page]) || null;
  }

  var box = null;
  var owner = null;

  function ensureBox() {
    if (!box) {
      box = document.createElement("div");
      box.id = "handbook-preview";
      box.className = "handbook-preview";
      box.setAttribute("role", "tooltip");
      box.hidden = true;
      document.body.appendChild(box);
    }
    return box;
  }

  function show(link) {
    load().then(function () {
      var item = lookup(link);
      if (!item) return;
      var el = ensureBox();
      el.textContent = "";
      var title = document.createElement("strong");
      title.textContent = item.title;
      el.appendChild(title);
      if (item.text) {
        var text = document.createElement("p");
        text.textContent = item.text;
        el.appendChild(text);
      }
      var rect = link.getBoundingClientRect();
      el.hidden = false;
      var width = el.offsetWidth;
      var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
      el.style.left = left + "px";
      el.style.top = (rect.bottom + window.scrollY + 6) + "px";
      if (owner && owner !== link) owner.removeAttribute("aria-describedby");
      owner = link;
      link.setAttribute("aria-describedby", el.id);
    });
  }

  function hide() {
    if (box) box.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
  }

  function wire(link) {
    var touched = false;
    // A tap also fires mouseenter and focus before its click: on a touch screen
    // only the click decides (first tap previews), or the preview data arriving
    // early would make the first tap follow the link.
    link.addEventListener("mouseenter", function () { if (!touched) show(link); });
    link.addEventListener("mouseleave", hide);
    link.addEventListener("focus", function () { if (!touched) show(link); });
    link.addEventListener("blur", hide);
    link.addEventListener("pointerdown", function (event) { touched = event.pointerType === "touch"; });
    link.addEventListener("pointerdown", function () { load(); });
    link.addEventListener("click", function (event) {
      // On a touch screen the first tap previews, the second follows the link.
      if (touched && owner !== link) {
        event.preventDefault();
        load().then(function () {
          if (lookup(link)) show(link);
          else window.location.href = link.href;
        });
      }
      touched = false;
    });
  }

  function summaries(results) {
    load().then(function () {
      results.querySelectorAll("ul.search > li").forEach(function (item) {
        if (item.dataset.handbookSummary) return;
        var link = item.querySelector("a");
        var key = link && keyFor(link);
        var entry = key && data[key.page];
        item.dataset.handbookSummary = "1";
        if (!entry || !entry.text) return;
        var p = document.createElement("p");
        p.className = "handbook-result-summary";
        p.textContent = entry.text;
        link.insertAdjacentElement("afterend", p);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("article a.reference.internal[href]").forEach(wire);
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
    document.querySelectorAll("button.handbook-print").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    var results = document.getElementById("search-results");
    if (results) {
      new MutationObserver(function () { summaries(results); }).observe(results, { childList: true, subtree: true });
    }
  });
})();
