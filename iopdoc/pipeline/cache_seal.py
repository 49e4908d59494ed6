"""A seal on every cache entry, so an entry can only make work faster, never change a result.

Anyone who can write `build/.cache` (a CI cache shared between branches, a downloaded build
folder) could otherwise write a well-shaped entry: a links entry that shortens a key, or a check
entry with `"diagnostics": []`. Each entry is therefore written with an HMAC-SHA256 over its
canonical JSON, keyed by a secret that is never inside `build/`:

- `IOPDOC_CACHE_SECRET` when set (a CI that wants its cache reused sets it from its secrets);
- else a random secret kept in the checkout's git folder (`.git/iopdoc-cache-secret`), which no
  CI cache or copied build folder carries;
- else (no git) one per folder in the user's cache folder (`$XDG_CACHE_HOME/iopdoc/secrets/`).

An entry whose seal does not match is a miss (with IOP092), and is overwritten by the next result.

The personal-data findings a re-check serves from `build/.cache/personal` (pipeline/checking.py) are
sealed with the checkout's own secret only (`shared=False`): `IOPDOC_CACHE_SECRET` is shared by every
branch of a CI, so an entry sealed with it could say that a source with a personnummer has none.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import json
import os
import secrets
from pathlib import Path

SEAL_KEY = "seal"
SECRET_NAME = "iopdoc-cache-secret"


def git_folder(start: Path) -> Path | None:
    """The git folder of the checkout holding `start` (a worktree's own, under the main repository's
    `.git/worktrees/`), or None."""
    for folder in [start, *start.parents]:
        candidate = folder / ".git"
        if candidate.is_symlink():
            continue
        if candidate.is_dir():
            return candidate
        if candidate.is_file():  # a worktree or submodule: `gitdir: <its folder in the main repository>`
            try:
                line = candidate.read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError):
                return None
            if line.startswith("gitdir:"):
                linked = (folder / line[len("gitdir:"):].strip()).resolve()
                return linked if linked.is_dir() else None
    return None


def read_or_make_secret(path: Path) -> bytes:
    """The secret in `path`, made (0600, never through a link) when missing."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as stream:
            secret = stream.read(256)
        if len(secret) >= 32:
            return secret
    except OSError:
        pass
    secret = secrets.token_hex(32).encode("ascii")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(secret)
        os.replace(temporary, path)
    except OSError:
        pass  # a secret that cannot be kept: this run's entries are still sealed, just not reused
    return secret


@functools.lru_cache(maxsize=None)
def secret_for(folder: Path, shared: bool = True) -> bytes:
    """The secret that seals the entries under `folder` (see the module's docstring); without `shared`,
    never the one given in IOPDOC_CACHE_SECRET."""
    given = os.environ.get("IOPDOC_CACHE_SECRET")
    if given and shared:
        return given.encode("utf-8")
    folder = folder.resolve()
    git = git_folder(folder)
    if git is not None:
        return read_or_make_secret(git / SECRET_NAME)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "iopdoc" / "secrets"
    return read_or_make_secret(base / hashlib.sha256(str(folder).encode()).hexdigest())


def canonical_json(entry: dict) -> bytes:
    return json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_of(entry: dict, folder: Path, shared: bool = True) -> str:
    return hmac.new(secret_for(folder, shared), canonical_json(entry), hashlib.sha256).hexdigest()


def sealed(entry: dict, folder: Path, shared: bool = True) -> dict:
    """`entry` with its seal added."""
    return {**entry, SEAL_KEY: seal_of(entry, folder, shared)}


def unsealed(entry: object, folder: Path, shared: bool = True) -> dict | None:
    """`entry` without its seal when the seal matches, else None."""
    if not isinstance(entry, dict) or not isinstance(entry.get(SEAL_KEY), str):
        return None
    body = {key: value for key, value in entry.items() if key != SEAL_KEY}
    return body if hmac.compare_digest(entry[SEAL_KEY], seal_of(body, folder, shared)) else None


# An entry as iopdoc writes it: `{"seal":"<64 hex digits>",` followed by the rest of the entry's
# canonical JSON, so the sealed bytes are the file's own and reading it needs no second JSON dump.
SEALED_PREFIX = b'{"' + SEAL_KEY.encode() + b'":"'
SEAL_END = len(SEALED_PREFIX) + 64


def sealed_bytes(entry: dict, folder: Path, shared: bool = True) -> bytes:
    """`entry` (a non-empty mapping without a seal) as the bytes of a sealed entry's file."""
    body = canonical_json(entry)
    seal = hmac.new(secret_for(folder, shared), body, hashlib.sha256).hexdigest().encode("ascii")
    return SEALED_PREFIX + seal + b'",' + body[1:]


def unsealed_bytes(data: bytes, folder: Path, shared: bool = True) -> dict | None:
    """The entry a file's bytes hold when its seal matches, else None; raises ValueError when the
    bytes are not JSON. The seal covers the very bytes that are then read; an entry in any other
    layout (sealed by `sealed`, written by hand) is read and its canonical form checked."""
    if data.startswith(SEALED_PREFIX) and data[SEAL_END:SEAL_END + 2] == b'",':
        body = b"{" + data[SEAL_END + 2:]
        expected = hmac.new(secret_for(folder, shared), body, hashlib.sha256).hexdigest().encode("ascii")
        if hmac.compare_digest(data[len(SEALED_PREFIX):SEAL_END], expected):
            entry = json.loads(body)
            return entry if isinstance(entry, dict) and SEAL_KEY not in entry else None
    return unsealed(json.loads(data), folder, shared)
