// Remissarkivet: the search page. Pagefind (built into site/pagefind/) answers queries in the browser; the
// query, sort order and filters live in the URL so that a search can be shared and bookmarked.
// The facets, labels and case-number rule come from Python (remissarkiv/site/facets.py) as data in the page:
// this file keeps no list of its own.
const CONFIG = JSON.parse(document.getElementById("ra-search-config").textContent);
const FACETS = CONFIG.facets;
const LABELS = CONFIG.labels;
const META = CONFIG.meta;
const PAGE = 10;  // results per page: each needs its own fragment download
const SORTS = { nyast: { [CONFIG.sortKey]: "desc" }, aldst: { [CONFIG.sortKey]: "asc" } };

const form = document.getElementById("ra-search-form");
const input = document.getElementById("ra-search-q");
const sortSelect = document.getElementById("ra-search-sort");
const facetsBox = document.getElementById("ra-search-facets");
const statusBox = document.getElementById("ra-search-status");
const list = document.getElementById("ra-search-results");
const more = document.getElementById("ra-search-more");

const pagefind = await import(new URL("../pagefind/pagefind.js", import.meta.url).href);
await pagefind.options({ excerptLength: 24 });
await pagefind.init();
// An empty search loads Pagefind's page list and search engine (about 170 KB at 10,000 cases, no words
// index) while the page is being read, instead of after the first query.
pagefind.search("");
// Facet values and counts come from Pagefind's filter files (about 150 KB at 10,000 cases), so they load only
// when someone opens a facet or arrives with filters in the URL; from then on every response carries live
// counts for all facets. A plain query downloads only what it needs to show its first results.
let allFilters = null;
let facetsLoading = null;
const loadFacets = () => (facetsLoading ??= pagefind.filters().then((f) => { allFilters = f; }));

let state = readUrl();
let current = null;   // the latest search response
let shown = 0;
let generation = 0;   // answers to superseded searches are dropped

// A diarienummer normalised by the rule Python uses for the index (remissarkiv/model/swedish.py:
// CASE_NUMBER_RULE, case_number_token).
export function caseNumberToken(number, rule = CONFIG.caseNumber) {
  return number.toLowerCase().replace(new RegExp(rule.prefix), "").normalize(rule.normalize)
    .split(new RegExp(rule.drop)).join("");
}

// A query that looks like a diarienummer ("KS 2019/1899", "2019/1899", "ks 2019-1899") is turned into the
// token the index holds for it (remissarkiv/site/search.py: number_tokens), so that referral's answers come first.
export function searchTerm(query) {
  const q = query.trim();
  if (/\d/.test(q) && /[\/-]/.test(q) && /^[\p{L}\d\s.\/:-]+$/u.test(q) && q.split(/\s+/).length <= 4) {
    return caseNumberToken(q);
  }
  return q;
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const { key } of FACETS) {
    const values = params.getAll(key);
    if (values.length) filters[key] = values;
  }
  return { q: params.get("q") || "", sort: params.get("sortering") || "relevans", filters };
}

