"""Turn domain failures into one clear line and an exit code."""

from __future__ import annotations

from contextlib import contextmanager

from helpdesk_tui.localized import INPUT, NOT_FOUND, LocalizedError
from helpdesk_tui.operators import NotAnOperator
from helpdesk_tui.store import StoreError, StoreNotFoundError
from helpdesk_tui.tickets import TicketInputError, TicketNotFound
from helpdesk_tui.triage import TreeError, TriageError

EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2
EXIT_STORE = 3
EXIT_REFUSED = 4


class CliError(Exception):
    def __init__(self, message: str, exit_code: int = EXIT_BAD_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def domain_errors(lang: str = "en"):
    """Map store / permission exceptions to CliError with the right exit code; a
    LocalizedError is worded in ``lang``."""
    try:
        yield
    except LocalizedError as problem:
        code = {NOT_FOUND: EXIT_NOT_FOUND, INPUT: EXIT_BAD_INPUT}.get(problem.kind, EXIT_REFUSED)
        raise CliError(problem.message(lang), code) from problem
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
    except TicketNotFound as missing:
        raise CliError(str(missing), EXIT_NOT_FOUND) from missing
    except (TicketInputError, TriageError) as bad:
        raise CliError(str(bad), EXIT_BAD_INPUT) from bad
    except TreeError as broken_tree:
        raise CliError(f"decision tree problem: {broken_tree}", EXIT_STORE) from broken_tree
    except BrokenPipeError:
        raise  # the reader went away: main() ends quietly
    except OSError as refused:  # the file system said no (read-only, full, no permission)
        where = f"{refused.filename}: " if refused.filename else ""
        raise CliError(f"{where}{refused.strerror or type(refused).__name__}; nothing was changed",
                       EXIT_STORE) from refused
