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

const YEAR = CONFIG.yearFacet;
const EXCERPT = { excerptLength: 24 };
// An index split by year (remissarkiv/site/search.py: shard_list) is null, or its parts, newest first: each is
// a Pagefind bundle of its own in pagefind/<years>/, holding the cases of its years (år values). The first
// part a search needs is the primary index, the others are merged into it (Pagefind's mergeIndex) when a
// search first needs them.
const SHARDS = CONFIG.shards;
const NUMBERS = CONFIG.numbers;  // where a split index's case numbers are routed (search.py: number_routes)
const bundle = (path) => new URL(`../pagefind/${path ? `${path}/` : ""}`, import.meta.url).href;
const needed = (filters) => SHARDS.filter((s) => !filters[YEAR]
  || s.years.some((y) => filters[YEAR].includes(y)));

// Each part's pages carry a filter of its own (Pagefind's mergeFilter): a search can tell the parts apart.
const PART = "ra-del";
const tagged = (path) => ({ ...EXCERPT, mergeFilter: { [PART]: path } });

// One index loads as the page opens, and an empty search fetches its page list and search engine (about
// 170 KB at 10,000 cases, no words index) while the page is read, instead of after the first query. A split
// index waits for the first search: its primary is the first part that search needs, and a case number needs
// only the parts that hold it, so no part's page list is fetched for nothing.
let pagefind = null;
let starting = null;
const merged = new Set();
let merging = Promise.resolve();
function start(primary) {
  starting ??= (async () => {
    const module = await import(`${bundle(primary)}pagefind.js`);
    await module.options(SHARDS ? tagged(primary) : EXCERPT);
    await module.init();
    merged.add(primary);
    pagefind = module;
  })();
  return starting;
}
// Pagefind with these parts of a split index (paths, newest first) merged; with one index, Pagefind.
async function mergeParts(paths) {
  await start(SHARDS ? (paths[0] ?? SHARDS[0].path) : "");
  const missing = paths.filter((p) => !merged.has(p));
  missing.forEach((p) => merged.add(p));
  if (missing.length) {
    merging = merging.then(() => Promise.all(missing.map((p) => pagefind.mergeIndex(bundle(p), tagged(p)))));
  }
  return merging;
}
// The parts of a split index that a search with these filters needs: the years chosen, else all of them.
const neededPaths = (filters) => (SHARDS ? needed(filters).map((s) => s.path) : []);
const mergeShards = (filters) => mergeParts(neededPaths(filters));
if (!SHARDS) start("").then(() => pagefind.search(""));

// A case-number query in a split index: the parts holding a number token that begins with the query's token,
// newest first, from the one route file of its first digits ([] : no part holds one). null: not a case
// number, too short to route, or the file could not be read; then every part is asked, as for a word.
const routeFiles = new Map();
async function numberParts(query, term) {
  if (!NUMBERS || !looksLikeNumber(query)) return null;
  const key = term.replace(/[^0-9]/g, "").slice(0, NUMBERS.digits);
  if (key.length < NUMBERS.digits) return null;
  if (!NUMBERS.keys.includes(key)) return [];
  try {
    if (!routeFiles.has(key)) {
      const response = await fetch(new URL(`../${NUMBERS.path}/${key}.json`, import.meta.url));
      if (!response.ok) return null;
      routeFiles.set(key, await response.json());
    }
  } catch {
    return null;
  }
  const held = new Set();
  for (const [token, parts] of Object.entries(routeFiles.get(key))) {
    if (token.startsWith(term)) parts.forEach((i) => held.add(i));
  }
  return SHARDS.filter((_, i) => held.has(i)).map((s) => s.path);
}
// Facet values and counts come from Pagefind's filter files (about 150 KB at 10,000 cases), so they load only
// when someone opens a facet or arrives with filters in the URL; from then on every response carries live
// counts for all facets. A plain query downloads only what it needs to show its first results.
let allFilters = null;
let facetsLoading = null;
const loadFacets = () => (facetsLoading ??= mergeShards({}).then(() => pagefind.filters())
  .then((f) => { allFilters = f; }));