function writeUrl() {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  if (state.sort !== "relevans") params.set("sortering", state.sort);
  for (const [key, values] of Object.entries(state.filters)) values.forEach((v) => params.append(key, v));
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") node.textContent = v; else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

const root = document.getElementById("ra-search");

// Pagefind cannot stop a search once it runs, and at 10,000 cases one for a short, common word takes a good
// part of a second: at most one search runs, and only the newest request waits for it (the one running is
// then out of date, and its answer is dropped).
let busy = false;
let again = false;

async function update() {
  if (busy) {
    again = true;
    generation++;
    delete root.dataset.shown;
    return;
  }
  busy = true;
  try {
    do { again = false; await run(); } while (again);
  } finally {
    busy = false;
  }
}

async function run() {
  const mine = ++generation;
  delete root.dataset.shown;  // set again when this search's first results are on screen
  if (Object.keys(state.filters).length) await loadFacets();
  if (mine !== generation) return;
  const term = state.q.trim() ? searchTerm(state.q) : null;
  if (term === null) {
    // A search without words makes Pagefind download its whole index (megabytes at 10,000 cases): filters
    // apply to a query's results, and browsing without words is what the listing pages are for.
    current = { results: [] };
    shown = 0;
    list.replaceChildren();
    more.hidden = true;
    renderFacets(allFilters);
    statusBox.textContent = Object.keys(state.filters).length
      ? "Skriv ett sökord för att söka bland de valda filtren – eller bläddra efter nämnd, år eller ämne i menyn."
      : "Skriv ett sökord eller ett diarienummer.";
    root.dataset.shown = location.search;
    return;
  }
  const options = { filters: {}, sort: SORTS[state.sort] };
  for (const [key, values] of Object.entries(state.filters)) options.filters[key] = { any: values };
  const response = await pagefind.search(term, options);
  if (mine !== generation || !response) return;
  current = response;
  shown = 0;
  list.replaceChildren();
  renderFacets(allFilters && Object.keys(response.filters || {}).length ? response.filters : allFilters);
  const first = await Promise.all(response.results.slice(0, PAGE).map((r) => r.data()));
  if (mine !== generation) return;
  if (first.length && onlyNearMisses(state.q, first[0])) {
    // Pagefind answers a word it does not know with the longest prefix it does know ("xyzzy" finds "x"):
    // those are not hits for what the reader typed.
    current = { results: [] };
    first.length = 0;
  }
  const n = current.results.length;
  statusBox.textContent = n ? `${n} ${LABELS.hit[n === 1 ? 0 : 1]}` : LABELS.noHits;
  await showMore(mine, first);
  if (mine === generation) root.dataset.shown = location.search;
}

// A one-word query whose best result marks only words sharing fewer than three letters with it (or all of
// a shorter query) was answered by Pagefind's prefix fallback, not by the word itself.
export function onlyNearMisses(query, item) {
  const words = query.trim().toLowerCase().split(/\s+/);
  if (words.length !== 1 || !item || !item.excerpt.includes("<mark>")) return false;
  const word = words[0];
  const need = Math.min(word.length, 3);
  const marked = [...item.excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1].toLowerCase());
  return !marked.some((m) => commonPrefix(m, word) >= need);
}

