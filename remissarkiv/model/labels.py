"""Every Swedish word and phrase a reader of the site sees for the archive's facts, in one place.

Pages, the search documents, the search page (handed over as data) and, later, data files and feeds ask this
module; none of them spells a label of its own. Texts of the staff tools (check messages, CLI help) are not
labels of the archive and live with the tools.
"""
from __future__ import annotations

# --- facts of a case (model field path -> label) -------------------------------------------------------
FIELDS: dict[str, str] = {
    "title": "Rubrik",
    "board": "Nämnd",
    "case_number": "Diarienummer",
    "document_type": "Dokumenttyp",
    "date": "Datum",
    "status": "Status",
    "referral": "Remiss",
    "referral.title": "Remissens titel",
    "referral.case_number": "Remittentens diarienummer",
    "referral.sender": "Remittent",
    "referral.kind": "Remisstyp",
    "referral.submitters": "Förslagsställare",
    "referral.received": "Remissen inkom",
    "referral.deadline": "Sista svarsdag",
    "decision.proposal": "Förslag till beslut",
    "decision.date": "Beslutsdatum",
    "decision.paragraph": "Sammanträde, paragraf",
    "decision.position": "Ställningstagande",
    "prepared_by": "Beredd av",
    "handler": "Handläggare",
    "signatories": "Undertecknare",
    "topics": "Ämnen",
    "attachments": "Bilagor",
    "summary": "Sammanfattning",
    "source_url": "Officiell källa",
    "corrections": "Rättelser",
    "aliases": "Tidigare adresser",
    "review": "Granskning före publicering",
    "review.by": "Granskad av",
    "review.date": "Granskningsdatum",
    "review.note": "Anteckning om granskningen",
    "withdrawal": "Avpublicering",
    "withdrawal.date": "Avpublicerad",
    "withdrawal.reason": "Skäl",
    "withdrawal.full": "Fullständig borttagning",
    "import": "Import (källa och läsning)",
    "import.source": "Originalfil",
    "import.sha256": "SHA-256",
    "import.ocr": "Textigenkänning (OCR)",
    "import.date": "Importerad",
    "import.check": "Kontrollera särskilt",
    "import.fields": "Lästa uppgifter",
    "import.fields.field": "Uppgift",
    "import.fields.where": "Var den stod",
    "import.fields.how": "Hur den lästes",
    "import.fields.certainty": "Säkerhet",
    "import.fields.reason": "Stöd i arkivet",
}


DIRECT_HITS = "Direkt till"
YES = "Ja"
NO = "Nej"


def field(path: str) -> str:
    return FIELDS[path]


def table(n: int) -> str:
    return f"Tabell {n}"


# --- open data and feeds ---------------------------------------------------------------------------------
SUBSCRIBE = "Prenumerera"
FEED_ALL = "Remissarkivet: nya och rättade remissvar"
FEED_HINT = "Atom-flöde med de 50 senaste nya eller rättade remissvaren"
MOVED = "Sidan har flyttat"

# --- a withdrawn case (its page's notice, its feed entry, the changes page) ------------------------------
WITHDRAWN_TITLE = "Remissvaret har avpublicerats"
REMOVED_TITLE = "Ett remissvar har tagits bort"
WITHDRAWN_ASK = "Frågor om avpubliceringen besvaras av"
WITHDRAWN_COPY = ("Handlingen kan fortfarande vara allmän handling hos nämnden: du kan begära att få ta del av den "
                  "enligt offentlighetsprincipen.")


def withdrawn_lead(day: str) -> str:
    return f"Remissvaret som fanns på den här adressen avpublicerades {day}. Dess text och bilagor finns inte längre på webbplatsen."


def withdrawn_removed(day: str) -> str:
    return f"Ett remissvar som fanns på den här adressen togs bort {day}. Ingenting av dess innehåll finns kvar på webbplatsen."


def feed_withdrawn(title: str | None) -> str:
    return f"Avpublicerat: {title}" if title else REMOVED_TITLE


def feed_board(name: str) -> str:
    return f"Remissarkivet: {name}"


def feed_referral(title: str, number: str) -> str:
    return f"Remissarkivet: svar på {title} ({number})"


MOVED_TO = "Sidan har flyttat till"


