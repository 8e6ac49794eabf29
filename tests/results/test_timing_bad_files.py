"""Files the importer must refuse or report row by row, and the oddities it must shrug off."""

from __future__ import annotations

from academy.results.timing import ParsedRace, ParseOptions, RowError, parse_timing_file
from academy.results.timing.reader import MAX_ERRORS
from tests.demo.timing_files import SampleRace, alkamel_bytes, classification_csv, lap_analysis_csv

CLASSIFICATION = (
    "POSITION;NUMBER;TEAM;DRIVER_1;DRIVER_2;VEHICLE;CLASS;GROUP;STATUS;LAPS;TOTAL_TIME;FL_TIME;\r\n"
    "1;25;Garnet Racing;Ye YIFEI;Kamui KOBAYASHI;Oreca 07;LMP2;;Classified;120;4:01'02.345;1'58.1;\r\n"
    "2;7;Sakura Racing;Sébastien BUEMI;Naomi NASR;Ligier JS P320;LMP3;;Classified;110;4:02'00.000;"
    "2'08.4;\r\n"
    "3;88;Tiger Bay Motorsport;Jack AITKEN;Akash NANDAN;BMW M4 GT3;GT;;Retired;61;2:10'00.000;"
    "2'05.0;\r\n"
)
LAPS_HEADER = (
    "NUMBER; DRIVER_NUMBER; LAP_NUMBER; LAP_TIME; ELAPSED; HOUR;DRIVER_NAME;CLASS;TEAM;\r\n"
)


def laps_file(*rows: str) -> bytes:
    return alkamel_bytes(LAPS_HEADER + "".join(row + "\r\n" for row in rows))


def lap(number: str, seat: int, lap_number: int, lap_time: str, elapsed: str, hour: str) -> str:
    return f"{number};{seat};{lap_number};{lap_time};{elapsed};{hour};Ye YIFEI;LMP3;Jade Racing;"


GOOD_LAPS = (
    lap("7", 1, 1, "2:00.000", "2:00.000", "13:02:00.000"),
    lap("7", 1, 2, "1:59.000", "3:59.000", "13:03:59.000"),
    lap("7", 1, 3, "1:58.500", "5:57.500", "13:05:57.500"),
)


def parse(data: bytes, options: ParseOptions | None = None) -> ParsedRace:
    return parse_timing_file(data, "upload.csv", options)


def error_lines(race: ParsedRace) -> list[int]:
    return [error.line for error in race.errors]


def only_error(race: ParsedRace) -> RowError:
    assert race.refusal is None
    assert len(race.errors) == 1, race.errors
    return race.errors[0]


# --- refused as a whole ---------------------------------------------------------------------


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded() -> None:
    # NUL bytes would be refused as binary if the size check did not come first.
    race = parse(b"\x00" * 1025, ParseOptions(max_bytes=1024))
    assert race.refusal == (
        "The file is 1,025 bytes; the largest timing file accepted is 1,024 bytes."
    )
    assert race.encoding is None
    assert race.size_bytes == 1025


def test_sizes_are_given_in_megabytes_when_that_tells_them_apart() -> None:
    race = parse(b"x" * (3 * 1024 * 1024), ParseOptions(max_bytes=2 * 1024 * 1024))
    assert race.refusal == "The file is 3.0 MB; the largest timing file accepted is 2.0 MB."


def test_a_file_exactly_at_the_limit_is_read() -> None:
    data = alkamel_bytes(CLASSIFICATION)
    assert parse(data, ParseOptions(max_bytes=len(data))).ok


def test_an_empty_file_is_refused() -> None:
    assert parse(b"").refusal == "The file is empty."


def test_a_png_image_is_refused() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10"
    assert parse(png).refusal == "This is a PNG image, not a CSV timing file."


def test_a_pdf_is_refused() -> None:
    assert parse(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj").refusal == (
        "This is a PDF document, not a CSV timing file."
    )


def test_a_spreadsheet_is_refused() -> None:
    assert "spreadsheet" in parse(b"PK\x03\x04\x14\x00\x06\x00").refusal


def test_binary_data_inside_text_is_refused_with_its_line() -> None:
    data = CLASSIFICATION.encode() + b"4;1;Team\x00X;\r\n"
    assert parse(data).refusal == (
        "The file contains binary data (a NUL byte on line 5), not CSV text."
    )


def test_bytes_that_are_no_known_text_encoding_are_refused() -> None:
    # 0x81 is undefined in Windows-1252 and not valid UTF-8 on its own.
    data = CLASSIFICATION.encode() + b"4;1;Caf\x81;\r\n"
    assert parse(data).refusal == "Line 5 is neither UTF-8 nor Windows-1252 text."


def test_a_csv_without_a_known_header_is_refused() -> None:
    race = parse(b"name,date,score\r\nAnna,2026-01-01,3\r\n")
    assert race.refusal.startswith("No known timing-file header on the first line")
    assert race.cars == ()


def test_a_header_split_by_an_unknown_delimiter_is_refused() -> None:
    race = parse(CLASSIFICATION.replace(";", "|").encode())
    assert race.refusal.startswith("No known timing-file header")


