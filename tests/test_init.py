"""A municipality starts its own repository: the templates ship in the wheel, `iopdoc init` writes the rest."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from iopdoc.assets import DEFAULTS_DIR, asset_files, find_asset
from iopdoc.source.config import KNOWN, TYPE_KEYS, load_config
from iopdoc.resolve.project import find_project
from iopdoc.pipeline.starter import LAYOUT
from tests.conftest import REPO, pdf_text


# What a make running this test (`make test`) tells the makes it starts: an officer's `make` in a
# terminal has none of it (with MAKELEVEL set, make prints "Entering directory" around its output).
PARENT_MAKE = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")


def run(*args, cwd: Path, env: dict | None = None, timeout: int = 900) -> subprocess.CompletedProcess:
    shell = {name: value for name, value in os.environ.items() if name not in PARENT_MAKE}
    result = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
                            env={**shell, **(env or {})})
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--disable-pip-version-check", "-w", out, REPO,
        cwd=out)
    (built,) = out.glob("iopdoc-*.whl")
    return built


def test_the_wheel_carries_every_default_template_as_a_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"iopdoc/templates/{name}" for name in asset_files(REPO / "templates")}
    assert expected <= names, sorted(expected - names)
    assert {"iopdoc/templates/fonts/LiberationSans-Regular.ttf", "iopdoc/templates/new/agreement.yaml",
            "iopdoc/templates/init/Makefile"} <= names


IDENTITY = {"GIT_AUTHOR_NAME": "Handläggare Test", "GIT_AUTHOR_EMAIL": "handlaggare@example.org",
            "GIT_COMMITTER_NAME": "Handläggare Test", "GIT_COMMITTER_EMAIL": "handlaggare@example.org"}


def test_init_new_make_and_diff_from_the_wheel_in_a_fresh_venv(wheel, tmp_path):
    """The walk of a municipality's IT: the wheel from `make dist` in dist/, installed in a fresh
    venv, `iopdoc init --package dist/<wheel>` (copied into wheels/), `make new`, `make`, a change
    on a branch and `make diff BASE=main`."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin" / "pip", "install", "--quiet", "--disable-pip-version-check", wheel, cwd=tmp_path)
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / wheel.name).write_bytes(wheel.read_bytes())
    repository = tmp_path / "iop-avtal"
    started = run(venv / "bin" / "iopdoc", "init", "iop-avtal", "--package", f"dist/{wheel.name}", cwd=tmp_path,
                  env=IDENTITY)
    assert "skrev" in started.stdout and "nästa steg" in started.stdout
    assert not (repository / "templates" / "style.css").exists(), "defaults come from the package, not copies"
    requirement = (repository / "requirements.txt").read_text(encoding="utf-8").splitlines()[-1]
    assert requirement == f"./wheels/{wheel.name}", "a relative path: colleagues and CI install the same wheel"
    assert (repository / "wheels" / wheel.name).read_bytes() == wheel.read_bytes()
    assert f"hjulet `wheels/{wheel.name}` i arkivet" in (repository / "README.md").read_text(encoding="utf-8")
    assert run("git", "symbolic-ref", "--short", "HEAD", cwd=repository).stdout.strip() == "main"
    assert run("git", "log", "--format=%s", cwd=repository).stdout.strip() == "Ny IOP-samling"
    committed = run("git", "ls-files", cwd=repository).stdout.split()
    assert f"wheels/{wheel.name}" in committed and "docs/format.md" in committed and "Makefile" in committed
    assert run("git", "status", "--porcelain", cwd=repository).stdout == "", "everything written is committed"

    run("make", "new", "ID=kommunen-foreningen-2027", cwd=repository, env={"PATH": os.environ["PATH"]})
    # `make` as the README tells an officer: it installs iopdoc from requirements.txt into .venv.
    made = run("make", cwd=repository, env={"PATH": os.environ["PATH"]})
    assert "byggd: sources/kommunen-foreningen-2027.yaml" in made.stdout
    assert made.stdout.splitlines()[-1].startswith("1 byggd, 1 med fel eller varningar: se ovan"), made.stdout
    assert (repository / ".venv" / "bin" / "iopdoc").exists()
    pdf = repository / "build" / "kommunen-foreningen-2027.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Idéburet offentligt partnerskap" in text and "UTKAST" in text
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True).stdout
    assert "Liberation-Sans" in fonts, "the shipped font is found although the repository has no fonts/"
    assert run("make", "-q", cwd=repository, env={"PATH": os.environ["PATH"]}).returncode == 0

    # The first pull request: a branch with the new agreement, compared with main.
    run("git", "checkout", "--quiet", "-b", "ny-overenskommelse", cwd=repository)
    run("git", "add", "sources", cwd=repository)
    run("git", "commit", "--quiet", "-m", "Ny överenskommelse", cwd=repository, env=IDENTITY)
    diff = run("make", "diff", "BASE=main", cwd=repository, env={"PATH": os.environ["PATH"]})
    assert "kommunen-foreningen-2027" in diff.stdout and "IOP041" not in diff.stdout + diff.stderr


