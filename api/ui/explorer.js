// policykg explorer: search, entity pages, an expandable graph and the evidence of every fact.
// Everything it shows comes from the API of the server that serves it (no CDN, no other host).
"use strict";

const $ = (id) => document.getElementById(id);
const state = { config: null, cy: null, page: null, brief: null, focus: null };

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) node.append(child);
  return node;
}

// A path of this server with the parameters that have a value.
function apiUrl(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) if (v) url.searchParams.set(k, v);
  return url;
}

async function api(path, params = {}) {
  const url = apiUrl(path, params);
  const response = await fetch(url);
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    throw new Error(typeof body.detail === "string" ? body.detail : `${response.status} ${url.pathname}`);
  }
  return response.json();
}

const PROPERTY_NAMES = { genre: "类型", doc_number: "文号", province: "省份" };
const entityPath = (iri) => "/entities/" + iri.split("/id/")[1];
const shown = (label) => !state.config.labels[label] || $(`type-${label}`).checked;
const typeName = (label) => (state.config.labels[label] || {}).name || label;
const relationName = (type) => (state.config.relations[type] || {}).name || type;
const badge = (label) => el("span", { className: "badge", textContent: typeName(label),
  style: `background:${(state.config.labels[label] || { color: "#999" }).color}` });

const today = () => new Date().toISOString().slice(0, 10);

function filters() {
  return { topic: $("topic").value, province: $("province").value, from: $("from").value, to: $("to").value,
    in_force_on: $("in-force").checked ? today() : "" };
}

function inPeriod(date) {
  const { from, to } = filters();
  return (!from || date >= from) && (!to || date.slice(0, to.length) <= to);
}

function say(message) { $("graph-title").textContent = message; }

// ---- graph ----

function graphStyle() {
  const rules = [
    // Chinese has no spaces to wrap at: a label wraps between any two characters.
    { selector: "node", style: { label: "data(caption)", "text-wrap": "wrap", "text-overflow-wrap": "anywhere",
      "text-valign": "bottom",
      width: 28, height: 28, "border-width": 2, "font-family": "Noto Sans CJK SC, sans-serif", ...labelSize(1) } },
    // A relation's name shows on the edge under the pointer or selected, not on every edge at once.
    { selector: "edge", style: { width: 1.5, "line-color": "#B0B7C0", "target-arrow-color": "#B0B7C0",
      "target-arrow-shape": "triangle", "curve-style": "bezier", color: "#555", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.85 } },
    { selector: "edge:selected, edge.pointed", style: { label: "data(relation)" } },
  ];
  // Colours, shapes and widths come from the ontology and cypher/style.grass (/ui/config.json).
  for (const [type, s] of Object.entries(state.config.relations)) {
    rules.push({ selector: `edge[type = '${type}']`,
      style: { "line-color": s.color, "target-arrow-color": s.color, width: Math.max(1.5, s.width) } });
  }
  for (const [label, s] of Object.entries(state.config.labels)) {
    rules.push({ selector: `node[label = '${label}']`,
      style: { "background-color": s.color, "border-color": s.border, shape: s.shape } });
  }
  rules.push({ selector: ":selected", style: { "border-width": 5, "border-color": "#111", "line-color": "#111" } },
             { selector: ".hidden", style: { display: "none" } });
  return rules;
}

// Labels keep their size on the screen whatever the zoom: 12 px, wrapped at 130 px.
const LABEL_PX = 12;

function labelSize(zoom) {
  return { "font-size": LABEL_PX / zoom, "text-max-width": 130 / zoom, "text-margin-y": 4 / zoom };
}

function keepLabelSize() {
  const zoom = state.cy.zoom();
  state.cy.style().selector("node").style(labelSize(zoom)).selector("edge").style({ "font-size": LABEL_PX / zoom })
    .update();
}

// A fit never shrinks the graph below this zoom: a large graph is panned, not made unreadable.
const MIN_FIT_ZOOM = 0.6;

