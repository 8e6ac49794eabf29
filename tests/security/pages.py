"""Reading a page's forms as a browser would send them back."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    """Each form of a page, with the values a browser would send untouched."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form":
            self._current = {"action": attributes.get("action") or "", "fields": {}, "names": set()}
            self.forms.append(self._current)
            return
        if self._current is None or not name:
            if tag == "option" and self._select is not None:
                self._options.append((attributes.get("value") or "", "selected" in attributes))
            return
        fields = self._current["fields"]
        if tag == "input":
            self._current["names"].add(name)
            kind = attributes.get("type", "text")
            if kind in ("submit", "button") or "disabled" in attributes:
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            fields.setdefault(name, []).append(attributes.get("value") or "")
        elif tag == "select":
            self._current["names"].add(name)
            self._select, self._options = name, []
        elif tag == "textarea":
            self._current["names"].add(name)
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._textarea is not None and self._current is not None:
            self._current["fields"][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None
        elif tag == "select" and self._select is not None and self._current is not None:
            chosen = [v for v, selected in self._options if selected] or [
                v for v, _ in self._options[:1]
            ]
            self._current["fields"][self._select] = chosen
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._current is not None:
            values = self._current["fields"][self._textarea]
            values[0] = values[0].removeprefix("\n")
            self._textarea = None


def form_holding(page: str, name: str) -> tuple[str, dict[str, list[str]]]:
    """The action of the form that holds field `name`, and the values it would send."""
    reader = _Forms()
    reader.feed(page)
    for form in reader.forms:
        if name in form["names"]:
            return form["action"], form["fields"]
    raise AssertionError(f"no form on the page has a field named {name!r}")


def form_values(page: str, name: str) -> dict[str, str | list[str]]:
    """The values of the form holding field `name`, one value per name where there is one."""
    _, fields = form_holding(page, name)
    return {key: values[0] if len(values) == 1 else values for key, values in fields.items()}
