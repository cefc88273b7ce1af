"""Failures an operator can act on, worded in their language.

Each failure has a stable ``code`` (for JSON, the audit log and tests) and parameters; the
sentence comes from the label catalogue (``<prefix>.error.<code>``) so the console and the
command line say the same thing in Japanese or English. ``str(error)`` is the English
sentence, for logs and tracebacks.

``kind`` tells the caller how to react: ``not-found`` (nothing by that name), ``input``
(the request itself is malformed; nothing was attempted), ``refused`` (well-formed, but a
rule forbids it now). The command line maps them to exit codes 1, 2 and 4.
"""

from __future__ import annotations

from typing import Any

NOT_FOUND = "not-found"
INPUT = "input"
REFUSED = "refused"


class LocalizedError(Exception):
    """A failure whose message is looked up in the label catalogue."""

    prefix = "domains"
    kind = REFUSED
    # parameters holding ids (or lists of ids) shown by their labels: name -> label key prefix
    labelled: dict[str, str] = {}

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.message("en"))

    def message(self, lang: str) -> str:
        """The sentence for ``lang`` ("ja" or "en"), parameters filled in."""
        from helpdesk_tui.i18n import catalogue

        labels = catalogue(lang)
        shown = {k: _show(v) for k, v in self.params.items()}
        for name, prefix in self.labelled.items():
            value = self.params.get(name)
            if isinstance(value, (list, tuple)):
                shown[name] = ", ".join(labels.t(prefix + str(v)) for v in value)
            elif isinstance(value, str):
                shown[name] = labels.t(prefix + value)
        return labels.t(f"{self.prefix}.error.{self.code}", **shown)

    def audit_details(self) -> dict:
        """What goes into the audit entry of a refusal besides the reason code."""
        return {"reason": self.code, **{k: _plain(v) for k, v in self.params.items()}}


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if hasattr(value, "isoformat"):
        return value.isoformat(sep=" ", timespec="minutes")
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="seconds")
    return value
