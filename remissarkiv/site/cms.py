"""The form editor at /admin/ (Decap CMS): its configuration, made from the model, and its page.

Nothing here is written a second time: each field's widget, requiredness, pattern and hint come from the case
and referral models (their types and descriptions), the boards from data/boards.yml, the labels from labels.py,
the case-number rule from swedish.py, the identity-number rule from personnummer.py. tests/test_cms.py fails
when the model and the configuration disagree.

The page is not a MkDocs page: no theme, no link from the public site, `noindex`, and a Content-Security-Policy
of its own (`policy`), since Decap needs more than the public pages allow.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import types
from pathlib import Path
from typing import Literal, Union, get_args, get_origin

import yaml
from pydantic import BaseModel

from remissarkiv.config import Settings, SettingsError
from remissarkiv.model import case as case_model
from remissarkiv.model import labels, referral as referral_model, swedish
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.reading import personnummer
from remissarkiv.site import vendor

ADMIN = "admin"             # the editor's folder on the site
BUNDLE = "decap"            # admin/decap/: Decap's files, from node_modules (pinned by package-lock.json)
SCRIPT = "remissarkiv-cms.js"  # docs/admin/: the preview, the identity-number guard
STYLE = "remissarkiv-cms.css"
DECAP_DIST = "decap-cms/dist"
BACKENDS = ("github", "gitlab")

# Labels the form needs beyond the archive's own (labels.FIELDS): the editor is a staff tool.
FORM_LABELS = {
    "body": "Text",
    "decision": "Beslut",
    "signatories.name": "Namn",
    "signatories.role": "Titel",
    "attachments.title": "Titel",
    "attachments.file": "Fil",
    "corrections.date": "Datum",
    "corrections.description": "Vad som rättades",
    "referral.submitters": "Förslagsställare",
}
RECORD_LABELS = {
    "title": "Remissens titel",
    "case_number": "Diarienummer",
    "sender": "Remittent",
    "kind": "Remisstyp",
    "sent": labels.SENT,
    "deadline": labels.DEADLINE,
    "decided": labels.DECIDED,
    "asked": "Tillfrågade nämnder",
    "asked_others": "Andra remissinstanser",
    "asked_complete": "Listan över remissinstanser är fullständig",
    "documents": labels.SENT_DOCUMENTS,
    "documents.title": "Titel",
    "documents.file": "Fil",
    "documents.url": "Webbadress",
    "body": labels.MISSIVE,
}
# Hints where the model's description speaks of the YAML file (its ids and key names) rather than the form.
FORM_HINTS = {
    "board": "Nämnden som svarade. Saknas den i listan: be den som sköter arkivet att lägga till den i "
             "nämndregistret.",
    "status": "Utkast publiceras inte. Publicerad visas på webbplatsen och kräver granskning (längre ner). "
              "Avpublicerad ersätter sidan med ett meddelande: fyll i Avpublicering.",
    "decision.position": "Ställningstagande: tillstyrker, avstyrker, delvis, synpunkter eller avstår; lämna tomt "
                         "om det inte framgår.",
    "signatories": "De som undertecknade dokumentet: namn och titel.",
    "attachments": "Bilagor: en titel och filen (den hamnar i ärendets egen mapp), eller bara en titel om arkivet "
                   "inte har filen.",
    "corrections": "Rättelser efter publiceringen: datum och vad som rättades, den äldsta först.",
    "import": "Det importen läste ur originalet, och var: granska särskilt uppgifterna som är osäkra eller "
              "troliga. Kan inte ändras här och visas aldrig på webbplatsen.",
    "review": "Vem som läste remissvaret före publiceringen och när. Krävs för att publicera; visas aldrig på "
              "webbplatsen.",
    "withdrawal": "Bara när remissvaret ska tas ner: datum och skäl (skälet visas för läsaren), och sätt Status "
                  "till Avpublicerad. Se ”Avpublicera” i personalhandboken.",
    "asked": "Nämnder som ombads svara.",
    "withdrawal.full": "Fullständig borttagning: när du sparar tas dokumentets text, bilagelistan och "
                       "bilagefilerna bort ur arkivet, och sidan visar inte heller rubrik, nämnd och diarienummer. "
                       "Rensa sedan Git-historiken (personalhandboken, ”Avpublicera”).",
}
# A referral record's own words where its fields share a path with a case's.
RECORD_HINTS = {
    "title": "Remissens titel, som svaren skriver den.",
    "case_number": "Remittentens diarienummer, t.ex. ”KS 2019/1899”. Knyter ihop remissen med svaren.",
    "asked_complete": "Kryssa i om listan över remissinstanser är fullständig; lämna tom om den inte är känd i sin "
                      "helhet.",
    "documents": "Dokument som skickades på remiss: en titel och filen eller en webbadress.",
}
# Groups shown folded until opened: a withdrawal is rare, and a new case never has one.
FOLDED = {"withdrawal"}
# Groups the form shows and keeps but never edits: the import record is what the importer read, for the reviewer.
READ_ONLY = {"import": "remissarkiv-readonly"}
# Long texts get a text area; everything else a line.
LONG_TEXT = {"decision.proposal", "summary", "corrections.description"}
# Fields whose values are board ids.
BOARD_FIELDS = {"board", "asked"}
# (A pattern's message follows Decap's "<field> matchar inte mönstret: …", so it starts in lower case.)
WEB_ADDRESS_PATTERN = r"^https?://[^\s<>\"'`]+$"
SHORT_TEXT_PATTERN = rf"^[\s\S]{{1,{case_model.slugs.MAX_SEGMENT}}}$"

COLLECTIONS = {
    # name: (label, the cases' status it lists)
    "remissvar": ("Remissvar", "publicerad"),
    "utkast": ("Utkast till remissvar", "utkast"),
    "avpublicerade": ("Avpublicerade remissvar", "avpublicerad"),
}
RECORDS = "remisser"


# What Decap's Swedish locale (decap-cms-locales 3.x) leaves in English, by the locale's own keys.
# Without a Git host (make edit) Decap saves straight to disk, and calls that "Publicera" even for a draft: there
# saving is all the form does, and the status field decides what is published (issue 37). With a Git host,
# "Publicera" is the merge after review, and Decap's words stay.
LOCAL_SAVE_WORDS = {
    "editor.editorToolbar.publish": "Spara",
    "editor.editorToolbar.publishing": "Sparar …",
    "editor.editorToolbar.published": "Sparat",
    "editor.editorToolbar.publishNow": "Spara nu",
    "editor.editorToolbar.publishAndCreateNew": "Spara och skapa ett nytt",
    "editor.editorToolbar.publishAndDuplicate": "Spara och gör en kopia",
    "editor.editorToolbar.changesSaved": "Sparat",
    "editor.editorToolbar.unsavedChanges": "Inte sparat",
    "editor.editorToolbar.deletePublishedEntry": "Ta bort filen",
    "editor.editorToolbar.deleteEntry": "Ta bort filen",
    "editor.editor.onPublishing": "Vill du spara?",
    "ui.toast.entryPublished": "Remissvaret sparat",
    "ui.toast.onFailToPublishEntry": "Kunde inte spara: %{details}",
}
DECAP_SV = {
    "ui.toast.entrySaved": "Remissvaret sparat",
    "ui.toast.onFailToPersist": "Kunde inte spara: %{details}",
    "collection.collectionTop.viewAsList": "Visa som lista",
    "collection.collectionTop.viewAsGrid": "Visa som rutnät",
    "collection.entries.unpublishedHeader": "Opublicerade",
    # Decap fills these two with the widget's and the field's internal names ("datetime", "date"), not their
    # labels: words without the names, and the button's name its own visible text (WCAG 2.5.3).
    "editor.editorControl.field.widgetLabel": "Fält",
    "editor.editorInterface.toggleNotes": "Visa eller dölj anteckningar",
    "editor.editorNotesPane.title": "Anteckningar",
    "editor.editorNotesPane.emptyState": "Inga anteckningar än.",
    "editor.editorNotesPane.addNote": "Lägg till anteckning",
    "editor.editorNotesPane.addPlaceholder": "Skriv en anteckning …",
    "editor.editorNotesPane.editPlaceholder": "Ändra anteckningen …",
    "editor.editorNotesPane.save": "Spara",
    "editor.editorNotesPane.cancel": "Avbryt",
    "editor.editorNotesPane.edit": "Ändra",
    "editor.editorNotesPane.delete": "Ta bort",
    "editor.editorNotesPane.resolve": "Markera som klar",
    "editor.editorNotesPane.unresolve": "Öppna igen",
    "editor.editorNotesPane.confirmDelete": "Vill du ta bort anteckningen?",
    "editor.editorNotesPane.shortcut": "Tips: Ctrl+Enter lägger till anteckningen.",
    "editor.editorToolbar.statusInfoTooltipDraft": "Ändringen är ett utkast. Sätt den till ”Under granskning” när "
                                                   "den ska granskas.",
    "editor.editorToolbar.statusInfoTooltipInReview": "Ändringen granskas. Du kan fortfarande ändra i den.",
    "editor.editorWidgets.markdown.strikethrough": "Genomstruken",
    "editor.editorWidgets.markdown.toggleMode.rich": "Byt till formaterad text",
    "editor.editorWidgets.markdown.toggleMode.markdown": "Byt till Markdown",
    "editor.editorWidgets.image.chooseMultiple": "Välj bilder",
    "editor.editorWidgets.image.addMore": "Lägg till fler bilder",
    "editor.editorWidgets.image.removeAll": "Ta bort alla bilder",
    "editor.editorWidgets.file.chooseMultiple": "Välj filer",
    "editor.editorWidgets.file.addMore": "Lägg till fler filer",
    "editor.editorWidgets.file.removeAll": "Ta bort alla filer",
    "editor.editorWidgets.datetime.setToNow": "Nu",
    "editor.editorWidgets.list.add": "Lägg till %{item}",
    "editor.editorWidgets.list.addType": "Lägg till %{item}",
    "editor.editorWidgets.object.expand": "Visa",
    "editor.editorWidgets.object.collapse": "Dölj",
    "mediaLibrary.mediaLibraryModal.close": "Stäng",
    "ui.settingsDropdown.account": "Kontoval",
}


class AdminError(SettingsError):
    """The editor cannot be built; the message is Swedish."""


# --- fields, from the model -------------------------------------------------------------------------------
def _label(path: str, record: bool) -> str:
    found = (RECORD_LABELS if record else {**labels.FIELDS, **FORM_LABELS}).get(path)
    if found is None:
        raise AdminError(f"formulärets fält {path} har ingen etikett: lägg till den i labels.FIELDS eller cms.py")
    return found


def _unwrap(annotation):
    """The type inside Optional[...] (requiredness comes from the field itself)."""
    if get_origin(annotation) in (Union, types.UnionType):
        return next(a for a in get_args(annotation) if a is not type(None))
    return annotation


def _validators(info) -> set:
    return {getattr(m, "func", None) for m in info.metadata} | {
        getattr(m, "func", None) for a in get_args(info.annotation) for m in getattr(a, "__metadata__", ())}


def _scalar(path: str, annotation, info, boards: BoardRegistry) -> dict:
    kind = _unwrap(annotation)
    funcs = _validators(info) | {getattr(m, "func", None) for m in getattr(kind, "__metadata__", ())}
    base = get_args(kind)[0] if getattr(kind, "__metadata__", None) else kind
    name = path.rsplit(".", 1)[-1]
    if name in BOARD_FIELDS:
        return {"widget": "select", "options": board_options(boards)}
    if get_origin(base) is Literal:
        return {"widget": "select", "options": value_options(path, get_args(base))}
    if base is bool:
        return {"widget": "boolean"}
    if base is dt.date or case_model._iso_date in funcs:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    field = {"widget": "text" if path in LONG_TEXT else "string"}
    if case_model._case_number in funcs:
        field["pattern"] = [swedish.CASE_NUMBER_PATTERN, swedish.CASE_NUMBER_HINT]
    elif case_model._web_address in funcs:
        field["pattern"] = [WEB_ADDRESS_PATTERN, "skriv en webbadress som börjar med https:// (eller http://)"]
    elif any(getattr(m, "max_length", None) for m in info.metadata + list(getattr(kind, "__metadata__", ()))):
        field["pattern"] = [SHORT_TEXT_PATTERN, f"högst {case_model.slugs.MAX_SEGMENT} tecken"]
    return field


def _field(model: type[BaseModel], name: str, prefix: str, boards: BoardRegistry, record: bool,
           optional: bool = False) -> dict:
    info = model.model_fields[name]
    path = f"{prefix}{name}"
    out = {"name": name, "label": _label(path, record)}
    annotation = _unwrap(info.annotation)
    nested = case_model.nested_model(info.annotation)
    if path in READ_ONLY and not record:
        # one widget for the whole record (remissarkiv-cms.js): shown as a table, saved as it was read
        out.update(widget=READ_ONLY[path], required=False, hint=FORM_HINTS.get(path, info.description),
                   labels={key.removeprefix(path + "."): text for key, text in labels.FIELDS.items()
                           if key.startswith(path + ".")})
        return out
    if get_origin(annotation) is list:
        item = get_args(annotation)[0]
        if nested:
            out.update(widget="list", fields=fields(nested, f"{path}.", boards, record),
                       summary="{{fields." + next(iter(nested.model_fields)) + "}}")
        elif name in BOARD_FIELDS:
            out.update(widget="select", multiple=True, options=board_options(boards))
        else:
            inner = {"name": "item", "label": _label(path, record)}
            inner.update(_scalar(path, item, info, boards))
            out.update(widget="list", field=inner)
    elif nested:
        out.update(widget="object", collapsed=path in FOLDED,
                   fields=fields(nested, f"{path}.", boards, record, optional=_optional_group(info)))
    else:
        out.update(_scalar(path, info.annotation, info, boards))
    if name == "file":
        out.update(widget="file", choose_url=False)
    # Decap checks a required field inside an optional group even when the group is left empty: there the
    # form lets it be, and `check` says what a filled-in group lacks.
    out["required"] = info.is_required() and not optional
    if record and path in RECORD_HINTS:
        out["hint"] = RECORD_HINTS[path]
    elif path in FORM_HINTS:
        out["hint"] = FORM_HINTS[path]
    elif info.description:  # the model's words for a YAML file; a form leaves a field empty instead
        out["hint"] = info.description.replace("eller null", "eller lämna tomt")
    return out


def fields(model: type[BaseModel], prefix: str, boards: BoardRegistry, record: bool = False,
           optional: bool = False) -> list[dict]:
    return [_field(model, name, prefix, boards, record, optional) for name in model.model_fields]


def optional_groups(model: type[BaseModel]) -> list[str]:
    """Groups of fields a case may leave out as a whole (review:, withdrawal:): an empty one is saved as null."""
    return [name for name, info in model.model_fields.items() if _optional_group(info)]


def _optional_group(info) -> bool:
    """A group of fields (one nested object, not a list) that a case may leave out: default None."""
    return bool(case_model.nested_model(info.annotation)) and info.default is None \
        and get_origin(_unwrap(info.annotation)) is not list


def board_options(boards: BoardRegistry) -> list[dict]:
    """Every board, today's first; a historical one says until when it existed (old answers keep it)."""
    ordered = sorted(boards, key=lambda b: (not b.is_current, swedish.sort_key(b.name)))
    return [{"value": b.id, "label": b.name if b.is_current else
             f"{b.name} ({labels.HISTORICAL}, till {b.valid_to.isoformat()})"} for b in ordered]