function fitGraph(elements) {
  const cy = state.cy;
  cy.fit(elements, 30);
  if (cy.zoom() < MIN_FIT_ZOOM) {
    cy.zoom(MIN_FIT_ZOOM);
    const box = (elements || cy.elements()).boundingBox();
    cy.pan({ x: 30 - box.x1 * MIN_FIT_ZOOM, y: 30 - box.y1 * MIN_FIT_ZOOM });
  }
  keepLabelSize();
}

function caption(node) {
  const name = node.name.length > 18 ? node.name.slice(0, 17) + "…" : node.name;
  return node.date ? `${name}\n${node.date}` : name;
}

function addElements(nodes, edges) {
  const cy = state.cy;
  cy.batch(() => {
    for (const n of nodes) {
      if (cy.getElementById(n.id).empty()) {
        cy.add({ group: "nodes", data: { ...n, caption: caption(n) } });
      }
    }
    for (const e of edges) {
      const id = `${e.source}|${e.type}|${e.target}`;
      if (cy.getElementById(id).empty()) cy.add({ group: "edges", data: { id, ...e, relation: relationName(e.type) } });
    }
  });
  applyTypeFilter();
}

// The overview reads left to right like the briefing picture: provinces, agencies, documents.
const COLUMNS = { Province: 0, Agency: 1, Document: 2 };

// Layouts place nodes for the largest labels a fit can show (at MIN_FIT_ZOOM), so that no zoom makes
// them meet.
function layout(name, center) {
  state.cy.style().selector("node").style(labelSize(MIN_FIT_ZOOM)).update();
  if (name === "overview") {
    const rows = [0, 0, 0, 0];
    const positions = {};
    const followed = state.brief && state.brief.followed && state.brief.followed.document_id;
    state.cy.nodes().forEach((n) => {
      const column = n.id() === followed ? 3 : COLUMNS[n.data("label")] ?? 2;
      positions[n.id()] = { x: column * 260, y: rows[column]++ * 84 };
    });
    // centre each province and agency on what it leads to
    for (const label of ["Agency", "Province"]) {
      state.cy.nodes(`[label = '${label}']`).forEach((n) => {
        const next = n.connectedEdges().connectedNodes().filter((m) => COLUMNS[m.data("label")] > COLUMNS[label]);
        if (next.nonempty()) positions[n.id()].y = next.reduce((sum, m) => sum + positions[m.id()].y, 0) / next.length;
      });
    }
    if (followed && positions[followed]) {  // the followed document faces the middle of its followers
      const ys = Object.entries(positions).filter(([id]) => id !== followed).map(([, p]) => p.y);
      if (ys.length) positions[followed].y = (Math.min(...ys) + Math.max(...ys)) / 2;
    }
    state.cy.layout({ name: "preset", positions: (n) => positions[n.id()], fit: false }).run();
  } else {
    // rings around the node just expanded: its neighbours on the first, theirs on the next ...
    const depth = {};
    state.cy.elements().breadthFirstSearch({ roots: state.cy.getElementById(center),
      visit: (node, edge, previous, i, level) => { depth[node.id()] = level; } });
    state.cy.layout({ name: "concentric", concentric: (n) => 100 - (depth[n.id()] ?? 99), levelWidth: () => 1,
      minNodeSpacing: 24, avoidOverlap: true, nodeDimensionsIncludeLabels: true, fit: false, animate: false }).run();
  }
  fitGraph();
}

function applyTypeFilter() {
  state.cy.nodes().forEach((n) => n.toggleClass("hidden", !shown(n.data("label"))));
}

async function expand(iri) {
  const types = Object.keys(state.config.labels).filter(shown).join(",");
  const graph = await api("/graph", { center: iri, depth: 1, types, limit: 80 });
  addElements(graph.nodes, graph.edges);
  layout("rings", iri);
  if (graph.truncated) say("显示前 80 个节点（已截断）");
}

// ---- overview: provinces → agencies → documents for the filters ----

