"""Parallel builds give the same result as serial ones; the cache is served only when nothing a
result depends on has changed; checking never imports WeasyPrint."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from iopdoc.pipeline import cache as cache_module
from iopdoc.pipeline.batch import check_sources
from iopdoc.resolve.project import Project
from tests.conftest import REPO


def outputs(folder):
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def test_two_workers_give_the_same_bytes_in_the_same_order(cli, project):
    serial = cli("build", "-j", "1", "--no-cache", "--out", project / "one", cwd=project)
    parallel = cli("build", "-j", "2", "--no-cache", "--out", project / "two", cwd=project)
    assert serial.code == parallel.code == 0
    assert outputs(project / "one") == outputs(project / "two"), "PDFs are reproducible, so bytes must match"
    order = lambda text: [line.split()[1] for line in text.splitlines() if line.startswith("byggd:")]
    assert order(serial.out) == order(parallel.out) == sorted(order(serial.out))


def test_a_failing_source_in_a_worker_is_reported_in_order(cli, project):
    broken = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-13-31"), encoding="utf-8")
    result = cli("build", "-j", "2", "--out", project / "out", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert "linkoping-kvinnojouren-2020.yaml:" in result.err and "error[IOP013]" in result.err
    # The successor links to the broken source and is not built either; the memo is.
    assert [line.split()[1] for line in result.out.splitlines() if line.startswith("byggd:")] == \
        ["sources/osteraker-kvinnojouren-2023-memo.yaml"]
    assert result.out.splitlines()[-1] == "1 byggd, 2 inte byggda: rätta felen ovan"


def built_lines(result) -> dict[str, str]:
    return {line.split()[1]: line.rsplit("(", 1)[1].rstrip(")") for line in result.out.splitlines() if line.startswith("byggd:")}


@pytest.fixture
def built_once(cli, project):
    first = cli("build", "-j", "1", "--out", project / "out", cwd=project)
    assert first.code == 0
    assert "oförändrad" not in first.out
    return project


def rebuilt(cli, project) -> set[str]:
    result = cli("build", "-j", "1", "--out", project / "out", cwd=project)
    assert result.code == 0, result.err
    return {source for source, how in built_lines(result).items() if how != "oförändrad"}


def test_nothing_changed_nothing_rendered(cli, built_once):
    assert rebuilt(cli, built_once) == set()


def test_a_changed_source_rebuilds_itself_and_what_links_to_it(cli, built_once):
    source = built_once / "sources" / "linkoping-kvinnojouren-2020.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("amount: 1345500", "amount: 1345600"), encoding="utf-8")
    assert rebuilt(cli, built_once) == {"sources/linkoping-kvinnojouren-2020.yaml", "sources/linkoping-kvinnojouren-2025.yaml"}


def test_a_changed_template_rebuilds_everything(cli, built_once):
    css = built_once / "templates" / "style.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    assert len(rebuilt(cli, built_once)) == 3


def test_a_changed_config_rebuilds_everything(cli, built_once):
    (built_once / "iopdoc.toml").write_text('[look]\naccent = "#0b5394"\n', encoding="utf-8")
    assert len(rebuilt(cli, built_once)) == 3


def test_changed_iopdoc_code_rebuilds_everything(cli, built_once, monkeypatch):
    real = cache_module.tree_digest
    monkeypatch.setattr(cache_module, "tree_digest", lambda folder: real(folder) + ("-new" if folder.name == "iopdoc" else ""))
    cache_module.code_digest.cache_clear()
    try:
        assert len(rebuilt(cli, built_once)) == 3
    finally:
        cache_module.code_digest.cache_clear()


def test_an_output_changed_on_disk_is_rendered_again(cli, built_once):
    (built_once / "out" / "osteraker-kvinnojouren-2023-memo.pdf").write_bytes(b"not the PDF we wrote")
    assert rebuilt(cli, built_once) == {"sources/osteraker-kvinnojouren-2023-memo.yaml"}
    assert (built_once / "out" / "osteraker-kvinnojouren-2023-memo.pdf").read_bytes().startswith(b"%PDF")


def test_check_serves_unchanged_sources_from_the_cache_and_never_stale(project):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    first = check_sources(Project(project), [source])
    entries = list((project / "build" / ".cache" / "check").glob("*.json"))
    assert len(entries) == 1
    # Plant a marker in the cached entry: a second check that shows it was served from the cache.
    entry = json.loads(entries[0].read_text(encoding="utf-8"))
    entry["diagnostics"][0]["message_sv"] = "FROM THE CACHE"
    entries[0].write_text(json.dumps(entry), encoding="utf-8")
    assert check_sources(Project(project), [source])[0].sv == "FROM THE CACHE"
    # Its predecessor changes: the entry no longer applies.
    older = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    older.write_text(older.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-12-30"), encoding="utf-8")
    again = check_sources(Project(project), [source])
    assert all(d.sv != "FROM THE CACHE" for d in again)
    assert "IOP107" in {d.code for d in again} and len(again) == len(first) + 1


def test_check_does_not_import_weasyprint(project):
    code = ("import sys; from iopdoc.cli import run; run(['check', '--no-cache', 'sources']);"
            "print('weasyprint' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code.replace("'sources'", "'sources/linkoping-kvinnojouren-2025.yaml'")],
                          cwd=project, capture_output=True, text=True)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_exception_while_building_comes_back_as_a_diagnostic_in_order(project, monkeypatch, jobs, tmp_path):
    from iopdoc.pipeline import batch

    real = batch.build_source

    def failing(project_, source, *args, **kwargs):
        if "2020" in source.name:
            raise RuntimeError("layout exploded")
        return real(project_, source, *args, **kwargs)

    monkeypatch.setattr(batch, "build_source", failing)  # the workers are forked: they see it too
    sources = sorted((project / "sources").glob("*.yaml"))
    results = list(batch.build_sources(Project(project), sources, tmp_path, ("html",), "accessible", jobs,
                                       use_cache=False))
    assert [r.source for r in results] == sources
    assert [r.failed for r in results] == [True, False, False]
    assert results[0].diagnostics[0].code == "IOP099"
    assert "RuntimeError: layout exploded" in results[0].diagnostics[0].format("en")


def test_an_output_that_cannot_be_written_is_a_diagnostic_not_a_traceback(cli, project):
    (project / "out").write_text("a file where the output folder should be", encoding="utf-8")
    result = cli("build", "-j", "2", "--no-cache", "--format", "html", "--out", project / "out" / "site", cwd=project)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.count("IOP090") + result.err.count("IOP099") == 3, result.err


def test_changed_library_versions_rebuild_everything(cli, built_once, monkeypatch):
    monkeypatch.setattr(cache_module, "library_versions", lambda: ("tinycss2=99.0",))
    cache_module.code_digest.cache_clear()
    try:
        assert len(rebuilt(cli, built_once)) == 3
    finally:
        cache_module.code_digest.cache_clear()


def test_library_versions_follow_the_requirements_through():
    names = {entry.split("=")[0] for entry in cache_module.library_versions()}
    assert {"python", "weasyprint", "tinycss2", "cssselect2", "fonttools", "pydyf", "jinja2", "ruamel-yaml"} <= names


def test_source_date_epoch_rebuilds_the_pdfs(cli, built_once, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert len(rebuilt(cli, built_once)) == 3


def test_check_findings_are_not_served_to_another_working_folder_or_set_of_sources(project, monkeypatch):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    monkeypatch.chdir(project)
    assert check_sources(Project(project), [source])[0].location.file.startswith("sources/")
    monkeypatch.chdir(project / "sources")  # diagnostics name files relative to where iopdoc runs
    assert check_sources(Project(project), [source])[0].location.file.startswith("linkoping-")
    entries = lambda: len(list((project / "build" / ".cache" / "check").glob("*.json")))
    before = entries()
    (project / "sources" / "another-2031.yaml").write_text("kind: agreement\n", encoding="utf-8")
    check_sources(Project(project), [source])  # checks look up the ids the project has (memo attachments)
    assert entries() == before + 1


def test_a_commit_rebuilds_only_the_sources_whose_recorded_commit_changed(cli, project):
    """The manifest records the commit that last changed a source; the cache key follows exactly that."""
    import pikepdf

    def git(*args):
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"})

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "first")
    assert cli("build", "-j", "1", "--out", project / "out", cwd=project).code == 0
    (project / "notes.txt").write_text("unrelated\n", encoding="utf-8")
    git("add", "notes.txt")
    git("commit", "-qm", "an unrelated file")
    assert rebuilt(cli, project) == set()
    memo = project / "sources" / "osteraker-kvinnojouren-2023-memo.yaml"
    memo.write_text(memo.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    assert rebuilt(cli, project) == {"sources/osteraker-kvinnojouren-2023-memo.yaml"}  # dirty now
    git("commit", "-qam", "the memo")
    assert rebuilt(cli, project) == {"sources/osteraker-kvinnojouren-2023-memo.yaml"}  # committed now
    with pikepdf.open(project / "out" / "osteraker-kvinnojouren-2023-memo.pdf") as pdf:
        manifest = json.loads(pdf.attachments["iopdoc-manifest.json"].get_file().read_bytes())
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=project, capture_output=True, text=True).stdout.strip()
    assert manifest["git_commit"] == head
