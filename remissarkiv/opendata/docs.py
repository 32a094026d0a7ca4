"""The page "Öppna data" describes the files from the same definitions that make them (schemas, table)."""
from __future__ import annotations

from html import escape

from remissarkiv.model import labels
from remissarkiv.opendata import database, schemas, table
from remissarkiv.site.render import table_box

TABLES = {  # name -> (caption, fields)
    "envelope": ("Fälten överst i cases.json och referrals.json", schemas.ENVELOPE_FIELDS),
    "case": ("Fälten för varje remissvar", schemas.CASE_FIELDS),
    "file": ("Fälten för varje bilagefil", schemas.FILE_FIELDS),
    "body": ("Texten, bara i remissvarets egen fil", schemas.BODY_FIELDS),
    "referral": ("Fälten för varje remiss", schemas.REFERRAL_FIELDS),
    "answer": ("Fälten för varje svar på en remiss", schemas.ANSWER_FIELDS),
    "asked": ("Fälten för varje tillfrågad remissinstans", schemas.ASKED_FIELDS),
    "referral_file": ("Fälten bara i remissens egen fil", schemas.REFERRAL_FILE_FIELDS),
}


def _table(caption: str, rows: list[tuple[str, str]]) -> str:
    body = "".join(f"<tr><td><code>{escape(name)}</code></td><td>{escape(text)}</td></tr>" for name, text in rows)
    return table_box(f'<table class="ra-fields"><caption>{escape(caption)}</caption>'
                     f'<thead><tr><th scope="col">Fält</th><th scope="col">Innehåll</th></tr></thead>'
                     f"<tbody>{body}</tbody></table>", escape(caption))


def fields_table(name: str) -> str:
    caption, fields = TABLES[name]
    return _table(caption, [(field, text) for field, (_, text) in fields.items()])


def csv_table() -> str:
    described = {field: text for field, (_, text) in schemas.CASE_FIELDS.items()}
    return _table("Kolumnerna i cases.csv", [(column, described.get(column) or labels.FIELDS[column])
                                             for column in table.columns()])


def database_table() -> str:
    """The SQLite file's tables, their columns (from the schema itself) and what they hold."""
    found = database.columns()
    return _table("Tabellerna i remissarkiv.db", [
        (f"{name} ({', '.join(found[name])})", text) for name, text in database.TABLES.items()])