def value_options(path: str, values: tuple[str, ...]) -> list[dict]:
    named = labels.POSITIONS if path == "decision.position" else {}
    return [{"value": v, "label": named.get(v) or v[:1].upper() + v[1:]} for v in values]


def body_field(record: bool) -> dict:
    # No editor components: an image or other HTML block from the toolbar would meet the sanitizer on the site.
    # The preview sanitizes HTML in a case's text (Decap's default today, stated so that it stays): the page's
    # policy would stop a script anyway, this keeps the markup out too.
    return {"name": "body", "label": _label("body", record), "widget": "markdown", "required": False,
            "editor_components": [], "modes": ["rich_text", "raw"], "sanitize_preview": True}


# --- the configuration -------------------------------------------------------------------------------------
def _cases(name: str, label: str, status: str, boards: BoardRegistry) -> dict:
    form = fields(case_model.Case, "", boards)
    for f in form:
        if f["name"] == "status":
            f["default"] = status  # a new case in "Utkast" is a draft; in "Remissvar", published once merged
    return {
        "name": name, "label": label, "label_singular": "remissvar", "folder": "cases",
        # Named as `remissarkiv new` names a file: cases/<year of the document's date, else this year>/
        # <board>-<the referral's number>.md; attachments in the case's own folder beside it.
        "path": "{{year}}/{{slug}}", "slug": "{{fields.board}}-{{fields.referral.case_number}}",
        "filter": {"field": "status", "value": status},
        "create": True, "delete": False, "extension": "md", "format": "frontmatter",
        "identifier_field": "title", "summary": "{{title}} ({{board}}, {{date}})",
        "sortable_fields": ["date", "title", "board"],
        "media_folder": "{{filename}}", "public_folder": "",
        "preview_path": "remissvar/{{dirname}}/{{filename}}/",
        "fields": with_body(form, body_field(False)),
    }


