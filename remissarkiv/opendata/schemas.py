"""JSON Schemas of the published data files, made from the model and the record fields below.

The descriptions are Swedish: the page "Öppna data" shows them (macro `open_data_fields`), so the page, the
schemas and the records cannot drift apart.
"""
from __future__ import annotations

from remissarkiv.model import case as case_model
from remissarkiv.opendata import records
from remissarkiv.site import urls

DRAFT = "https://json-schema.org/draft/2020-12/schema"
_TEXT = {"type": "string"}
_URL = {"type": "string", "format": "uri"}
_DATE = {"type": ["string", "null"], "format": "date"}

CASE_FIELDS: dict[str, tuple[dict, str]] = {
    "id": (_TEXT, "Remissvarets id: år och filnamn, t.ex. 2019/bromma-ks-2019-1899. Ändras aldrig."),
    "url": (_URL, "Remissvarets sida på webbplatsen."),
    "data_url": (_URL, "Remissvarets egen datafil (api/cases/<id>.json) med hela texten."),
    "earlier_urls": ({"type": "array", "items": _URL}, "Tidigare adresser som leder till sidan."),
    "board_name": (_TEXT, "Nämndens namn."),
    "updated": (_DATE, "Senaste rättelsens datum, annars remissvarets datum; null om inget datum är känt."),
    "front_matter": ({"$ref": "#/$defs/Case"}, "Ärendefilens framsida, fält för fält (se schema/case.schema.json)."),
    "files": ({"type": "array", "items": {"$ref": "#/$defs/File"}}, "Bilagor som arkivet har som filer."),
}
_MAYBE_TEXT = {"type": ["string", "null"]}
WITHDRAWN_FIELDS: dict[str, tuple[dict, str]] = {
    "id": (_TEXT, "Det avpublicerade remissvarets id."),
    "url": (_URL, "Adressen, där ett meddelande om avpubliceringen nu visas."),
    "earlier_urls": ({"type": "array", "items": _URL}, "Tidigare adresser; de visar också meddelandet."),
    "status": ({"const": "avpublicerad"}, "Alltid ”avpublicerad”."),
    "withdrawn": ({"type": "string", "format": "date"}, "Dagen då remissvaret avpublicerades."),
    "reason": (_TEXT, "Skälet, som det visas på sidan."),
    "full_removal": ({"type": "boolean"}, "true vid fullständig borttagning: då anges varken rubrik, nämnd eller "
                                          "diarienummer."),
    "title": (_MAYBE_TEXT, "Remissvarets rubrik, eller null vid fullständig borttagning."),
    "board": (_MAYBE_TEXT, "Nämndens id, eller null vid fullständig borttagning."),
    "referral_case_number": (_MAYBE_TEXT, "Remissens diarienummer, eller null vid fullständig borttagning."),
}
FILE_FIELDS: dict[str, tuple[dict, str]] = {
    "title": (_TEXT, "Bilagans titel."),
    "file": (_TEXT, "Filens namn i ärendets mapp."),
    "url": (_URL, "Filens adress."),
    "media_type": (_TEXT, "Filtyp (mediatyp), t.ex. application/pdf."),
    "bytes": ({"type": "integer", "minimum": 0}, "Storlek i byte."),
    "sha256": ({"type": "string", "pattern": "^[0-9a-f]{64}$"}, "SHA-256-kontrollsumma av filen."),
}
BODY_FIELDS: dict[str, tuple[dict, str]] = {
    "body_markdown": (_TEXT, "Texten som den står i ärendefilen (Markdown)."),
    "body_text": (_TEXT, "Texten som ren text, ett stycke per block."),
}
ANSWER_FIELDS: dict[str, tuple[dict, str]] = {
    "id": (_TEXT, "Remissvarets id."),
    "board": (_TEXT, "Nämndens id."),
    "board_name": (_TEXT, "Nämndens namn."),
    "position": ({"type": ["string", "null"]}, "Ställningstagande, eller null om det inte framgår."),
    "date": (_DATE, "Remissvarets datum (dokumentets, annars beslutets)."),
    "url": (_URL, "Remissvarets sida."),
}
ASKED_FIELDS: dict[str, tuple[dict, str]] = {
    "name": (_TEXT, "Instansens namn."),
    "board": ({"type": ["string", "null"]}, "Nämndens id, eller null för en annan instans."),
    "state": ({"enum": sorted(set(records.ASKED_STATES.values()))}, "”besvarad”, ”sen” (efter sista svarsdag), ”obesvarad” eller "
                                                    "”okänt” (arkivet har bara nämndernas svar)."),
    "answer": ({"type": ["string", "null"]}, "Svarets id, eller null."),
}
REFERRAL_FIELDS: dict[str, tuple[dict, str]] = {
    "case_number": (_TEXT, "Remittentens diarienummer."),
    "title": (_TEXT, "Remissens titel."),
    "sender": (_TEXT, "Remittent."),
    "kind": ({"type": ["string", "null"]}, "Remisstyp, eller null."),
    "deadline": (_DATE, "Sista svarsdag, eller null."),
    "url": (_URL, "Remissens sida."),
    "answers": ({"type": "array", "items": {"$ref": "#/$defs/Answer"}}, "Nämndernas svar."),
    "sent": (_DATE, "Dagen då remissen skickades, eller null (ur remissfilen)."),
    "decided": (_DATE, "Dagen då remittenten beslutade i ärendet, eller null (ur remissfilen)."),
    "data_url": (_URL, "Remissens egen datafil (api/referrals/<nyckel>.json) med missivet och handlingarna."),
    "asked_complete": ({"type": ["boolean", "null"]}, "true om listan över tillfrågade är fullständig, false om "
                                                      "den inte är det, null om arkivet saknar remissfil."),
    "asked": ({"type": "array", "items": {"$ref": "#/$defs/Asked"}}, "Tillfrågade remissinstanser och deras läge."),
    "answered": ({"type": "integer", "minimum": 0}, "Antal tillfrågade nämnder som har svarat."),
    "missing": ({"type": "array", "items": _TEXT}, "Id för tillfrågade nämnder som inte har svarat."),
    "positions": ({"type": "object", "additionalProperties": {"type": "integer", "minimum": 0},
                   "required": records.POSITION_KEYS},
                  "Antal svar per ställningstagande; ”okänt” när det inte framgår."),
}
SENT_FIELDS: dict[str, tuple[dict, str]] = {
    "title": (_TEXT, "Handlingens titel."),
    "url": ({"type": ["string", "null"], "format": "uri"}, "Handlingens adress, eller null."),
}
REFERRAL_FILE_FIELDS: dict[str, tuple[dict, str]] = {
    "documents": ({"type": "array", "items": {"$ref": "#/$defs/SentDocument"}}, "Handlingar som remitterades."),
    "missive_markdown": ({"type": ["string", "null"]}, "Missivets text som den står i remissfilen (Markdown), "
                                                       "eller null."),
}
ENVELOPE_FIELDS: dict[str, tuple[dict, str]] = {
    "version": ({"const": records.VERSION}, "Formatets version (se Versioner)."),
    "generated": (_DATE, "Det senaste datumet i uppgifterna (inte byggtiden): samma arkiv ger samma fil."),
}


