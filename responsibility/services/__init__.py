"""Every lasting write in responsibility goes through one of these functions.

Keyword arguments, the acting user passed in, one transaction, the history
entry written in that same transaction; PDFs are rendered outside it.
"""

from responsibility.services.leads import (
    lead_appoint,
    lead_change,
    lead_commitment_file,
    lead_correct,
    lead_warnings,
)

__all__ = [
    "lead_appoint",
    "lead_change",
    "lead_commitment_file",
    "lead_correct",
    "lead_warnings",
]
