"""#11.7 and #12.6: the cache cannot be made to lie.

Its key follows links as the project resolves them from each document's model (not a regular
expression over the YAML), so any way YAML lets a source write `supersedes` is followed; and an
entry is trusted only if it has an entry's shape and this checkout's seal: anything else (garbled,
truncated, valid JSON of another shape, copied from another key, forged) is a miss with a warning,
and the source is checked or built again. The personal-data findings never come from a check's entry:
a re-check reads them from entries of their own, sealed with the checkout's own secret only.
"""
from __future__ import annotations

import json

import pytest

from iopdoc.pipeline.batch import check_sources
from iopdoc.pipeline.cache import Cache, check_key
from iopdoc.resolve.project import Project

SUCCESSOR = "sources/linkoping-kvinnojouren-2025.yaml"
PREDECESSOR = "sources/linkoping-kvinnojouren-2020.yaml"
LINK = "supersedes: linkoping-kvinnojouren-2020\n"

# Every way below says the same to YAML; the cache used to find only the first.
LINK_STYLES = {
    "plain": LINK,
    "quoted key": '"supersedes": linkoping-kvinnojouren-2020\n',
    "single-quoted key and value": "'supersedes': 'linkoping-kvinnojouren-2020'\n",
    "block scalar": "supersedes: >-\n  linkoping-kvinnojouren-2020\n",
    "literal block scalar": "supersedes: |-\n  linkoping-kvinnojouren-2020\n",
    "tag": "supersedes: !!str linkoping-kvinnojouren-2020\n",
    "explicit key": "? supersedes\n: linkoping-kvinnojouren-2020\n",
    "escaped key": '"\\x73upersedes": linkoping-kvinnojouren-2020\n',
}


def write_link(project, style: str) -> None:
    path = project / SUCCESSOR
    text = path.read_text(encoding="utf-8")
    assert LINK in text
    path.write_text(text.replace(LINK, LINK_STYLES[style]), encoding="utf-8")


def end_predecessor_early(project) -> None:
    """The 2020 agreement now ends in June: its successor's start no longer follows on (IOP107)."""
    path = project / PREDECESSOR
    path.write_text(path.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-06-30"), encoding="utf-8")


def codes(findings) -> set[str]:
    return {d.code for d in findings}


@pytest.mark.parametrize("style", sorted(LINK_STYLES))
def test_any_way_of_writing_a_link_invalidates_the_linked_check(project, style, monkeypatch):
    monkeypatch.chdir(project)
    write_link(project, style)
    source = project / SUCCESSOR
    before = check_key(Project(project), source)
    first = check_sources(Project(project), [source])
    assert "IOP107" not in codes(first)
    end_predecessor_early(project)
    assert check_key(Project(project), source) != before, f"a link written as {style!r} must be in the key"
    again = check_sources(Project(project), [source])
    assert "IOP107" in codes(again), "the cached findings hid the predecessor's change"


@pytest.mark.parametrize("style", ["quoted key", "block scalar", "tag"])
def test_any_way_of_writing_a_link_rebuilds_the_successor(cli, project, style):
    write_link(project, style)
    assert cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project).code == 0
    end_predecessor_early(project)
    result = cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project)
    assert "oförändrad" not in result.out
    assert "IOP107" in result.err


def cache_entries(project, kind: str):
    return sorted((project / ("out" if kind == "build" else "build") / ".cache" / kind).glob("*.json"))


def damage_every_entry(project, kind: str, change) -> None:
    entries = cache_entries(project, kind)
    assert entries
    for entry in entries:
        entry.write_text(change(entry.read_text(encoding="utf-8")), encoding="utf-8")


def emptied_outputs(text: str) -> str:
    entry = json.loads(text)
    entry["outputs"] = {}
    return json.dumps(entry)


def without_diagnostics(text: str) -> str:
    entry = json.loads(text)
    del entry["diagnostics"]
    return json.dumps(entry)


def diagnostics_of_another_shape(text: str) -> str:
    entry = json.loads(text)
    entry["diagnostics"] = [{"code": "IOP103"}]
    return json.dumps(entry)


def error_downgraded_in_place(text: str) -> str:
    """The entry's bytes as iopdoc wrote them (the seal first, over the rest of the very bytes),
    with every error made a warning and nothing else touched: the layout of a good entry, its seal
    no longer over these bytes."""
    assert text.startswith('{"seal":"'), "iopdoc writes the seal first, over the bytes after it"
    assert '"severity":"error"' in text
    return text.replace('"severity":"error"', '"severity":"warning"')


