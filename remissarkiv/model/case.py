"""The case model: the one definition of a referral response's front matter.

Everything else (loader messages, JSON Schema for editors, the `new` scaffold) derives from these classes.
Descriptions are Swedish because staff read them in their editor.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Optional, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic_core import PydanticCustomError

from remissarkiv.model import slugs, swedish

DocumentType = Literal["tjänsteutlåtande", "protokollsutdrag", "yttrande", "skrivelse"]
Status = Literal["utkast", "publicerad", "avpublicerad"]
ReferralKind = Literal[
    "motion", "skrivelse", "SOU", "Ds", "promemoria", "program", "plan", "detaljplan", "övrigt"
]
Position = Literal["tillstyrker", "avstyrker", "delvis", "synpunkter", "avstår"]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _not_a_date(value: object) -> str:
    return f"ogiltigt datum {value!r}: skriv datum som ÅÅÅÅ-MM-DD, t.ex. 2020-03-17, eller null om datumet är okänt"


def parse_iso_date(text: str) -> dt.date:
    """A date written YYYY-MM-DD, or ValueError with a Swedish message."""
    if not _ISO_DATE.fullmatch(text.strip()):
        raise ValueError(_not_a_date(text))
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"datumet {text!r} finns inte i kalendern: kontrollera månad och dag") from None


def _iso_date(value: object) -> object:
    """Accept only YYYY-MM-DD text: YAML timestamps and integers would let typos pass as dates."""
    if value is None or isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise PydanticCustomError("datum_format", _not_a_date(value))
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        kind = "datum_finns_inte" if "kalendern" in str(exc) else "datum_format"
        raise PydanticCustomError(kind, str(exc)) from None


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]


def _web_address(value: object) -> object:
    """Only http(s) addresses are published as links: javascript:, data: and the like never."""
    if value is None:
        return value
    text = str(value).strip()
    if not re.fullmatch(r"https?://[^\s<>\"'`]+", text, flags=re.I):
        raise PydanticCustomError("webbadress", f"{text!r} är ingen webbadress: skriv en adress som börjar med "
                                                "https:// (eller http://), eller null")
    return text


WebAddress = Annotated[str, BeforeValidator(_web_address)]

def _site_path(value: object) -> object:
    """An earlier address of a page on this site, written as a path: 'remissvar/2019/bromma-ks-2019-1899/'."""
    text = str(value).strip().strip("/") + "/" if value is not None else ""
    if len(text) > 300 or not slugs.safe_path(text):
        raise PydanticCustomError("sokvag", f"{str(value)[:300]!r} är ingen sökväg på webbplatsen: skriv den del "
                                            "av adressen som kommer efter webbplatsens namn, t.ex. "
                                            f"remissvar/2019/bromma-ks-2019-1899/, med bara {slugs.rule_text()}")
    return text


SitePath = Annotated[str, BeforeValidator(_site_path)]


def _case_number(value: object) -> object:
    """A diarienummer by swedish.CASE_NUMBER_PATTERN: markup, a stray sentence or a 5,000-digit number is not one."""
    if value is None:
        return value
    text = str(value).strip()
    if not re.fullmatch(swedish.CASE_NUMBER_PATTERN, text):
        raise PydanticCustomError("diarienummer", f"{text[:120]!r} är inget diarienummer: {swedish.CASE_NUMBER_HINT}")
    return text


# The pattern goes into the published JSON Schema too (editors check it as they type); pydantic's own `pattern`
# cannot be used, its regex engine has no look-ahead.
CaseNumber = Annotated[str, BeforeValidator(_case_number),
                       Field(json_schema_extra={"pattern": swedish.CASE_NUMBER_PATTERN, "maxLength": 100})]
Text = Annotated[str, Field(min_length=1)]
# Text that becomes an address (a topic's page, a referral's page): short enough for a file name.
ShortText = Annotated[str, Field(min_length=1, max_length=slugs.MAX_SEGMENT)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True)


class Referral(_Strict):
    """Remissen som svaret gäller."""

    title: Text = Field(description="Remissens titel, t.ex. ”Motion om att ta tillbaka utsatta områden”.")
    case_number: CaseNumber = Field(
        description="Remittentens diarienummer, t.ex. ”KS 2019/1899”. Knyter ihop alla nämnders svar."
    )
    sender: Text = Field(description="Remittent: den som skickade remissen, t.ex. ”Kommunstyrelsen”.")
    kind: Optional[ReferralKind] = Field(default=None, description="Vad som remitterats: motion, skrivelse, SOU, Ds, promemoria, program, plan, detaljplan eller övrigt.")
    submitters: list[Text] = Field(default_factory=list, description="Motionärer eller andra förslagsställare.")
    received: Optional[IsoDate] = Field(default=None, description="Datum då remissen kom in (ÅÅÅÅ-MM-DD) eller null.")
    deadline: Optional[IsoDate] = Field(default=None, description="Sista svarsdag (ÅÅÅÅ-MM-DD) eller null.")


class Decision(_Strict):
    """Nämndens beslut."""

    proposal: Optional[str] = Field(default=None, description="Förslag till beslut, som i dokumentet.")
    date: Optional[IsoDate] = Field(default=None, description="Sammanträdesdatum (ÅÅÅÅ-MM-DD) eller null.")
    paragraph: Optional[str] = Field(default=None, description="Paragraf i protokollet, t.ex. ”§ 12”, eller null.")
    position: Optional[Position] = Field(default=None, description="Ställningstagande: tillstyrker, avstyrker, delvis, synpunkter eller avstår; null om det inte framgår.")


class Signatory(_Strict):
    name: Text = Field(description="Undertecknarens namn.")
    role: Optional[str] = Field(default=None, description="Undertecknarens titel.")


class Attachment(_Strict):
    title: Text = Field(description="Bilagans titel.")
    file: Optional[str] = Field(
        default=None, description="Filens sökväg i ärendets egen mapp, eller null om arkivet inte har filen."
    )


class Correction(_Strict):
    """En rättelse av ett publicerat remissvar."""

    date: IsoDate = Field(description="Dagen då rättelsen gjordes (ÅÅÅÅ-MM-DD).")
    description: Text = Field(description="Vad som rättades, t.ex. ”Fel datum för sammanträdet rättat.”")


class Review(_Strict):
    """Granskningen före publicering: vem som granskade, när, och en valfri anteckning. Publiceras inte på
    webbplatsen; den finns kvar i Git."""

    by: Text = Field(description="Vem som granskade remissvaret före publiceringen, t.ex. ”Anna Registrator”.")
    date: IsoDate = Field(description="Dagen då granskningen gjordes (ÅÅÅÅ-MM-DD).")
    note: Optional[str] = Field(default=None, description="Anteckning om granskningen, t.ex. vad som togs bort.")


Certainty = Literal["säker", "trolig", "osäker"]


class ImportedField(_Strict):
    """Hur importen läste en uppgift: var i originalet den stod och hur säker läsningen är."""

    field: Text = Field(description="Uppgiftens namn, t.ex. ”referral.title”.")
    where: Optional[str] = Field(default=None, description="Var i originalet den stod, t.ex. ”rad 4” eller ”sidhuvudet”.")
    how: Optional[str] = Field(default=None, description="Hur den lästes, t.ex. ”etikett 'Dnr'”.")
    certainty: Certainty = Field(description="Hur säker importen är: säker, trolig eller osäker.")
    reason: Optional[str] = Field(default=None, description="Vad arkivet redan visste som stödde uppgiften, "
                                                            "t.ex. ”Lisa Kinnari undertecknade för Bromma 2019”.")


class ImportRecord(_Strict):
    """Var ett importerat utkast kommer ifrån. Granskaren ser vilka uppgifter som behöver kontrolleras; posten
    publiceras inte och finns kvar i Git."""

    source: Text = Field(description="Originalets filnamn.")
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")] = Field(description="Originalets SHA-256.")
    ocr: bool = Field(default=False, description="Texten är tolkad med textigenkänning (OCR).")
    date: Optional[IsoDate] = Field(default=None, description="Dagen då dokumentet importerades.")
    check: list[Text] = Field(default_factory=list, description="Det granskaren särskilt ska kontrollera.")
    fields: list[ImportedField] = Field(default_factory=list, description="Varje läst uppgift: var, hur och hur säkert.")


class Withdrawal(_Strict):
    """Avpubliceringen av ett remissvar: sidan ersätts av ett meddelande."""

    date: IsoDate = Field(description="Dagen då remissvaret avpublicerades (ÅÅÅÅ-MM-DD).")
    reason: Text = Field(description="Skälet, som det visas för läsaren, t.ex. ”Innehöll personuppgifter som inte "
                                     "skulle ha publicerats.”")
    full: bool = Field(default=False, description="Fullständig borttagning (t.ex. efter en begäran enligt "
                                                  "dataskyddsförordningen): inte heller rubrik, nämnd och diarienummer "
                                                  "visas.")


class _CaseFields(_Strict):
    """Ett remissvar: framsidan (front matter) i en ärendefil under cases/."""

    title: Text = Field(description="Rubrik, t.ex. ”Remissvar: Motion om att ta tillbaka utsatta områden”.")
    board: Text = Field(description="Nämndens id ur data/boards.yml, t.ex. ”bromma”.")
    case_number: Optional[CaseNumber] = Field(default=None, description="Nämndens eget diarienummer, eller null om okänt.")
    document_type: Optional[DocumentType] = Field(default=None, description="Dokumenttyp: tjänsteutlåtande, protokollsutdrag, yttrande eller skrivelse.")
    date: Optional[IsoDate] = Field(default=None, description="Dokumentets datum (ÅÅÅÅ-MM-DD) eller null.")
    status: Status = Field(description="”utkast” publiceras inte; ”publicerad” visas på webbplatsen; "
                                       "”avpublicerad” ersätter sidan med ett meddelande (fyll i withdrawal).")
    referral: Referral = Field(description="Remissen som svaret gäller.")
    decision: Decision = Field(default_factory=Decision, description="Nämndens beslut.")
    prepared_by: Optional[str] = Field(default=None, description="Vem som berett ärendet.")
    handler: Optional[str] = Field(default=None, description="Handläggare: tjänstepersonen som skrev dokumentet, som det står på framsidan.")
    signatories: list[Signatory] = Field(default_factory=list, description="Undertecknare: name och role.")
    topics: list[ShortText] = Field(default_factory=list, description="Ämnen.")
    attachments: list[Attachment] = Field(default_factory=list, description="Bilagor: title och file (sökväg i ärendets mapp, eller null).")
    summary: Optional[str] = Field(default=None, description="Kort sammanfattning för listor och sökresultat.")
    source_url: Optional[WebAddress] = Field(default=None, description="Adress där det officiella dokumentet publiceras.")
    corrections: list[Correction] = Field(default_factory=list, description="Rättelser efter publiceringen: date och description, den äldsta först.")
    review: Optional[Review] = Field(default=None, description="Granskning före publicering: by, date och note. "
                                                              "Krävs för att publicera; visas inte på webbplatsen.")
    withdrawal: Optional[Withdrawal] = Field(default=None, description="Avpublicering: date, reason och full. "
                                                                      "Hör ihop med status: avpublicerad.")
    aliases: list[SitePath] = Field(default_factory=list, description="Tidigare adresser till remissvarets sida (om filen har bytt namn eller mapp), t.ex. ”remissvar/2019/bromma-ks-2019-1899/”: de leder hit.")

    def last_correction(self) -> "Correction | None":
        return max(self.corrections, key=lambda c: c.date) if self.corrections else None

    def effective_date(self) -> dt.date | None:
        """The date a reader would file the answer under: the document's, else the meeting's."""
        return self.date or self.decision.date

    def updated(self) -> dt.date | None:
        """When the answer last changed in public: its latest correction, else its own date (None: unknown).
        Feeds, the sitemap and the data files all date a case by this."""
        last = self.last_correction()
        return last.date if last else self.effective_date()


# `import:` is a Python keyword, so the field is added by name: front matter, forms and messages all call it
# "import", as staff write it.
Case = create_model("Case", __base__=_CaseFields, __module__=__name__, **{"import": (Optional[ImportRecord], Field(
    default=None, description="Importens källa och läsning: filnamn, SHA-256, OCR och per uppgift var den stod och "
                              "hur säker läsningen är. Skrivs av 'remissarkiv import'; visas inte på webbplatsen."))})
Case.__doc__ = _CaseFields.__doc__

# Front-matter fields no page, data file or search document carries: the review and import records are the
# organisation's own (kept in Git), and a published case has no withdrawal (a withdrawn one shows only its notice).
UNPUBLISHED = frozenset({"review", "withdrawal", "import"})


def nested_model(annotation) -> type[BaseModel] | None:
    """The model class inside a field's annotation (Referral in `Referral`, Signatory in `list[Signatory]`)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = nested_model(arg)
        if found:
            return found
    return None


def schema_document(model: type[BaseModel], name: str, title: str) -> dict:
    """A model's JSON Schema as the project publishes it (schema/<name>)."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://remissarkivet.se/schema/{name}"
    schema["title"] = title
    return schema


def json_schema() -> dict:
    return schema_document(Case, "case.schema.json", "Remissvar i Remissarkivet")
