"""A referral record (remiss): who sent it, when the answers are due, which bodies were asked, what was sent.

One Markdown file per referral under `cases/remisser/`, front matter by this model and the missive's text as
its body. Staff edit it like a case; the checker speaks of it in Swedish with `path:line`.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from pydantic import Field

from remissarkiv.model.case import CaseNumber, IsoDate, ReferralKind, Text, WebAddress, _Strict, schema_document

FOLDER = "remisser"  # cases/remisser/: referral records, not answers


class SentDocument(_Strict):
    """Ett dokument som skickades på remiss."""

    title: Text = Field(description="Dokumentets titel, t.ex. ”Motion om att ta tillbaka utsatta områden”.")
    file: Optional[str] = Field(default=None, description="Filens sökväg i remissens egen mapp, eller null.")
    url: Optional[WebAddress] = Field(default=None, description="Adress där dokumentet finns, eller null.")


class ReferralRecord(_Strict):
    """En remiss: avsändare, sista svarsdag och vilka som ombads svara."""

    title: Text = Field(description="Remissens titel, som i remissvarens referral.title.")
    case_number: CaseNumber = Field(description="Remittentens diarienummer, t.ex. ”KS 2019/1899”. Knyter ihop "
                                               "remissen med svaren (deras referral.case_number).")
    sender: Text = Field(description="Remittent, t.ex. ”Kommunstyrelsen”.")
    kind: Optional[ReferralKind] = Field(default=None, description="Vad som remitterats: motion, skrivelse, SOU, "
                                                                   "Ds, promemoria, program, plan, detaljplan eller "
                                                                   "övrigt.")
    sent: Optional[IsoDate] = Field(default=None, description="Dagen då remissen skickades (ÅÅÅÅ-MM-DD) eller null.")
    deadline: Optional[IsoDate] = Field(default=None, description="Sista svarsdag (ÅÅÅÅ-MM-DD) eller null.")
    decided: Optional[IsoDate] = Field(default=None, description="Dagen då remittenten beslutade i ärendet "
                                                                 "(ÅÅÅÅ-MM-DD), eller null.")
    asked: list[str] = Field(default_factory=list, description="Nämnder som ombads svara: id ur data/boards.yml.")
    asked_others: list[Text] = Field(default_factory=list, description="Andra remissinstanser, i klartext, t.ex. "
                                                                       "”Region Stockholm”.")
    asked_complete: bool = Field(default=True, description="true om listan över remissinstanser är fullständig; "
                                                           "false om den inte är känd i sin helhet.")
    documents: list[SentDocument] = Field(default_factory=list, description="Dokument som skickades på remiss: "
                                                                            "title och file eller url.")

    def late(self, day: dt.date | None) -> bool:
        return bool(self.deadline and day and day > self.deadline)


def json_schema() -> dict:
    return schema_document(ReferralRecord, "referral.schema.json", "Remiss i Remissarkivet")
