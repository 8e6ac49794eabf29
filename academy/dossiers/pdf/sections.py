"""Sections shared by the three dossier kinds.

Each function takes the dossier input and gives platypus flowables. User text
only reaches a Paragraph through ``fonts.markup`` (escaped, per-script fonts);
table cells that need no wrapping and no fallback font stay plain strings,
which reportlab never parses as markup and which are much faster to lay out.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from statistics import fmean, mean, median
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from academy.dossiers.pdf import charts
from academy.dossiers.pdf.flowables import CELL_FONT_SIZE, CELL_LEADING, TextCell
from academy.dossiers.pdf.fonts import (
    BASE_FONT,
    BASE_FONT_BOLD,
    clean_text,
    markup,
    needs_fallback,
    string_width,
)
from academy.dossiers.pdf.model import DossierInput, RaceResultRow, StageVerdict
from academy.dossiers.pdf.photo import PreparedPhoto
from academy.dossiers.pdf.recorded import recorded_chart
from academy.dossiers.pdf.styles import (
    AMBER,
    GREEN,
    MIST,
    MUTED,
    NAVY,
    RED,
    RULE,
    STEEL,
    Styles,
    styles,
)
from academy.enums import RaceClass, ResultStatus, SessionType, label
from academy.formatting import format_date
from academy.pathway.verdicts import Status
from academy.validity import age_on

CELL_PADDING = 3
# Tables start every cell in Helvetica unless told; Helvetica is not embedded.
_BASE_FONT_COMMAND = ("FONTNAME", (0, 0), (-1, -1), BASE_FONT)
WHITE = "#FFFFFF"


# ---------------------------------------------------------------- formatting


def fmt_duration(seconds: int | None) -> str:
    if not seconds:
        return "—"
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours}h {rest // 60:02d}m"


def fmt_lap(ms: int | None) -> str:
    if not ms:
        return "—"
    minutes, rest = divmod(ms, 60_000)
    return f"{minutes}:{rest / 1000:06.3f}"


def fmt_points(points: float) -> str:
    return f"{points:g}"


def fmt_position(position: int | None) -> str:
    return f"P{position}" if position else "—"


def _class_label(race_class: RaceClass | str) -> str:
    return race_class if isinstance(race_class, str) else label(race_class)


VERDICT_COLOURS = {"met": GREEN, "not_met": RED, "expiring": AMBER}


# ---------------------------------------------------------------- building blocks


def para(text: str, style: ParagraphStyle, bold: bool = False) -> Paragraph:
    """A Paragraph of user text: always escaped."""
    return Paragraph(markup(text, bold=bold), style)


def static(trusted_markup: str, style: ParagraphStyle) -> Paragraph:
    """A Paragraph of our own fixed markup (never user text)."""
    return Paragraph(trusted_markup, style)


def cell(text: str, width: float, bold: bool = False, note: str = "") -> str | TextCell:
    """A table cell: a plain string when it fits in the base font, else wrapping text.

    Neither form is parsed as markup, so user text prints as typed.
    """
    text = clean_text(text)
    font = BASE_FONT_BOLD if bold else BASE_FONT
    if (
        not note
        and not needs_fallback(text)
        and stringWidth(text, font, CELL_FONT_SIZE) <= width - 2 * CELL_PADDING
    ):
        return text
    return TextCell(text, note=note, bold=bold)


def _header_cell(text: str, width: float, right: bool) -> str | TextCell:
    if string_width(text, CELL_FONT_SIZE, bold=True) <= width - 2 * CELL_PADDING:
        return text
    return TextCell(text, bold=True, color=colors.white, align="right" if right else "left")


def data_table(
    header: Sequence[str],
    rows: list[list[Any]],
    widths: Sequence[float],
    align_right: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A table with a navy header row that repeats on every page it spans."""
    head = [
        _header_cell(text, width, index in align_right)
        for index, (text, width) in enumerate(zip(header, widths, strict=True))
    ]
    table = Table([head, *rows], colWidths=list(widths), repeatRows=1)
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), BASE_FONT),
        ("FONTSIZE", (0, 0), (-1, -1), CELL_FONT_SIZE),
        ("LEADING", (0, 0), (-1, -1), CELL_LEADING),
        ("FONTNAME", (0, 0), (-1, 0), BASE_FONT_BOLD),
        ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), ["#FFFFFF", MIST]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for column in align_right:
        commands.append(("ALIGN", (column, 0), (column, -1), "RIGHT"))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def facts_table(pairs: Sequence[tuple[str, str]], width: float, st: Styles) -> Table:
    """Two-column label/value list, values escaped."""
    label_width = 42 * mm
    rows = [
        [
            static(name, st.muted),
            TextCell(value or "—", size=st.body.fontSize, leading=st.body.leading),
        ]
        for name, value in pairs
    ]
    table = Table(rows, colWidths=[label_width, width - label_width])
    table.setStyle(
        TableStyle(
            [
                _BASE_FONT_COMMAND,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
            ]
        )
    )
    return table