# The text comes after the referral and the decision (issue 37): it is what a registrar pastes first; the
# people, lists and the rarely used groups (rättelser, granskning, avpublicering, tidigare adresser) follow.
BODY_AFTER = "decision"


def with_body(form: list[dict], body: dict) -> list[dict]:
    at = next((i + 1 for i, f in enumerate(form) if f["name"] == BODY_AFTER), len(form))
    return [*form[:at], body, *form[at:]]


def _records(boards: BoardRegistry) -> dict:
    return {
        "name": RECORDS, "label": labels.REFERRALS, "label_singular": labels.REFERRAL.lower(),
        "folder": f"cases/{referral_model.FOLDER}", "slug": "{{fields.case_number}}",
        "create": True, "delete": False, "extension": "md", "format": "frontmatter",
        "identifier_field": "title", "summary": "{{title}} ({{case_number}})",
        "sortable_fields": ["sent", "deadline", "title"],
        "media_folder": "{{filename}}", "public_folder": "",
        "preview_path": "remisser/{{filename}}/",
        "fields": fields(referral_model.ReferralRecord, "", boards, record=True) + [body_field(True)],
    }


_URL = re.compile(r"https://[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]{0,200})?")
_REPO = re.compile(r"[A-Za-z0-9_.-]{1,100}(/[A-Za-z0-9_.-]{1,100}){1,5}")
_BRANCH = re.compile(r"[A-Za-z0-9._/-]{1,100}")
_APP_ID = re.compile(r"[A-Za-z0-9_-]{1,128}")
_PATH = re.compile(r"[A-Za-z0-9._~/-]{1,200}")


