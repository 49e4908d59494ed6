"""A synthetic corpus made from the real Linköping sources: pairs of agreements (a 2020-like one and
its 2025-like successor) whose parties, organisation numbers, amounts and prose differ, every
source valid."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from iopdoc.checks.parties import luhn_digit

REPO = Path(__file__).resolve().parent.parent
OLD = (REPO / "sources" / "linkoping-kvinnojouren-2020.yaml").read_text(encoding="utf-8")
NEW = (REPO / "sources" / "linkoping-kvinnojouren-2025.yaml").read_text(encoding="utf-8")
TOWNS = ["Ale", "Boden", "Eksjö", "Gislaved", "Hjo", "Kalix", "Lysekil", "Mora", "Nora", "Piteå", "Sala", "Tierp"]


def org_number(first: str, serial: int) -> str:
    nine = f"{first}{serial:08d}"[:9]
    return f"{nine[:6]}-{nine[6:]}{luhn_digit(nine)}"


def vary(text: str, identifier: str, index: int, predecessor: str | None) -> str:
    town = f"{TOWNS[index % len(TOWNS)]} {index}"
    text = re.sub(r"^id: .*$", f"id: {identifier}", text, count=1, flags=re.M)
    if predecessor:
        text = re.sub(r"^supersedes: .*$", f"supersedes: {predecessor}", text, count=1, flags=re.M)
    text = text.replace("Linköpings kommun", f"{town}s kommun").replace("Linköping", town)
    text = text.replace("Kvinnojouren Ellinor och Tjejjouren Beata", f"Kvinnojouren {town}")
    text = text.replace("212000-0449", org_number("2120", 1000 + index)).replace("822003-8007", org_number("8220", 3000 + index))
    # Amounts move together, so the sums still add up.
    delta = 1000 * (index % 97)
    for old in ("1345500", "1571605"):
        text = text.replace(f"amount: {old}", f"amount: {int(old) + delta}")
    text = text.replace("amount: 3937500", f"amount: {3937500 + delta}")
    return text.replace("      Kvinnojouren ger stöd", f"      Partnerskap nummer {index} i jämförelsen. Kvinnojouren ger stöd", 1)


def make_corpus(folder: Path, count: int) -> list[Path]:
    """`count` agreements in `folder/sources`, with the project's templates beside them."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "templates", folder / "templates")
    paths = []
    for index in range(count):
        identifier = f"bench-{index:04d}"
        if index % 2 == 0:
            text = vary(OLD, identifier, index, None)
        else:
            text = vary(NEW, identifier, index, f"bench-{index - 1:04d}")
        path = folder / "sources" / f"{identifier}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
