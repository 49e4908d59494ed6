"""Install the system tools the tests use, when they are missing (`make test` runs this).

poppler-utils gives `pdftotext`, which the shared fidelity tool prefers for
reading PDFs. Installing needs root and Debian's apt; where that is not
possible the message says what to install, and the tests that need the tool
fail with the same message rather than skip.
"""
import os
import shutil
import subprocess
import sys

PACKAGES = {"pdftotext": "poppler-utils"}


def main() -> int:
    missing = sorted({package for tool, package in PACKAGES.items() if shutil.which(tool) is None})
    if not missing:
        return 0
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"iopdoc tests need: {' '.join(missing)} (Debian packages). Install them, e.g. "
              f"`sudo apt-get install {' '.join(missing)}`.", file=sys.stderr)
        return 1
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
