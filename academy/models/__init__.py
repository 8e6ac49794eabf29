"""All models, importable from one place: `from academy.models import Driver`."""

from academy.models.audit import AuditEvent
from academy.models.coaching import SCORE_MAX, SCORE_MIN, CoachingSession, Competency, Grade
from academy.models.dossiers import Dossier
from academy.models.drivers import Cohort, Driver, DriverPhoto, Licence, MedicalCertificate
from academy.models.endorsements import Endorsement
from academy.models.licensing import ApplicationTransition, LicenceApplication
from academy.models.pathway import PathwayStanding
from academy.models.racing import (
    Circuit,
    Event,
    ImportBatch,
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
    "CoachingSession",
    "Cohort",
    "Competency",
    "Dossier",
    "Driver",
    "DriverPhoto",
    "Endorsement",
    "Event",
    "Grade",
    "ImportBatch",
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
