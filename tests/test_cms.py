"""The form editor's configuration agrees with the model, its settings are checked as input, and the admin page
is built as it must be (real `mkdocs build --strict`). The editor in a browser: tests/test_cms_browser.py."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
import yaml

from remissarkiv.config import Settings, SettingsError
from remissarkiv.model import case as case_model
from remissarkiv.model import referral as referral_model
from remissarkiv.model import swedish
from remissarkiv.model.boards import BoardRegistry
from remissarkiv.site import cms, csp
from tests.conftest import ROOT, make_project

BOARDS = BoardRegistry.load(ROOT / "data" / "boards.yml")
GITLAB = {"REMISSARKIV_CMS_BACKEND": "gitlab", "REMISSARKIV_CMS_REPO": "kommunen/remissarkivet",
          "REMISSARKIV_CMS_APP_ID": "a1b2c3"}


def _config(**settings) -> dict:
    return yaml.safe_load(cms.config_yaml(replace(Settings(), **settings), BOARDS))


def _collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


def _resolve(schema: dict, node: dict) -> dict:
    """A JSON Schema node with $ref and Optional's anyOf [..., null] taken away."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in node:
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
        return _resolve(schema, node)
    return node


def _paths(schema: dict, node: dict, prefix: str) -> set[str]:
    """Every field path under an object of the schema ('import.fields.where')."""
    out = set()
    for name, sub in node.get("properties", {}).items():
        out.add(prefix + name)
        sub = _resolve(schema, sub)
        if sub.get("type") == "array":
            sub = _resolve(schema, sub["items"])
        if sub.get("type") == "object":
            out |= _paths(schema, sub, f"{prefix}{name}.")
    return out


def _agree(schema: dict, model_node: dict, form: list[dict], where: str, optional: bool = False) -> list[str]:
    """Where the published JSON Schema (the model, independently derived by pydantic) and the form disagree.
    `optional`: the fields of a group the case may leave out, which the form cannot require (cms._field)."""
    out = []
    props = model_node["properties"]
    names = [f["name"] for f in form if f["name"] != "body"]
    if names != list(props):
        out.append(f"{where}: fält {names} != {list(props)}")
    required = set(model_node.get("required", []))
    for field in form:
        if field["name"] == "body":
            continue
        path = f"{where}{field['name']}"
        if field["widget"] == "remissarkiv-readonly":
            # a record shown whole and never edited (cms.READ_ONLY): its parts are labels, not form fields
            subpaths = {f"{path}.{k}" for k in field["labels"]}
            model_paths = _paths(schema, _resolve(schema, props[field["name"]]), f"{path}.")
            if subpaths != model_paths or field["required"] or not field.get("hint"):
                out.append(f"{path}: skrivskyddad post {sorted(subpaths)} != {sorted(model_paths)}")
            continue
        node = _resolve(schema, props[field["name"]])
        if field["required"] != (field["name"] in required and not optional):
            out.append(f"{path}: required {field['required']}")
        if field.get("hint") is None:
            out.append(f"{path}: ingen hjälptext")
        kind = node.get("type")
        if "enum" in node:
            values = [o["value"] for o in field["options"]]
            if field["widget"] != "select" or values != node["enum"]:
                out.append(f"{path}: val {values} != {node['enum']}")
        elif node.get("format") == "date":
            if field["widget"] != "datetime" or field["format"] != "YYYY-MM-DD" or field["time_format"] is not False:
                out.append(f"{path}: inte ett datum")
        elif kind == "boolean" and field["widget"] != "boolean":
            out.append(f"{path}: inte ja/nej")
        elif kind == "object":
            out += _agree(schema, node, field["fields"], f"{path}.",
                          optional=field["name"] not in required and "default" in props[field["name"]])
        elif kind == "array":
            item = _resolve(schema, node["items"])
            if item.get("type") == "object":
                out += _agree(schema, item, field["fields"], f"{path}.")
            elif field["name"] == "asked":
                if not (field["widget"] == "select" and field.get("multiple")):
                    out.append(f"{path}: inte ett flerval")
            elif field["widget"] != "list" or field["field"]["widget"] != "string":
                out.append(f"{path}: inte en lista av text")
        elif kind == "string" and field["widget"] not in ("string", "text", "select", "file"):
            out.append(f"{path}: widget {field['widget']}")
        if "pattern" in node and field.get("pattern", [None])[0] != node["pattern"]:
            out.append(f"{path}: mönster {field.get('pattern')} != {node['pattern']}")
    return out


@pytest.mark.parametrize("collection,model", [("remissvar", case_model.Case), ("utkast", case_model.Case),
                                              ("remisser", referral_model.ReferralRecord)])
