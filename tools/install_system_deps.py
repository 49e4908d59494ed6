"""Install the Debian packages iopdoc needs besides Python packages, when they are missing.

    python3 tools/install_system_deps.py build   # what `make` wants (optional: warns if it cannot)
    python3 tools/install_system_deps.py test    # what `make test` needs (required)
    python3 tools/install_system_deps.py bench   # what `make bench` compares with (optional)

build: libharfbuzz-subset0, which WeasyPrint uses to subset fonts (without it
       WeasyPrint falls back to fontTools and warns that HarfBuzz-Subset will be
       required); installing it everywhere keeps PDFs the same on every machine.
test:  poppler-utils for `pdftotext`, which the tests and the fidelity
       measure (tests/tools/fidelity.py) use to read PDF text; chromium, in which axe-core checks the pages;
       a Java runtime for the Nu HTML Checker (vnu.jar); LibreOffice Writer (no GUI),
       which converts the DOCX outputs to PDF for the fidelity tests; LibreOffice Calc (no GUI),
       which opens the XLSX schedules as an economy office would (no cell shows `###`).
bench: pandoc, whose DOCX of the same HTML is the yardstick of the bench's DOCX row (without it
       the row is left out, and says so).
Installing needs root and apt-get (as on CI); otherwise the message says what
to install. Silent when everything is there; otherwise one line says what it installs and why.
"""
import ctypes.util
import os
import shutil
import subprocess
import sys

WHY = {"build": "for PDFs", "test": "for the tests", "bench": "for the bench's DOCX yardstick"}
GROUPS = {
    # package: how to tell it is there
    "build": {"libharfbuzz-subset0": lambda: ctypes.util.find_library("harfbuzz-subset") is not None},
    "test": {
        "poppler-utils": lambda: shutil.which("pdftotext") is not None,
        "chromium": lambda: os.path.exists("/usr/bin/chromium"),
        "default-jre-headless": lambda: shutil.which("java") is not None,
        "libreoffice-writer-nogui": lambda: shutil.which("soffice") is not None,
        "libreoffice-calc-nogui": lambda: os.path.exists("/usr/lib/libreoffice/program/libsclo.so"),
    },
    "bench": {"pandoc": lambda: shutil.which("pandoc") is not None},
}
REQUIRED = {"build": False, "test": True, "bench": False}


def main(group: str) -> int:
    missing = [package for package, present in GROUPS[group].items() if not present()]
    if not missing:
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"iopdoc ({group}) wants these Debian packages: {' '.join(missing)}. "
              f"Install them with `sudo apt-get install {' '.join(missing)}`.", file=sys.stderr)
        return 1 if REQUIRED[group] else 0
    print(f"installing {' '.join(missing)} with apt-get ({WHY[group]}; once)", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in GROUPS:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
