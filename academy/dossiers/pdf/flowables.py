"""A plain-text flowable for table cells.

``TextCell`` wraps and draws text with the per-script fonts and never parses
markup, so user text prints as typed by construction. It is several times
cheaper than a Paragraph, which matters in a race record of 200 rows, and it
splits between lines so a tall cell can continue on the next page.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from academy.dossiers.pdf.fonts import clean_text, draw_text, fit_text, string_width, wrap_lines
from academy.dossiers.pdf.styles import INK, MUTED

CELL_FONT_SIZE = 7.5
CELL_LEADING = 9.5
# A cell never grows past this many lines: a table row cannot break across
# pages reliably, so a row taller than a page would stop the build.
MAX_CELL_LINES = 36


class TextCell(Flowable):
    """Lines of text: ``text`` first, then an optional smaller, muted ``note``.

    ``text`` may be a sequence: each item starts on a new line (evidence lists).
    Text beyond ``max_lines`` is cut with an ellipsis.
    """

    def __init__(
        self,
        text: str | Sequence[str],
        *,
        note: str = "",
        size: float = CELL_FONT_SIZE,
        leading: float = CELL_LEADING,
        bold: bool = False,
        color: Color = INK,
        align: str = "left",
        max_lines: int = MAX_CELL_LINES,
    ) -> None:
        super().__init__()
        items = [text] if isinstance(text, str) else list(text)
        self._blocks: list[tuple[str, bool]] = [(clean_text(item), False) for item in items]
        if note:
            self._blocks.append((clean_text(note), True))
        self.size = size
        self.leading = leading
        self.bold = bold
        self.color = color
        self.align = align
        self.max_lines = max_lines
        self._lines: list[tuple[str, bool]] = []
        self._wrapped_at: float | None = None

    @classmethod
    def _of_lines(cls, lines: list[tuple[str, bool]], model: TextCell) -> TextCell:
        cell = cls(
            "",
            size=model.size,
            leading=model.leading,
            bold=model.bold,
            color=model.color,
            align=model.align,
            max_lines=model.max_lines,
        )
        cell._blocks = lines
        return cell

    def _note_size(self) -> float:
        return self.size - 0.5

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._wrapped_at != availWidth:
            lines: list[tuple[str, bool]] = []
            for text, is_note in self._blocks:
                size = self._note_size() if is_note else self.size
                bold = self.bold and not is_note
                lines.extend((line, is_note) for line in wrap_lines(text, availWidth, size, bold))
            if len(lines) > self.max_lines:
                last, is_note = lines[self.max_lines - 1]
                size = self._note_size() if is_note else self.size
                last = fit_text(last + " …", size, availWidth, self.bold and not is_note)
                lines = [*lines[: self.max_lines - 1], (last, is_note)]
            self._lines = lines
            self._wrapped_at = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fits = int(availHeight // self.leading)
        if fits <= 0 or fits >= len(self._lines):
            return []
        return [
            TextCell._of_lines(self._lines[:fits], self),
            TextCell._of_lines(self._lines[fits:], self),
        ]

    def draw(self) -> None:
        canvas = self.canv
        y = self.height - self.size
        for line, is_note in self._lines:
            canvas.setFillColor(MUTED if is_note else self.color)
            size = self._note_size() if is_note else self.size
            bold = self.bold and not is_note
            x = 0.0
            if self.align == "right":
                x = self.width - string_width(line, size, bold)
            draw_text(canvas, x, y, line, size, bold=bold)
            y -= self.leading