def test_the_form_has_every_field_of_the_model_as_the_model_defines_it(collection, model):
    schema = model.model_json_schema()
    form = _collection(_config(), collection)["fields"]
    assert _agree(schema, schema, form, "") == []
    body = next(i for i, f in enumerate(form) if f["name"] == "body")
    assert form[body]["widget"] == "markdown"
    if model is case_model.Case:  # issue 37: the text right after the referral and the decision
        assert form[body - 1]["name"] == "decision" and form[body + 1]["name"] == "prepared_by"
    else:
        assert body == len(form) - 1


def test_a_change_to_the_model_that_the_form_does_not_follow_fails(monkeypatch):
    """The comparison above can fail: a field the form lost, a choice it lacks, a date as text."""
    schema = case_model.Case.model_json_schema()
    form = _collection(_config(), "remissvar")["fields"]
    broken = [f for f in form if f["name"] != "handler"]
    assert any("fält" in p for p in _agree(schema, schema, broken, ""))
    date = next(f for f in form if f["name"] == "date")
    status = next(f for f in form if f["name"] == "status")
    changed = [{**f, "widget": "string"} if f is date else {**f, "options": status["options"][:1]} if f is status
               else f for f in form]
    problems = _agree(schema, schema, changed, "")
    assert any(p.startswith("date:") for p in problems) and any(p.startswith("status:") for p in problems)


def test_boards_are_chosen_from_the_registry_and_values_carry_swedish_labels():
    config = _config()
    fields = {f["name"]: f for f in _collection(config, "remissvar")["fields"]}
    values = [o["value"] for o in fields["board"]["options"]]
    assert sorted(values) == sorted(BOARDS.ids())
    current = [BOARDS.get(v).is_current for v in values]  # today's boards first, then the historical ones
    assert current == sorted(current, reverse=True) and not all(current)
    labels = {o["value"]: o["label"] for o in fields["board"]["options"]}
    assert labels["bromma"] == "Bromma stadsdelsnämnd" and "historisk" in labels["alvsjo"]
    position = next(f for f in fields["decision"]["fields"] if f["name"] == "position")
    assert {o["value"]: o["label"] for o in position["options"]}["avstår"] == "Avstår från att svara"
    asked = next(f for f in _collection(config, "remisser")["fields"] if f["name"] == "asked")
    assert {o["value"] for o in asked["options"]} == set(BOARDS.ids())


CASE_NUMBERS = {
    "KS 2019/1899": True, "Dnr KS 2018/124": True, "KS/2019/0001/0009": True, "2016-000003": True,
    "Dnr 260-2012-2.6": True, "1.5.1-135-2012": True, "T 2010-313-01743": True, "Ju 2025/00949": True,
    "A2026/00542": True, "ÄN 2020/5": True, "Östermalm 2021:12": True, "KS 2019–1899": True,
    "KS": False, "": False, "KS 2019/1899 <b>": False, "KS 2019/1899\nrad två": False, "KS\t2019/1": False,
    "1" * 101: False, "KS 2019/1899 (ny)": False, "javascript:alert(1)": False, "§ 12 KS 2019/1": False,
}


@pytest.mark.parametrize("number,valid", CASE_NUMBERS.items())
def test_the_form_and_check_accept_the_same_case_numbers(number, valid):
    field = next(f for f in _collection(_config(), "remissvar")["fields"] if f["name"] == "referral")
    pattern = next(f for f in field["fields"] if f["name"] == "case_number")["pattern"][0]
    data = {"title": "T", "board": "bromma", "status": "utkast",
            "referral": {"title": "R", "case_number": number, "sender": "KS"}}
    try:
        case_model.Case.model_validate(data)
        accepted = True
    except Exception:
        accepted = False
    # The form applies the pattern to what is typed; check strips the ends first, as YAML does.
    assert (bool(re.search(pattern, number)), accepted) == (valid, valid)


def test_new_files_are_named_as_remissarkiv_new_names_them_and_attachments_go_into_the_case_folder():
    for name in cms.COLLECTIONS:
        c = _collection(_config(), name)
        assert (c["folder"], c["path"], c["slug"]) == ("cases", "{{year}}/{{slug}}",
                                                      "{{fields.board}}-{{fields.referral.case_number}}")
        assert (c["media_folder"], c["public_folder"]) == ("{{filename}}", "")
        assert c["filter"] == {"field": "status", "value": cms.COLLECTIONS[name][1]}
    records = _collection(_config(), "remisser")
    assert records["folder"] == "cases/remisser" and records["media_folder"] == "{{filename}}"


