"""Synthetic case files for tests and benchmarks: valid, varied, clearly marked, never placed in cases/.

Deterministic for a given N, seed and day. Each referral gets answers from several boards that existed on the
decision date, so referral pages, board merges and duplicate rules are exercised as in real data, and a
referral record (cases/remisser/) that asks 5–15 bodies: some never answer, some answer after the deadline.
No date lies after the day it runs. The text
mixes the archive's own phrases with Swedish words drawn at their real frequencies (wordfreq), so that the
search index meets a realistic vocabulary rather than the same two hundred words in every case.
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import random
from pathlib import Path

from remissarkiv.model.boards import BoardRegistry
from remissarkiv.tools import scaffold

MARK = "SYNTETISKT"
TOPICS = [
    "Trygghet", "Brottsförebyggande arbete", "Myndighetssamverkan", "Förskola", "Grundskola", "Äldreomsorg",
    "Socialtjänst", "Parker och grönområden", "Trafik", "Cykel", "Kollektivtrafik", "Stadsplanering",
    "Bostäder", "Hemlöshet", "Kultur", "Bibliotek", "Idrott", "Fritidsgårdar", "Miljö", "Klimat",
    "Vatten", "Avfall", "Digitalisering", "Arbetsmarknad", "Integration", "Funktionsnedsättning",
    "Barn och unga", "Folkhälsa", "Jämställdhet", "Demokrati och delaktighet", "Upphandling", "Ekonomi",
    "Personal", "Lokaler", "Krisberedskap", "Näringsliv", "Turism", "Föreningsliv", "Ungdomsråd", "Belysning",
]
KINDS = ["motion", "motion", "motion", "skrivelse", "program", "plan", "SOU", "Ds", "promemoria", "detaljplan"]
POSITIONS = ["tillstyrker", "avstyrker", "delvis", "synpunkter", "avstår", None]
SUBJECTS = ["Förvaltningen", "Nämnden", "Stadsdelsförvaltningen", "Verksamheten", "Enheten för trygghet"]
VERBS = ["ser positivt på", "delar bedömningen av", "vill understryka vikten av", "har tidigare utrett",
         "föreslår en uppföljning av", "saknar en analys av", "bedömer att det finns behov av"]
OBJECTS = ["samverkansöverenskommelser med polisen", "myndighetsgemensamma insatser", "trygghetsvandringar",
           "förebyggande arbete bland barn och unga", "stadsdelsdirektörens ansvar", "föreningslivets roll",
           "äldreomsorgens bemanning", "förskolornas lokalförsörjning", "kollektivtrafikens tillgänglighet",
           "klimatanpassningsåtgärder i parkerna", "medborgardialoger i lokalsamhället",
           "ekonomiska konsekvenser för nämnden", "bostadsförsörjningsprogrammets mål",
           "hemlöshetsstrategins genomförande", "biblioteksverksamhetens öppettider"]
TAILS = ["i stadsdelsområdet.", "under de kommande åren.", "inom befintlig budgetram.",
         "i dialog med berörda förvaltningar.", "enligt stadens riktlinjer.", "utifrån en lokal lägesbild."]
FIRST = ["Anna", "Erik", "Maria", "Karl", "Sara", "Johan", "Lena", "Per", "Eva", "Lars", "Fatima", "Ali"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson"]
SECTIONS = ["Sammanfattning", "Bakgrund", "Ärendets beredning", "Ärendet", "Synpunkter och förslag"]


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}"


@functools.lru_cache(maxsize=1)
def _swedish_words() -> tuple[list[str], list[float]]:
    """Swedish words with their cumulative frequencies: text drawn from them has a real language's vocabulary
    (a few very common words in every case, most words in few), which is what a search index's size depends
    on. Cumulative once, here: random.choices would otherwise add up 40,000 weights for every sentence."""
    from wordfreq import get_frequency_dict

    ranked = sorted(((w, f) for w, f in get_frequency_dict("sv", wordlist="best").items() if w.isalpha()),
                    key=lambda wf: -wf[1])[:40_000]
    return [w for w, _ in ranked], list(itertools.accumulate(f for _, f in ranked))


def _prose(rng: random.Random) -> str:
    words, cumulative = _swedish_words()
    drawn = rng.choices(words, cum_weights=cumulative, k=rng.randint(8, 18))
    return " ".join(drawn).capitalize() + "."


def _body(rng: random.Random, proposal: str, target_bytes: int = 4000) -> str:
    parts = ["## Förslag till beslut", proposal]
    section = 0
    while sum(len(p.encode()) for p in parts) < target_bytes:
        parts.append(f"## {SECTIONS[section % len(SECTIONS)]}")
        section += 1
        for _ in range(2):
            # One sentence of the archive's own phrases, the rest Swedish words at their usual frequencies.
            parts.append(" ".join([_sentence(rng), *(_prose(rng) for _ in range(rng.randint(3, 5)))]))
    return "\n\n".join(parts)


def _record(cases_dir: Path, rng: random.Random, number: str, title: str, kind: str, sent: dt.date,
            deadline: dt.date, asked: list) -> None:
    from remissarkiv.model import referral
    from remissarkiv.model.swedish import case_number_key

    values = {"title": title, "case_number": number, "sender": "Kommunstyrelsen", "kind": kind, "sent": sent,
              "deadline": deadline, "asked": sorted(b.id for b in asked),
              "asked_others": ["Region Stockholm"] if rng.random() < 0.3 else [], "asked_complete": True}
    path = cases_dir / referral.FOLDER / f"{case_number_key(number)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(scaffold.case_text(values, f"Kommunstyrelsen remitterar ärendet ({MARK}).", comments=False,
                                       header=[f"{MARK}: genererad av 'remissarkiv generate'"],
                                       model=referral.ReferralRecord), encoding="utf-8")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def generate(n: int, out: Path, boards: BoardRegistry, seed: int = 1, today: dt.date | None = None) -> int:
    """Write n case files below out/cases, and a referral record for each referral; returns how many case
    files were written."""
    rng = random.Random(seed)
    today = today or dt.date.today()
    cases_dir = out / "cases"
    cases_dir.mkdir(parents=True, exist_ok=True)
    (out / f"{MARK}.txt").write_text("Syntetiska remissvar för test och prestandamätning. Publicera aldrig.\n",
                                     encoding="utf-8")
    all_boards = [b for b in boards if b.kind != "styrelse"]
    written, referral_no = 0, 0
    while written < n:
        referral_no += 1
        year = rng.randint(2012, today.year)
        # every date before the day it runs: the referral is sent at least 130 days before it
        received = min(dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 300)), today - dt.timedelta(130))
        year = received.year
        deadline = received + dt.timedelta(days=90)
        decided = received + dt.timedelta(days=rng.randint(20, 85))
        number = f"KS {year}/{referral_no}"
        kind = rng.choice(KINDS)
        title = f"{kind.capitalize() if kind not in ('SOU', 'Ds') else kind} om {rng.choice(OBJECTS)}"
        # asked on the day it was sent and answering on the day it decided: a board merged in between is neither
        existing = [b for b in all_boards if b.existed_on(received) and b.existed_on(decided)]
        answering = rng.sample(existing, k=min(len(existing), rng.randint(1, 6), n - written))
        silent = rng.sample([b for b in existing if b not in answering],
                            k=max(0, min(len(existing) - len(answering), rng.randint(5, 15) - len(answering))))
        _record(cases_dir, rng, number, title, kind, received, deadline, answering + silent)
        for board in answering:
            written += 1
            position = rng.choice(POSITIONS)
            day = decided
            if rng.random() < 0.15:  # some answer after the deadline, if the board still existed then
                late = min(deadline + dt.timedelta(days=rng.randint(1, 30)), today)
                day = late if board.existed_on(late) else decided
            proposal = f"Nämnden {position or 'överlämnar tjänsteutlåtandet som svar på remissen'} ({MARK})."
            values = {
                "title": f"[{MARK}] Remissvar: {title}",
                "board": board.id,
                "case_number": f"{board.id.upper()[:4]} {year}/{written}",
                "document_type": rng.choice(["tjänsteutlåtande", "tjänsteutlåtande", "protokollsutdrag"]),
                "date": day,
                "status": "publicerad",
                "review": {"by": f"Granskare ({MARK})", "date": day},
                "referral": {"title": title, "case_number": number, "sender": "Kommunstyrelsen", "kind": kind,
                             "submitters": [_person(rng) for _ in range(rng.randint(0, 3))] if kind == "motion" else [],
                             "received": received, "deadline": deadline},
                "decision": {"proposal": proposal, "date": day, "paragraph": f"§ {rng.randint(1, 40)}",
                             "position": position},
                "prepared_by": "Avdelningen för administration",
                "signatories": [{"name": _person(rng), "role": "Stadsdelsdirektör"}],
                "topics": rng.sample(TOPICS, k=rng.randint(1, 3)),
                "attachments": [],
                "summary": f"Syntetiskt testärende: {_sentence(rng)}",
                "source_url": None,
            }
            path = scaffold.case_path(cases_dir, board.id, number, day)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(scaffold.case_text(values, _body(rng, proposal), comments=False,
                                               header=[f"{MARK}: genererad av 'remissarkiv generate'"]),
                            encoding="utf-8")
    return written
