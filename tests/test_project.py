"""The project layer: each source resolved once (links, prose), read again only after invalidate()."""
from __future__ import annotations

import collections
import threading
import urllib.request
from pathlib import Path

import pytest

from iopdoc.prose import markup
from iopdoc import model
from iopdoc.pipeline.build import build_source
from iopdoc.model.fields import fields_of, prose_keys
from iopdoc.resolve.project import Project
from tests.conftest import REPO

SOURCES = ["linkoping-kvinnojouren-2025", "osteraker-kvinnojouren-2023-memo"]


def prose_expressions(node) -> collections.Counter:
    """Every `{{ expression }}` written in a document's prose fields, counted."""
    found: collections.Counter = collections.Counter()
    if isinstance(node, tuple):
        for item in node:
            found += prose_expressions(item)
    elif isinstance(node, collections.abc.Mapping):
        for item in node.values():
            found += prose_expressions(item)
    elif isinstance(node, model.Node):
        for info in fields_of(type(node)):
            value = getattr(node, info.name)
            if info.prose and value is not None:
                for _key, text in prose_keys(info, value):
                    found.update(expression.strip() for expression in markup.EXPRESSION.findall(text))
            else:
                found += prose_expressions(value)
    return found


@pytest.fixture
def counted(monkeypatch):
    """Count each evaluation of each prose expression (markup.compiled is the one place they run; a
    module that imported it by name is patched too, whenever it was first imported)."""
    from iopdoc.prose import published

    calls: collections.Counter = collections.Counter()
    original = markup.compiled

    def counting(expression: str):
        function = original(expression)

        def evaluate(**context):
            calls[expression] += 1
            return function(**context)
        return evaluate

    monkeypatch.setattr(markup, "compiled", counting)
    monkeypatch.setattr(published, "compiled", counting)
    return calls


@pytest.mark.parametrize("name", SOURCES)
def test_one_build_evaluates_each_prose_expression_once(project, tmp_path, counted, name):
    """A site build (check, HTML, the site's page, PDF) used to evaluate every expression three times;
    now each expression the document writes is evaluated once, however often it is written."""
    source = project / "sources" / f"{name}.yaml"
    written = prose_expressions(Project(project).load(source))
    assert sum(written.values()) > 5, "the source must have prose expressions to count"
    assert sum(written.values()) > len(written), "the source must write some expression more than once"
    result = build_source(Project(project), source, tmp_path / "out", formats=("html", "pdf"), site=True)
    assert not result.failed, result.diagnostics
    assert counted == collections.Counter(set(written))


def test_a_check_and_a_build_in_one_project_evaluate_once(project, tmp_path, counted):
    from iopdoc.pipeline.checking import check_source

    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    shared = Project(project)
    check_source(shared, source)
    build_source(shared, source, tmp_path / "out", formats=("html",))
    assert counted == collections.Counter(set(prose_expressions(shared.load(source))))


def test_a_project_reads_a_source_once_until_invalidated(project):
    source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    shared = Project(project)
    first = shared.resolve(source)
    assert shared.resolve(source) is first
    source.write_text(source.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-06-30"), encoding="utf-8")
    assert shared.resolve(source) is first  # until told
    shared.invalidate()
    assert str(shared.resolve(source).document.period.end) == "2024-06-30"


def test_invalidation_reaches_linked_documents_settings_and_listings(project):
    successor = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    predecessor = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    shared = Project(project)
    assert str(shared.resolve(successor).linked["supersedes"].period.end) == "2024-12-31"
    assert "extra" not in shared.known_ids(successor)
    predecessor.write_text(predecessor.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-06-30"),
                           encoding="utf-8")
    (project / "sources" / "extra.yaml").write_text("kind: memo\n", encoding="utf-8")
    (project / "iopdoc.toml").write_text('[profile]\nagreement = ["background"]\n', encoding="utf-8")
    shared.invalidate()
    resolved = shared.resolve(successor)
    assert str(resolved.linked["supersedes"].period.end) == "2024-06-30"
    assert resolved.linked_paths["supersedes"] == predecessor
    assert "extra" in shared.known_ids(successor)
    assert shared.config.required_sections["agreement"] == ("background",)


def test_the_resolved_document_carries_its_evaluated_prose(project):
    source = project / "sources" / "linkoping-kvinnojouren-2025.yaml"
    resolved = Project(project).resolve(source)
    written = " ".join(section.body for section in resolved.document.sections)
    shown = " ".join(section.body for section in resolved.evaluated.sections)
    assert "{{ supersedes.period.end | long_date }}" in written
    assert "{{" not in shown and "31 december 2024" in shown
    assert resolved.problems == ()


def test_a_link_to_a_source_that_does_not_load_is_a_problem_of_the_link(project):
    predecessor = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
    predecessor.write_text(predecessor.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-13-31"),
                           encoding="utf-8")
    resolved = Project(project).resolve(project / "sources" / "linkoping-kvinnojouren-2025.yaml")
    assert [d.code for d in resolved.link_problems] == ["IOP013"]
    assert "supersedes" not in resolved.linked


def test_serve_uses_one_project_and_shows_a_change_at_once(project):
    """No Project per request: the server's one Project is invalidated when a file changes, and a
    request looks for changes itself before it renders, so it never shows a file as it was."""
    import socket

    from iopdoc.pipeline import serve as serve_module

    made = []
    original_init = Project.__init__

    def counting_init(self, *args, **kwargs):
        made.append(args)
        original_init(self, *args, **kwargs)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ready = threading.Event()
    shared = Project(project)
    Project.__init__ = counting_init
    try:
        threading.Thread(target=serve_module.serve, args=(shared, port), kwargs={"ready": ready}, daemon=True).start()
        assert ready.wait(10)
        url = f"http://127.0.0.1:{port}/doc/linkoping-kvinnojouren-2020"
        page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        assert "2024-12-31" in page and "2024-06-30" not in page
        source = project / "sources" / "linkoping-kvinnojouren-2020.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("end: 2024-12-31", "end: 2024-06-30"), encoding="utf-8")
        page = urllib.request.urlopen(url, timeout=10).read().decode("utf-8")
        assert "2024-06-30" in page
    finally:
        Project.__init__ = original_init
    assert made == [], "serve made a new Project for a request"