async function loadOverview() {
  const f = filters();
  const [brief, map] = await Promise.all([api("/brief", { ...f, format: "json" }), mapPicture(f)]);
  state.brief = brief;
  showMap(map, brief);
  state.cy.elements().remove();
  addElements(brief.nodes, brief.edges);
  layout("overview");
  renderRows(brief.rows);
  say(`${brief.title}（${f.topic || "全部主题"}，${f.province || "全部省份"}）：${brief.rows.length} 条`);
  const link = apiUrl("/brief", { ...f, format: "html" });
  $("brief-link").href = `${link.pathname}${link.search}`;
}

function renderRows(rows) {
  $("overview-rows").replaceChildren(...rows.map((r) => {
    const doc = el("td", { className: "document", textContent: r.document, title: "打开文件及其证据" });
    doc.addEventListener("click", () => openEntity(r.document_id, { expandGraph: false }));
    const lag = r.lag_days === null || r.lag_days === undefined ? "" : `（${r.lag_days} 天后）`;
    return el("tr", {}, el("td", { textContent: r.province }), el("td", { textContent: r.issuer || "（仅省份）" }),
      doc, el("td", { textContent: (r.date || r.period || "") + lag }));
  }));
}

// ---- diffusion: which provinces followed a document, how soon (GET /brief?kind=diffusion) ----

async function loadDiffusion(document) {
  const params = { kind: "diffusion", document };
  const response = await fetch(apiUrl("/brief", { ...params, format: "svg" }));
  const [brief, map] = await Promise.all([api("/brief", { ...params, format: "json" }),
    response.ok ? response.text() : null]);
  state.brief = brief;
  showMap(map, brief);
  state.cy.elements().remove();
  addElements(brief.nodes, brief.edges);
  layout("overview");
  renderRows(brief.rows);
  say(`${brief.title}（${brief.rows.length} 篇）`);
  const link = apiUrl("/brief", { ...params, format: "html" });
  $("brief-link").href = `${link.pathname}${link.search}`;
}

// ---- the map: the server draws it (GET /brief?kind=map); each province is a <g id="province-NAME"> ----

async function mapPicture(f) {
  const response = await fetch(apiUrl("/brief", { ...f, kind: "map", format: "svg" }));
  return response.ok ? response.text() : null;  // no map (map data not installed): the rest still shows
}

function showMap(svg, brief) {
  state.focus = null;
  $("map-focus").textContent = "";
  $("tab-map").disabled = !svg;
  if (!svg) { showView("graph"); return; }
  const picture = $("map-picture");
  picture.innerHTML = svg.slice(svg.indexOf("<svg"));
  const tip = $("map-tip");
  for (const region of picture.querySelectorAll('g[id^="province-"]')) {
    const province = region.id.slice("province-".length);
    region.addEventListener("mousemove", (event) => {
      const documents = [...new Set(brief.rows.filter((r) => r.province === province).map((r) => r.document))];
      tip.replaceChildren(el("strong", { textContent: `${province}：${documents.length} 篇` }),
        el("ul", {}, ...documents.map((d) => el("li", { textContent: d }))));
      const box = $("map").getBoundingClientRect();
      tip.style.left = `${event.clientX - box.left + 12}px`;
      tip.style.top = `${event.clientY - box.top + 12}px`;
      tip.hidden = false;
    });
    region.addEventListener("mouseleave", () => { tip.hidden = true; });
    region.addEventListener("click", () => focusProvince(state.focus === province ? null : province));
  }
}

// Click on a province: the table and the graph show only its rows (its province, agencies and documents).
function focusProvince(province) {
  state.focus = province;
  for (const region of $("map-picture").querySelectorAll('g[id^="province-"]')) {
    region.classList.toggle("focus", region.id === `province-${province}`);
  }
  $("map-focus").textContent = province ? `已筛选：${province}` : "";
  renderRows(state.brief.rows.filter((r) => !province || r.province === province));
  const kept = province ? state.cy.nodes(`[label = "Province"][name = "${province}"]`) : state.cy.nodes();
  const shownNodes = province ? kept.union(kept.successors()).union(kept.incomers().nodes())
    .union(kept.incomers().nodes().outgoers().nodes()) : kept;
  state.cy.nodes().forEach((n) => n.toggleClass("hidden", !shownNodes.has(n) || !shown(n.data("label"))));
  fitGraph(state.cy.nodes(":visible"));
}

