"""`make eval-import`: import every text of the corpus (tests/import_corpus.py) and print, per fact
kind and per layout, how many facts were right, wrong, to confirm and missed, how many texts the
import refused because it would have changed a word (IOP087), and each wrong or missed fact.

Usage: python tools/eval_import.py [--only NAME...] [--keep FOLDER]
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from iopdoc.errors import IopdocError  # noqa: E402
from tests.import_corpus import texts  # noqa: E402
from tests.import_score import score, table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=None, help="only these corpus texts (names)")
    parser.add_argument("--keep", type=Path, default=None, help="write originals and imports here, and keep them")
    args = parser.parse_args(argv)
    corpus = [t for t in texts() if not args.only or t.name in args.only]
    outcomes, refused = [], []
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        for text in corpus:
            try:
                found, result = score(text, folder)
            except IopdocError as exc:
                refused.append(f"{text.name} ({text.layout}): {exc.diagnostics[0].format('en')}")
                continue
            outcomes.extend(found)
            if args.keep:
                (folder / "imported").mkdir(parents=True, exist_ok=True)
                (folder / "imported" / f"{text.name}.yaml").write_text(result.text, encoding="utf-8")
    layouts = len({t.layout for t in corpus})
    print(f"corpus: {len(corpus)} texts in {layouts} layouts; refused (would change words): {len(refused)}")
    print(table(outcomes))
    for line in refused:
        print(f"REFUSED {line}")
    for o in outcomes:
        if o.status in ("wrong", "missed"):
            print(f"{o.status.upper():7} {o.text} ({o.layout}) {o.key}: expected {o.expected!r}, found {o.found!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
