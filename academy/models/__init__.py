"""All models, importable from one place: `from academy.models import Driver`."""

from academy.models.audit import AuditEvent
from academy.models.calendar import CalendarFeed
from academy.models.championship import DataVersion, StoredStandings
from academy.models.coaching import (
    SCORE_MAX,
    SCORE_MIN,
    CoachingSession,
    Competency,
    Grade,
    PlannedSession,
    StoredLatestGrade,
)
from academy.models.dossiers import Dossier
from academy.models.drivers import (
    CategorisationRecord,
    Cohort,
    Driver,
    DriverPhoto,
    Licence,
    MedicalCertificate,
)
from academy.models.endorsements import Endorsement
from academy.models.inbox import EmailOptOut, Job, Notification, PendingUpload
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
    SeasonEntry,
    Series,
    Team,
)
from academy.models.rules import RuleSetRecord
from academy.models.scouting import ShortlistEntry
from academy.models.users import User

__all__ = [
    "SCORE_MAX",
    "SCORE_MIN",
    "ApplicationTransition",
    "AuditEvent",
    "CalendarFeed",
    "CategorisationRecord",
    "Circuit",
    "CircuitLocation",
    "ClassDefinition",
    "CoachingSession",
    "Cohort",
    "Competency",
    "DataVersion",
    "Dossier",
    "Driver",
    "DriverPhoto",
    "EmailOptOut",
    "Endorsement",
    "Event",
    "Grade",
    "ImportBatch",
    "Job",
    "Lap",
    "Licence",
    "LicenceApplication",
    "MedicalCertificate",
    "Notification",
    "PathwayStanding",
    "PendingUpload",
    "PlannedSession",
    "RaceEntry",
    "Result",
    "RuleSetRecord",
    "Season",
    "SeasonEntry",
    "StoredLatestGrade",
    "StoredStandings",
    "Series",
    "ShortlistEntry",
    "Team",
    "User",
]
