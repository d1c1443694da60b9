"""Every lasting write in materials goes through one of these functions.

Keyword arguments, the acting user, one transaction, history in the same
transaction; notifications (in-app, e-mail on commit) through projects.services.
"""

from materials.services.batches import batch_accept, batch_register, clean_batch
from materials.services.recalls import nonconformance_close, recall_open
from materials.services.samples import report_record, sample_record, witness_authorize, witness_revoke
from materials.services.usages import usage_record, usage_withdraw, used_quantity

__all__ = [
    "batch_accept",
    "batch_register",
    "clean_batch",
    "nonconformance_close",
    "recall_open",
    "report_record",
    "sample_record",
    "usage_record",
    "usage_withdraw",
    "used_quantity",
    "witness_authorize",
    "witness_revoke",
]
