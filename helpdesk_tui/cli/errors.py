"""Turn domain failures into one clear line and an exit code."""

from __future__ import annotations

from contextlib import contextmanager

from helpdesk_tui.operators import NotAnOperator
from helpdesk_tui.store import StoreError, StoreNotFoundError

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_STORE = 3
EXIT_REFUSED = 4


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def domain_errors():
    """Map store / permission exceptions to CliError with the right exit code."""
    try:
        yield
    except NotAnOperator as refused:
        raise CliError(str(refused), EXIT_REFUSED) from refused
    except StoreNotFoundError as missing:
        raise CliError(
            f"{missing} (create a demo tenant with `helpdesk-tui demo`, "
            "or load one with `helpdesk-tui import FILE.json`)",
            EXIT_STORE,
        ) from missing
    except StoreError as broken:
        raise CliError(str(broken), EXIT_STORE) from broken