def test_init_writes_every_file_and_a_project_that_iopdoc_finds(cli, tmp_path):
    result = cli("init", tmp_path / "repo")
    assert result.code == 0, result.err
    root = tmp_path / "repo"
    for name in LAYOUT:
        assert (root / name).is_file(), name
    assert find_project(root / "sources").root == root.resolve()
    assert (root / ".gitignore").read_text(encoding="utf-8").count("/build/") == 1
    workflow = YAML(typ="safe").load((root / ".github" / "workflows" / "agreements.yml").read_text(encoding="utf-8"))
    assert workflow["permissions"]["security-events"] == "write"
    assert "-r requirements.txt" in " ".join(step.get("run", "") for step in workflow["jobs"]["agreements"]["steps"])
    assert re.search(r"^iopdoc==\d", (root / "requirements.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert load_config(root).required_sections["agreement"][0] == "background"  # all commented out: the defaults


def test_every_setting_is_in_the_commented_iopdoc_toml():
    text = (DEFAULTS_DIR / "init" / "iopdoc.toml").read_text(encoding="utf-8")
    uncommented = re.sub(r"^# (?=\[|\w+ = )", "", text, flags=re.MULTILINE)
    assert tomllib.loads(text) == {}, "every setting is commented out: the defaults apply"
    settings = tomllib.loads(uncommented)
    types = settings.pop("types")
    expected = {table: set(keys) for table, keys in KNOWN.items() if table != "types"}
    assert {table: set(keys) for table, keys in settings.items()} == expected, \
        "a setting added to config.KNOWN must be described in templates/init/iopdoc.toml"
    assert all(set(keys) == TYPE_KEYS for keys in types.values()), "[types.NAME] shows every key of a type"


def test_init_overwrites_nothing(cli, tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    (root / "Makefile").write_text("all:\n\techo mine\n", encoding="utf-8")
    result = cli("init", root)
    assert result.code == 2  # a usage mistake, like `iopdoc new` on an existing id
    assert f"{root / 'Makefile'}: error[IOP074]: finns redan; iopdoc init skriver aldrig över något" in result.err
    assert sorted(p.name for p in root.iterdir()) == ["Makefile"], "nothing else is written"
    assert (root / "Makefile").read_text(encoding="utf-8") == "all:\n\techo mine\n"


def test_a_project_template_overrides_the_default_of_that_name_only(cli, tmp_path):
    root = tmp_path / "repo"
    assert cli("init", root).code == 0
    (root / "templates" / "print.css").write_text("@page { size: A5; }\n", encoding="utf-8")
    assert find_asset(root / "templates", "print.css") == root / "templates" / "print.css"
    assert find_asset(root / "templates", "style.css") == DEFAULTS_DIR / "style.css"
    assert cli("new", "x-2027", "--project", root).code == 0
    assert cli("build", root / "sources" / "x-2027.yaml", "--out", root / "build", "--project", root).code == 0
    import pypdf
    page = pypdf.PdfReader(root / "build" / "x-2027.pdf").pages[0]
    assert round(float(page.mediabox.width)) == 420, "A5 from the project's own print.css"
    html = (root / "build" / "x-2027.html").read_text(encoding="utf-8")
    assert "Liberation Sans" in html, "the default style.css still applies"