let state = readUrl();
let current = null;   // the latest search: its count, the results fetched so far, the parts still to fetch
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
export function looksLikeNumber(query) {
  const q = query.trim();
  return /\d/.test(q) && /[\/-]/.test(q) && /^[\p{L}\d\s.\/:-]+$/u.test(q) && q.split(/\s+/).length <= 4;
}

// The key Python gives a referral's page (remissarkiv/model/swedish.py: case_number_key): "ks-2019-1899".
export function caseNumberKey(number, rule = CONFIG.caseNumber) {
  return number.toLowerCase().replace(new RegExp(rule.prefix), "").normalize(rule.normalize)
    .split(new RegExp(rule.drop)).filter(Boolean).join("-");
}

// Boards a query names: every word of three letters or more begins a word of the board's name ("bromma",
// "farsta stadsdel", "kulturnämnd").
export function boardsNamed(query, boards = CONFIG.boards) {
  const words = query.toLowerCase().split(/[^\p{L}\d]+/u).filter((w) => w.length >= 3);
  if (!words.length) return [];
  return boards.filter((b) => {
    const name = b.name.toLowerCase().split(/[^\p{L}\d]+/u);
    return words.every((w) => name.some((n) => n.startsWith(w)));
  }).slice(0, 3);
}

// Above the results: the board a query names, or the referral whose number it is, as a direct link (issue 37).
const direct = el("p", { class: "ra-search__direct", id: "ra-search-direct", hidden: true });
list.before(direct);
let directFor = null;

async function showDirect(query) {
  directFor = query;
  const hits = boardsNamed(query).map((b) => [LABELS.board, b.name, b.url]);
  if (looksLikeNumber(query) && CONFIG.referrals) {
    const url = `${CONFIG.referrals}${caseNumberKey(query)}/`;
    // only a referral the archive has a page for: a link that would lead nowhere is not shown
    const found = await fetch(url, { method: "HEAD" }).then((r) => r.ok, () => false);
    if (directFor !== query) return;
    if (found) hits.push([LABELS.referral, query.trim(), url]);
  }
  direct.replaceChildren(...(hits.length ? [`${LABELS.direct}: `] : []), ...hits.flatMap(([kind, name, url], i) =>
    [...(i ? [" · "] : []), `${kind} `, el("a", { href: url, text: name })]));
  direct.hidden = !hits.length;
}

