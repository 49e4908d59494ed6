"""Publishing swaps the site in whole: drafts only with --include-drafts, and only where asked for;
what is no longer published disappears; a failed publish or a folder that is not a site is left alone.
The index says what the municipality pays per year, labelled on a phone too."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from iopdoc.errors import UsageError
from iopdoc.resolve.project import Project
from iopdoc.pipeline.publish import publish
from tests.conftest import REPO

FINAL = REPO / "tests" / "fixtures" / "minimal-agreement.yaml"
DRAFT_IDS = ("linkoping-kvinnojouren-2020", "linkoping-kvinnojouren-2025")


def copy_project(root: Path) -> Path:
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(FINAL, root / "sources" / FINAL.name)
    return root


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_a_publish_without_drafts_after_one_with_them_holds_no_draft_file(tmp_path):
    root = copy_project(tmp_path / "project")
    site = root / "build" / "site"
    first = publish(Project(root), site, include_drafts=True)
    assert not first.failed
    assert all((site / f"{i}.pdf").is_file() and (site / f"{i}.html").is_file() for i in DRAFT_IDS)
    second = publish(Project(root), site)
    assert not second.failed
    files = every_file(site)
    assert not [f for f in files if any(i in f for i in DRAFT_IDS)], files
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert {d["status"] for d in catalog["documents"]} == {"final"}
    assert "Utkast" not in (site / "index.html").read_text(encoding="utf-8")
    # Nothing is left beside the site: no staging or old folders.
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_removed_source_disappears_from_the_site(tmp_path):
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    publish(Project(root), site)
    assert (site / "minimal-agreement.pdf").is_file()
    (root / "sources" / "minimal-agreement.yaml").unlink()
    assert not publish(Project(root), site).failed
    assert not (site / "minimal-agreement.pdf").exists() and not (site / "minimal-agreement.html").exists()


def test_a_failed_publish_leaves_the_previous_site_as_it_was(tmp_path):
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    publish(Project(root), site)
    before = {name: (site / name).read_bytes() for name in every_file(site)}
    broken = root / "sources" / "minimal-agreement.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("amount: 800000", "amount: 800001"), encoding="utf-8")
    result = publish(Project(root), site)
    assert result.failed and any(d.code == "IOP201" for d in result.diagnostics)
    assert {name: (site / name).read_bytes() for name in every_file(site)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_folder_that_is_not_a_published_site_is_never_replaced(tmp_path, cli):
    root = copy_project(tmp_path / "project")
    precious = root / "notes"
    precious.mkdir()
    (precious / "minutes.txt").write_text("protokoll", encoding="utf-8")
    with pytest.raises(UsageError) as raised:
        publish(Project(root), precious)
    assert "IOP090" in raised.value.diagnostics[0].format()
    assert (precious / "minutes.txt").read_text(encoding="utf-8") == "protokoll"
    result = cli("publish", "--out", precious, "--project", root, cwd=root)
    assert result.code == 2 and "ersätts inte" in result.err and "notes" in result.err


def test_make_publish_leaves_the_drafts_out_and_says_so(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(["make", "-s", "publish", f"OUT={out}"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    for identifier in DRAFT_IDS:
        assert f"utkast, inte publicerat: sources/{identifier}.yaml" in done.stdout
        assert not (out / "site" / f"{identifier}.pdf").exists()
    assert "2 utkast lämnades utanför" in done.stdout
    catalog = json.loads((out / "site" / "catalog.json").read_text(encoding="utf-8"))
    assert [d["status"] for d in catalog["documents"]] == ["final"]


def test_make_preview_site_has_the_drafts_in_its_own_folder(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run(["make", "-s", "preview-site", f"OUT={out}"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr
    assert all((out / "preview-site" / f"{i}.pdf").is_file() for i in DRAFT_IDS)
    assert not (out / "site").exists()


def test_the_index_says_when_and_from_which_commit_it_was_published(tmp_path, monkeypatch):
    root = copy_project(tmp_path / "project")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "sources", "templates"], check=True)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "x"],
                   check=True)
    commit = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764633600")  # 2025-12-02 00:00:00 UTC
    site = tmp_path / "site"
    publish(Project(root), site)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Publicerad 2025-12-02 kl. 00.00 (UTC)" in index
    assert f"<code>{commit[:12]}</code>" in index and "som inte är incheckade" not in index
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    assert catalog["published"] == {"at": "2025-12-02T00:00:00Z", "commit": commit, "dirty": False}
    (root / "sources" / "minimal-agreement.yaml").write_text(FINAL.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    publish(Project(root), site)
    assert "som inte är incheckade" in (site / "index.html").read_text(encoding="utf-8")


def visible_texts(page: Path, width: int, selector: str) -> list[str]:
    done = subprocess.run(["node", REPO / "tests" / "tools" / "visible_text.mjs", page, str(width), selector],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_the_index_shows_what_the_municipality_pays_labelled_on_a_phone_and_a_desktop(tmp_path):
    root = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    publish(Project(root), site, include_drafts=True)
    index = site / "index.html"
    phone = visible_texts(index, 375, "td.amount")
    desktop = visible_texts(index, 1280, "td.amount")
    headers = visible_texts(index, 1280, "thead th")
    assert "Kommunens bidrag per år" in headers
    assert visible_texts(index, 375, "thead th") == ["", "", "", "", "", ""], "a phone hides the header row"
    # linkoping-2020: the municipality pays 1 345 500 kr; the partnership's total with the
    # non-profit's contribution (volunteer hours included) is 3 937 500 kr, labelled as such.
    row_2020 = next(i for i, text in enumerate(desktop) if "1\u00a0345\u00a0500" in text)
    assert re.sub(r"\s+", " ", phone[row_2020].replace("\u00a0", " ")).strip() == \
        "Kommunens bidrag per år: 1 345 500 kr Hela partnerskapet: 3 937 500 kr"
    assert re.sub(r"\s+", " ", desktop[row_2020].replace("\u00a0", " ")).strip() == \
        "1 345 500 kr Hela partnerskapet: 3 937 500 kr"
    assert not any("3\u00a0937\u00a0500 kr" == text.strip() for text in desktop)
