"""Inspections and their photos and signatures, covering records, rectification notices,
the regulators' roster and their random spot checks."""

from inspections.models.inspections import (
    ACCEPTANCE_LEVELS,
    CHILD_KIND,
    CoverRecord,
    DivisionCategory,
    Inspection,
    InspectionKind,
    KeyProcess,
    Photo,
    Result,
    Signature,
    SignerRole,
)
from inspections.models.rectifications import Rectification, RectificationReminder, RectificationReply
from inspections.models.spotchecks import RosterInspector, SpotCheck, SpotCheckDraw

__all__ = [
    "ACCEPTANCE_LEVELS",
    "CHILD_KIND",
    "CoverRecord",
    "DivisionCategory",
    "Inspection",
    "InspectionKind",
    "KeyProcess",
    "Photo",
    "Rectification",
    "RectificationReminder",
    "RectificationReply",
    "Result",
    "RosterInspector",
    "Signature",
    "SignerRole",
    "SpotCheck",
    "SpotCheckDraw",
]