# --- values --------------------------------------------------------------------------------------------
POSITIONS: dict[str, str] = {
    "tillstyrker": "Tillstyrker",
    "avstyrker": "Avstyrker",
    "delvis": "Tillstyrker delvis",
    "synpunkter": "Lämnar synpunkter",
    "avstår": "Avstår från att svara",
}
NO_POSITION = "Ej angivet"
MISSING = "Uppgift saknas"           # a fact the document does not give
UNKNOWN_DATE = "Datum saknas"        # a case without any date: its year facet and listing
NOT_IN_ARCHIVE = "finns inte i arkivet"  # an attachment the archive does not hold
DRAFT = "Utkast"
HISTORICAL = "historisk"


def position(value: str | None) -> str:
    return POSITIONS[value] if value else NO_POSITION


def year(value: int | None) -> str:
    return str(value) if value is not None else UNKNOWN_DATE


# --- the search page's facets (their order and keys: remissarkiv.site.facets) ----------------------------
FACETS: dict[str, str] = {
    "typ": "Typ",
    "nämnd": "Nämnd",
    "år": "År",
    "ställningstagande": "Ställningstagande",
    "remittent": "Remittent",
    "dokumenttyp": "Dokumenttyp",
    "ämne": "Ämne",
}

# --- listings and pages --------------------------------------------------------------------------------
BOARDS = "Nämnder"
BOARDS_INTRO = "Remissvar ordnade efter den nämnd som svarade."
YEARS = "År"
YEARS_INTRO = "Remissvar ordnade efter beslutsår eller dokumentets år."
TOPICS = "Ämnen"
TOPICS_INTRO = "Remissvar ordnade efter ämne."
REFERRALS = "Remisser"
REFERRALS_INTRO = "Alla remisser i arkivet: de som nämnderna har svarat på och de som de har ombetts svara på."
SORT_BY = "Sortera"
SORT_NEWEST = "Nyast först"
SORT_DEADLINE = "Efter sista svarsdag"
FILTER_STATE = "Läge"
FILTER_SENDER = "Remittent"
LIST_FILTERS = "Sortera och filtrera"
# A referral's state on the build day, for the referral list's filter (archive/states.py: list_state).
LIST_STATES: dict[str, str] = {
    "oppna": "Öppna",
    "passerade": "Sista svarsdagen har passerat",
    "utan-svarsdag": "Sista svarsdag okänd",
}
OTHER_ANSWERS = "Andra nämnders svar på samma remiss"
ALL_ANSWERS = "Alla svar på remissen"
BOARD_ANSWERS = "Nämndernas svar"
ANSWERS_CAPTION = "Svar per nämnd och ställningstagande"
ANSWER = "Remissvar"
CASE_FACTS = "Uppgifter om ärendet"
LAST_CHANGED = "Senast ändrad"
PUBLISHED = "Publicerad"
PUBLISHED_FROM_HISTORY = "(dokumentet är odaterat: dagen ärendet lades in i arkivet)"
CORRECTION = "Rättelse"
CORRECTED = "Rättad"
HISTORY = "ändringshistorik"
NO_OTHER_ANSWERS = "Arkivet har inga andra nämnders svar på den här remissen."
EMPTY_LIST = "Inga remissvar att visa."
EMPTY_INDEX = "Inget att visa."
PAGES = "Sidor"
ANSWER_COUNT = "Antal svar"
REFERRAL_TYPE = "Typ"
# --- a referral's record: who was asked, who answered, what is still open (archive/states.py) ----------------
SENT = "Skickad"
DEADLINE = "Sista svarsdag"
DECIDED = "Remittentens beslut"
ASKED = "Tillfrågade remissinstanser"
ASKED_CAPTION = "Tillfrågade remissinstanser och deras svar"
BODY = "Remissinstans"
STATE = "Läge"
UNASKED = "Svar från instanser som inte stod på remisslistan"
UNASKED_UNKNOWN = "Svar från instanser som arkivet inte vet om de var tillfrågade"
ASKED_INCOMPLETE = ("Listan över tillfrågade remissinstanser är inte fullständig: arkivet vet inte vilka fler som "
                    "ombads svara.")
