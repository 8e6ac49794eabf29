from __future__ import annotations

import json
import logging

from academy.logs import JsonFormatter, request_id_from


def test_each_request_is_logged_as_json_with_its_request_id(client, app, caplog):
    caplog.set_level(logging.INFO, logger="academy")
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-abc-123"})
    assert response.headers["X-Request-ID"] == "proxy-abc-123"
    records = [record for record in caplog.records if record.getMessage() == "request"]
    assert records, "no request log line"
    line = json.loads(JsonFormatter().format(records[-1]))
    assert line["path"] == "/healthz"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float)


def test_unsafe_request_ids_are_replaced():
    assert request_id_from("abc-123") == "abc-123"
    replaced = request_id_from("evil\nlog line")
    assert "\n" not in replaced and len(replaced) == 32
    assert len(request_id_from(None)) == 32
