"""Helpers for the security tests: a scratch project with the Makefile, make run against the real venv."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO

VENV = REPO / ".venv"


@pytest.fixture
def make_project(project) -> Path:
    """The scratch project with the repository's Makefile, using the repository's virtual environment."""
    shutil.copy(REPO / "Makefile", project / "Makefile")
    return project


def run_make(folder: Path, *targets: str, timeout: int = 600) -> subprocess.CompletedProcess:
    # -o: the environment is the repository's, already installed; never rebuilt from the scratch copy
    return subprocess.run(["make", f"VENV={VENV}", "-o", f"{VENV}/.installed", *targets], cwd=folder,
                          capture_output=True, text=True, timeout=timeout)
