// Estate Map HTML viewer: tooltips, selection with blast radius, search, colour by,
// sortable register. Reads its data from the inline JSON; fetches nothing.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("estate-data").textContent);
  var comps = data.components;
  var map = document.getElementById("map");
  var overlay = map.querySelector("svg.overlay");
  var holes = document.getElementById("holes");
  var tooltip = document.getElementById("tooltip");
  var hots = {};
  Array.prototype.forEach.call(overlay.querySelectorAll(".hot"), function (el) {
    hots[el.getAttribute("data-i")] = el;
  });
  var selected = null;
  var NS = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }
  function selectButton(i, label) {
    var b = el("button", { type: "button", "class": "link" }, label);
    b.addEventListener("click", function () { select(i, true); });
    return b;
  }

  // Everything that depends on i, directly or transitively (the app's Impact).
  function blastRadius(i) {
    var seen = {}, order = [], stack = comps[i].dependants.slice();
    while (stack.length) {
      var n = stack.pop();
      if (seen[n] || n === i) { continue; }
      seen[n] = true; order.push(n);
      comps[n].dependants.forEach(function (d) { if (!seen[d]) { stack.push(d); } });
    }
    return order;
  }

  // Tooltip: the app's hover card.
  function showTip(i, x, y) {
    var c = comps[i];
    tooltip.textContent = "";
    tooltip.appendChild(el("strong", null, c.tip[0]));
    // As in the app, the description (the card's last line, if any) is in italics.
    var description = c.fields.filter(function (f) { return f[0] === "Description"; })[0];
    c.tip.slice(1).forEach(function (line, k) {
      var italic = description && k === c.tip.length - 2 && line === description[1];
      tooltip.appendChild(el(italic ? "em" : "div", null, line));
    });
    tooltip.hidden = false;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8);
    var top = y + 16 + h > window.innerHeight ? y - h - 10 : y + 16;
    tooltip.style.left = Math.max(4, left) + "px";
    tooltip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tooltip.hidden = true; }

  Object.keys(hots).forEach(function (key) {
    var h = hots[key], i = Number(key);
    h.addEventListener("mousemove", function (e) { showTip(i, e.clientX, e.clientY); });
    h.addEventListener("mouseleave", hideTip);
    h.addEventListener("focus", function () { var r = h.getBoundingClientRect(); showTip(i, r.left, r.bottom); });
    h.addEventListener("blur", hideTip);
    h.addEventListener("click", function () { select(i, false); });
    h.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(i, false); }
    });
  });

  function clearSelection() {
    selected = null;
    map.classList.remove("selecting");
    while (holes.firstChild) { holes.removeChild(holes.firstChild); }
    Object.keys(hots).forEach(function (k) { hots[k].classList.remove("impact", "selected"); });
    markRow(null);
    var d = document.getElementById("details");
    d.textContent = "";
    d.appendChild(el("h2", null, "Selected component"));
    d.appendChild(el("p", { "class": "muted" }, "None selected: click a component on the map or a row of the register."));
  }

  function select(i, focusMap) {
    clearSelection();
    selected = i;
    var radius = blastRadius(i);
    var bright = [i].concat(radius);
    map.classList.add("selecting");
    bright.forEach(function (n) {
      var hit = comps[n].hit;
      if (hit) {
        var r = document.createElementNS(NS, "rect");
        r.setAttribute("x", hit[0] - 4); r.setAttribute("y", hit[1] - 4);
        r.setAttribute("width", hit[2] + 8); r.setAttribute("height", hit[3] + 8);
        r.setAttribute("rx", 6); r.setAttribute("fill", "black");
        holes.appendChild(r);
      }
      if (hots[n]) { hots[n].classList.add(n === i ? "selected" : "impact"); }
    });
    details(i, radius);
    markRow(i);
    if (focusMap && hots[i]) { hots[i].focus({ preventScroll: true }); hots[i].scrollIntoView({ block: "nearest" }); }
  }

  function details(i, radius) {
    var c = comps[i], d = document.getElementById("details");
    d.textContent = "";
    d.appendChild(el("h2", null, "Selected component"));
    d.appendChild(el("h3", null, c.name));
    var box = el("div", { "class": "impact-box", id: "impact" });
    box.appendChild(el("p", { id: "impact-count" },
      radius.length === 0 ? "Nothing depends on it." :
        radius.length + (radius.length === 1 ? " component depends" : " components depend") + " on it (highlighted on the map)."));
    var needs = c.needs;
    box.appendChild(el("p", null, needs.length === 0 ? "No user need is affected." :
      (needs.length === 1 ? "1 user need affected:" : needs.length + " user needs affected:")));
    if (needs.length) {
      var ul = el("ul");
      needs.forEach(function (n) { var li = el("li"); li.appendChild(selectButton(n, comps[n].name)); ul.appendChild(li); });
      box.appendChild(ul);
    }
    d.appendChild(box);
    var dl = el("dl", { "class": "fields" });
    c.fields.forEach(function (f) { dl.appendChild(el("dt", null, f[0])); dl.appendChild(el("dd", null, f[1])); });
    d.appendChild(dl);
  }

  // Search by name.
  var find = document.getElementById("find"), results = document.getElementById("find-results");
  var count = document.getElementById("find-count");
  function search() {
    var q = find.value.trim().toLowerCase();
    results.textContent = "";
    Object.keys(hots).forEach(function (k) { hots[k].classList.remove("match"); });
    if (!q) { count.textContent = ""; return []; }
    var found = [];
    comps.forEach(function (c, i) { if (c.name.toLowerCase().indexOf(q) >= 0) { found.push(i); } });
    found.forEach(function (i) { if (hots[i]) { hots[i].classList.add("match"); } });
    count.textContent = found.length === 1 ? "1 match" : found.length + " matches";
    found.slice(0, 12).forEach(function (i) {
      var li = el("li"), b = el("button", { type: "button" }, comps[i].name);
      b.addEventListener("click", function () { select(i, true); results.textContent = ""; });
      li.appendChild(b); results.appendChild(li);
    });
    return found;
  }
  find.addEventListener("input", search);
  find.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { var f = search(); if (f.length) { select(f[0], true); results.textContent = ""; } }
    if (e.key === "ArrowDown" && results.firstChild) { e.preventDefault(); results.querySelector("button").focus(); }
  });

  // Colour by.
  Array.prototype.forEach.call(document.querySelectorAll("input[name=colour]"), function (radio) {
    radio.addEventListener("change", function () {
      var template = map.querySelector("template[data-colour=" + radio.value + "]");
      if (template) {
        map.insertBefore(template.content.cloneNode(true), overlay);
        template.parentNode.removeChild(template);
      }
      Array.prototype.forEach.call(map.querySelectorAll("svg.scene"), function (s) {
        // An SVG element has no `hidden` property: set the attribute.
        if (s.getAttribute("data-colour") === radio.value) { s.removeAttribute("hidden"); } else { s.setAttribute("hidden", "hidden"); }
      });
    });
  });

  document.getElementById("clear").addEventListener("click", clearSelection);
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { hideTip(); results.textContent = ""; if (selected !== null) { clearSelection(); } }
  });

  // Register: built from its columns and rows, sortable.
  var reg = data.register, tbody = el("tbody"), rowOf = {}, sortState = { col: 0, dir: 1 };
  function buildRegister() {
    var body = document.getElementById("register-body");
    if (!reg.rows.length) { body.appendChild(el("p", null, "The map has no systems or activities to rank.")); return; }
    var table = el("table", { id: "register-table" });
    table.appendChild(el("caption", { "class": "muted" }, reg.rows.length + " systems and activities"));
    var head = el("tr");
    reg.columns.forEach(function (c, k) {
      var th = el("th", { scope: "col", "data-key": c.key });
      var b = el("button", { type: "button" }, c.label);
      b.addEventListener("click", function () { sortBy(k); });
      th.appendChild(b); head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    reg.rows.forEach(function (r) {
      var tr = el("tr", { tabindex: "0", "data-i": r.i });
      r.cells.forEach(function (cell) {
        tr.appendChild(el("td", typeof cell[1] === "number" ? { "class": "num" } : null, cell[0]));
      });
      tr.title = [r.why, r.needs].filter(Boolean).join("\n");
      tr.addEventListener("click", function () { select(r.i, true); });
      tr.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(r.i, true); } });
      rowOf[r.i] = tr; r.tr = tr;
      tbody.appendChild(tr);
    });
    table.appendChild(tbody);
    body.appendChild(table);
    markSort();
  }
  function compare(a, b) {
    if (a === b) { return 0; }
    if (a === null || a === undefined || a === "") { return 1; }
    if (b === null || b === undefined || b === "") { return -1; }
    if (typeof a === "number" && typeof b === "number") { return a - b; }
    return String(a).localeCompare(String(b));
  }
  function sortBy(k) {
    sortState = { col: k, dir: sortState.col === k ? -sortState.dir : 1 };
    var rows = reg.rows.slice().sort(function (x, y) {
      var a = x.cells[k][1], b = y.cells[k][1], empty = function (v) { return v === null || v === undefined || v === ""; };
      if (empty(a) || empty(b)) { return compare(a, b); }
      return sortState.dir * compare(a, b);
    });
    rows.forEach(function (r) { tbody.appendChild(r.tr); });
    markSort();
  }
  function markSort() {
    Array.prototype.forEach.call(document.querySelectorAll("#register-table th"), function (th, k) {
      if (k === sortState.col) { th.setAttribute("aria-sort", sortState.dir > 0 ? "ascending" : "descending"); }
      else { th.removeAttribute("aria-sort"); }
    });
  }
  function markRow(i) {
    Object.keys(rowOf).forEach(function (k) { rowOf[k].classList.remove("selected"); rowOf[k].removeAttribute("aria-selected"); });
    if (i !== null && rowOf[i]) {
      var tr = rowOf[i], wrap = tr.closest(".table-wrap");
      tr.classList.add("selected"); tr.setAttribute("aria-selected", "true");
      wrap.scrollTop = tr.offsetTop - wrap.clientHeight / 2;
    }
  }

  function buildSummary() {
    var s = data.summary, body = document.getElementById("summary-body"), cards = el("div", { "class": "cards" });
    function card(big, label) { var c = el("div", { "class": "card" }); c.appendChild(el("span", { "class": "big" }, big)); c.appendChild(el("span", null, label)); cards.appendChild(c); }
    card(String(s.systems), "systems and activities");
    Object.keys(s.counts).forEach(function (k) { if (s.counts[k] > 0) { card(String(s.counts[k]), k); } });
    card(s.exposed_needs + " of " + s.needs, "user needs rest on at-risk systems");
    if (s.annual_cost) {
      card(s.annual_cost, "annual cost (" + s.costed + " systems costed)");
      card(s.annual_cost_at_risk, "annual cost of at-risk systems");
    }
    body.appendChild(cards);
    data.extra.forEach(function (e) { var p = el("p"); p.appendChild(el("strong", null, e[0] + ": ")); p.appendChild(document.createTextNode(e[1])); body.appendChild(p); });
    if (s.top.length) {
      body.appendChild(el("h3", null, "Highest risks"));
      var ol = el("ol");
      s.top.forEach(function (t) { var li = el("li"); li.appendChild(selectButton(t.i, t.name)); li.appendChild(document.createTextNode(": " + t.status + ", " + t.figure)); ol.appendChild(li); });
      body.appendChild(ol);
    }
    if (data.checks.length) {
      body.appendChild(el("h3", null, "Checks"));
      var ul = el("ul");
      data.checks.forEach(function (m) { ul.appendChild(el("li", null, m)); });
      body.appendChild(ul);
    }
  }

  function buildExposure() {
    var body = document.getElementById("exposure-body");
    if (!data.exposure.length) { body.appendChild(el("p", null, "The map has no user needs.")); return; }
    data.exposure.forEach(function (e) {
      var div = el("div", { "class": "exposure-need" }), h = el("h3");
      h.appendChild(selectButton(e.i, e.name)); div.appendChild(h);
      div.appendChild(el("p", null, "Rests on " + e.rests_on + (e.rests_on === 1 ? " component; " : " components; ") +
        (e.at_risk.length ? e.at_risk.length + " at risk (unsupported, extended support, shadow IT or unknown):" : "none at risk.")));
      if (e.at_risk.length) {
        var ul = el("ul");
        e.at_risk.forEach(function (a) {
          var li = el("li"); li.appendChild(selectButton(a.i, a.name));
          li.appendChild(document.createTextNode(": " + a.status + (a.rank ? ", rank " + a.rank : "")));
          ul.appendChild(li);
        });
        div.appendChild(ul);
      }
      body.appendChild(div);
    });
  }

  buildSummary();
  buildRegister();
  buildExposure();
  // Milliseconds from the start of navigation until the page answers clicks.
  document.documentElement.setAttribute("data-ready-ms", String(Math.round(performance.now())));
  document.documentElement.setAttribute("data-ready", "true");
})();
