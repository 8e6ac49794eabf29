"""Charts drawn once per data version: a chart's PDF operators recorded and replayed.

Rendering a reportlab chart (building its axes, lines and markers as shapes and turning each
into PDF operators) was two thirds of a scouting dossier's time, and a driver's charts are the
same in every dossier until their facts change. ``recorded_chart(build, *args)`` builds the
chart for ``args`` once, records what it draws, and gives a flowable that replays it.

The cache key is the chart's own input (the grades, laps or scores it draws, and its width),
so new facts give a new chart by construction: no version number can be forgotten.

What is recorded is the page-description text, which does not depend on the document, and
every string in order. Strings are drawn again on each document, because the glyph codes of a
subset font belong to the document. A chart whose operators name a document resource (a font
of the base fourteen, a transparency, an image) is never recorded: it is drawn live.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

# Per worker process; a chart's recording is some tens of kilobytes of operator text.
CHARTS_KEPT = 256

ChartBuilder = Callable[..., Drawing | None]


@dataclass(frozen=True)
class _Text:
    x: float
    y: float
    text: str
    mode: int | None
    font: str
    size: float
    leading: float


@dataclass(frozen=True)
class Recording:
    width: float
    height: float
    h_align: str
    v_align: str
    # Operator text and strings, in drawing order.
    parts: tuple[str | _Text, ...]


class _RecordingCanvas(Canvas):
    """A canvas that keeps operators as text and strings as what to draw."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO())
        self.parts: list[str | _Text] = []

    def _flush(self) -> None:
        code: list[str] = self._code
        if code:
            self.parts.append("\n".join(code))
            code.clear()

    def drawString(  # noqa: N802 (reportlab's name)
        self, x: float, y: float, text: str, mode: int | None = None, **options: object
    ) -> None:
        if any(options.values()):  # spacing, direction, shaping: renderPDF passes none
            raise _NotRecordable
        self._flush()
        self.parts.append(_Text(x, y, text, mode, self._fontname, self._fontsize, self._leading))


class _NotRecordable(Exception):
    pass


def record(drawing: Drawing) -> Recording | None:
    """What ``drawing`` draws on a page, or None when it uses a document resource."""
    canvas = _RecordingCanvas()
    try:
        renderPDF.draw(drawing, canvas, 0, 0, showBoundary=False)
    except _NotRecordable:
        return None
    canvas._flush()
    if any(isinstance(part, str) and "/" in part for part in canvas.parts):
        return None  # a named resource: a standard font, an ExtGState, an image
    width, height = drawing.wrap(0, 0)
    return Recording(width, height, drawing.hAlign, drawing.vAlign, tuple(canvas.parts))


class RecordedChart(Flowable):
    """A recorded chart on the page, as the drawing itself would have drawn it."""

    def __init__(
        self, recording: Recording, build: ChartBuilder, args: tuple[Hashable, ...]
    ) -> None:
        super().__init__()
        self.recording = recording
        self.width, self.height = recording.width, recording.height
        self.hAlign, self.vAlign = recording.h_align, recording.v_align
        self._build, self._args = build, args

    def drawing(self) -> Drawing | None:
        """The chart as a reportlab drawing (built again), for another renderer."""
        return self._build(*self._args)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        code = canvas._code
        # The operators hold their own q/Q; the canvas's own idea of the font comes back after.
        canvas.push_state_stack()
        for part in self.recording.parts:
            if isinstance(part, str):
                code.append(part)
            else:
                canvas.setFont(part.font, part.size, part.leading)
                canvas.drawString(part.x, part.y, part.text, mode=part.mode)
        canvas.pop_state_stack()


def recorded_chart(build: ChartBuilder, *args: Hashable) -> Flowable | None:
    """The chart ``build(*args)`` draws, recorded the first time these arguments are seen.

    ``args`` must be hashable (tuples, frozen dataclasses): they are the cache key.
    """
    recording = _recording(build, args)
    if recording is None:
        return build(*args)  # nothing to draw, or a chart that must be drawn live
    return RecordedChart(recording, build, args)


@lru_cache(maxsize=CHARTS_KEPT)
def _recording(build: ChartBuilder, args: tuple[Hashable, ...]) -> Recording | None:
    drawing = build(*args)
    if drawing is None:
        return None
    return record(drawing)


def forget_recordings() -> None:
    """Drop every recorded chart (tests; a worker never needs to)."""
    _recording.cache_clear()
