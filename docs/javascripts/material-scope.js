// Material for MkDocs' page-scope helpers (partials/javascripts/base.html), as a file instead of an inline
// script: the site's Content-Security-Policy allows no inline script. The scope is the site root, one folder
// above this file, exactly what Material computes from base_url.
__md_scope = new URL("..", document.currentScript.src);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
