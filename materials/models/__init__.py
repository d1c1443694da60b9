"""Materials: the catalogue, batches, samples, reports, usages, non-conformances, recalls, imports."""

from materials.models.batches import Batch, BatchStatus, Unit
from materials.models.catalogue import MaterialCategory, MaterialType
from materials.models.imports import ImportJob
from materials.models.recalls import NonConformance, Recall, RecallBatch
from materials.models.samples import Sample, TestReport, WitnessAuthorization
from materials.models.usages import Usage

__all__ = [
    "Batch",
    "BatchStatus",
    "ImportJob",
    "MaterialCategory",
    "MaterialType",
    "NonConformance",
    "Recall",
    "RecallBatch",
    "Sample",
    "TestReport",
    "Unit",
    "Usage",
    "WitnessAuthorization",
]