NO_RECORD = "Arkivet har ingen uppgift om vilka som ombads svara på remissen."
TALLY = "Ställningstaganden"
OPEN_REFERRALS = "Öppna remisser"
OPEN_CAPTION = "Öppna remisser, den närmaste sista svarsdagen först"
REFERRAL = "Remiss"
ANSWERED = "Svar"
TALLY_CAPTION = "Antal svar per ställningstagande"
STATES: dict[str, str] = {
    "besvarad": "Besvarad",
    "sen": "Besvarad efter sista svarsdag",
    "saknas": "Inte besvarad",
    "öppen": "Inte besvarad än",
    "okänt": "Okänt – arkivet har bara nämndernas svar",
}
BOARD_RECORD = "Svar över tid"
ANSWERS_PER_YEAR_CAPTION = "Antal svar och ställningstaganden per år"
IN_TIME = "Svar i tid"
IN_TIME_INTRO = ("Remisser som nämnden ombads svara på, efter året för sista svarsdag: besvarade senast sista "
                 "svarsdagen, efter den, eller inte alls. Remisser som fortfarande är öppna räknas inte.")
IN_TIME_CAPTION = "Remisser som nämnden ombads svara på, per år för sista svarsdag"
YEAR = "År"
ASKED_COUNT = "Tillfrågad"
IN_TIME_COUNT = "I tid"
LATE_COUNT = "Efter sista svarsdag"
MISSING_COUNT = "Inte besvarad"
SHARE_IN_TIME = "Andel i tid"
ANSWER_LIST = "Nämndens remissvar"
MISSIVE = "Missiv"
SENT_DOCUMENTS = "Remitterade handlingar"
TIMELINE = "Tidslinje"
TIMELINE_CAPTION = "Remissen från utskick till beslut"
TIMELINE_ANSWER = "svarade"
COMPARISON = "Sammanställning"
COMPARISON_INTRO = "Varje svars förslag till beslut, som nämnden skrev det."
NO_PROPOSAL = "Svaret har inget förslag till beslut i arkivets uppgifter."
DRAFT_BANNER = "detta remissvar är inte publicerat."
HEADING_LINK = "Länk till rubriken"
NO_HITS = "Inga träffar"
SEARCH_TERMS = "Sökord"  # the search documents' index-only terms (case-number tokens, compound parts)


def board_title(name: str) -> str:
    return name


def board_intro(name: str) -> str:
    return f"Remissvar från {name}."


def board_history(until: str, successor: str) -> str:
    return f"Nämnden fanns till {until}. Efterträdare: {successor}."


def year_title(value: int | None) -> str:
    return f"Remissvar {value}" if value is not None else "Remissvar utan känt datum"


def topic_title(name: str) -> str:
    return f"Ämne: {name}"


def topic_intro(name: str) -> str:
    return f"Remissvar om {name}."


KIND_ANSWER = "Remissvar"  # the search page's 'Typ' of a case …
KIND_REFERRAL = "Remiss"   # … and of a referral's page


def referral_title(title: str) -> str:
    return f"Remiss: {title}"


def referral_intro(title: str, number: str) -> str:
    return f"Nämndernas svar på remissen {title}, {number}."


def page_of(title: str, page: int, pages: int) -> str:
    return f"{title} – sida {page} av {pages}"


# Singular and plural of what the archive counts: '1 nämnd', '2 nämnder'.
NOUNS: dict[str, tuple[str, str]] = {
    "answer": ("remissvar", "remissvar"),
    "board": ("nämnd", "nämnder"),
    "referral": ("remiss", "remisser"),
    "topic": ("ämne", "ämnen"),
    "hit": ("träff", "träffar"),
}


def noun(n: int, kind: str) -> str:
    one, many = NOUNS[kind]
    return one if n == 1 else many


def count(n: int, kind: str) -> str:
    return f"{n} {noun(n, kind)}"


def answers(n: int) -> str:
    return count(n, "answer")


def referrals_sorted_by_deadline() -> str:
    return f"{REFERRALS}, {SORT_DEADLINE.lower()}"


def referrals_from(sender: str) -> str:
    return f"Remisser från {sender}"


def referrals_in_state(state: str) -> str:
    return f"{REFERRALS}: {LIST_STATES[state].lower()}"


def referrals(n: int) -> str:
    return count(n, "referral")


