"""The dossier PDF builder: pure (no Flask, no database), takes a ``DossierInput`` and gives
PDF bytes. The web layer that loads the input and records the dossier is ``academy.dossiers``."""

from reportlab import rl_config

# reportlab checks every attribute set on a chart shape against its declared type, a help while
# developing (rl_settings.py says so) that took a quarter of drawing a scouting dossier's charts.
# Read when reportlab.graphics.shapes is imported (and at each assignment), so set before.
rl_config.shapeChecking = 0

from academy.dossiers.pdf.builder import build_dossier, dossier_kind  # noqa: E402
from academy.dossiers.pdf.fonts import FontMissingError  # noqa: E402
from academy.dossiers.pdf.model import DossierInput  # noqa: E402

__all__ = ["DossierInput", "FontMissingError", "build_dossier", "dossier_kind"]