export function searchTerm(query) {
  const q = query.trim();
  return looksLikeNumber(q) ? caseNumberToken(q) : q;
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
  // Filters in the URL show their values and counts at once; in an index split by year that would fetch every
  // year, so there the values load when a group is opened, and a search for one year fetches that year alone.
  if (Object.keys(state.filters).length && !SHARDS) await loadFacets();
  if (mine !== generation) return;
  const term = state.q.trim() ? searchTerm(state.q) : null;
  showDirect(state.q);  // beside the search, not waiting for it
  if (term === null) {
    // A search without words makes Pagefind download its whole index (megabytes at 10,000 cases): filters
    // apply to a query's results, and browsing without words is what the listing pages are for.
    current = { count: 0, items: [], parts: [] };
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
  const filters = {};
  for (const [key, values] of Object.entries(state.filters)) filters[key] = { any: values };
  const routed = await numberParts(state.q, term);
  if (mine !== generation) return;
  const paths = routed ? neededPaths(state.filters).filter((p) => routed.includes(p)) : neededPaths(state.filters);
  if (routed && !paths.length) {  // no part holds the number: nothing to ask Pagefind
    showNothing();
    return;
  }
  await mergeParts(paths);
  if (mine !== generation) return;
  let response = await pagefind.search(term, { filters });
  if (mine !== generation || !response) return;
  if (SHARDS) {
    const parts = await partsThatKnow(term, filters, response);
    if (mine !== generation) return;
    if (parts) {
      filters[PART] = { any: parts };
      response = await pagefind.search(term, { filters });
      if (mine !== generation || !response) return;
    }
  }
  current = { count: response.results.length, items: [], parts: inOrder(term, filters, response) };
  shown = 0;
  list.replaceChildren();
  renderFacets(allFilters && Object.keys(response.filters || {}).length ? response.filters : allFilters);
  const first = await nextPage(mine);
  if (!first) return;
  if (first.length && onlyNearMisses(term, first[0])) {
    // Pagefind answers a word it does not know with the longest prefix it does know ("xyzzy" finds "x"):
    // those are not hits for what the reader typed.
    current = { count: 0, items: [], parts: [] };
    first.length = 0;
  }
  const n = current.count;
  statusBox.textContent = n ? `${n} ${LABELS.hit[n === 1 ? 0 : 1]}` : LABELS.noHits;
  show(first);
  if (mine === generation) root.dataset.shown = location.search;
}

function showNothing() {
  current = { count: 0, items: [], parts: [] };
  shown = 0;
  list.replaceChildren();
  more.hidden = true;
  renderFacets(allFilters);
  statusBox.textContent = LABELS.noHits;
  root.dataset.shown = location.search;
}

// The results of a search in the order chosen, as parts fetched when the list reaches them. Pagefind's sort
// leaves out the cases without a date, and orders a merged index by each part's own positions: so a sorted
// search asks one year at a time (an index split by year), newest or oldest first, and ends with the cases
// without a date, best match first. The query's chunks are loaded by then: each part is a search in memory.
function inOrder(term, filters, response) {
  if (!SORTS[state.sort]) return [async () => response.results];
  const chosen = filters[YEAR]?.any;
  const wanted = (year) => !chosen || chosen.includes(year);
  const search = async (year, sort) => (await pagefind.search(term, {
    filters: year === null ? filters : { ...filters, [YEAR]: { any: [year] } }, sort })).results;
  const years = SHARDS ? SHARDS.flatMap((s) => s.years).filter((y) => y !== LABELS.unknownDate && wanted(y)) : [null];
  if (state.sort === "aldst") years.reverse();
  const parts = years.map((year) => () => search(year, SORTS[state.sort]));
  if (wanted(LABELS.unknownDate)) parts.push(() => search(LABELS.unknownDate, {}));
  return parts;
}

// In an index split by year each part answers a word it does not know on its own, with the longest word it
// knows that begins it (see onlyNearMisses): "lekplatser" would find "lek" in the years without playgrounds.
// For a one-word search, the parts with hits are asked one by one whether their best hit is the word itself;
// returns the parts that know it, or null when all do.
async function partsThatKnow(term, filters, response) {
  if (!oneWord(term)) return null;
  const counts = response.filters?.[PART] || {};
  const withHits = Object.keys(counts).filter((part) => counts[part] > 0);
  const knows = await Promise.all(withHits.map(async (part) => {
    const best = (await pagefind.search(term, { filters: { ...filters, [PART]: { any: [part] } } })).results[0];
    // A best hit without a marked word matched only Pagefind's metadata: no answer either.
    return Boolean(best) && marksAnAnswer(term, await best.data());
  }));
  const parts = withHits.filter((_, i) => knows[i]);
  return parts.length === withHits.length ? null : parts;
}

// The next page of results, loaded (null: the search was superseded meanwhile).
async function nextPage(mine) {
  while (current.items.length < shown + PAGE && current.parts.length) {
    const part = await current.parts.shift()();
    if (mine !== generation) return null;
    current.items.push(...part);
  }
  const data = await Promise.all(current.items.slice(shown, shown + PAGE).map((r) => r.data()));
  return mine === generation ? data : null;
}

function show(data) {
  for (const item of data) list.append(renderResult(item));
  shown += data.length;
  more.hidden = shown >= current.items.length && !current.parts.length;
}

// A one-word search whose best result marks no word that answers it was answered by Pagefind's fallback:
// for a word no page begins with, Pagefind takes the longest word that begins the query ("xyzzy" finds "x").
export function onlyNearMisses(term, item) {
  return oneWord(term) && Boolean(item) && item.excerpt.includes("<mark>") && !marksAnAnswer(term, item);
}

const oneWord = (term) => term.trim().split(/\s+/).length === 1;

// Whether a result's excerpt marks a word that answers the one-word search `term`.
function marksAnAnswer(term, item) {
  const word = term.trim().toLowerCase();
  return [...item.excerpt.matchAll(/<mark>([^<]*)<\/mark>/g)]
    .some((m) => answers(m[1].toLowerCase().replace(/[^\p{L}\p{N}]/gu, ""), word));
}

// A marked word answers the word searched for when it begins with the word's stem, as Pagefind finds words:
// "nämnden" answers "nämnderna" (stem "nämnd"), "lek" or "släkt" does not answer "lekplatser" or "släkting".
// A case number has no stem: only a word that begins with it answers it ("2021/593" does not answer "2021/300").
function answers(marked, word) {
  return /\d/.test(word) ? marked.startsWith(word) : plain(marked).startsWith(plain(swedishStem(word)));
}

const plain = (text) => text.normalize("NFD").replace(/\p{M}/gu, "");

// Snowball's Swedish stemmer (version 3, with its "et" ending), the one Pagefind stems Swedish with:
// https://snowballstem.org/algorithms/swedish/stemmer.html. tests/test_browser.py checks it against Snowball's own.
const VOWELS = "aeiouyäåö";
const STEP1 = ["heterna", "hetens", "anden", "andes", "andet", "arens", "arnas", "ernas", "heten", "heter", "ornas",
  "ades", "ande", "arna", "arne", "aren", "aste", "erna", "erns", "orna", "ade", "are", "ast", "ens", "ern", "het",
  "ad", "ar", "as", "at", "en", "er", "es", "et", "or", "a", "e", "s"];
const STEP2 = ["dd", "gd", "nn", "dt", "gt", "kt", "tt"];
const STEP3 = ["fullt", "els", "lig", "öst", "ig"];
const NOT_BEFORE_ET = ["fab", "h", "pak", "rak", "stak", "kom", "iet", "cit", "dit", "alit", "ilit", "mit", "nit",
  "pit", "rit", "sit", "tit", "uit", "ivit", "kvit", "xit"];

export function swedishStem(word) {
  let w = word.toLowerCase();
  const vowel = (c) => c !== undefined && VOWELS.includes(c);
  // R1: what follows the first consonant after a vowel, but not the first three letters.
  let r1 = w.length;
  for (let i = 1; i < w.length; i++) {
    if (vowel(w[i - 1]) && !vowel(w[i])) { r1 = i + 1; break; }
  }
  r1 = Math.max(r1, 3);
  const inR1 = (suffix) => w.endsWith(suffix) && w.length - suffix.length >= r1;
  // "et" goes after a consonant that follows a vowel, not first in the word, and not after these endings.
  const etGoes = (stem) => stem.length > 2 && !vowel(stem.at(-1)) && vowel(stem.at(-2))
    && !NOT_BEFORE_ET.some((x) => stem.endsWith(x));
  const one = STEP1.find(inR1);
  if (one === "s") {
    const stem = w.slice(0, -1);
    if (stem.endsWith("et") && etGoes(stem.slice(0, -2))) w = stem.slice(0, -2);
    else if ("bcdfghjklmnoprtvy".includes(stem.at(-1))) w = stem;
  } else if (one === "et") {
    if (etGoes(w.slice(0, -2))) w = w.slice(0, -2);
  } else if (one) {
    w = w.slice(0, -one.length);
  }
  if (STEP2.some(inR1)) w = w.slice(0, -1);
  const three = STEP3.find(inR1);
  if (three === "fullt" || (three === "öst" && "iklnprtuv".includes(w.at(-4)))) w = w.slice(0, -1);
  else if (three && three !== "öst") w = w.slice(0, -three.length);
  return w;
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

async function showMore() {
  const data = await nextPage(generation);
  if (data) show(data);
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
      const chosen = (state.filters[key] || []).length;
      facetsBox.append(el("details", { "data-facet": key }, el("summary", { text: summary(label, chosen) }),
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
      // A value with no hits among these results cannot be ticked (it would empty the list); a chosen one can
      // still be unticked.
      if (!count && !box.checked) box.disabled = true;
      fieldset.append(el("div", { class: "ra-facet" }, box,
        el("label", { for: id }, `${value} `, el("span", { class: "ra-n", text: `(${count})` }))));
    }
    const details = el("details", { "data-facet": key }, el("summary", { text: summary(label, chosen.length) }), fieldset);
    if (chosen.length || open.has(key)) details.open = true;
    facetsBox.append(details);
  }
  if (refocus) facetsBox.querySelector(refocus)?.focus();
}

function summary(label, chosen) {
  return chosen ? `${label} (${chosen} ${chosen === 1 ? "vald" : "valda"})` : label;
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
