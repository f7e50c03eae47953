"""The commitment ledger (告知承诺台账): the loop from letter to verification to credit record.

    from gaozhi_cli.ledger import Ledger
    with Ledger.open(settings) as ledger:            # [ledger] path or url in gaozhi.toml
        ledger.record("2025-15", EventInput.model_validate({"事件": "送达", "日期": "2025-03-17"}))

db: one SQL layer for SQLite and PostgreSQL; schema: tables and migrations; secret: the key
that hashes ID numbers; model: events, case numbers, what a letter leaves; store: the ledger
itself (numbering, letters, cases, events, the credit loop).
"""

from gaozhi_cli.ledger.db import LedgerError
from gaozhi_cli.ledger.model import EventInput, LetterEntry
from gaozhi_cli.ledger.store import Case, Ledger

__all__ = ["Case", "EventInput", "Ledger", "LedgerError", "LetterEntry"]