def fmt_date(day: date | None) -> str:
    """The house date (academy.formatting.format_date), with an em dash in the PDF's tables."""
    return format_date(day, missing="—")


def heading(text: str, st: Styles) -> list[Flowable]:
    # Keep at least a few lines with a heading so it never ends a page alone.
    return [CondPageBreak(40 * mm), static(text, st.h2)]


def empty_state(text: str, st: Styles) -> Paragraph:
    return static(text, st.note)


def _age(born: date | None, as_of: date) -> str:
    if born is None:
        return "—"
    return f"{fmt_date(born)} (age {age_on(born, as_of)})"


# ---------------------------------------------------------------- cover and identity

COVER_NAME_LIMIT = 400  # characters shown on the cover; the identity table has the rest
PHOTO_BOX = (48 * mm, 64 * mm)


def _cover_name(text: str, limit: int = COVER_NAME_LIMIT) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cover(
    data: DossierInput, kind_title: str, photo: PreparedPhoto, width: float, subtitle: str
) -> list[Flowable]:
    """Title, name and photo side by side; the facts under them flow freely.

    ``subtitle`` is markup: the caller escapes what it puts in.
    """
    st = styles()
    driver = data.driver
    name = _cover_name(driver.display_name)
    left: list[Flowable] = [
        static(kind_title.upper(), st.cover_title),
        para(name, st.cover_name if len(name) <= 60 else st.cover_name_long),
    ]
    if driver.native_name and driver.native_name != driver.display_name:
        left.append(para(_cover_name(driver.native_name), st.cover_native))

    box_width, box_height = PHOTO_BOX
    if photo.jpeg:
        scale = min(box_width / photo.width, box_height / photo.height)
        right: list[Flowable] = [
            Image(io.BytesIO(photo.jpeg), width=photo.width * scale, height=photo.height * scale)
        ]
    else:
        right = [static("No photo", st.muted)]
    if photo.note:
        right.append(static(photo.note, st.note))
    layout = Table([[left, right]], colWidths=[width - box_width - 6 * mm, box_width + 6 * mm])
    layout.setStyle(
        TableStyle(
            [
                _BASE_FONT_COMMAND,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 4 * mm),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ]
        )
    )
    meta = [driver.nationality]
    if data.categorisation:
        meta.append(f"FIA {label(data.categorisation.category)}")
    if data.licence and data.licence.valid:
        meta.append(f"{label(data.licence.grade)} licence")
    return [
        Spacer(1, 34 * mm),
        layout,
        Spacer(1, 2 * mm),
        para("  ·  ".join(m for m in meta if m), st.cover_meta),
        Spacer(1, 3 * mm),
        static(subtitle, st.muted),
        Spacer(1, 6 * mm),
    ]