def backend_config(settings: Settings) -> dict | None:
    """The Git host the editor saves to, from the settings (None: not connected). The values are checked
    strictly: they become part of the page's security policy, and none may bring in a login service of
    someone else's (Decap's GitHub default is Netlify's)."""
    where = "mkdocs.yml: extra.remissarkiv"
    s = settings
    if not s.cms_backend:
        return None
    if s.cms_backend not in BACKENDS:
        raise SettingsError(f"{where}.cms_backend: '{s.cms_backend}' känns inte igen: skriv github, gitlab eller "
                            "lämna tomt")
    checks = [("cms_repo", _REPO, "ägare/namn, t.ex. kommunen/remissarkivet"), ("cms_branch", _BRANCH,
              "en grens namn, t.ex. main"),
              ("cms_base_url", _URL, "en https-adress utan frågetecken eller citattecken"),
              ("cms_api_root", _URL, "en https-adress"), ("cms_app_id", _APP_ID, "bokstäver, siffror, - och _"),
              ("cms_auth_endpoint", _PATH, "en sökväg, t.ex. auth")]
    for name, pattern, what in checks:
        value = getattr(s, name)
        if value and not pattern.fullmatch(value):
            raise SettingsError(f"{where}.{name}: {value[:100]!r} går inte att använda: skriv {what}")
    if not s.cms_repo:
        raise SettingsError(f"{where}.cms_repo saknas: skriv förrådets ägare/namn, t.ex. kommunen/remissarkivet")
    backend = {"name": s.cms_backend, "repo": s.cms_repo, "branch": s.cms_branch or "main",
               "squash_merges": True, "cms_label_prefix": "remissarkiv/"}
    if s.cms_backend == "github" and not s.cms_base_url:
        raise SettingsError(f"{where}.cms_base_url saknas: GitHub-inloggningen går genom organisationens egen "
                            "OAuth-proxy (README, Formulärredigeraren); utan den skulle en annans tjänst användas")
    if s.cms_backend == "gitlab":
        if not s.cms_app_id:
            raise SettingsError(f"{where}.cms_app_id saknas: skriv id:t för GitLab-applikationen (README, "
                                "Formulärredigeraren)")
        backend.update(auth_type="pkce", app_id=s.cms_app_id)
    for name in ("base_url", "auth_endpoint", "api_root"):
        if getattr(s, f"cms_{name}"):
            backend[name] = getattr(s, f"cms_{name}")
    return backend


