"""Lifetime responsibility records: leads with tenure, the permanent plaque, the archive."""

from responsibility.models.archives import ResponsibilityArchive
from responsibility.models.defects import (
    AccountabilityCase,
    CaseDefect,
    CaseFinding,
    CaseMeasure,
    CaseSubject,
    Defect,
    DefectPhoto,
)
from responsibility.models.leads import REQUIRED_REGISTRATION, ROLE_REGISTRATION_KINDS, Lead
from responsibility.models.plaques import Plaque, PlaqueEntry, PlaqueInstallation

__all__ = [
    "REQUIRED_REGISTRATION",
    "ROLE_REGISTRATION_KINDS",
    "AccountabilityCase",
    "CaseDefect",
    "CaseFinding",
    "CaseMeasure",
    "CaseSubject",
    "Defect",
    "DefectPhoto",
    "Lead",
    "Plaque",
    "PlaqueEntry",
    "PlaqueInstallation",
    "ResponsibilityArchive",
]