def test_rows_with_another_delimiter_than_the_header_are_refused() -> None:
    header, *rows = CLASSIFICATION.split("\r\n")
    text = "\r\n".join([header, *(row.replace(";", ",") for row in rows)])
    race = parse(text.encode())
    assert race.refusal == (
        "The header (line 1) has 12 columns separated by semicolons, but 3 of the 3 rows do "
        "not: the rows use another delimiter, or the header is damaged."
    )


def test_missing_required_columns_are_named() -> None:
    text = CLASSIFICATION.replace("TOTAL_TIME;", "TIME;").replace(";STATUS;", ";STATE;")
    assert parse(text.encode()).refusal == (
        "This looks like an Al Kamel race classification but its header (line 1) lacks the "
        "required columns STATUS and TOTAL_TIME."
    )


def test_a_missing_signature_column_is_named_too() -> None:
    race = parse(CLASSIFICATION.replace("DRIVER_1;", "PILOT_1;").encode())
    assert race.refusal.endswith("lacks the required column DRIVER_1.")


def test_a_header_without_rows_is_refused() -> None:
    header = CLASSIFICATION.split("\r\n")[0] + "\r\n\r\n"
    assert parse(header.encode()).refusal == "The file has a header but no rows after line 1."


# --- read anyway, with or without a warning ----------------------------------------------


def test_a_comma_separated_al_kamel_file_is_read_with_a_warning() -> None:
    race = parse(CLASSIFICATION.replace(";", ",").encode())
    assert race.ok
    assert race.delimiter == ","
    assert [w.line for w in race.warnings] == [1]
    assert "usually uses semicolons" in race.warnings[0].message


def test_a_bom_is_not_part_of_the_first_column_name() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION))
    assert race.ok
    assert race.encoding == "utf-8-sig"
    assert race.car("25").position_overall == 1


def test_utf8_without_bom_is_utf8() -> None:
    race = parse(CLASSIFICATION.encode("utf-8"))
    assert race.encoding == "utf-8"
    assert race.car("7").drivers[0].name == "Sébastien BUEMI"


def test_a_latin1_file_is_read_as_windows_1252() -> None:
    race = parse(CLASSIFICATION.encode("cp1252"))
    assert race.ok
    assert race.encoding == "cp1252"
    assert race.car("7").drivers[0].name == "Sébastien BUEMI"


def test_stray_spaces_in_names_and_values_are_trimmed() -> None:
    text = (
        " POSITION ; NUMBER;TEAM  ; Driver_1;CLASS ;STATUS;LAPS;TOTAL_TIME  ;\r\n"
        "1 ; 25 ;  Garnet   Racing ; Ye  YIFEI ; LMP2 ; Classified ;120 ; 4:01'02.345 ;\r\n"
    )
    race = parse(text.encode())
    assert race.ok, (race.refusal, race.errors)
    car = race.car("25")
    assert (car.team, car.drivers[0].name, car.class_label, car.laps) == (
        "Garnet Racing",
        "Ye YIFEI",
        "LMP2",
        120,
    )


def test_blank_lines_are_skipped_and_line_numbers_stay_physical() -> None:
    header, first, second, third, _ = CLASSIFICATION.split("\r\n")
    text = "\r\n".join([header, "", first, ";;;;;;;;;;;;", second, "", third.replace("61", "x")])
    race = parse(text.encode())
    assert error_lines(race) == [7]


def test_a_quoted_value_over_two_lines_keeps_later_line_numbers_physical() -> None:
    header, first, second, third, _ = CLASSIFICATION.split("\r\n")
    first = first.replace("Garnet Racing", '"Garnet\r\nRacing"')
    third = third.replace("61", "x")
    race = parse("\r\n".join([header, first, second, third]).encode())
    assert error_lines(race) == [5]


# --- row errors ------------------------------------------------------------------------------


def test_a_negative_time_is_a_row_error() -> None:
    race = parse(laps_file(*GOOD_LAPS[:2], lap("7", 1, 3, "-1:58.500", "5:57.500", "13:05:57.500")))
    assert only_error(race) == RowError(4, "LAP_TIME: negative time '-1:58.500'")
    assert race.cars == ()


def test_an_unreadable_time_is_a_row_error() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace("4:02'00.000", "4h02")))
    assert only_error(race) == RowError(3, "TOTAL_TIME: unreadable time '4h02'")


def test_every_bad_cell_of_a_row_is_named_in_one_error() -> None:
    race = parse(
        alkamel_bytes(
            CLASSIFICATION.replace("2;7;Sakura", "2;#7;Sakura").replace(
                "LMP3;;Classified;110", "LMP9;;Classified;lots"
            )
        )
    )
    error = only_error(race)
    assert error.line == 3
    assert "NUMBER: car number '#7' is not a race number" in error.reason
    assert "LAPS: lap count 'lots' is not a whole number" in error.reason
    # An unknown class is a question for the preview, not a reason to refuse the row.
    assert "CLASS" not in error.reason


