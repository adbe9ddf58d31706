"""Personal API tokens as text: made, recognised and hashed. Plain Python, no Django.

A token is ``vm_`` and 43 URL-safe characters (32 random bytes, 256 bits). Only its SHA-256 is
stored: a token has far more entropy than a password, so a fast hash gives nothing away and lets
the server find a token by its hash in one indexed look-up (as GitHub and PyPI do with theirs).
The first characters are kept in clear so that its owner can tell their tokens apart.
"""

import hashlib
import re
import secrets

PREFIX = "vm_"
RANDOM_BYTES = 32
SHOWN_LENGTH = len(PREFIX) + 6  # "vm_" and the first 6 random characters, kept in clear
_SHAPE = re.compile(rf"^{PREFIX}[A-Za-z0-9_-]{{43}}$")


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(RANDOM_BYTES)


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def well_formed(text: str) -> bool:
    """True when ``text`` has a token's shape (checked before any database look-up)."""
    return bool(_SHAPE.match(text))


def shown_part(secret: str) -> str:
    return secret[:SHOWN_LENGTH]
