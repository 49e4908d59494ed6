"""pdf.import_weasyprint: the fast import leaves ctypes.util as it found it."""
from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import ctypes.util, sys
original = ctypes.util.find_library
from iopdoc.writers.pdf import import_weasyprint
weasyprint = import_weasyprint()
assert "weasyprint" in sys.modules and weasyprint.HTML
assert ctypes.util.find_library is original, "ctypes.util.find_library was left replaced"
assert ctypes.util.find_library("c") is not None, "find_library no longer finds libraries"
print("ok")
"""


def test_find_library_is_restored_right_after_the_import():
    done = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
