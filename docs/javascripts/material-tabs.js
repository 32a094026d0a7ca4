// Material for MkDocs' content-tabs helper (partials/javascripts/content.html), as a file instead of an
// inline script: the site's Content-Security-Policy allows no inline script.
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
