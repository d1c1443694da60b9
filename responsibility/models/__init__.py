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
    "AccountabilityCase",
    "CaseDefect",
    "CaseFinding",
    "CaseMeasure",
    "CaseSubject",
    "Defect",
    "DefectPhoto",
    "REQUIRED_REGISTRATION",
    "ROLE_REGISTRATION_KINDS",
    "Lead",
    "Plaque",
    "PlaqueEntry",
    "PlaqueInstallation",
    "ResponsibilityArchive",
]
