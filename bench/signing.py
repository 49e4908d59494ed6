"""Benchmark row for `iopdoc verify` (#29): a signed five-page agreement, verified from start-up, with the
source at its commit built again and compared byte for byte (target: under 2 s)."""
from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGETS = {"verify_signed_5_pages_seconds": ("<=", 2.0)}
PARAGRAPH = ("Parterna följer upp verksamheten tillsammans och redovisar hur mötesplatsen har använts, vilka "
             "aktiviteter som har genomförts och hur målgruppen har nåtts under året. ")


def five_page_project(folder: Path):
    """The signing tests' agreement with longer sections, five pages, in git with its PDF built
    with signature fields; returns the project, the built PDF and the CA that signs it."""
    sys.path.insert(0, str(REPO))
    from pypdf import PdfReader
    from tests.test_signing import AGREEMENT, SOURCE, build_pdf, make_project

    for paragraphs in range(24, 60, 2):  # about 24 paragraphs give five pages with the default look
        body = "\n\n".join(["      " + PARAGRAPH * 3] * paragraphs)
        source = SOURCE.replace("      Regionen och stiftelsen har sedan flera år samverkat kring unga vuxna.\n",
                                f"      Regionen och stiftelsen har sedan flera år samverkat kring unga vuxna.\n\n{body}\n")
        root = folder / f"project-{paragraphs}"
        from tests.signing_ca import Authority, write_root

        authority = Authority()
        make_project(root, source=source, authority=authority)
        built = build_pdf(root)
        pages = len(PdfReader(io.BytesIO(built)).pages)
        if pages == 5:
            return root, built, authority
        if pages > 5:
            break
    raise RuntimeError("no agreement of exactly five pages")


def measure_signing(work: Path, runs: int) -> dict:
    import statistics

    from tests.signing_ca import SigningService
    from tests.test_signing import AGREEMENT

    root, built, authority = five_page_project(work / "signing")
    service = SigningService(authority)
    signed = service.sign(service.sign(built, "regionen", authority.signer("Karin Ek")), "stiftelsen",
                          authority.signer("Omar Haddad"), lta=True)
    (root / "signed").mkdir()
    path = root / "signed" / f"{AGREEMENT}.pdf"
    path.write_bytes(signed)
    command = [sys.executable, "-m", "iopdoc", "verify", str(path)]
    seconds = []
    for _ in range(runs + 1):  # the first run also compiles Python caches (not counted)
        started = time.perf_counter()
        done = subprocess.run(command, cwd=root, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0 or "byte för byte" not in done.stderr:
            raise RuntimeError(f"verify failed: {done.stderr[-2000:]}")
    seconds = seconds[1:]
    figure = {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds), "runs": runs}
    return {"verify_signed_5_pages": figure, "verify_signed_5_pages_seconds": figure["median"]}


def rows(f: dict, row) -> list[str]:
    return [row("iopdoc verify of a signed 5-page agreement, rebuild included (from start-up)",
                f["verify_signed_5_pages"])]