// The graph or the map, each with the whole middle of the page.
function showView(name) {
  $("graph").hidden = name !== "graph";
  $("map").hidden = name !== "map";
  $("tab-graph").setAttribute("aria-selected", String(name === "graph"));
  $("tab-map").setAttribute("aria-selected", String(name === "map"));
  if (name === "graph") { state.cy.resize(); fitGraph(state.cy.nodes(":visible")); }
}

// A new search starts clean: no graph, no province filter, no table or map of an earlier question.
function resetView() {
  state.cy.elements().remove();
  state.focus = null;
  state.brief = null;
  $("map-focus").textContent = "";
  $("overview-rows").replaceChildren();
  $("map-picture").replaceChildren();
  $("tab-map").disabled = true;
  showView("graph");
}

// ---- search, entity pages, evidence ----

// Sentences that say the words searched, beside the entities: each opens the document it names.
async function searchSentences(q) {
  const found = await api("/search/text", { q, limit: 8 });
  $("sentences-title").hidden = found.length === 0;
  $("sentences").replaceChildren(...found.map((hit) => {
    const parts = [];
    let last = 0;
    for (const [start, end] of hit.highlights) {
      parts.push(hit.sentence.slice(last, start), el("mark", { textContent: hit.sentence.slice(start, end) }));
      last = end;
    }
    parts.push(hit.sentence.slice(last));
    // found by meaning alone (the semantic extra), no term of the query in it
    const where = [hit.matched === "meaning" ? "意近" : "", hit.document && `《${hit.document}》`, hit.issuer, hit.province,
      hit.date].filter(Boolean).join(" · ");
    const item = el("li", { title: hit.source }, el("span", {}, ...parts), el("div", { className: "meta",
      textContent: `${where}（${hit.source.split("/").pop()}）` }));
    if (hit.document_id) item.addEventListener("click", guard(() => openEntity(hit.document_id, { expandGraph: true })));
    return item;
  }));
}

async function search(q) {
  resetView();
  const sentences = searchSentences(q);
  const hits = await api("/search", { q, limit: 30 });
  $("hits").replaceChildren(...hits.map((h) => {
    const item = el("li", { title: h.id }, badge(h.label), h.name);
    item.addEventListener("click", () => openEntity(h.id, { expandGraph: true }));
    return item;
  }));
  await sentences;
  if (!hits.length) {
    say($("sentences").childElementCount ? `没有名称含“${q}”的实体；原文句子见左侧` : `没有找到“${q}”`);
    return;
  }
  const topic = hits.find((h) => h.label === "Topic");
  if (topic) {
    $("topic").value = topic.name;
    await loadOverview();
    await openEntity(topic.id, { expandGraph: false });
  } else {
    await openEntity(hits[0].id, { expandGraph: true });
  }
}

async function openEntity(iri, { expandGraph }) {
  const page = await api(entityPath(iri));
  state.page = page;
  $("entity-name").replaceChildren(badge(page.label), page.name);
  const props = Object.entries(page.properties).map(([k, v]) =>
    `${PROPERTY_NAMES[k] || k}: ${k === "genre" ? state.config.genres[v] || v : v}`);
  $("entity-meta").textContent = [page.aliases.length ? `别名: ${page.aliases.join("、")}` : "", ...props]
    .filter(Boolean).join(" · ");
  renderDocumentCard(page);
  renderFacts();
  const node = state.cy.getElementById(iri);
  state.cy.elements().unselect();
  if (node.nonempty()) node.select();
  if (expandGraph) {
    say(`${typeName(page.label)} ${page.name}：点击节点展开，点击事实查看证据`);
    if (node.empty()) state.cy.elements().remove();
    await expand(iri);
    state.cy.getElementById(iri).select();
  }
}

