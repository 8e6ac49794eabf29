"""All models, importable from one place: `from academy.models import Driver`."""

from academy.models.audit import AuditEvent
from academy.models.coaching import SCORE_MAX, SCORE_MIN, CoachingSession, Competency, Grade
from academy.models.dossiers import Dossier
from academy.models.drivers import Cohort, Driver, DriverPhoto, Licence, MedicalCertificate
from academy.models.licensing import ApplicationTransition, LicenceApplication
from academy.models.pathway import PathwayStanding
from academy.models.racing import (
    Circuit,
    CircuitLocation,
    ClassDefinition,
    Event,
    ImportBatch,
    Lap,
    RaceEntry,
    Result,
    Season,
    Series,
)
from academy.models.rules import RuleSetRecord
from academy.models.users import User

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "ApplicationTransition",
    "AuditEvent",
    "Circuit",
    "CircuitLocation",
    "ClassDefinition",
    "CoachingSession",
    "Cohort",
    "Competency",
    "Dossier",
    "Driver",
    "DriverPhoto",
    "Event",
    "Grade",
    "ImportBatch",
    "Lap",
    "Licence",
    "LicenceApplication",
    "MedicalCertificate",
    "PathwayStanding",
    "RaceEntry",
    "Result",
    "RuleSetRecord",
    "Season",
    "Series",
    "User",
]
