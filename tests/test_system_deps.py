"""The system-package step of make: one line when it installs, saying why, for every group it knows."""
from __future__ import annotations

import importlib.util

from tests.conftest import REPO


def load_tool():
    spec = importlib.util.spec_from_file_location("install_system_deps", REPO / "tools" / "install_system_deps.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_group_says_why_it_installs(monkeypatch, capsys):
    tool = load_tool()
    calls = []
    monkeypatch.setattr(tool.os, "geteuid", lambda: 0)
    monkeypatch.setattr(tool.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    monkeypatch.setattr(tool.subprocess, "run", lambda args, **kw: calls.append(args))
    for group, packages in tool.GROUPS.items():
        monkeypatch.setitem(tool.GROUPS, group, {name: (lambda: False) for name in packages})
        assert tool.main(group) == 0
        said = capsys.readouterr().err.splitlines()
        assert len(said) == 1 and said[0].startswith("installing ") and "(for " in said[0], (group, said)
    assert calls and all(args[0] == "apt-get" for args in calls)
