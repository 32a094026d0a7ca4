/* Remissarkivet's additions to the form editor (Decap CMS, /admin/):
 *  - a preview pane that looks like the case page (the site's own styles, its fact list, its words);
 *  - before a save, the identity-number check `remissarkiv check` and the build apply, so the form says at once
 *    what would stop the case later (check and build stay the walls: this only tells staff early);
 *  - an empty field is saved as null ("unknown"), as the case files write it, not as an empty text.
 * Every word and rule comes from the page's data block (remissarkiv/site/cms.py), none is spelled here.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("ra-cms-data").textContent);
  var rule = data.personnummer;

  // --- what Decap's Swedish leaves in English --------------------------------------------------------------
  var phrases = CMS.getLocale("sv");
  Object.keys(data.locale).forEach(function (path) {
    var keys = path.split("."), at = phrases;
    keys.slice(0, -1).forEach(function (k) { at = at[k] = at[k] || {}; });
    at[keys[keys.length - 1]] = data.locale[path];
  });
  CMS.registerLocale("sv", phrases);

  // --- identity numbers: remissarkiv/reading/personnummer.py, step by step --------------------------------
  function unescapeHtml(text) {
    var box = document.createElement("textarea"); // its content is text, never markup: nothing here runs
    box.innerHTML = text;
    return box.value;
  }

  function normalise(text) {
    if (text.indexOf("&") >= 0) text = unescapeHtml(text);
    text = text.normalize("NFKC").replace(new RegExp(rule.dashes, "g"), "-");
    text = text.replace(new RegExp(rule.tag, "g"), "").replace(new RegExp(rule.ignored, "g"), "");
    text = text.replace(new RegExp(rule.lineBreak, "g"), "$1");
    return text.replace(new RegExp(rule.aroundSeparator, "g"), "$1$2");
  }

  function lastDay(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function dateOk(century, yy, mm, dd) {
    var month = Number(mm), day = Number(dd);
    if (day > 60) day -= 60;
    if (month < 1 || month > 12 || day < 1) return false;
    // Without the century, 29 February is allowed (some century makes it a leap year).
    var last = century ? lastDay(Number(century + yy), month) : Math.max(lastDay(2000, month), lastDay(2001, month));
    return day <= last;
  }

  function luhnOk(nine, check) {
    var total = 0;
    for (var i = 0; i < nine.length; i++) {
      var n = Number(nine[i]) * (i % 2 === 0 ? 2 : 1);
      total += n > 9 ? n - 9 : n;
    }
    return (10 - (total % 10)) % 10 === Number(check);
  }

  /* The identity numbers in a text that stop a build (a number that may also be a mobile number only gets a
   * warning from `check`, so it passes here too). */
  function identityNumbers(text) {
    var found = [], m, re = new RegExp(rule.candidate, "g");
    text = normalise(text);
    while ((m = re.exec(text)) !== null) {
      var century = m[1], yy = m[2], mm = m[3], dd = m[4], sep = m[5], serial = m[6], check = m[7];
      if (century && rule.centuries.indexOf(century) < 0) continue;
      if (!dateOk(century, yy, mm, dd) || !luhnOk(yy + mm + dd + serial, check)) continue;
      if (!century && !sep && yy === rule.ambiguous) continue;
      found.push(m[0]);
    }
    return found;
  }
  window.remissarkivIdentityNumbers = identityNumbers; // for the tests, which compare it with the Python finder

  function texts(value, path, out) {
    if (typeof value === "string") out.push([path, value]);
    else if (Array.isArray(value)) value.forEach(function (v) { texts(v, path, out); });
    else if (value && typeof value === "object") {
      Object.keys(value).forEach(function (k) { texts(value[k], path ? path + "." + k : k, out); });
    }
    return out;
  }

  // An empty field means "unknown": null, as the case files write it (a date of "" would not be a date).
  function emptyToNull(value, key) {
    if (typeof value === "string") return value.trim() === "" && key !== "body" ? null : value;
    if (value && typeof value.map === "function" && typeof value.toJS === "function") {
      return value.map(function (v, k) { return emptyToNull(v, k); });
    }
    return value;
  }

  // A group a case may leave out (review, withdrawal) that the form left empty is no group at all: null.
  function emptyGroupsToNull(entryData) {
    return (data.optionalGroups || []).reduce(function (out, name) {
      var group = out.get(name);
      if (!group || typeof group.every !== "function") return out;
      var empty = group.every(function (v) { return v === null || v === undefined || v === false || v === ""; });
      return empty ? out.set(name, null) : out;
    }, entryData);
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var entry = event.entry, labels = data.fieldLabels[entry.get("collection")] || {};
      texts(entry.get("data").toJS(), "", []).forEach(function (pair) {
        var hits = identityNumbers(pair[1]);
        if (hits.length) {
          var masked = hits[0].slice(0, hits[0].length - 4) + "****";
          var error = new Error(data.labels.identity.replace("{number}", masked)
            .replace("{field}", labels[pair[0]] || pair[0]));
          error.toString = function () { return error.message; }; // Decap shows the error as text: no "Error: "
          throw error;
        }
      });
      return emptyGroupsToNull(emptyToNull(entry.get("data"), ""));
    },
  });

  // --- the preview: the page's title, its fact list and its text, with the site's own styles ----------------
  function fieldAt(fields, path) {
    var field = null;
    path.split(".").forEach(function (name) {
      field = fields && fields.find(function (f) { return f.get("name") === name; });
      fields = field && field.get("fields");
    });
    return field;
  }

  function plain(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  function optionLabel(field, value) {
    var option = (plain(field.get("options")) || []).find(function (o) { return o.value === value; });
    return option ? option.label : value;
  }

  function shown(field, value) {
    value = plain(value);
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      return h("span", { className: "ra-missing" }, data.labels.missing);
    }
    if (field.get("widget") === "select") {
      return [].concat(value).map(function (v) { return optionLabel(field, v); }).join(", ");
    }
    if (Array.isArray(value) && field.get("fields")) {
      var names = plain(field.get("fields")).map(function (f) { return f.name; });
      return h(field.get("name") === "attachments" ? "ol" : "ul", {}, value.map(function (item, i) {
        var parts = names.filter(function (n) { return n !== "file" && n !== "url" && item[n]; })
          .map(function (n) { return item[n]; });
        return h("li", { key: i }, parts.join(", "));
      }));
    }
    return Array.isArray(value) ? value.join(", ") : String(value);
  }

  var Preview = createClass({
    render: function () {
      var props = this.props, fields = props.collection.get("fields");
      var facts = data.previewFacts[props.collection.get("name")] || [];
      var rows = facts.map(function (path) {
        var field = fieldAt(fields, path);
        return field && h("div", { key: path }, h("dt", {}, field.get("label")),
          h("dd", {}, shown(field, props.entry.getIn(["data"].concat(path.split("."))))));
      });
      return h("div", { className: "md-content" }, h("article", { className: "md-content__inner md-typeset" },
        h("h1", {}, props.entry.getIn(["data", "title"]) || ""),
        h("section", { className: "ra-case-facts", "aria-label": data.labels.facts },
          h("dl", { className: "ra-facts" }, rows)),
        props.widgetFor("body")));
    },
  });

  // --- a record the form shows but never changes (cms.READ_ONLY): the import's reading, for the reviewer ----
  // The control never calls onChange, so the record is saved exactly as the importer wrote it.
  function readOnlyTable(field, value) {
    var names = plain(field.get("labels")) || {};
    value = plain(value);
    if (!value) return h("p", { className: "ra-missing" }, data.labels.missing);
    var rows = Object.keys(value).filter(function (k) { return k !== "fields" && k !== "check"; })
      .map(function (k) {
        var v = value[k];
        return h("div", { key: k }, h("dt", {}, names[k] || k),
          h("dd", {}, v === true ? data.labels.yes : v === false ? data.labels.no : String(v)));
      });
    var check = (value.check || []).map(function (text, i) { return h("li", { key: i }, text); });
    var cols = ["field", "where", "how", "certainty", "reason"];
    var lines = (value.fields || []).map(function (f, i) {
      return h("tr", { key: i, className: "ra-import-" + (f.certainty || "") }, cols.map(function (c) {
        return h(c === "field" ? "th" : "td", c === "field" ? { key: c, scope: "row" } : { key: c }, f[c] || "");
      }));
    });
    return h("div", { className: "ra-readonly", "aria-readonly": "true" },
      h("dl", { className: "ra-facts" }, rows),
      check.length ? h("div", {}, h("p", {}, names.check || "check"), h("ul", {}, check)) : null,
      lines.length ? h("table", {}, h("caption", {}, names.fields || "fields"),
        h("thead", {}, h("tr", {}, cols.map(function (c) {
          return h("th", { key: c, scope: "col" }, names["fields." + c] || c);
        }))), h("tbody", {}, lines)) : null);
  }

  var ReadOnly = createClass({
    render: function () {
      return h("div", { className: this.props.classNameWrapper, id: this.props.forID, tabIndex: -1 },
        readOnlyTable(this.props.field, this.props.value));
    },
  });
  var ReadOnlyPreview = createClass({
    render: function () { return h("div", {}, readOnlyTable(this.props.field, this.props.value)); },
  });
  CMS.registerWidget("remissarkiv-readonly", ReadOnly, ReadOnlyPreview);

  Object.keys(data.previewFacts).forEach(function (name) { CMS.registerPreviewTemplate(name, Preview); });
  data.previewStyles.forEach(function (href) { CMS.registerPreviewStyle(new URL(href, document.baseURI).href); });
})();