def config(settings: Settings, boards: BoardRegistry) -> dict:
    local = {"name": "proxy", "proxy_url": _proxy(settings) or "http://127.0.0.1:0/api/v1"}
    backend = backend_config(settings) or local
    out = {
        "backend": backend,
        # A save is a branch and a pull/merge request; "Publicera" is the merge. Decap falls back to plain
        # saving with the local proxy (make edit), which writes the files on disk.
        "publish_mode": "editorial_workflow",
        "locale": "sv",
        "site_url": settings.site_url or None,
        "show_preview_links": True,
        "media_folder": "cases",  # uploads outside a case (the media tab); a case's go into its own folder
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [*(_cases(name, label, status, boards) for name, (label, status) in COLLECTIONS.items()),
                        _records(boards)],
    }
    if settings.cms_local_proxy:
        out["local_backend"] = {"url": _proxy(settings), "allowed_hosts": ["127.0.0.1", "localhost"]}
    return {k: v for k, v in out.items() if v is not None}


def _proxy(settings: Settings) -> str:
    return f"http://127.0.0.1:{settings.cms_local_proxy}/api/v1" if settings.cms_local_proxy else ""


def config_yaml(settings: Settings, boards: BoardRegistry) -> bytes:
    return yaml.safe_dump(config(settings, boards), allow_unicode=True, sort_keys=False, width=120).encode("utf-8")