def identity(
    data: DossierInput, width: float, as_of: date, private_details: bool = True
) -> list[Flowable]:
    """The driver and licence table. Without private details (the scouting dossier, which
    principals pass around) it gives the age, not the date of birth, and no licence number."""
    st = styles()
    driver = data.driver
    born = _age(driver.date_of_birth, as_of)
    if not private_details and driver.date_of_birth is not None:
        born = born[born.index("(age ") + 5 : -1]
    pairs = [
        ("Legal name", driver.legal_name),
        ("Name in native script", driver.native_name or "—"),
        ("Romanisation", driver.romanised_name or "—"),
        ("Nationality", driver.nationality),
        ("Date of birth" if private_details else "Age", born),
    ]
    if data.licence and not data.licence.valid:
        lic = data.licence
        pairs.append(
            (
                "Licence",
                f"None valid on {fmt_date(as_of)} (the {label(lic.grade)} licence expired on "
                f"{fmt_date(lic.expires_on)})",
            )
        )
    elif data.licence and private_details:
        lic = data.licence
        pairs += [
            ("Licence", f"{label(lic.grade)} — {lic.issuing_asn} no. {lic.number}"),
            ("Licence valid", f"{fmt_date(lic.issued_on)} to {fmt_date(lic.expires_on)}"),
        ]
    elif data.licence:
        lic = data.licence
        pairs.append(("Licence", f"{label(lic.grade)}, valid to {fmt_date(lic.expires_on)}"))
    else:
        pairs.append(("Licence", "No licence recorded"))
    if data.categorisation:
        cat = data.categorisation
        pairs.append(
            ("FIA categorisation", f"{label(cat.category)} (review {fmt_date(cat.review_date)})")
        )
    else:
        pairs.append(("FIA categorisation", "Not categorised"))
    return [*heading("Driver and licence", st), facts_table(pairs, width, st)]


# ---------------------------------------------------------------- results


def _scaled(points: Sequence[float], width: float) -> list[float]:
    """Column widths designed in points for A4, scaled to ``width``."""
    total = sum(points)
    return [width * p / total for p in points]


def _sorted_results(results: Sequence[RaceResultRow]) -> list[RaceResultRow]:
    return sorted(results, key=lambda r: (r.held_on, r.event))


