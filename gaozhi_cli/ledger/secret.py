"""The per-ledger secret, and the keyed hash that stands in for an ID number (个人信息保护法).

The ledger never holds an ID number in clear: it keeps the masked form (140502********1234),
for people to read, and HMAC-SHA256 of the number under this secret, to match an applicant
against earlier false commitments. The masked form leaves only the birth date unknown — a few
tens of thousands of guesses — so the hash is only as safe as the secret: it lives in its own
file beside the ledger (mode 0600), never in the database; a fingerprint in the database
tells a wrong key file from the right one.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from gaozhi_cli.config import Settings
from gaozhi_cli.files import display_path, os_reason
from gaozhi_cli.identity import mask_id_number, normalise_id
from gaozhi_cli.ledger.db import LedgerError

_CHECK = b"gaozhi ledger key check"


@dataclass(frozen=True)
class Secret:
    key: bytes
    file: str  # for messages

    def id_hash(self, id_number: str) -> str:
        return _id_hash(self.key, id_number)

    def data_hash(self, data: bytes) -> str:
        return hmac.digest(self.key, b"data\x00" + data, "sha256").hex()

    @property
    def fingerprint(self) -> str:
        return hmac.new(self.key, _CHECK, hashlib.sha256).hexdigest()[:16]


@lru_cache(maxsize=4096)  # a letter asks twice for its applicant's: checked, then registered
def _id_hash(key: bytes, id_number: str) -> str:
    return hmac.digest(key, normalise_id(id_number).encode(), "sha256").hex()


def masked_id(id_number: str) -> str:
    return mask_id_number(normalise_id(id_number))


def create_secret(path: Path) -> Secret:
    """A new random secret written to ``path`` (0600); an existing file is kept and read."""
    if path.exists():
        return read_secret(path)
    key = secrets.token_bytes(32)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as fh:
            fh.write(key.hex() + "\n")
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        raise LedgerError(f"无法写入台账密钥文件 {display_path(path)}：{os_reason(exc)}") from None
    return Secret(key, display_path(path))


def read_secret(path: Path) -> Secret:
    shown = display_path(path)
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except FileNotFoundError:
        raise LedgerError(
            f"找不到台账密钥文件 {shown}：证件号码的比对要用它。"
            "它应与台账一起保存（从建立台账的电脑复制，或在 gaozhi.toml 的 [ledger] secret 写明位置）"
        ) from None
    except OSError as exc:
        raise LedgerError(f"无法读取台账密钥文件 {shown}：{os_reason(exc)}") from None
    except ValueError:
        key = b""
    if len(key) < 16:
        raise LedgerError(f"台账密钥文件 {shown} 已损坏（应为一行十六进制字符）")
    return Secret(key, shown)


def key_file(settings: Settings) -> Path:
    """Where the ledger's key file is: ``[ledger] secret``, else beside the SQLite file
    (台账.db.key), else beside the config file for a PostgreSQL ledger."""
    config = settings.ledger
    if config.secret:
        return settings.resolve(config.secret)
    if config.path:
        path = settings.resolve(config.path)
        return path.with_name(path.name + ".key")
    return settings.base_dir / "gaozhi-ledger.key"
