"""Every lasting write in responsibility goes through one of these functions.

Keyword arguments, the acting user passed in, one transaction, the history
entry written in that same transaction; PDFs are rendered outside it.
"""

from responsibility.services.archives import archive_generate, archive_handover
from responsibility.services.leads import (
    lead_appoint,
    lead_change,
    lead_commitment_file,
    lead_correct,
    lead_warnings,
)
from responsibility.services.plaques import plaque_install, plaque_issue, plaque_pdf, plaque_svg

__all__ = [
    "archive_generate",
    "archive_handover",
    "lead_appoint",
    "lead_change",
    "lead_commitment_file",
    "lead_correct",
    "lead_warnings",
    "plaque_install",
    "plaque_issue",
    "plaque_pdf",
    "plaque_svg",
]