# --- the page --------------------------------------------------------------------------------------------
def _origin(url: str) -> str:
    m = re.match(r"https?://[^/]+", url)
    return m.group(0) if m else ""


def policy(settings: Settings) -> str:
    """The admin page's Content-Security-Policy: the public pages' (csp.POLICY) plus what Decap needs:
    'unsafe-eval' (it compiles its configuration's JSON Schema into functions, ajv), inline styles (its
    components style themselves at run time), blob:/data: images and connections (an upload before it is
    saved), and connections to the Git host's API and login, or to the local proxy of make edit. Nothing else."""
    connect = ["'self'", "blob:"]  # an upload is read back from its blob: address to be saved
    backend = backend_config(settings)
    if backend:
        default_api = {"github": "https://api.github.com", "gitlab": "https://gitlab.com"}[backend["name"]]
        connect += sorted({_origin(backend.get("api_root", default_api)), _origin(backend.get("base_url", ""))} - {""})
    if settings.cms_local_proxy:
        connect.append(f"http://127.0.0.1:{settings.cms_local_proxy}")
    return ("default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
            f"connect-src {' '.join(connect)}; frame-src 'self' blob:; worker-src 'self' blob:; "
            "object-src 'none'; base-uri 'self'; form-action 'none'")


# The preview's fact list, in the order of the page it imitates (pages.case_page, pages.referral_page).
CASE_FACTS = ["board", "case_number", "document_type", "date", "referral.title", "referral.case_number",
              "referral.sender", "referral.kind", "referral.submitters", "referral.received", "referral.deadline",
              "decision.date", "decision.paragraph", "decision.position", "prepared_by", "handler", "signatories",
              "topics", "attachments"]
RECORD_FACTS = ["case_number", "sender", "kind", "sent", "deadline", "decided", "asked", "asked_others", "documents"]


def field_labels(form: list[dict], prefix: str = "") -> dict[str, str]:
    """Each field's label by its path ('referral.case_number'), for the form's own messages."""
    out: dict[str, str] = {}
    for f in form:
        out[prefix + f["name"]] = f["label"]
        out.update(field_labels(f.get("fields", []), f"{prefix}{f['name']}."))
    return out


