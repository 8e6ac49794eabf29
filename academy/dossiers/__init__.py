"""PDF dossiers: pure builders that take a ``DossierInput`` and give PDF bytes."""

from academy.dossiers.builder import build_dossier, dossier_kind
from academy.dossiers.fonts import FontMissingError
from academy.dossiers.model import DossierInput

__all__ = ["DossierInput", "FontMissingError", "build_dossier", "dossier_kind"]
