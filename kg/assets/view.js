/* kg view: a small canvas renderer for one kg graph, inlined by kg/view.py.
 *
 * The data (kg/view.py: view_data) holds nodes with precomputed positions and
 * edges with parsed evidence.  Everything here is plain DOM and canvas: no
 * library, no network.  Data is only ever written with textContent, never as
 * HTML, so names and sentences cannot inject markup.
 */
"use strict";
(function () {
  const DATA = JSON.parse(document.getElementById("kg-data").textContent);
  const NODE_COLORS = {
    PLACE: "#1f77b4", AGENCY: "#d62728", ORG: "#9467bd", FIRM: "#ff7f0e",
    PARK: "#2ca02c", PROGRAM: "#17becf", POLICY: "#8c564b", PERSON: "#e377c2",
  };
  const EDGE_COLORS = {
    ASSISTS: "#d62728", FUNDS: "#bcbd22", INVESTS_IN: "#ff7f0e", LOCATED_IN: "#b0b7c0",
    CO_BUILDS: "#2ca02c", COOPERATES_WITH: "#1f77b4", IMPLEMENTS: "#17becf", ISSUES: "#8c564b",
  };
  const SYMMETRIC = new Set(["COOPERATES_WITH"]);
  const FALLBACK_COLOR = "#7f7f7f";
  const NODE_HIT_PX = 4;
  const EDGE_HIT_PX = 5;
  const DRAG_PX = 4;
  const BEND_PX = 18;
  const CURVE_STEPS = 12;
  const MAX_LABELS = 250;  // labels drawn per frame at most, so panning a large graph stays smooth

  const canvas = document.getElementById("canvas");
  const ctx = canvas.getContext("2d");
  const details = document.getElementById("details");
  const search = document.getElementById("search");
  const results = document.getElementById("search-results");
  const yearSelect = document.getElementById("year");
  const cumulative = document.getElementById("cumulative");
  const status = document.getElementById("status");

  const nodes = DATA.nodes.map((n, i) => ({
    index: i, x: n.x, y: n.y, attrs: n.attrs, degree: n.degree,
    radius: 4 + 2.2 * Math.sqrt(n.degree), out: [], in: [],
    names: [n.attrs.name].concat(String(n.attrs.aliases || "").split("|")).filter(Boolean),
  }));
  const edges = DATA.edges.map((e, i) => ({ ...e, index: i, source: nodes[e.source], target: nodes[e.target] }));
  for (const e of edges) { e.source.out.push(e); e.target.in.push(e); }
  assignBends(edges);

  const view = { scale: 1, tx: 0, ty: 0, width: 0, height: 0 };
  const filter = { types: new Set(DATA.nodeTypes), relations: new Set(DATA.relationTypes), year: null, cumulative: false };
  let selected = null;        // {kind: "node"|"edge", item}
  let visibleNodes = new Set(nodes);
  let visibleEdges = new Set(edges);
  let frameRequested = false;

  const colorOf = (map, key) => map[key] || FALLBACK_COLOR;
  const el = (tag, props, ...children) => {
    const node = Object.assign(document.createElement(tag), props || {});
    for (const child of children) node.append(child);
    return node;
  };

  /* Edges between the same two nodes (in either direction) fan out as curves, so each can be seen and clicked. */
  function assignBends(list) {
    const groups = new Map();
    for (const e of list) {
      const key = Math.min(e.source.index, e.target.index) + ":" + Math.max(e.source.index, e.target.index);
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(e);
    }
    for (const group of groups.values()) {
      group.forEach((e, i) => {
        const offset = (i - (group.length - 1) / 2) * BEND_PX;
        // The sign follows the pair's canonical direction, so opposite edges do not cancel out.
        e.bend = e.source.index <= e.target.index ? offset : -offset;
      });
    }
  }

  /* ---------- filters ---------- */

  function edgeInYear(e) {
    if (filter.year === null) return true;
    return e.years.some((y) => (filter.cumulative ? y <= filter.year : y === filter.year));
  }

  function applyFilters() {
    visibleEdges = new Set(edges.filter((e) =>
      filter.relations.has(e.type) && filter.types.has(e.source.attrs.type) &&
      filter.types.has(e.target.attrs.type) && edgeInYear(e)));
    const touched = new Set();
    for (const e of visibleEdges) { touched.add(e.source); touched.add(e.target); }
    visibleNodes = new Set(nodes.filter((n) =>
      filter.types.has(n.attrs.type) && (filter.year === null || touched.has(n))));
    status.textContent = `${visibleNodes.size} of ${nodes.length} nodes, ${visibleEdges.size} of ${edges.length} edges shown`;
    redraw();
  }

  function checkbox(container, key, color, count, set, swatchClass) {
    const input = el("input", { type: "checkbox", checked: true, value: key });
    input.addEventListener("change", () => { input.checked ? set.add(key) : set.delete(key); applyFilters(); });
    const swatch = el("span", { className: swatchClass });
    swatch.style.background = color;
    container.append(el("label", {}, input, swatch, key, el("span", { className: "count", textContent: String(count) })));
  }

  function buildFilters() {
    const typeCount = {}, relationCount = {};
    for (const n of nodes) typeCount[n.attrs.type] = (typeCount[n.attrs.type] || 0) + 1;
    for (const e of edges) relationCount[e.type] = (relationCount[e.type] || 0) + 1;
    const types = document.getElementById("type-filters");
    for (const t of DATA.nodeTypes) checkbox(types, t, colorOf(NODE_COLORS, t), typeCount[t], filter.types, "swatch");
    const relations = document.getElementById("relation-filters");
    for (const r of DATA.relationTypes) checkbox(relations, r, colorOf(EDGE_COLORS, r), relationCount[r], filter.relations, "line-swatch");
    for (const y of DATA.years) yearSelect.append(el("option", { value: String(y), textContent: String(y) }));
    yearSelect.addEventListener("change", () => {
      filter.year = yearSelect.value === "" ? null : Number(yearSelect.value);
      applyFilters();
    });
    cumulative.addEventListener("change", () => { filter.cumulative = cumulative.checked; applyFilters(); });
    document.getElementById("fit").addEventListener("click", () => fit(visibleNodes));
  }

  /* ---------- drawing ---------- */

  const toScreen = (n) => [n.x * view.scale + view.tx, n.y * view.scale + view.ty];
  /* Nodes shrink when zoomed far out, so a large graph is not a blot of discs. */
  const screenRadius = (n) => Math.max(2.5, n.radius * Math.min(1, view.scale / 30));

  function resize() {
    const rect = canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    view.width = rect.width; view.height = rect.height;
    canvas.width = Math.max(1, Math.round(rect.width * ratio));
    canvas.height = Math.max(1, Math.round(rect.height * ratio));
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    redraw();
  }

  function fit(which) {
    const list = [...which];
    if (list.length === 0 || view.width === 0) return;
    const xs = list.map((n) => n.x), ys = list.map((n) => n.y);
    const minX = Math.min(...xs), maxX = Math.max(...xs), minY = Math.min(...ys), maxY = Math.max(...ys);
    const margin = 40;
    view.scale = Math.min((view.width - 2 * margin) / Math.max(maxX - minX, 1e-6),
                          (view.height - 2 * margin) / Math.max(maxY - minY, 1e-6), 400);
    view.tx = view.width / 2 - view.scale * (minX + maxX) / 2;
    view.ty = view.height / 2 - view.scale * (minY + maxY) / 2;
    redraw();
  }

  function centerOn(node) {
    view.scale = Math.max(view.scale, 60);
    view.tx = view.width / 2 - node.x * view.scale;
    view.ty = view.height / 2 - node.y * view.scale;
    redraw();
  }

  function redraw() {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => { frameRequested = false; draw(); });
  }

  function highlighted() {
    const set = new Set();
    if (!selected) return set;
    if (selected.kind === "node") {
      set.add(selected.item);
      for (const e of selected.item.out.concat(selected.item.in)) { set.add(e.source); set.add(e.target); }
    } else {
      set.add(selected.item.source); set.add(selected.item.target);
    }
    return set;
  }

  /* Screen points of an edge: start, quadratic control point, end. */
  function edgeCurve(e) {
    const [x1, y1] = toScreen(e.source), [x2, y2] = toScreen(e.target);
    const length = Math.hypot(x2 - x1, y2 - y1) || 1;
    const cx = (x1 + x2) / 2 - (y2 - y1) / length * e.bend, cy = (y1 + y2) / 2 + (x2 - x1) / length * e.bend;
    return [x1, y1, cx, cy, x2, y2];
  }

  function drawArrow(x1, y1, x2, y2, radius) {
    const angle = Math.atan2(y2 - y1, x2 - x1);
    const tipX = x2 - Math.cos(angle) * radius, tipY = y2 - Math.sin(angle) * radius;
    ctx.beginPath();
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(tipX - 8 * Math.cos(angle - 0.4), tipY - 8 * Math.sin(angle - 0.4));
    ctx.lineTo(tipX - 8 * Math.cos(angle + 0.4), tipY - 8 * Math.sin(angle + 0.4));
    ctx.closePath();
    ctx.fill();
  }

  function draw() {
    ctx.clearRect(0, 0, view.width, view.height);
    const near = highlighted();
    const focus = selected !== null;
    for (const e of visibleEdges) {
      const [x1, y1, cx, cy, x2, y2] = edgeCurve(e);
      const isSelected = selected && (selected.item === e || selected.item === e.source || selected.item === e.target);
      ctx.globalAlpha = focus && !isSelected ? 0.15 : 0.85;
      ctx.strokeStyle = ctx.fillStyle = colorOf(EDGE_COLORS, e.type);
      ctx.lineWidth = (selected && selected.item === e ? 3 : 1) + Math.log2(e.attrs.weight || 1);
      ctx.beginPath(); ctx.moveTo(x1, y1); ctx.quadraticCurveTo(cx, cy, x2, y2); ctx.stroke();
      if (!SYMMETRIC.has(e.type)) drawArrow(cx, cy, x2, y2, screenRadius(e.target) + 2);
    }
    for (const n of visibleNodes) {
      const [x, y] = toScreen(n);
      ctx.globalAlpha = focus && !near.has(n) ? 0.25 : 1;
      ctx.fillStyle = colorOf(NODE_COLORS, n.attrs.type);
      ctx.beginPath(); ctx.arc(x, y, screenRadius(n), 0, 2 * Math.PI); ctx.fill();
      if (selected && selected.item === n) {
        ctx.lineWidth = 3; ctx.strokeStyle = "#24292f"; ctx.stroke();
      }
    }
    drawLabels(near, focus);
  }

  /* Names of the highlighted nodes first, then by degree, skipping any label that would overlap one drawn. */
  function drawLabels(near, focus) {
    ctx.font = "12px system-ui, 'Noto Sans CJK SC', sans-serif";
    ctx.textBaseline = "middle";
    ctx.globalAlpha = 1;
    const order = [...visibleNodes].filter((n) => !focus || near.has(n))
      .sort((a, b) => (near.has(b) - near.has(a)) || (b.degree - a.degree));
    const placed = [];
    for (const n of order) {
      if (placed.length >= MAX_LABELS) break;
      const [x, y] = toScreen(n);
      const left = x + screenRadius(n) + 3;
      const box = { x1: left - 1, y1: y - 8, x2: left + ctx.measureText(n.attrs.name).width + 1, y2: y + 8 };
      if (box.x2 < 0 || box.x1 > view.width || box.y2 < 0 || box.y1 > view.height) continue;
      if (!near.has(n) && placed.some((p) => box.x1 < p.x2 && p.x1 < box.x2 && box.y1 < p.y2 && p.y1 < box.y2)) continue;
      placed.push(box);
      ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,.9)";
      ctx.strokeText(n.attrs.name, left, y);
      ctx.fillStyle = "#1f2328";
      ctx.fillText(n.attrs.name, left, y);
    }
  }

  /* ---------- hit testing and pointer ---------- */

  function nodeAt(px, py) {
    let best = null, bestDist = Infinity;
    for (const n of visibleNodes) {
      const [x, y] = toScreen(n);
      const d = Math.hypot(px - x, py - y);
      if (d <= screenRadius(n) + NODE_HIT_PX && d < bestDist) { best = n; bestDist = d; }
    }
    return best;
  }

  function distanceToSegment(px, py, x1, y1, x2, y2) {
    const dx = x2 - x1, dy = y2 - y1, length2 = dx * dx + dy * dy;
    const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / length2));
    return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
  }

  function edgeAt(px, py) {
    let best = null, bestDist = EDGE_HIT_PX;
    for (const e of visibleEdges) {
      const [x1, y1, cx, cy, x2, y2] = edgeCurve(e);
      let [ax, ay] = [x1, y1];
      for (let step = 1; step <= CURVE_STEPS; step++) {
        const t = step / CURVE_STEPS, u = 1 - t;
        const bx = u * u * x1 + 2 * u * t * cx + t * t * x2, by = u * u * y1 + 2 * u * t * cy + t * t * y2;
        const d = distanceToSegment(px, py, ax, ay, bx, by);
        if (d <= bestDist) { best = e; bestDist = d; }
        [ax, ay] = [bx, by];
      }
    }
    return best;
  }

  function pointer(event) {
    const rect = canvas.getBoundingClientRect();
    return [event.clientX - rect.left, event.clientY - rect.top];
  }

  let drag = null;
  canvas.addEventListener("mousedown", (event) => {
    const [x, y] = pointer(event);
    drag = { x, y, tx: view.tx, ty: view.ty, moved: false };
  });
  window.addEventListener("mousemove", (event) => {
    const [x, y] = pointer(event);
    if (drag) {
      if (Math.hypot(x - drag.x, y - drag.y) > DRAG_PX) { drag.moved = true; canvas.classList.add("dragging"); }
      if (drag.moved) { view.tx = drag.tx + x - drag.x; view.ty = drag.ty + y - drag.y; redraw(); }
    } else if (event.target === canvas) {
      canvas.classList.toggle("pointing", Boolean(nodeAt(x, y) || edgeAt(x, y)));
    }
  });
  window.addEventListener("mouseup", (event) => {
    if (!drag) return;
    const wasClick = !drag.moved && event.target === canvas;
    drag = null;
    canvas.classList.remove("dragging");
    if (!wasClick) return;
    const [x, y] = pointer(event);
    const node = nodeAt(x, y);
    if (node) { selectNode(node); return; }
    const edge = edgeAt(x, y);
    if (edge) selectEdge(edge); else clearSelection();
  });
  canvas.addEventListener("wheel", (event) => {
    event.preventDefault();
    const [x, y] = pointer(event);
    const factor = Math.exp(-event.deltaY * 0.0015);
    view.tx = x - (x - view.tx) * factor;
    view.ty = y - (y - view.ty) * factor;
    view.scale *= factor;
    redraw();
  }, { passive: false });

  /* ---------- details panel ---------- */

  function badge(type, colors) {
    const b = el("span", { className: "badge", textContent: type });
    b.style.background = colorOf(colors, type);
    return b;
  }

  function attributeTable(attrs, skip) {
    const table = el("table", { className: "attrs" });
    for (const [name, value] of Object.entries(attrs)) {
      if (skip.includes(name) || value === "" || value === null) continue;
      const shown = typeof value === "string" && value.includes("|") ? value.split("|").join(" | ") : String(value);
      table.append(el("tr", {}, el("th", { textContent: name }), el("td", { textContent: shown })));
    }
    return table;
  }

  const nodeLink = (n) => {
    const button = el("button", { className: "link", type: "button", textContent: n.attrs.name });
    button.addEventListener("click", () => { selectNode(n); centerOn(n); });
    return button;
  };

  const edgeLink = (e, text) => {
    const button = el("button", { className: "link edge-link", type: "button", textContent: text });
    button.addEventListener("click", () => selectEdge(e));
    return button;
  };

  function showNode(n) {
    const list = el("ul", { className: "relations" });
    for (const e of n.out) list.append(el("li", {}, "→ ", edgeLink(e, `${e.type} ${e.target.attrs.name} (${e.attrs.weight})`)));
    for (const e of n.in) list.append(el("li", {}, "← ", edgeLink(e, `${e.type} ${e.source.attrs.name} (${e.attrs.weight})`)));
    if (!n.out.length && !n.in.length) list.append(el("li", { className: "hint", textContent: "no relations" }));
    details.replaceChildren(
      badge(n.attrs.type, NODE_COLORS),
      el("h3", { textContent: n.attrs.name }),
      attributeTable(n.attrs, ["name", "type"]),
      el("h2", { textContent: `Relations (${n.out.length + n.in.length})` }),
      list,
    );
  }

  const SPAN = 1, TRIGGER = 2, HEAD = 4, TAIL = 8;
  const FLAG_CLASSES = [[SPAN, "ev-span"], [TRIGGER, "ev-trigger"], [HEAD, "ev-head"], [TAIL, "ev-tail"]];

  /* Set ``flag`` on the characters of ``word`` where it occurs within [lo, hi): everywhere, or only the first time. */
  function flagWord(flags, text, word, flag, lo, hi, all) {
    if (!word) return;
    for (let at = text.indexOf(word, lo); at >= 0 && at + word.length <= hi; at = text.indexOf(word, at + 1)) {
      for (let i = at; i < at + word.length; i++) flags[i] |= flag;
      if (!all) return;
    }
  }

  /* The sentence with the evidence span marked, the trigger in bold and the two ends' names underlined.
   * Each character gets flags; runs of equal flags become one <span>, so overlapping marks need no nesting. */
  function evidenceText(item, edge) {
    const text = item.context !== null ? item.context : item.text;
    const [lo, hi] = item.context !== null ? [item.start, item.end] : [0, item.text.length];
    const flags = new Array(text.length).fill(0);
    for (let i = lo; i < hi; i++) flags[i] |= SPAN;
    flagWord(flags, text, item.trigger, TRIGGER, lo, hi, false);
    for (const [node, flag] of [[edge.source, HEAD], [edge.target, TAIL]]) {
      for (const name of [...node.names].sort((a, b) => b.length - a.length)) flagWord(flags, text, name, flag, lo, hi, true);
    }
    const quote = el("blockquote", { className: "evidence-text" });
    for (let i = 0; i < text.length;) {
      let j = i;
      while (j < text.length && flags[j] === flags[i]) j++;
      const classes = FLAG_CLASSES.filter(([flag]) => flags[i] & flag).map(([, name]) => name);
      quote.append(classes.length ? el("span", { className: classes.join(" "), textContent: text.slice(i, j) }) : text.slice(i, j));
      i = j;
    }
    return quote;
  }

  function showEdge(e) {
    const evidence = el("div", { className: "evidence-list" });
    for (const item of e.evidence) {
      const where = `${item.doc} · ${item.sentence} · chars ${item.start}–${item.end}` + (item.trigger ? ` · trigger ${item.trigger}` : "");
      const doc = DATA.documents[item.doc];
      evidence.append(el("div", { className: "evidence" },
        el("div", { className: "meta", textContent: where, title: doc ? doc.path : "" }),
        evidenceText(item, e)));
    }
    const shown = e.evidence.length < e.attrs.weight ? ` (first ${e.evidence.length} of ${e.attrs.weight})` : "";
    const arrow = SYMMETRIC.has(e.type) ? " ↔ " : " → ";
    details.replaceChildren(
      badge(e.type, EDGE_COLORS),
      el("h3", {}, nodeLink(e.source), arrow, nodeLink(e.target)),
      attributeTable(e.attrs, ["type"]),
      el("h2", { textContent: `Evidence${shown}` }),
      el("p", { className: "hint" }, "Marked: the evidence span; ", el("span", { className: "ev-trigger", textContent: "bold" }),
        ": the trigger; underlined: ", el("span", { className: "ev-head", textContent: "head" }), " and ",
        el("span", { className: "ev-tail", textContent: "tail" }), "."),
      evidence,
    );
  }

  function selectNode(n) { selected = { kind: "node", item: n }; showNode(n); redraw(); }
  function selectEdge(e) { selected = { kind: "edge", item: e }; showEdge(e); redraw(); }
  function clearSelection() {
    selected = null;
    details.replaceChildren(el("p", { className: "hint", textContent: "Click a node or an edge to see its attributes and evidence sentences." }));
    redraw();
  }

  /* ---------- search ---------- */

  function matches(query) {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const scored = [];
    for (const n of nodes) {
      const names = n.names.map((s) => s.toLowerCase());
      let rank = -1;
      if (names.includes(q) || n.attrs.id.toLowerCase() === q) rank = 0;
      else if (names.some((s) => s.startsWith(q))) rank = 1;
      else if (names.some((s) => s.includes(q))) rank = 2;
      if (rank >= 0) scored.push([rank, -n.degree, n.attrs.name, n]);
    }
    scored.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2].localeCompare(b[2]));
    return scored.slice(0, 30).map((s) => s[3]);
  }

  function choose(n) {
    results.hidden = true;
    if (!filter.types.has(n.attrs.type)) {
      filter.types.add(n.attrs.type);
      for (const box of document.querySelectorAll("#type-filters input")) if (box.value === n.attrs.type) box.checked = true;
      applyFilters();
    }
    selectNode(n);
    centerOn(n);
  }

  function showResults() {
    const found = matches(search.value);
    results.replaceChildren();
    for (const n of found) {
      const aliases = n.names.filter((s) => s !== n.attrs.name).join(" | ");
      const item = el("li", { className: "result" }, badge(n.attrs.type, NODE_COLORS), el("span", { textContent: n.attrs.name }),
        el("span", { className: "alias", textContent: aliases }));
      item.dataset.id = n.attrs.id;
      item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(n); });
      results.append(item);
    }
    if (!found.length && search.value.trim()) results.append(el("li", { className: "empty", textContent: "no node with that name or alias" }));
    results.hidden = !search.value.trim();
    return found;
  }

  search.addEventListener("input", showResults);
  search.addEventListener("focus", showResults);
  search.addEventListener("blur", () => { results.hidden = true; });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      const found = showResults();
      if (found.length) choose(found[0]);
    } else if (event.key === "Escape") {
      results.hidden = true;
    }
  });

  buildFilters();
  applyFilters();
  new ResizeObserver(() => { const first = view.width === 0; resize(); if (first) fit(visibleNodes); }).observe(canvas);
})();
