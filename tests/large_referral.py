"""A referral of many bodies asked and as many answers (300 by default), written as files: for the browser test
that the referral page stays readable on a phone, and for the benchmark of its rendering (bench/referral_page.py).
The boards are made-up ones added to data/boards.yml; a third of them answer after the deadline, every tenth
not at all, and half as many external bodies are asked besides."""
from __future__ import annotations

from pathlib import Path

POSITIONS = ["tillstyrker", "avstyrker", "delvis", "synpunkter", "avstår"]


def write(root: Path, n: int = 300) -> str:
    """Add n boards, a record asking them all and n // 2 others, and an answer from each that answers; returns
    the referral's key."""
    boards = root / "data/boards.yml"
    extra = "".join(f"  - id: provnamnd-{i}\n    name: Provnämnd nummer {i} med ett ganska långt namn\n"
                    f"    kind: facknämnd\n    valid_from: null\n    valid_to: null\n" for i in range(1, n + 1))
    boards.write_text(boards.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, encoding="utf-8")
    asked = "".join(f"  - provnamnd-{i}\n" for i in range(1, n + 1))
    others = "".join(f"  - Extern remissinstans {i}\n" for i in range(1, n // 2 + 1))
    (root / "cases/remisser").mkdir(parents=True, exist_ok=True)
    (root / "cases/remisser/ks-2024-300.md").write_text(
        "---\ntitle: Program för många remissinstanser\ncase_number: KS 2024/300\nsender: Kommunstyrelsen\n"
        f"kind: program\nsent: 2024-01-10\ndeadline: 2024-03-31\ndecided: 2024-06-01\nasked:\n{asked}"
        f"asked_others:\n{others}---\nKommunstyrelsen remitterar programmet till {n} nämnder.\n", encoding="utf-8")
    folder = root / "cases/2024"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(1, n + 1):
        if i % 10 == 0:
            continue  # every tenth never answers
        day = f"2024-{4 if i % 3 == 0 else 3:02d}-{(i % 28) + 1:02d}"  # a third after the deadline
        (folder / f"provnamnd-{i}-ks-2024-300.md").write_text(
            f'---\ntitle: "Remissvar från provnämnd {i}: Program för många remissinstanser"\n'
            f"board: provnamnd-{i}\ndate: {day}\nstatus: publicerad\nreview:\n  by: Provgranskare\n  date: {day}\n"
            "referral:\n"
            "  title: Program för många remissinstanser\n  case_number: KS 2024/300\n  sender: Kommunstyrelsen\n"
            f"decision:\n  position: {POSITIONS[i % 5]}\n  proposal: Nämnden {POSITIONS[i % 5]} programmet och "
            "lämnar förvaltningens tjänsteutlåtande som svar på remissen.\n"
            f"---\n## Förslag till beslut\n\nNämnden {POSITIONS[i % 5]} programmet.\n", encoding="utf-8")
    return "ks-2024-300"