// A document's header card, from its properties and facts: the fields an official document's head
// and foot carry, and what it cites and what cites or repeals it.
function renderDocumentCard(page) {
  const card = $("document-card");
  card.hidden = page.label !== "Document";
  if (card.hidden) return;
  const names = (relation, direction) => [...new Set(page.facts
    .filter((f) => f.relation === relation && f.direction === direction).map((f) => f.other))];
  const issued = page.facts.find((f) => f.relation === "ISSUED" && f.direction === "in");
  const validity = page.validity || {};
  const repealed = (validity.changes || []).filter((c) => c.change === "repeals");
  const rows = [
    ["时效", state.config.statuses[validity.status] || ""],
    ["施行日期", validity.in_force_from],
    ["有效期至", validity.in_force_until],
    ["废止于", repealed.map((c) => `${c.on || ""}（${c.by}）`).join("；")],
    ["文号", page.properties.doc_number],
    ["发文机关", names("ISSUED", "in").join("、")],
    ["成文日期", issued && issued.date],
    ["主送", names("ADDRESSED_TO", "out").join("、")],
    ["抄送", names("COPIED_TO", "out").join("、")],
    ["引用", names("CITES", "out").join("；")],
    ["被引用", names("CITES", "in").join("；")],
    ["贯彻落实", names("IMPLEMENTS", "out").join("；")],
    ["被贯彻落实", names("IMPLEMENTS", "in").join("；")],
    ["废止", names("REPEALS", "out").join("；")],
    ["被废止", names("REPEALS", "in").join("；")],
  ].filter(([, value]) => value);
  card.replaceChildren(...rows.flatMap(([name, value]) => [el("dt", { textContent: name }),
    name === "时效" ? el("dd", {}, el("span", { className: `status ${validity.status}`, textContent: value,
      title: validity.evidence || "没有文本给出施行日期" })) : el("dd", { textContent: value })]));
  if (names("IMPLEMENTS", "in").length || names("CITES", "in").length) {
    const spread = el("button", { type: "button", id: "show-diffusion", textContent: "跟进情况：图、地图和表" });
    spread.addEventListener("click", guard(() => loadDiffusion(page.name)));
    card.append(el("dt", { textContent: "跟进" }), el("dd", {}, spread));
  }
  card.hidden = card.childElementCount === 0;
}

