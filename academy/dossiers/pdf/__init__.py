"""The dossier PDF builder: pure (no Flask, no database), takes a ``DossierInput`` and gives
PDF bytes. The web layer that loads the input and records the dossier is ``academy.dossiers``."""

from academy.dossiers.pdf.builder import build_dossier, dossier_kind
from academy.dossiers.pdf.fonts import FontMissingError
from academy.dossiers.pdf.model import DossierInput

__all__ = ["DossierInput", "FontMissingError", "build_dossier", "dossier_kind"]
