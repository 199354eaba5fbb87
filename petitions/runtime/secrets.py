"""The key of the petitioner hash (contract §8): never built into the code.

``PETITIONS_HMAC_SECRET`` when set; otherwise a random key created once in ``data/petitioner.key``
(``PETITIONS_HMAC_KEY_FILE``), owner-only, and reused by every later run so keys stay comparable.
A set but empty secret is a mistake, not a request for a default.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULT_KEY_FILE = "data/petitioner.key"


class SecretError(ValueError):
    """The petitioner-hash key cannot be used; the message says what to change."""


def key_file() -> Path:
    return Path(os.environ.get("PETITIONS_HMAC_KEY_FILE") or DEFAULT_KEY_FILE)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first: use theirs
    with os.fdopen(fd, "w") as fh:
        fh.write(secrets.token_hex(32))


def hmac_secret() -> str:
    """The secret itself; called where the hash is computed, so it never enters Dagster's storage."""
    if "PETITIONS_HMAC_SECRET" in os.environ:
        value = os.environ["PETITIONS_HMAC_SECRET"]
        if not value.strip():
            raise SecretError("PETITIONS_HMAC_SECRET is set but empty: set a secret, or unset it to use "
                              f"the key file {key_file()}")
        return value
    path = key_file()
    try:
        if not path.exists():
            _create(path)
        path.chmod(0o600)
        value = path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise SecretError(f"petitioner key file {path} cannot be used: {exc.strerror}") from exc
    if not value:
        raise SecretError(f"petitioner key file {path} is empty: delete it to have a new key made")
    return value
