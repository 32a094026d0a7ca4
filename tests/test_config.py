"""The build's settings: one typed place (mkdocs.yml extra.remissarkiv), clear Swedish errors."""
from __future__ import annotations

import pytest

from remissarkiv.config import Settings, SettingsError


def test_settings_from_mkdocs_yml_values():
    assert Settings.from_mapping(None) == Settings(drafts=False, search_index=True)
    # !ENV hands over what the variable holds, read as YAML: the scripts set 1 and 0
    assert Settings.from_mapping({"drafts": 1, "search_index": 0}) == Settings(drafts=True, search_index=False)
    assert Settings.from_mapping({"drafts": "true"}).drafts is True


@pytest.mark.parametrize("values, message", [
    ({"utkast": True}, "mkdocs.yml: extra.remissarkiv: okänd inställning 'utkast': tillåtna är drafts, preview, base, search_index, search_shards, pagefind, open_data, stages_file, fast_pages, serve_polling, history_url, "
     "publisher, publisher_url, contact_email, license, own_phones, cms_backend, cms_repo, cms_branch, cms_base_url, cms_auth_endpoint, "
     "cms_api_root, cms_app_id, cms_local_proxy, max_topics, max_aliases, max_attachments, require_review"),
    ({"drafts": "kanske"}, "mkdocs.yml: extra.remissarkiv.drafts: värdet 'kanske' ska vara true eller false"),
    ({"search_shards": "många"},
     "mkdocs.yml: extra.remissarkiv.search_shards: värdet 'många' ska vara ett heltal, 0 eller större"),
])

def test_a_wrong_setting_is_named(values, message):
    with pytest.raises(SettingsError) as exc:
        Settings.from_mapping(values)
    assert str(exc.value) == message


@pytest.mark.parametrize("value, parts", [(False, 0), (True, 1), (0, 0), ("5000", 5000), (1, 1)])
def test_the_split_index_takes_a_size_or_the_old_switch(value, parts):
    assert Settings.from_mapping({"search_shards": value}).search_shards == parts


def test_a_wrong_setting_stops_the_build_with_one_line(project):
    text = (project.root / "mkdocs.yml").read_text(encoding="utf-8")
    (project.root / "mkdocs.yml").write_text(text.replace("    drafts: !ENV", "    utkast: 1\n    drafts: !ENV"),
                                             encoding="utf-8")
    result = project.build()
    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "okänd inställning 'utkast'" in output and "Traceback" not in output
    assert not project.site.exists()


def test_the_production_address_comes_from_configuration(project):
    # CI sets it from the Pages configuration; the sitemap and canonical links then carry it.
    result = project.build(env={"REMISSARKIV_SITE_URL": "https://arkiv.example.se/remissarkivet/"})
    assert result.returncode == 0, result.stdout + result.stderr
    sitemap = (project.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://arkiv.example.se/remissarkivet/remissvar/2020/sodermalm-ks-2019-1899/</loc>" in sitemap
    assert ('<link rel="canonical" href="https://arkiv.example.se/remissarkivet/om/">'
            in project.html("om"))