def _object(fields: dict[str, tuple[dict, str]]) -> dict:
    return {"type": "object", "additionalProperties": False, "required": list(fields),
            "properties": {name: {**schema, "description": text} for name, (schema, text) in fields.items()}}


def _document(base: str, name: str, title: str, root: dict, defs: dict) -> dict:
    return {"$schema": DRAFT, "$id": urls.absolute(base, records.SCHEMA_DIR + name), "title": title, **root,
            "$defs": defs}


def _case_defs() -> dict:
    front = case_model.json_schema()
    defs = front.pop("$defs", {})
    for key in ("$schema", "$id"):
        front.pop(key, None)
    for name in case_model.UNPUBLISHED:
        front["properties"].pop(name, None)
        defs.pop(case_model.nested_model(case_model.Case.model_fields[name].annotation).__name__, None)
    return {**defs, "Case": front, "File": _object(FILE_FIELDS)}


def all_schemas(base: str = "") -> dict[str, dict]:
    """File name under api/schema/ -> schema."""
    defs = _case_defs()
    return {
        "cases.schema.json": _document(base, "cases.schema.json", "Remissarkivet: alla remissvar (api/cases.json)", _object({
            **ENVELOPE_FIELDS,
            "cases": ({"type": "array", "items": {"$ref": "#/$defs/Record"}}, "Ett objekt per publicerat remissvar."),
            "withdrawn": ({"type": "array", "items": {"$ref": "#/$defs/Withdrawn"}},
                          "Avpublicerade remissvar: när och varför, utan text och bilagor."),
        }), {**defs, "Record": _object(CASE_FIELDS), "Withdrawn": _object(WITHDRAWN_FIELDS)}),
        "case.schema.json": _document(base, "case.schema.json", "Remissarkivet: ett remissvar (api/cases/<id>.json)",
                                      _object({"version": ENVELOPE_FIELDS["version"], **CASE_FIELDS, **BODY_FIELDS}),
                                      defs),
        "referrals.schema.json": _document(base, "referrals.schema.json", "Remissarkivet: remisser (api/referrals.json)",
                                           _object({**ENVELOPE_FIELDS, "referrals": (
                                               {"type": "array", "items": {"$ref": "#/$defs/Referral"}},
                                               "Ett objekt per remiss.")}),
                                           _referral_defs()),
        "referral.schema.json": _document(base, "referral.schema.json",
                                          "Remissarkivet: en remiss (api/referrals/<nyckel>.json)",
                                          _object({"version": ENVELOPE_FIELDS["version"], **REFERRAL_FIELDS,
                                                   **REFERRAL_FILE_FIELDS}), _referral_defs()),
    }


def _referral_defs() -> dict:
    return {"Referral": _object(REFERRAL_FIELDS), "Answer": _object(ANSWER_FIELDS), "Asked": _object(ASKED_FIELDS),
            "SentDocument": _object(SENT_FIELDS)}