def answers_to(n: int) -> str:
    return f"{n} svar"


def answered_of(answered: int, asked: int, others: int = 0) -> str:
    """'2 av 3 tillfrågade nämnder har svarat; 26 andra remissinstanser tillfrågades': every body asked is
    counted, and the archive says which it follows (its boards) and which it only names."""
    boards = "nämnd" if asked == 1 else "nämnder"
    text = f"{answered} av {asked} tillfrågade {boards} har svarat"
    if others:
        text += f"; {others} {'annan remissinstans' if others == 1 else 'andra remissinstanser'} tillfrågades"
    return text


def open_intro(day: str) -> str:
    return f"Remisser vars sista svarsdag inte har passerat, per {day}."


def no_open(day: str) -> str:
    return f"Arkivet har inga öppna remisser per {day}."


def feed_new_referral(sender: str, case_number: str, deadline: str | None) -> str:
    """A referral feed's entry for the referral itself."""
    return f"Ny remiss från {sender}, {case_number}." + (f" Sista svarsdag {deadline}." if deadline else "")


def answered_short(answered: int, asked: int) -> str:
    return f"{answered} av {asked}"


def tally_text(parts: list[tuple[str, int]]) -> str:
    """The chart's text alternative: every bar in words ("Tillstyrker: 2 svar")."""
    return chart_text("Ställningstaganden", [(label, answers_to(n)) for label, n in parts])


def chart_text(title: str, parts: list[tuple[str, object]]) -> str:
    """'Antal svar per år: 2026: 7 svar; 2025: 7 svar.' – each bar its label and its value with a unit, so a
    screen reader never reads bare numbers one after the other."""
    return f"{title}: " + "; ".join(f"{label}: {n}" for label, n in parts) + "."


def answers_per_year_text(parts: list[tuple[str, int]]) -> str:
    return chart_text("Antal svar per år", [(label, answers_to(n)) for label, n in parts])


def in_time_text(parts: list[tuple[str, str]]) -> str:
    return chart_text("Andel svar i tid per år", parts)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"


# --- the preview's changes page --------------------------------------------------------------------------
IMPORT_NOT_SURE = "Inte säkert lästa uppgifter"


def import_source(source: str, ocr: bool) -> str:
    return f"Importerad ur {source}" + (" med textigenkänning (OCR)" if ocr else "") + ": granska särskilt"


CHANGES = "Ändringar i förhandsversionen"
CHANGES_ADDED = "Nya remissvar"
CHANGES_CHANGED = "Ändrade remissvar"
CHANGES_REMOVED = "Borttagna remissvar"
CHANGES_OTHER = "Andra ändrade filer"
PERSONAL_DATA = "Personuppgifter att granska innan publicering"


def line_at(n: int) -> str:
    return f"rad {n}"


CHANGES_NONE = "Inga ändringar jämfört med basen."
CHANGED_SECTIONS = "Ändrade avsnitt"
ADDED_ITEMS = "tillagt"
REMOVED_ITEMS = "borttaget"
ATTACHMENTS_ADDED = "Nya bilagor"
ATTACHMENTS_REMOVED = "Borttagna bilagor"
NO_CORRECTION = ("varning: texten i ett publicerat remissvar har ändrats utan en ny rad under corrections – "
                 "lägg till en rättelse som säger vad som ändrats")
ADDRESS_KEPT = "Den gamla adressen leder nu till"


def address_gone(url: str) -> str:
    return (f"varning: ett publicerat remissvar tas bort och adressen {url} slutar fungera – om filen har "
            f"flyttats, skriv {url} under aliases i den nya filen; ska det tas ner, avpublicera det i stället "
            "(status: avpublicerad) så att adressen visar varför")


def withdrawn_change(day: str, reason: str, full: bool) -> str:
    what = "Tas bort helt" if full else "Avpubliceras"
    return f"{what} {day}: sidan ersätts av ett meddelande med skälet ”{reason}”; texten, bilagorna och datafilen tas bort"


FILE_STATUS = {"A": "ny", "M": "ändrad", "D": "borttagen"}
SECTION_BEFORE_HEADINGS = "(texten före första rubriken)"


def changes_intro(base: str) -> str:
    return f"Det här är vad förhandsversionen ändrar jämfört med {base}."