// A fact stated in several reports is one line, with each report's sentence as its evidence.
function renderFacts() {
  const page = state.page;
  if (!page) return;
  const province = filters().province;
  const facts = page.facts.filter((f) => shown(f.other_label) && (!province || !f.province || f.province === province)
    && (!f.date || inPeriod(f.date)));
  const groups = new Map();
  for (const f of facts) {
    const key = `${f.relation}|${f.direction}|${f.other_id}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  const lines = [...groups.values()];
  $("facts").replaceChildren(...lines.map((stated) => {
    const f = stated[0];
    const arrow = f.direction === "out" ? "→" : "←";
    const item = el("li", {}, el("span", { className: "relation", title: f.relation,
      textContent: `${relationName(f.relation)} ${arrow} ` }),
      badge(f.other_label), f.other, f.date ? ` (${f.date})` : "",
      stated.length > 1 ? el("span", { className: "count", textContent: ` ×${stated.length}` }) : "");
    item.addEventListener("click", () => { showEvidence(stated, item); });
    item.addEventListener("dblclick", () => openEntity(f.other_id, { expandGraph: true }));
    return item;
  }));
  const first = lines.findIndex((stated) => stated[0].relation === "ISSUED");
  if (lines.length) showEvidence(lines[Math.max(first, 0)], $("facts").children[Math.max(first, 0)]);
  else clearEvidence();
}

function clearEvidence() {
  $("evidence-fact").textContent = "";
  $("evidence-sentences").replaceChildren();
}

function quoted(fact) {
  const at = fact.sentence.indexOf(fact.quote);
  const sentence = at < 0 ? [fact.sentence] : [fact.sentence.slice(0, at), el("mark", { textContent: fact.quote }),
    fact.sentence.slice(at + fact.quote.length)];
  const where = [fact.date && `日期 ${fact.date}`, fact.province && `省份 ${fact.province}`].filter(Boolean);
  const file = fact.source.split("/").pop();
  // a PDF's or OFD's page, a Word file's paragraph: where to look in the file itself
  const line = fact.page_y != null ? `（距页顶 ${Math.round(fact.page_y)}，距左 ${Math.round(fact.page_x)}）` : "";
  const place = (fact.page ? `第 ${fact.page} 页${line}，` : fact.paragraph ? `第 ${fact.paragraph} 段，` : "") +
    (fact.ocr_confidence ? `OCR 识别（置信度 ${Number(fact.ocr_confidence).toFixed(2)}），` : "");
  const source = `来源：${fact.source_title ? `${fact.source_title}（${file}）` : file}，${place}原文第 ${fact.start}–${fact.end} 字` +
    (where.length ? ` · ${where.join(" · ")}` : "") + ` · 规则 ${fact.rule}`;
  return el("li", {}, el("blockquote", {}, ...sentence), el("p", { className: "meta source", textContent: source }));
}

function showEvidence(stated, item) {
  for (const li of $("facts").children) li.classList.toggle("selected", li === item);
  const page = state.page;
  const fact = stated[0];
  const [head, tail] = fact.direction === "out" ? [page.name, fact.other] : [fact.other, page.name];
  $("evidence-fact").textContent = `${head} ${relationName(fact.relation)} ${tail}` +
    (stated.length > 1 ? `（${stated.length} 处来源）` : "");
  $("evidence-sentences").replaceChildren(...stated.map(quoted));
  const id = fact.direction === "out" ? `${page.id}|${fact.relation}|${fact.other_id}`
    : `${fact.other_id}|${fact.relation}|${page.id}`;
  state.cy.edges().unselect();
  state.cy.getElementById(id).select();
}

// ---- start ----

function buildFilters() {
  const types = Object.entries(state.config.labels).map(([label, s]) => {
    const box = el("input", { type: "checkbox", id: `type-${label}`, checked: true });
    box.addEventListener("change", () => { applyTypeFilter(); renderFacts(); });
    const swatch = el("span", { className: `swatch ${s.shape}`,
      style: `background:${s.color};border-color:${s.border}` });
    return el("li", {}, el("label", { title: label }, box, swatch, s.name));
  });
  $("types").replaceChildren(...types);
  $("topic").append(...state.config.topics.map((t) => el("option", { value: t, textContent: t })));
  $("province").append(...state.config.provinces.map((p) => el("option", { value: p, textContent: p })));
}

function guard(action) {
  return (...args) => action(...args).catch((err) => say(`出错了：${err.message}`));
}

async function start() {
  state.config = await api("/ui/config.json");
  buildFilters();
  state.cy = cytoscape({ container: $("graph"), style: graphStyle() });
  state.cy.on("zoom", keepLabelSize);
  state.cy.on("mouseover", "edge", (event) => event.target.addClass("pointed"));
  state.cy.on("mouseout", "edge", (event) => event.target.removeClass("pointed"));
  $("tab-graph").addEventListener("click", () => showView("graph"));
  $("tab-map").addEventListener("click", () => showView("map"));
  state.cy.on("tap", "node", guard(async (event) => {
    await openEntity(event.target.id(), { expandGraph: false });
    await expand(event.target.id());
    say(`${typeName(event.target.data("label"))} ${event.target.data("name")}：已展开`);
  }));
  $("search-form").addEventListener("submit", guard(async (event) => {
    event.preventDefault();
    const q = $("search").value.trim();
    if (q) await search(q);
  }));
  $("apply").addEventListener("click", guard(loadOverview));
  for (const id of ["province", "from", "to"]) $(id).addEventListener("change", renderFacts);
  $("fit").addEventListener("click", () => fitGraph());
  const q = new URLSearchParams(location.search).get("q");
  if (q) { $("search").value = q; await search(q); }
}

guard(start)();