DAMAGE = {
    "error downgraded in place": error_downgraded_in_place,
    "truncated": lambda text: text[: len(text) // 2],
    "garbled": lambda text: "\x00\xff" + text[5:],
    "not an object": lambda text: "[]",
    "no diagnostics": without_diagnostics,
    "diagnostics of another shape": diagnostics_of_another_shape,
}


@pytest.mark.parametrize("damage", sorted(DAMAGE) + ["emptied outputs"])
def test_a_broken_build_entry_is_a_miss_with_a_warning(cli, project, damage):
    html = project / "out" / "linkoping-kvinnojouren-2025.html"
    assert cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project).code == 0
    damage_every_entry(project, "build", emptied_outputs if damage == "emptied outputs" else DAMAGE[damage])
    html.unlink()  # what a lying entry would hide: the output is gone
    result = cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project)
    assert result.code == 0, result.err
    assert "oförändrad" not in result.out
    assert "warning[IOP092]" in result.err and "cacheposten är trasig" in result.err
    assert html.is_file()
    # The broken entry was replaced by a good one: the next build is served from it, quietly.
    third = cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project)
    assert "oförändrad" in third.out and "IOP092" not in third.err


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_broken_check_entry_is_a_miss_with_a_warning(cli, project, damage):
    assert cli("check", SUCCESSOR, cwd=project).code == 1  # IOP103: the text says 5 years, the dates 6
    damage_every_entry(project, "check", DAMAGE[damage])
    result = cli("check", SUCCESSOR, cwd=project)
    assert result.code == 1, "a broken entry must not hide the error"
    assert "error[IOP103]" in result.err and "warning[IOP092]" in result.err


def test_an_emptied_check_entry_copied_from_another_source_is_not_trusted(cli, project, monkeypatch):
    """A clean source's entry (no findings) put under the key of a source with an error."""
    monkeypatch.chdir(project)
    memo = project / "sources" / "osteraker-kvinnojouren-2023-memo.yaml"
    successor = project / SUCCESSOR
    assert check_sources(Project(project), [memo]) == []
    folder = project / "build" / ".cache" / "check"
    clean = folder / f"{check_key(Project(project), memo)}.json"
    (folder / f"{check_key(Project(project), successor)}.json").write_bytes(clean.read_bytes())
    warnings = []
    findings = check_sources(Project(project), [successor], warn=warnings.append)
    assert "IOP103" in codes(findings)
    assert [w.code for w in warnings] == ["IOP092"]


def test_a_json_report_never_includes_the_cache_warning(cli, project):
    cli("check", SUCCESSOR, cwd=project)
    damage_every_entry(project, "check", DAMAGE["truncated"])
    result = cli("check", "--format", "json", SUCCESSOR, cwd=project)
    assert "IOP092" not in result.out and "IOP092" in result.err
    assert "IOP103" in {item["code"] for item in json.loads(result.out)["findings"]}


def test_an_entry_that_cannot_be_read_is_a_miss(tmp_path):
    cache = Cache(tmp_path)
    (tmp_path / "k.json").mkdir()  # a folder where the entry should be
    warnings = []
    assert Cache(tmp_path, warnings.append).findings("k") is None
    assert cache.findings("missing") is None
    assert [w.code for w in warnings] == ["IOP092"]


def test_the_links_a_source_makes_are_read_from_its_model_once_per_version(project, monkeypatch):
    """A warm check does not parse every source to find its key: the links of a source's bytes are
    remembered (build/.cache/links), and a broken memo is read again from the model."""
    monkeypatch.chdir(project)
    write_link(project, "block scalar")
    source = project / SUCCESSOR
    first = check_key(Project(project), source)
    memos = sorted((project / "build" / ".cache" / "links").glob("*.json"))
    assert memos and all(json.loads(m.read_text(encoding="utf-8"))["links"] in ([], [["supersedes", "linkoping-kvinnojouren-2020"]])
                         for m in memos)
    loads = []
    original = Project.load
    monkeypatch.setattr(Project, "load", lambda self, path: loads.append(path) or original(self, path))
    assert check_key(Project(project), source) == first
    assert loads == []
    for memo in memos:
        memo.write_text("{", encoding="utf-8")
    assert check_key(Project(project), source) == first and loads


# Issue #23, finding 7: an entry written by someone else (a CI cache shared between branches) is
# well-shaped but was not sealed by this checkout (pipeline/cache_seal.py).
def forge_links_memos(project) -> None:
    """Every links memo rewritten to say the source links to nothing, with a made-up seal."""
    memos = sorted((project / "build" / ".cache" / "links").glob("*.json"))
    assert memos
    for memo in memos:
        entry = json.loads(memo.read_text(encoding="utf-8"))
        entry["links"] = []
        entry["seal"] = "0" * 64
        memo.write_text(json.dumps(entry), encoding="utf-8")


def test_a_forged_links_entry_does_not_shorten_the_key(cli, project):
    assert cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project).code == 0
    forge_links_memos(project)
    end_predecessor_early(project)
    result = cli("build", "--format", "html", "-j", "1", "--out", project / "out", SUCCESSOR, cwd=project)
    assert "oförändrad" not in result.out, "a stale output was served as unchanged"
    assert "IOP107" in result.err