def page_data(preview_styles: list[str], local: bool = True) -> dict:
    """What the page's own script needs, as data: the preview's styles, facts and words, the form's labels and
    the identity-number rule."""
    empty = BoardRegistry([])
    case_labels = field_labels(with_body(fields(case_model.Case, "", empty), body_field(False)))
    record_labels = field_labels(fields(referral_model.ReferralRecord, "", empty, True) + [body_field(True)])
    return {
        "previewStyles": [f"../{path}" for path in preview_styles],  # site paths, seen from admin/
        "previewFacts": {**{name: CASE_FACTS for name in COLLECTIONS}, RECORDS: RECORD_FACTS},
        "fieldLabels": {**{name: case_labels for name in COLLECTIONS}, RECORDS: record_labels},
        "labels": {"missing": labels.MISSING, "facts": labels.CASE_FACTS, "yes": labels.YES, "no": labels.NO,
                   "identity": "Texten innehåller ett personnummer eller samordningsnummer ({number}) i fältet "
                               "”{field}”. Ta bort det innan du sparar: personnummer publiceras aldrig."},
        "personnummer": personnummer.rule(),
        "optionalGroups": optional_groups(case_model.Case),
        "locale": {**DECAP_SV, **(LOCAL_SAVE_WORDS if local else {})},
    }


def connected(settings: Settings) -> bool:
    """A Git host, or make edit's local proxy, to save to: else the page only says it is not connected."""
    return bool(settings.cms_backend or settings.cms_local_proxy)


def page(settings: Settings, preview_styles: list[str]) -> str:
    head = [
        '<!doctype html>', '<html lang="sv">', '<head>', '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{html.escape(policy(settings))}">',
        '<meta name="robots" content="noindex, nofollow">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        '<title>Redigera remissvar – Remissarkivet</title>',
        '<link rel="icon" href="data:,">',  # no request for a /favicon.ico the site does not have
        f'<link rel="stylesheet" href="{STYLE}">',
    ]
    # Like every page of the site, it links the accessibility statement (which lists the editor's faults).
    footer = ['<footer class="ra-admin-footer"><nav class="ra-footer-links" aria-label="Om webbplatsen">'
              '<a href="../tillganglighet/">Tillgänglighetsredogörelse</a></nav></footer>']
    if not connected(settings):
        return "\n".join(head + ['</head>', '<body>', '<main class="ra-admin-off">', '<h1>Redigera remissvar</h1>',
                                 '<p>Formulärredigeraren är inte kopplad till någon Git-tjänst än. Den som sköter '
                                 'webbplatsen kopplar den i <code>mkdocs.yml</code> (se README, '
                                 '”Formulärredigeraren”). På din egen dator startar <code>make edit</code> den.</p>',
                                 '</main>'] + footer + ['</body>', '</html>', ''])
    # A script element's text is not HTML: no entities there, so '<' and '&' are written as JSON escapes.
    text = json.dumps(page_data(preview_styles, local=not settings.cms_backend), ensure_ascii=False)
    data = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "\n".join(head + [
        '</head>', '<body>',
        '<div id="nc-root"></div>',  # where Decap draws itself: before the footer, not after it
        *footer,
        f'<script type="application/json" id="ra-cms-data">{data}</script>',
        f'<script src="{BUNDLE}/decap-cms.js"></script>',
        f'<script src="{SCRIPT}"></script>',
        '</body>', '</html>', ''])


def bundle_files(root: Path) -> dict[str, str]:
    """admin/decap/<file> -> the file in node_modules: Decap's script, its chunks and WebAssembly, no source
    maps and not the second build (`cms.js`) the package also carries."""
    dist = vendor.find(root, DECAP_DIST)
    if dist is not None and (dist / "decap-cms.js").is_file():
        # (its licence file, too; lower case, as every address on the site)
        return {f"{ADMIN}/{BUNDLE}/{f.name.lower()}": str(f) for f in sorted(dist.iterdir())
                if f.is_file() and not f.name.endswith(".map") and not f.name.startswith("cms.")
                and not re.fullmatch(r"\d+\.cms\.js", f.name)}
    raise AdminError("Formulärredigeraren (Decap CMS) saknas i node_modules: kör make install")


def files(root: Path, settings: Settings, boards: BoardRegistry, preview_styles: list[str]
          ) -> tuple[dict[str, bytes], dict[str, str]]:
    """(generated files: site path -> bytes, copied files: site path -> source path) of /admin/."""
    data = {f"{ADMIN}/index.html": page(settings, preview_styles).encode("utf-8")}
    if not connected(settings):
        return data, {}
    data[f"{ADMIN}/config.yml"] = config_yaml(settings, boards)
    return data, bundle_files(root)
