/* The stakeholder graph: draws the server's layout (graph.json) as SVG; selecting a node
   (click, Enter or Space) highlights it and lists its neighbours. No third-party code. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function el(name, attrs) {
    var node = document.createElementNS(SVG, name);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function radius(node) { return 5 + Math.min(10, Math.sqrt(node.degree || 0) * 2); }

  function draw(box, data) {
    box.textContent = "";
    if (!data.nodes.length) {
      var p = document.createElement("p");
      p.className = "meta";
      p.textContent = box.dataset.empty;
      box.appendChild(p);
      return;
    }
    var svg = el("svg", {
      viewBox: "0 0 " + data.width + " " + data.height,
      role: "group",
      "aria-label": box.dataset.hint
    });
    var byId = {}, near = {}, lines = [];
    data.nodes.forEach(function (n) { byId[n.id] = n; near[n.id] = []; });
    var edges = el("g", { "aria-hidden": "true" });
    data.edges.forEach(function (e) {
      var a = byId[e.source], b = byId[e.target];
      var line = el("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y });
      line.dataset.source = e.source;
      line.dataset.target = e.target;
      edges.appendChild(line);
      lines.push(line);
      near[e.source].push(e.target);
      near[e.target].push(e.source);
    });
    svg.appendChild(edges);
    var groups = {};
    var layer = el("g");
    data.nodes.forEach(function (n) {
      var g = el("g", { "class": "node", tabindex: "0", role: "button", "aria-label": n.label });
      g.appendChild(el("circle", { cx: n.x, cy: n.y, r: radius(n), "class": "kind-" + n.kind }));
      var title = el("title");
      title.textContent = n.label;
      g.appendChild(title);
      if (n.degree >= 3 || data.nodes.length <= 40) {
        var right = n.x > data.width * 0.7;
        var text = el("text", {
          x: right ? n.x - radius(n) - 2 : n.x + radius(n) + 2,
          y: n.y + 4,
          "text-anchor": right ? "end" : "start",
          direction: "ltr"
        });
        text.textContent = n.label;
        g.appendChild(text);
      }
      g.addEventListener("click", function () { select(n.id); });
      g.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(n.id); }
      });
      groups[n.id] = g;
      layer.appendChild(g);
    });
    svg.appendChild(layer);
    box.appendChild(svg);

    var details = document.getElementById("graph-details");
    function select(id) {
      var keep = {};
      keep[id] = true;
      near[id].forEach(function (m) { keep[m] = true; });
      Object.keys(groups).forEach(function (k) {
        groups[k].classList.toggle("faded", !keep[k]);
        groups[k].classList.toggle("selected", k === id);
      });
      lines.forEach(function (line) {
        line.classList.toggle("near", line.dataset.source === id || line.dataset.target === id);
      });
      var heading = details.querySelector("h2");
      details.textContent = "";
      details.appendChild(heading);
      var name = document.createElement("p");
      var strong = document.createElement("strong");
      strong.textContent = byId[id].label;
      name.appendChild(strong);
      details.appendChild(name);
      var sub = document.createElement("p");
      sub.className = "meta";
      sub.textContent = box.dataset.neighbours + " (" + near[id].length + ")";
      details.appendChild(sub);
      if (!near[id].length) {
        var none = document.createElement("p");
        none.textContent = box.dataset.none;
        details.appendChild(none);
        return;
      }
      var list = document.createElement("ul");
      near[id].map(function (m) { return byId[m]; })
        .sort(function (a, b) { return a.label.localeCompare(b.label); })
        .forEach(function (m) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = "#";
          link.textContent = m.label;
          link.addEventListener("click", function (ev) {
            ev.preventDefault();
            select(m.id);
            groups[m.id].focus();
          });
          item.appendChild(link);
          list.appendChild(item);
        });
      details.appendChild(list);
    }
  }

  function start() {
    var box = document.getElementById("network-graph");
    if (!box || !window.fetch) { return; }
    fetch(box.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (data) { draw(box, data); })
      .catch(function () { /* the table below stays the way in */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