function commonPrefix(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

// The index-only search terms (case-number forms, compound parts) end each search document: keep them out of
// what people read. An excerpt that lies wholly among them gives way to the start of the text.
export function readableExcerpt(item) {
  const label = `${LABELS.searchTerms}:`;
  const cut = item.excerpt.indexOf(label);
  const start = item.content.indexOf(label);
  const opening = () => escapeText(item.content.slice(0, start).trim().split(/\s+/).slice(0, 24).join(" ")) + " …";
  if (cut > 0) {
    const before = item.excerpt.slice(0, cut).trimEnd();
    // Marks only among the terms (a case number, say): the excerpt's text is no answer, the opening is.
    return before.includes("<mark>") || !item.excerpt.includes("<mark>") ? before + " …" : opening();
  }
  if (start < 0) return item.excerpt;
  const probe = item.excerpt.replace(/<\/?mark>/g, "").trim().slice(0, 40);
  const amongTerms = cut === 0 || (item.content.indexOf(probe, start) >= 0 && item.content.indexOf(probe) >= start);
  return amongTerms ? opening() : item.excerpt;
}

function escapeText(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

async function showMore(mine = generation, loaded = null) {
  const slice = current.results.slice(shown, shown + PAGE);
  const data = loaded || await Promise.all(slice.map((r) => r.data()));
  if (mine !== generation) return;
  for (const item of data) list.append(renderResult(item));
  shown += slice.length;
  more.hidden = shown >= current.results.length;
}

function renderResult(item) {
  const meta = item.meta || {};
  const parts = [meta[META.board], meta[META.date] || LABELS.unknownDate,
    meta[META.number] && `${LABELS.number} ${meta[META.number]}`,
    meta[META.position] && `${LABELS.position}: ${meta[META.position]}`].filter(Boolean);
  const excerpt = el("p", { class: "ra-item-summary" });
  excerpt.innerHTML = readableExcerpt(item);  // Pagefind escapes the text and adds only <mark>
  return el("li", { class: "ra-item" },
    el("p", { class: "ra-item-title" }, el("a", { href: item.url, text: meta.title || item.url })),
    el("p", { class: "ra-item-meta", text: parts.join(" · ") }),
    excerpt);
}

function renderFacets(counts) {
  const open = new Set([...facetsBox.querySelectorAll("details[open]")].map((d) => d.dataset.facet));
  // The facets are drawn anew with every answer: keep keyboard focus where it was (WCAG 2.4.3).
  const focused = facetsBox.contains(document.activeElement) ? document.activeElement : null;
  const refocus = focused && (focused.id ? `#${CSS.escape(focused.id)}`
    : focused.closest("details") ? `details[data-facet="${CSS.escape(focused.closest("details").dataset.facet)}"] > summary` : null);
  facetsBox.replaceChildren();
  for (const { key, label, newestFirst } of FACETS) {
    if (!counts) {  // not loaded yet: the groups alone, values come when one is opened
      facetsBox.append(el("details", { "data-facet": key }, el("summary", { text: label }),
        el("p", { class: "ra-facet-loading", text: "Hämtar val …" })));
      continue;
    }
    const values = Object.entries(counts[key] || {});
    if (!values.length) continue;
    values.sort(newestFirst ? (a, b) => b[0].localeCompare(a[0], "sv") : (a, b) => a[0].localeCompare(b[0], "sv"));
    const chosen = state.filters[key] || [];
    const fieldset = el("fieldset", {}, el("legend", { text: label }));
    for (const [value, count] of values) {
      const id = `ra-f-${key}-${value}`.replace(/[^\p{L}\d-]/gu, "-");
      const box = el("input", { type: "checkbox", id, value, "data-facet": key });
      box.checked = chosen.includes(value);
      fieldset.append(el("div", { class: "ra-facet" }, box,
        el("label", { for: id }, `${value} `, el("span", { class: "ra-n", text: `(${count})` }))));
    }
    const details = el("details", { "data-facet": key }, el("summary", { text: chosen.length ? `${label} (${chosen.length} valda)` : label }), fieldset);
    if (chosen.length || open.has(key)) details.open = true;
    facetsBox.append(details);
  }
  if (refocus) facetsBox.querySelector(refocus)?.focus();
}

// "toggle" does not bubble: listen while it passes down to the <details>.
facetsBox.addEventListener("toggle", (event) => {
  if (!event.target.open || allFilters) return;
  delete root.dataset.shown;
  loadFacets().then(update);
}, true);

facetsBox.addEventListener("change", (event) => {
  const box = event.target;
  if (!box.dataset.facet) return;
  const values = new Set(state.filters[box.dataset.facet] || []);
  box.checked ? values.add(box.value) : values.delete(box.value);
  if (values.size) state.filters[box.dataset.facet] = [...values]; else delete state.filters[box.dataset.facet];
  writeUrl();
  update();
});

let timer;
// The search runs after a short pause in typing: a search for every keystroke would queue up in Pagefind's
// worker, and the short words on the way ("t", "tr" …) match most of the archive and cost the most.
// (Pagefind's preload is not used for the same reason: a short prefix fetches most of the index.)
input.addEventListener("input", () => {
  clearTimeout(timer);
  // One letter matches nearly every word: wait for the second (Enter searches at once).
  if (input.value.trim().length === 1) return;
  timer = setTimeout(() => { state.q = input.value; writeUrl(); update(); }, 100);
});
form.addEventListener("submit", (event) => {
  event.preventDefault(); clearTimeout(timer); state.q = input.value; writeUrl(); update();
});
sortSelect.addEventListener("change", () => { state.sort = sortSelect.value; writeUrl(); update(); });
more.addEventListener("click", () => showMore());

input.value = state.q;
sortSelect.value = SORTS[state.sort] ? state.sort : "relevans";
update();