def test_a_connected_editor_saves_through_pull_requests_and_logs_in_without_anyone_elses_service():
    settings = replace(Settings(), cms_backend="gitlab", cms_repo="kommunen/remissarkivet", cms_app_id="a1b2",
                       cms_base_url="https://gitlab.kommunen.se", cms_api_root="https://gitlab.kommunen.se/api/v4")
    config = yaml.safe_load(cms.config_yaml(settings, BOARDS))
    assert config["backend"] == {"name": "gitlab", "repo": "kommunen/remissarkivet", "branch": "main",
                                 "squash_merges": True, "cms_label_prefix": "remissarkiv/", "auth_type": "pkce",
                                 "app_id": "a1b2", "base_url": "https://gitlab.kommunen.se",
                                 "api_root": "https://gitlab.kommunen.se/api/v4"}
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "sv"
    assert "local_backend" not in config
    policy = cms.policy(settings)
    assert "connect-src 'self' blob: https://gitlab.kommunen.se;" in policy
    assert "127.0.0.1" not in policy and "*" not in policy and "unsafe-inline" not in policy.split("style-src")[0]


@pytest.mark.parametrize("settings,message", [
    ({"cms_backend": "netlify"}, "cms_backend: 'netlify' känns inte igen"),
    ({"cms_backend": "github", "cms_repo": "a/b"}, "cms_base_url saknas: GitHub-inloggningen går genom"),
    ({"cms_backend": "gitlab", "cms_repo": "a/b"}, "cms_app_id saknas"),
    ({"cms_backend": "gitlab"}, "cms_repo saknas"),
    ({"cms_backend": "github", "cms_repo": "a/b", "cms_base_url": "https://x.se; script-src *"}, "cms_base_url:"),
    ({"cms_backend": "github", "cms_repo": "a/b", "cms_base_url": "http://x.se"}, "cms_base_url:"),
    ({"cms_backend": "github", "cms_repo": "a\"/b", "cms_base_url": "https://x.se"}, "cms_repo:"),
    ({"cms_backend": "gitlab", "cms_repo": "a/b", "cms_app_id": "x' onload='1"}, "cms_app_id:"),
    ({"cms_backend": "gitlab", "cms_repo": "a/b", "cms_app_id": "x", "cms_branch": "main;rm"}, "cms_branch:"),
])
def test_editor_settings_are_input_and_get_a_swedish_message(settings, message):
    with pytest.raises(SettingsError) as exc:
        cms.policy(replace(Settings(), **settings))
    assert message in str(exc.value)


def test_the_production_build_serves_the_editor_from_the_site_itself(tmp_path):
    project = make_project(tmp_path)
    result = project.build(env=GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project.site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in page and '<meta name="robots" content="noindex, nofollow">' in page
    assert csp.inline_scripts(page) == 0
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "connect-src &#x27;self&#x27; blob: https://gitlab.com;" in policy
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["decap/decap-cms.js", "remissarkiv-cms.js"]
    assert all((project.site / "admin" / s).is_file() for s in scripts)
    assert not list((project.site / "admin" / "decap").glob("*.map"))
    config = yaml.safe_load((project.site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["backend"]["name"] == "gitlab" and "local_backend" not in config
    # Not linked from any public page, not in the sitemap
    for html in project.site.rglob("*.html"):
        if "admin" not in html.relative_to(project.site).parts:
            # (the staff guide names the address in its text; no page links to it)
            assert not re.search(r"(?:href|src)=\"[^\"]*admin/", html.read_text(encoding="utf-8")), html
    assert "/admin/" not in (project.site / "sitemap.xml").read_text(encoding="utf-8")


def test_without_a_git_host_the_page_says_so_and_loads_nothing(built):
    page = (built.site / "admin" / "index.html").read_text(encoding="utf-8")
    assert "inte kopplad till någon Git-tjänst" in page and "<script" not in page
    assert not (built.site / "admin" / "config.yml").exists() and not (built.site / "admin" / "decap").exists()


def test_a_bad_editor_setting_stops_the_build_before_anything_is_written(tmp_path):
    project = make_project(tmp_path)
    result = project.build(env={**GITLAB, "REMISSARKIV_CMS_APP_ID": "x\" onerror=\"alert(1)"})
    assert result.returncode != 0 and "cms_app_id:" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr and not project.site.exists()


def test_the_page_data_cannot_end_its_script_element():
    page = cms.page(replace(Settings(), cms_local_proxy=8081), ["</script><script>alert(1)</script>.css"])
    data = page.split('id="ra-cms-data">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and "\\u003c/script\\u003e" in data


def test_the_forms_hints_speak_swedish_not_yaml():
    """Issue 37, point 6: no hint tells a registrar about null, true/false, file paths or field names."""
    from remissarkiv.model import referral as referral_model
    from remissarkiv.model.boards import BoardRegistry

    def hints(fields):
        for f in fields:
            yield f["name"], f.get("hint", "")
            yield from hints(f.get("fields", []))

    found = []
    for model, record in ((case_model.Case, False), (referral_model.ReferralRecord, True)):
        for name, hint in hints(cms.fields(model, "", BoardRegistry([]), record)):
            if re.search(r"\bnull\b|\btrue\b|\bfalse\b|\.yml\b|\b[a-z_]{2,}\.[a-z_]{2,}\b|\bwithdrawal\b|\breview\b", hint):
                found.append((name, hint))
    assert found == []