def race_record(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Complete race record", st)
    if not data.results:
        out.append(empty_state("No race results recorded.", st))
        return out
    widths = _scaled((74, 104, 38, 66, 70, 40, 42, 33, 26), width)
    header = [
        "Date",
        "Event",
        "Class",
        "Car / team",
        "Co-drivers",
        "Class / overall",
        "Status",
        "Drive",
        "Pts",
    ]
    rows = []
    for r in _sorted_results(data.results):
        rows.append(
            [
                fmt_date(r.held_on),
                cell(r.event, widths[1], note=f"{r.circuit} · {r.series} {r.season}"),
                cell(_class_label(r.race_class), widths[2]),
                cell(f"#{r.car} {r.team}", widths[3]),
                cell(", ".join(r.co_drivers) or "—", widths[4]),
                f"{fmt_position(r.position_in_class)} / {fmt_position(r.position_overall)}",
                cell(label(r.status), widths[6]),
                fmt_duration(r.drive_time_s),
                fmt_points(r.points),
            ]
        )
    out.append(data_table(header, rows, widths, align_right=(5, 7, 8)))
    total = sum(r.points for r in data.results)
    hours = sum(r.drive_time_s for r in data.results)
    out.append(Spacer(1, 2 * mm))
    out.append(
        static(
            f"{len(data.results)} entries · {fmt_duration(hours)} driven · {fmt_points(total)} points",
            st.muted,
        )
    )
    return out


def _season_rows(results: Sequence[RaceResultRow]) -> list[list[str]]:
    grouped: dict[tuple[str, str], list[RaceResultRow]] = defaultdict(list)
    for r in results:
        grouped[(r.season, r.series)].append(r)
    rows = []
    for (season, series), items in sorted(grouped.items()):
        classified = [r for r in items if r.status == ResultStatus.CLASSIFIED]
        wins = sum(1 for r in classified if r.position_in_class == 1)
        podiums = sum(1 for r in classified if r.position_in_class and r.position_in_class <= 3)
        rows.append(
            [
                season,
                series,
                str(len(items)),
                str(len(classified)),
                str(wins),
                str(podiums),
                fmt_points(sum(r.points for r in items)),
                fmt_duration(sum(r.drive_time_s for r in items)),
            ]
        )
    return rows


def results_by_season(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Results by season", st)
    if not data.results:
        out.append(empty_state("No race results recorded.", st))
        return out
    chart = recorded_chart(charts.results_by_season_chart, tuple(data.results), width)
    if chart is not None:
        # The heading moves with its chart: a heading never ends a page alone.
        out[-1] = KeepTogether([out[-1], chart])
        out.append(Spacer(1, 3 * mm))
    fractions = (0.12, 0.28, 0.09, 0.11, 0.1, 0.1, 0.09, 0.11)
    widths = [width * f for f in fractions]
    rows = [[row[0], cell(row[1], widths[1]), *row[2:]] for row in _season_rows(data.results)]
    out.append(
        data_table(
            [
                "Season",
                "Series",
                "Entries",
                "Classified",
                "Class wins",
                "Podiums",
                "Points",
                "Drive time",
            ],
            rows,
            widths,
            align_right=(2, 3, 4, 5, 6, 7),
        )
    )
    return out


def highlights(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Highlights", st)
    results = data.results
    if not results:
        out.append(empty_state("No race results recorded.", st))
        return out
    classified = [r for r in results if r.status == ResultStatus.CLASSIFIED]
    wins = [r for r in classified if r.position_in_class == 1]
    podiums = [r for r in classified if r.position_in_class and r.position_in_class <= 3]
    hours = sum(r.drive_time_s for r in results) / 3600
    night = sum(1 for r in results if r.night_running)
    seasons = sorted({r.season for r in results})
    figures = [
        (str(len(results)), "race entries"),
        (str(len(wins)), "class wins"),
        (str(len(podiums)), "class podiums"),
        (f"{hours:.0f} h", "endurance racing"),
        (str(night), "night races"),
        (str(len(seasons)), "seasons"),
    ]
    tiles = [
        [
            static(f'<font size="18" color="#14284B"><b>{value}</b></font>', st.body)
            for value, _ in figures
        ],
        [static(caption, st.muted) for _, caption in figures],
    ]
    tile_table = Table(tiles, colWidths=[width / len(figures)] * len(figures))
    tile_table.setStyle(
        TableStyle(
            [
                _BASE_FONT_COMMAND,
                ("BACKGROUND", (0, 0), (-1, -1), MIST),
                ("LINEABOVE", (0, 0), (-1, 0), 2, RED),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    out.append(tile_table)
    best = sorted(classified, key=lambda r: (r.position_in_class or 999, -r.held_on.toordinal()))[
        :6
    ]
    if best:
        out.append(static("Best finishes", st.h3))
        fractions = (0.14, 0.4, 0.14, 0.2, 0.12)
        widths = [width * f for f in fractions]
        rows = [
            [
                fmt_date(r.held_on),
                cell(f"{r.event} — {r.circuit}", widths[1]),
                cell(_class_label(r.race_class), widths[2]),
                cell(r.team, widths[3]),
                fmt_position(r.position_in_class),
            ]
            for r in best
        ]
        out.append(
            data_table(
                ["Date", "Event", "Class", "Team", "Class pos"], rows, widths, align_right=(4,)
            )
        )
    return out


# ---------------------------------------------------------------- pathway and endorsement


def _stage_block(stage: StageVerdict, width: float, st: Styles) -> list[Flowable]:
    if stage.reached:
        verdict = stage.reached
        colour = "#1E7D4F" if stage.held else "#B7791F"  # green, or amber (styles.AMBER)
    else:
        verdict = "Eligible" if stage.eligible else "Not yet eligible"
        colour = "#1E7D4F" if stage.eligible else "#C8102E"
    title = static(
        f'{markup(stage.stage, bold=True)} &nbsp; <font color="{colour}">{verdict}</font>',
        # Not kept with the whole table (longer than a page at times): `pathway` leaves room.
        ParagraphStyle("stage-title", parent=st.h3, keepWithNext=0),
    )
    if not stage.requirements:
        return [title, empty_state("No requirements in this stage.", st)]
    widths = _scaled((30, 10, 35, 25), width)
    rows = []
    extra = []
    for index, req in enumerate(stage.requirements, start=1):
        rows.append(
            [
                cell(req.requirement, widths[0], note=req.source),
                cell(Status(req.status).label, widths[1]),
                TextCell(req.evidence or ["—"]),
                cell(req.missing or "—", widths[3]),
            ]
        )
        extra.append(("TEXTCOLOR", (1, index), (1, index), VERDICT_COLOURS.get(req.status, MUTED)))
        extra.append(("FONTNAME", (1, index), (1, index), BASE_FONT_BOLD))
    return [
        title,
        data_table(
            ["Requirement", "Status", "Evidence that counts", "Still missing"],
            rows,
            widths,
            extra=extra,
        ),
    ]


# Room for a stage's title, its table's header and its first requirements: a stage table
# often runs longer than a page, so it splits by rows instead of moving whole to the next
# page (which left the section's heading alone at the foot of the page before).
STAGE_ROOM = 45 * mm
PATHWAY_ROOM = STAGE_ROOM + 25 * mm  # and the section heading with its rule-set line


def pathway(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Pathway check", st)
    out[0] = CondPageBreak(PATHWAY_ROOM)
    out.append(
        para(
            f"Evaluated against the rule set {data.rule_set_name} ({data.rule_set_key}).", st.muted
        )
    )
    if not data.pathway:
        out.append(empty_state("No pathway evaluation available.", st))
        return out
    for stage in data.pathway:
        out.append(CondPageBreak(STAGE_ROOM))
        out.extend(_stage_block(stage, width, st))
    return out


def championship(data: DossierInput, width: float) -> list[Flowable]:
    """The team's championship position and invitation status; nothing when there is none."""
    c = data.championship
    if c is None:
        return []
    st = styles()
    out = heading("Championship and Le Mans invitation", st)
    out.append(
        para(
            f"{c.car}, {c.class_name}, {c.season}: P{c.position} in the team standings with "
            f"{c.points} points ({c.races}).",
            st.body,
        )
    )
    out.append(para(f"Invitation: {c.invitation}.", st.body))
    return out


def endorsement(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Coach endorsement", st)
    if data.endorsement is None:
        out.append(
            empty_state("No coach has signed an endorsement of this driver for Le Mans.", st)
        )
        return out
    e = data.endorsement
    # Paragraphs, not a table cell: a long endorsement continues on the next page.
    out.append(para(e.text, st.quote))
    out.append(para(f"— Signed by {e.coach_name}, coach, {fmt_date(e.endorsed_on)}", st.quote_by))
    return out


def story(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("The driver", st)
    out.append(para(data.driver.story or "No profile text provided.", st.body))
    return out


def media_work(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Media work", st)
    media_sessions = [s for s in data.sessions if s.session_type == SessionType.MEDIA]
    items = list(data.media_work) + [
        f"{fmt_date(s.held_on)}: media training" + (f" — {s.notes}" if s.notes else "")
        for s in sorted(media_sessions, key=lambda s: s.held_on)[-10:]
    ]
    if not items:
        out.append(empty_state("No media work recorded.", st))
        return out
    for item in items:
        out.append(Paragraph("• " + markup(item), st.body))
    return out


# ---------------------------------------------------------------- grades


def _grades_by_competency(data: DossierInput) -> dict[str, list[tuple[date, float]]]:
    grouped: dict[str, list[tuple[date, float]]] = defaultdict(list)
    for g in data.grades:
        grouped[g.competency].append((g.graded_on, g.score))
    for items in grouped.values():
        items.sort()
    return grouped


def _trend(scores: Sequence[float]) -> str:
    """The latest grade against the mean of the last five, as the table prints both (to one
    decimal), so the word and its figure always agree with the columns beside them."""
    if len(scores) < 2:
        return "—"
    delta = round(round(scores[-1], 1) - round(mean(scores[-5:]), 1), 1)
    if abs(delta) < 0.15:
        return "steady"
    return f"rising +{delta:.1f}" if delta > 0 else f"falling {delta:.1f}"


def grade_growth(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Growth in coach gradings", st)
    grouped = _grades_by_competency(data)
    if not grouped:
        out.append(empty_state("No coach gradings recorded.", st))
        return out
    chart = recorded_chart(charts.grading_trend_chart, tuple(data.grades), width)
    if chart is not None:
        # The heading moves with its chart: a heading never ends a page alone.
        out[-1] = KeepTogether([out[-1], chart])
    fractions = (0.34, 0.18, 0.16, 0.16, 0.16)
    widths = [width * f for f in fractions]
    rows = []
    for competency, items in sorted(grouped.items()):
        first, latest = items[0], items[-1]
        rows.append(
            [
                cell(competency, widths[0]),
                fmt_date(first[0]),
                f"{first[1]:.1f}",
                f"{latest[1]:.1f}",
                f"{latest[1] - first[1]:+.1f}",
            ]
        )
    out.append(Spacer(1, 2 * mm))
    out.append(
        data_table(
            ["Competency", "First graded", "First score", "Latest score", "Growth"],
            rows,
            widths,
            align_right=(2, 3, 4),
        )
    )
    return out


def ratings(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Ratings per competency", st)
    grouped = _grades_by_competency(data)
    if not grouped:
        out.append(empty_state("No coach gradings recorded.", st))
        return out
    fractions = (0.32, 0.12, 0.14, 0.14, 0.16, 0.12)
    widths = [width * f for f in fractions]
    rows = []
    for competency, items in sorted(grouped.items()):
        scores = [s for _, s in items]
        rows.append(
            [
                cell(competency, widths[0]),
                f"{scores[-1]:.1f}",
                f"{mean(scores[-5:]):.1f}",
                f"{max(scores):.1f}",
                _trend(scores),
                str(len(scores)),
            ]
        )
    out.append(
        data_table(
            ["Competency", "Latest", "Mean of last 5", "Best", "Trend", "Gradings"],
            rows,
            widths,
            align_right=(1, 2, 3, 5),
        )
    )
    out.append(Spacer(1, 1.5 * mm))
    out.append(static("Trend: the latest grade against the mean of the last five.", st.muted))
    chart = recorded_chart(charts.grading_trend_chart, tuple(data.grades), width)
    if chart is not None:
        out.append(Spacer(1, 3 * mm))
        out.append(KeepTogether([static("Grading trend", st.h3), chart]))
    return out


# ---------------------------------------------------------------- race pace (lap analyses)


def race_pace(data: DossierInput, width: float) -> list[Flowable]:
    """The race debrief's key figures for each race with a lap analysis; nothing without one."""
    races = [
        r
        for r in _sorted_results(data.results)
        if r.pace_gap_to_crew_ms is not None or r.consistency_ms is not None
    ]
    if not races:
        return []
    st = styles()
    out = heading("Race pace from the lap analyses", st)
    widths = [width * f for f in (0.16, 0.44, 0.2, 0.2)]
    rows = [
        [
            fmt_date(r.held_on),
            cell(r.event, widths[1]),
            f"{r.pace_gap_to_crew_ms / 1000:+.3f} s" if r.pace_gap_to_crew_ms is not None else "—",
            f"{r.consistency_ms / 1000:.3f} s" if r.consistency_ms is not None else "—",
        ]
        for r in races
    ]
    out.append(
        data_table(
            ["Date", "Race", "Pace vs co-drivers", "Consistency"], rows, widths, align_right=(2, 3)
        )
    )
    out.append(Spacer(1, 1.5 * mm))
    out.append(
        static(
            "Green-flag laps only (no first lap, no pit in or out laps, none under safety car "
            "or full-course yellow). Pace: the driver's average minus the co-drivers' (negative "
            "is quicker). Consistency: spread of green-flag laps within 107% of the best.",
            st.small,
        )
    )
    return out


# ---------------------------------------------------------------- scouting comparisons


def crew_and_class(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Against co-drivers and class", st)
    if not data.results:
        out.append(empty_state("No race results recorded.", st))
        return out
    grouped: dict[tuple[str, str], list[RaceResultRow]] = defaultdict(list)
    for r in data.results:
        # A season is the series' season: ELMS 2026 and the 24 Hours of 2026 are two rows.
        grouped[(f"{r.series} {r.season}", _class_label(r.race_class))].append(r)
    fractions = (0.17, 0.10, 0.07, 0.11, 0.11, 0.14, 0.15, 0.15)
    widths = [width * f for f in fractions]
    rows = []
    in_order = sorted(
        grouped.items(), key=lambda group: (min(r.held_on for r in group[1]), group[0])
    )
    for (season, race_class), items in in_order:
        classified = [
            r for r in items if r.status == ResultStatus.CLASSIFIED and r.position_in_class
        ]
        positions = [r.position_in_class for r in classified if r.position_in_class]
        shares = [
            r.drive_time_s / r.crew_drive_time_s
            for r in items
            if r.crew_drive_time_s and r.drive_time_s
        ]
        crew_gaps = [
            (r.best_lap_ms - r.co_driver_best_lap_ms) / 1000
            for r in items
            if r.best_lap_ms and r.co_driver_best_lap_ms
        ]
        class_gaps = [
            (r.best_lap_ms - r.class_best_lap_ms) / 1000
            for r in items
            if r.best_lap_ms and r.class_best_lap_ms
        ]
        rows.append(
            [
                cell(season, widths[0]),
                cell(race_class, widths[1]),
                str(len(items)),
                f"{fmean(positions):.1f}" if positions else "—",
                fmt_position(min(positions)) if positions else "—",
                f"{fmean(shares) * 100:.0f}%" if shares else "—",
                f"{fmean(crew_gaps):+.3f} s" if crew_gaps else "—",
                f"{fmean(class_gaps):+.3f} s" if class_gaps else "—",
            ]
        )
    out.append(
        data_table(
            [
                "Season",
                "Class",
                "Entries",
                "Avg class pos",
                "Best class pos",
                "Share of driving",
                "Best lap vs crew",
                "Best lap vs class",
            ],
            rows,
            widths,
            align_right=(2, 3, 4, 5, 6, 7),
        )
    )
    out.append(Spacer(1, 1.5 * mm))
    out.append(
        static(
            "Lap gaps are the driver's best lap minus the fastest co-driver's and the "
            "class's fastest lap in the same race; negative is faster.",
            st.muted,
        )
    )
    return out


def _lap_points(data: DossierInput) -> dict[str, list[tuple[date, int]]]:
    per_circuit: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for s in data.sessions:
        if s.best_lap_ms and s.session_type in (SessionType.TRACK, SessionType.TEST_DAY):
            per_circuit[s.circuit].append((s.held_on, s.best_lap_ms))
    for r in data.results:
        if r.best_lap_ms:
            per_circuit[r.circuit].append((r.held_on, r.best_lap_ms))
    return per_circuit


def lap_progression(data: DossierInput, width: float, max_charts: int = 4) -> list[Flowable]:
    st = styles()
    out = heading("Lap-time progression per circuit", st)
    per_circuit = _lap_points(data)
    if not per_circuit:
        out.append(empty_state("No timed laps recorded.", st))
        return out
    fractions = (0.3, 0.12, 0.15, 0.15, 0.15, 0.13)
    widths = [width * f for f in fractions]
    rows = []
    ordered = sorted(per_circuit.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    for circuit, points in ordered:
        points.sort()
        laps = [ms for _, ms in points]
        improvement = (laps[0] - min(laps)) / 1000
        rows.append(
            [
                cell(circuit, widths[0]),
                str(len(points)),
                fmt_lap(laps[0]),
                fmt_lap(laps[-1]),
                fmt_lap(min(laps)),
                f"{improvement:.3f} s",
            ]
        )
    out.append(
        data_table(
            [
                "Circuit",
                "Sessions",
                "First best lap",
                "Latest best lap",
                "Personal best",
                "Improvement",
            ],
            rows,
            widths,
            align_right=(1, 2, 3, 4, 5),
        )
    )
    drawn = []
    for circuit, points in ordered[:max_charts]:
        chart = recorded_chart(charts.lap_progression_chart, circuit, tuple(points), width / 2 - 4)
        if chart is not None:
            drawn.append(chart)
    if drawn:
        out.append(Spacer(1, 3 * mm))
        grid = [
            drawn[i : i + 2] + [""] * (2 - len(drawn[i : i + 2])) for i in range(0, len(drawn), 2)
        ]
        table = Table(grid, colWidths=[width / 2, width / 2])
        table.setStyle(
            TableStyle(
                [
                    _BASE_FONT_COMMAND,
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        out.append(table)
    return out


def cohort(data: DossierInput, width: float) -> list[Flowable]:
    st = styles()
    out = heading("Comparison with the cohort", st)
    c = data.cohort
    if c is None or not c.cohort_medians:
        out.append(empty_state("No cohort comparison available.", st))
        return out
    note = para(
        f"Cohort {c.cohort_name}: {c.cohort_size} drivers. "
        "Latest score per competency against the cohort median.",
        st.muted,
    )
    competencies = sorted(set(c.cohort_medians) | set(c.driver_scores))
    driver = [c.driver_scores.get(k, 0.0) for k in competencies]
    medians = [c.cohort_medians.get(k, 0.0) for k in competencies]
    chart = recorded_chart(
        charts.cohort_chart, tuple(competencies), tuple(driver), tuple(medians), width
    )
    # The heading, its note and its chart move together: a heading never ends a page alone.
    out[-1] = KeepTogether([out[-1], note] + ([chart] if chart is not None else []))
    widths = [width * f for f in (0.4, 0.2, 0.2, 0.2)]
    rows = []
    for k in competencies:
        mine = c.driver_scores.get(k)
        theirs = c.cohort_medians.get(k)
        diff = f"{mine - theirs:+.1f}" if mine is not None and theirs is not None else "—"
        rows.append(
            [
                cell(k, widths[0]),
                f"{mine:.1f}" if mine is not None else "—",
                f"{theirs:.1f}" if theirs is not None else "—",
                diff,
            ]
        )
    out.append(
        data_table(
            ["Competency", "Driver", "Cohort median", "Difference"],
            rows,
            widths,
            align_right=(1, 2, 3),
        )
    )
    return out


def cohort_medians(scores_by_driver: Sequence[dict[str, float]]) -> dict[str, float]:
    """Median per competency over drivers' latest scores (helper for the loader)."""
    pooled: dict[str, list[float]] = defaultdict(list)
    for scores in scores_by_driver:
        for k, v in scores.items():
            pooled[k].append(v)
    return {k: float(median(v)) for k, v in pooled.items()}


__all__ = ["STEEL", "cohort_medians"]
