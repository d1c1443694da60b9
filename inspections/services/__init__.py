"""Every lasting write in inspections goes through one of these functions.

Each takes keyword arguments and the acting user, checks the domain rule and
the user's right to make the change, writes in one transaction and records
the change in the history (common.history) in that same transaction.
"""

from inspections.services.inspections import cover_record, inspection_correct, inspection_record
from inspections.services.rectifications import (
    rectification_close,
    rectification_issue,
    rectification_reopen,
    rectification_reply,
    send_rectification_reminders,
)
from inspections.services.spotchecks import roster_add, spot_check_draw, spot_check_record

__all__ = [
    "cover_record",
    "inspection_correct",
    "inspection_record",
    "rectification_close",
    "rectification_issue",
    "rectification_reopen",
    "rectification_reply",
    "roster_add",
    "send_rectification_reminders",
    "spot_check_draw",
    "spot_check_record",
]