def test_a_forged_check_entry_without_findings_is_a_miss(cli, project):
    assert cli("check", SUCCESSOR, cwd=project).code == 1  # IOP103
    for path in cache_entries(project, "check"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry["diagnostics"] = []
        entry["seal"] = "f" * 64
        path.write_text(json.dumps(entry), encoding="utf-8")
    result = cli("check", SUCCESSOR, cwd=project)
    assert result.code == 1 and "error[IOP103]" in result.err and "warning[IOP092]" in result.err


def test_a_cached_result_still_runs_the_personal_data_rules(cli, project):
    """Even an entry sealed with this checkout's own secret (the worst case: whoever wrote it could
    read the secret) cannot hide a personnummer: IOP801 runs afresh on every check."""
    from iopdoc.pipeline.cache_seal import sealed

    source = project / SUCCESSOR
    text = source.read_text(encoding="utf-8")
    assert "short_title: " in text
    source.write_text(text.replace("short_title: ", "short_title: 880320-0016 ", 1), encoding="utf-8")
    first = cli("check", SUCCESSOR, cwd=project)
    assert "[IOP801]" in first.err, first.err
    folder = project / "build" / ".cache" / "check"
    for path in cache_entries(project, "check"):
        entry = json.loads(path.read_text(encoding="utf-8"))
        entry.pop("seal")
        entry["diagnostics"] = []
        path.write_text(json.dumps(sealed(entry, folder)), encoding="utf-8")
    again = cli("check", SUCCESSOR, cwd=project)
    assert "IOP092" not in again.err, "the entry is accepted as sealed"
    assert "[IOP801]" in again.err, again.err


def test_a_personal_data_entry_sealed_with_the_shared_secret_is_a_miss(cli, project, monkeypatch):
    """A re-check serves the personal-data findings from their own entries (no resolve), sealed with
    the checkout's own secret only: whoever holds the secret a CI shares between branches can forge
    every check entry, yet not make a personnummer disappear."""
    from iopdoc.pipeline.cache_seal import sealed, secret_for

    monkeypatch.setenv("IOPDOC_CACHE_SECRET", "shared by every branch of the CI")
    secret_for.cache_clear()
    try:
        source = project / SUCCESSOR
        source.write_text(source.read_text(encoding="utf-8").replace("short_title: ", "short_title: 880320-0016 ", 1),
                          encoding="utf-8")
        assert "[IOP801]" in cli("check", SUCCESSOR, cwd=project).err
        for kind in ("check", "personal"):
            folder = project / "build" / ".cache" / kind
            entries = cache_entries(project, kind)
            assert entries, kind
            for path in entries:
                entry = json.loads(path.read_text(encoding="utf-8"))
                entry.pop("seal")
                entry["diagnostics"] = []
                path.write_text(json.dumps(sealed(entry, folder)), encoding="utf-8")
        again = cli("check", SUCCESSOR, cwd=project)
        assert "[IOP801]" in again.err and "warning[IOP092]" in again.err, again.err
    finally:
        secret_for.cache_clear()


def test_a_recheck_of_an_unchanged_source_resolves_nothing(project, monkeypatch):
    """Its findings, the personal-data ones too, come from sealed entries under its key."""
    source = project / SUCCESSOR
    source.write_text(source.read_text(encoding="utf-8").replace("short_title: ", "short_title: 880320-0016 ", 1),
                      encoding="utf-8")
    monkeypatch.chdir(project)
    first = check_sources(Project(project), [source])
    assert "IOP801" in codes(first)
    resolved = []
    original = Project.resolve
    monkeypatch.setattr(Project, "resolve", lambda self, path, *a, **k: resolved.append(path) or original(self, path, *a, **k))
    assert check_sources(Project(project), [source]) == first
    assert resolved == []
    # An edited source is resolved and checked again.
    source.write_text(source.read_text(encoding="utf-8").replace("880320-0016 ", "", 1), encoding="utf-8")
    edited = check_sources(Project(project), [source])
    assert resolved and "IOP801" not in codes(edited)


def test_the_secret_is_kept_outside_the_build_folder(project, monkeypatch):
    from iopdoc.pipeline.cache_seal import secret_for

    monkeypatch.delenv("IOPDOC_CACHE_SECRET", raising=False)
    secret_for.cache_clear()
    folder = project / "build" / ".cache" / "check"
    secret = secret_for(folder)
    assert len(secret) >= 32
    assert not any(secret in p.read_bytes() for p in (project / "build").rglob("*") if p.is_file())
    monkeypatch.setenv("IOPDOC_CACHE_SECRET", "given by the CI")
    secret_for.cache_clear()
    assert secret_for(folder) == b"given by the CI"
    secret_for.cache_clear()