def test_duplicate_car_numbers_in_a_classification_are_errors() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace(";88;", ";25;")))
    assert only_error(race) == RowError(4, "car 25 is listed twice (also on line 2)")


def test_two_classified_cars_in_the_same_position_are_an_error() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace("2;7;", "1;7;")))
    assert only_error(race) == RowError(3, "position 1 is given twice (also on line 2)")


def test_a_classified_car_without_a_time_is_an_error() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace("4:01'02.345", "")))
    assert only_error(race) == RowError(2, "TOTAL_TIME: a classified car needs its race time")


def test_a_retired_car_may_have_no_time_and_no_position() -> None:
    text = CLASSIFICATION.replace("3;88;", ";88;").replace("2:10'00.000", "")
    car = parse(alkamel_bytes(text)).car("88")
    assert (car.position_overall, car.total_time_ms) == (None, None)


def test_a_row_missing_a_value_is_an_error() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace("Jack AITKEN;", "")))
    assert only_error(race) == RowError(
        4, "the row has 11 values but the header has 12 columns (a value or a delimiter is missing)"
    )


def test_a_row_with_an_extra_value_is_an_error() -> None:
    race = parse(alkamel_bytes(CLASSIFICATION.replace("Jack AITKEN;", "Jack;AITKEN;")))
    assert only_error(race).reason.startswith("the row has 13 values but the header has 12")


def test_laps_going_backwards_are_an_error() -> None:
    race = parse(laps_file(GOOD_LAPS[0], GOOD_LAPS[2], GOOD_LAPS[1]))
    assert [str(e) for e in race.errors] == [
        "line 3: lap 2 of car 7 is missing (after line 2)",
        "line 4: lap 2 of car 7 comes after lap 3 (line 3): laps go backwards",
    ]


def test_a_lap_listed_twice_is_an_error() -> None:
    race = parse(laps_file(*GOOD_LAPS, GOOD_LAPS[2]))
    assert only_error(race) == RowError(5, "lap 3 of car 7 is listed twice (also on line 4)")


def test_a_car_starting_after_lap_1_is_an_error() -> None:
    race = parse(laps_file(*GOOD_LAPS[1:]))
    assert only_error(race) == RowError(2, "car 7 starts at lap 2: lap 1 is missing")


def test_a_lap_time_that_disagrees_with_elapsed_is_an_error() -> None:
    race = parse(laps_file(*GOOD_LAPS[:2], lap("7", 1, 3, "1:48.500", "5:57.500", "13:05:57.500")))
    assert only_error(race) == RowError(
        4,
        "lap time 1:48.500 does not match ELAPSED, which grew by 1:58.500 since lap 2 (line 3)",
    )


def test_a_lap_time_that_disagrees_with_the_time_of_day_is_an_error() -> None:
    race = parse(laps_file(*GOOD_LAPS[:2], lap("7", 1, 3, "1:58.500", "5:57.500", "13:06:57.500")))
    assert "does not match HOUR" in only_error(race).reason


def test_a_seat_outside_1_to_5_is_an_error() -> None:
    race = parse(laps_file(lap("7", 6, 1, "2:00.000", "2:00.000", "13:02:00.000")))
    assert only_error(race).reason == "DRIVER_NUMBER: driver number 6 is not a seat from 1 to 5"


def test_one_seat_with_two_names_is_an_error() -> None:
    renamed = GOOD_LAPS[1].replace("Ye YIFEI", "Kamui KOBAYASHI")
    race = parse(laps_file(GOOD_LAPS[0], renamed, GOOD_LAPS[2]))
    assert only_error(race) == RowError(
        3, "seat 1 of car 7 is 'Kamui KOBAYASHI' here but 'Ye YIFEI' on line 2"
    )


def test_a_bad_row_does_not_drag_errors_onto_the_next_lap() -> None:
    garbled = GOOD_LAPS[1].replace("1:59.000", "1:5x.000")
    race = parse(laps_file(GOOD_LAPS[0], garbled, GOOD_LAPS[2]))
    assert error_lines(race) == [3]


def test_a_file_with_errors_has_no_cars_at_all(night_race: SampleRace) -> None:
    text = lap_analysis_csv(night_race)
    lines = text.split("\r\n")
    lines[5] = lines[5].replace(";GF;", ";GF;extra;", 1) + "junk;"
    race = parse(alkamel_bytes("\r\n".join(lines)))
    assert error_lines(race) == [6]
    assert (race.ok, race.cars) == (False, ())


def test_errors_past_the_limit_are_summed_up(night_race: SampleRace) -> None:
    header, *rows = classification_csv(night_race).split("\r\n")
    broken = [header] + [f"{n};x;;;;;;;;;;;;;;;;;;;;" for n in range(MAX_ERRORS + 20)]
    race = parse(alkamel_bytes("\r\n".join(broken)))
    assert len(race.errors) == MAX_ERRORS + 1
    assert race.errors[-1] == RowError(
        MAX_ERRORS + 2, "and 20 more rows with errors from this line on (not listed)"
    )
