"""Encryption at rest for personal identifiers (ID numbers).

The value is stored encrypted (Fernet: AES-128-CBC + HMAC) and, for unique
lookups, as a keyed digest (HMAC-SHA256) that cannot be reversed without the
key. Both keys derive from settings.PII_ENCRYPTION_KEY; keep that key out of
the database backups it protects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


@cache
def _keys(secret: str) -> tuple[Fernet, bytes]:
    enc = hashlib.sha256(b"registry-pii-encrypt:" + secret.encode()).digest()
    mac = hashlib.sha256(b"registry-pii-digest:" + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(enc)), mac


def encrypt(value: str) -> str:
    fernet, _ = _keys(settings.PII_ENCRYPTION_KEY)
    return fernet.encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    fernet, _ = _keys(settings.PII_ENCRYPTION_KEY)
    return fernet.decrypt(token.encode()).decode()


def digest(value: str) -> str:
    _, mac = _keys(settings.PII_ENCRYPTION_KEY)
    return hmac.new(mac, value.encode(), hashlib.sha256).hexdigest()
