"""The console: a Textual App over the store, the search index and the security view.

Nothing here touches the store on the UI thread. A thread worker opens the store,
checks that the OS account is an operator, indexes the members (streamed) and verifies
the files, posting typed messages back; a timer asks the store (again in a worker)
whether another process changed it and rebuilds the index when it did.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen

from helpdesk_tui.screens.directory_sync import DirectorySync
from helpdesk_tui.screens.navigation import Navigation
from helpdesk_tui.screens.palette import HelpdeskCommands
from helpdesk_tui.i18n import LANGS, Catalogue, catalogue
from helpdesk_tui.operators import NotAnOperator, require_operator
from helpdesk_tui.safe_text import visible
from helpdesk_tui.screens.search import SearchScreen

# Imported when first needed, to keep start-up to the first screen short: the member
# screen (tabs, phone analysis), the keys and message screens, the search index and
# the store (both only ever used in worker threads).

# Seconds between "did another process change the store?" checks (a cheap stat).
REFRESH_SECONDS = 2.0
# Themes that keep to the terminal's own 16 colours.
ANSI_THEME = "ansi-dark"
THEME_ALIASES = {"textual-ansi": ANSI_THEME}
# Actions still allowed once the console has refused to go on.
REFUSED_ALLOWED = {"quit", "help_quit"}


class HelpdeskApp(Navigation, DirectorySync, App[None], inherit_bindings=False):
    """``HelpdeskApp(store_path, lang)``; the CLI constructs and runs it."""

    TITLE = "helpdesk-tui"
    COMMANDS = {HelpdeskCommands}
    BINDINGS = [
        # "/" and "?" never belong in a member query, so they work even in the search box.
        Binding("slash", "focus_search", "key.focus-search", id="focus-search", priority=True),
        Binding("question_mark", "show_keys", "key.show-keys", id="show-keys", priority=True),
        Binding("ctrl+l", "toggle_language", "key.toggle-language", id="toggle-language"),
        Binding("ctrl+t", "open_queue", "key.open-queue", id="open-queue", priority=True),
        Binding("ctrl+p", "command_palette", "key.command-palette", id="command-palette",
                show=False, priority=True),
        Binding("ctrl+q", "quit", "key.quit", id="quit", priority=True),
        Binding("ctrl+c", "help_quit", "", id="help-quit", show=False, system=True),
    ]

    # -- messages posted by the store workers (typed, as in harlequin) ----------------
    class StoreMissing(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class StoreFailed(Message):
        def __init__(self, detail: str) -> None:
            super().__init__()
            self.detail = detail

    class OperatorRefused(Message):
        def __init__(self, username: str) -> None:
            super().__init__()
            self.username = username

    class StoreOpened(Message):
        def __init__(self, store, operator: dict, tenant_name: str | None = None) -> None:
            super().__init__()
            self.store, self.operator, self.tenant_name = store, operator, tenant_name

    class IndexReady(Message):
        def __init__(self, index, stamps: dict, refreshed: bool) -> None:
            super().__init__()
            self.index, self.stamps, self.refreshed = index, stamps, refreshed

    class StorePending(Message):
        def __init__(self, reason: str | None) -> None:
            super().__init__()
            self.reason = reason

    class StoreProblems(Message):
        def __init__(self, files: list[str]) -> None:
            super().__init__()
            self.files = files

    def __init__(self, store_path: str | Path, lang: str = "en", *, theme: str | None = None,
                 refresh_seconds: float = REFRESH_SECONDS, resolvers: list | None = None,
                 backend=None) -> None:
        super().__init__()
        from helpdesk_tui.directory import TinyDbBackend

        # The member directory (helpdesk_tui.directory): the store itself, or LINE WORKS
        # with the store as its mirror (synced by the start-up worker); actions take it.
        self.backend = backend or TinyDbBackend(store_path)
        self.tenant_name: str | None = None  # read by the start-up worker
        # The servers the domain and migration screens ask (None: the public resolvers).
        self.resolvers = resolvers
        if lang not in LANGS:
            raise ValueError(f"unknown language {lang!r}")
        self.store_path = Path(store_path)
        self.lang = lang
        self.catalogue: Catalogue = catalogue(lang)
        self.refresh_seconds = refresh_seconds
        self._theme_choice = THEME_ALIASES.get(theme, theme) if theme else None
        self.store = None
        self._operator: dict | None = None  # see the `operator` property
        self.index = None
        """The search index (helpdesk_tui.search.MemberIndex) once built."""
        self.corrupt_files: list[str] = []
        self.pending_reason: str | None = None  # a committed change the store cannot apply yet
        self.refused = False
        self._stamps: dict = {}
        self._refresh_timer = None
        self._refreshing = False

    @property
    def operator(self) -> dict | None:
        """The operator's record as the store has it now: a role changed meanwhile shows
        at once; a removed operator gets the refusal screen at their next step."""
        from helpdesk_tui.operators.admin import as_stored_now

        current, removed = as_stored_now(self.store, self._operator)
        if removed and not self.refused:
            self.refused = True
            self.post_message(self.OperatorRefused(self._operator["username"]))
        return current

    @operator.setter
    def operator(self, record: dict | None) -> None:
        self._operator = record

    # -- language ------------------------------------------------------------------
    def t(self, key: str, /, **params: object) -> str:
        return self.catalogue.t(key, **params)

    def operator_label(self) -> Text:
        """Who is at the keyboard, and which directory the actions change (always shown)."""
        where = Text(self.backend.short_label(), style="italic")
        if self.operator is None:
            return where
        name = self.operator.get("display_name") or self.operator.get("username")
        # The short role name: at 80 columns the title (a member's name) needs the room.
        role = self.t("role.short." + str(self.operator.get("role")))
        return Text.assemble(f"{visible(name, max_length=24)} · {role} │ ", where)

    def banner_text(self) -> str | None:
        if self.pending_reason is not None:
            return self.t("faults.pending.banner", reason=visible(self.pending_reason))
        if not self.corrupt_files:
            return None
        return self.t("store.corrupt.banner", files=", ".join(visible(f) for f in self.corrupt_files))

    def _store_relative(self, path: str | Path) -> str:
        """A store file named relative to the store directory when it is inside it."""
        try:
            return str(Path(path).relative_to(self.store_path.absolute()))
        except ValueError:
            return str(path)

    @property
    def read_only(self) -> bool:
        return bool(self.corrupt_files) or self.pending_reason is not None

    # -- start-up ------------------------------------------------------------------
    def get_default_screen(self) -> Screen:
        # The search screen is the first screen itself (no blank screen drawn before it:
        # start-up time); a refusal covers it with a MessageScreen and disables its keys.
        return SearchScreen(id="search-screen")

    def on_mount(self) -> None:
        if self._theme_choice:
            self.theme = self._theme_choice
        elif self.console.color_system in ("standard", "windows"):
            self.theme = ANSI_THEME
        # Once the first screen shows its keys (KeyFooter.Fitted, or after 0.3 s at most):
        # the worker's imports and its 100k-member read would otherwise hold the
        # interpreter while the operator waits for the screen and its footer.
        self._store_started = False
        self.set_timer(0.3, self._start_store)

    def on_key_footer_fitted(self, _message) -> None:
        self._start_store()

    def _start_store(self, *_args) -> None:
        if not self._store_started:
            self._store_started = True
            self.call_after_refresh(self.open_store)

    @work(thread=True, exclusive=True, group="store")
    def open_store(self) -> None:
        from helpdesk_tui.store import Store, StoreError, StoreNotFoundError
        from helpdesk_tui.timezones import use_tenant

        try:
            store = Store.open(self.store_path)
        except StoreNotFoundError:
            self.post_message(self.StoreMissing(self.store_path))
            return
        except (StoreError, OSError) as problem:
            self.post_message(self.StoreFailed(str(problem)))
            return
        try:
            operator = require_operator(store)
        except NotAnOperator as refusal:
            self.post_message(self.OperatorRefused(refusal.username))
            return
        except StoreError as problem:
            self.post_message(self.StoreFailed(str(problem)))
            return
        try:
            tenant = store.get_tenant() or {}
        except StoreError:
            tenant = {}  # the start-up check reports a damaged tenant file
        tenant_name = tenant.get("name")
        use_tenant(tenant)  # every time on screen in the tenant's zone (helpdesk_tui.timezones)
        self.post_message(self.StoreOpened(store, operator, tenant_name))
        self.post_message(self.StorePending(store.read_only_reason()))
        # Stamped before reading, so a write during the load is caught by the next poll.
        self._build_index(store, store.member_shard_stamps())
        problems = store.verify(logs=False)  # tables and journal: what a write needs
        if problems:
            self.post_message(self.StoreProblems(sorted({self._store_relative(p.path) for p in problems})))
        if self.backend.is_live:  # after the first screen, never before it (screens/directory_sync.py)
            self.sync_directory(store, operator)

    def _build_index(self, store, stamps: dict, changed: set[int] | None = None) -> None:
        """Stream members into the index and post it (worker thread only): all of them,
        or with ``changed`` only those of the member shards another process rewrote.

        Streaming keeps one shard of full records in memory at a time: the index keeps
        a summary per member, and 100k full records would hold ~150 MiB that the
        allocator never gives back.
        """
        from helpdesk_tui.search import MemberIndex
        from helpdesk_tui.store import StoreProblem

        damaged: list[StoreProblem] = []
        # A damaged member file: index every healthy shard, name the bad file(s) in a banner.
        if changed is None or self.index is None:
            index = MemberIndex.build(store.iter_members(problems=damaged), group=store.shard_of)
        else:
            index = self.index.replace(changed, store.iter_members(problems=damaged, shards=changed))
        if damaged:
            self.post_message(self.StoreProblems(sorted({self._store_relative(p.path) for p in damaged})))
        self.post_message(self.IndexReady(index, stamps, refreshed=changed is not None))

    @on(StoreMissing)
    def _store_missing(self, message: StoreMissing) -> None:
        path = visible(str(message.path))
        self.refuse(self.t("store.missing.title"), self.t("store.missing.body", path=path), "store-missing")

    @on(StoreFailed)
    def _store_failed(self, message: StoreFailed) -> None:
        body = self.t("store.error.body", path=visible(str(self.store_path)), detail=visible(message.detail))
        self.refuse(self.t("store.error.title"), body, "store-error")

    @on(OperatorRefused)
    def _operator_refused(self, message: OperatorRefused) -> None:
        text = self.t("operator.unknown", name=visible(message.username))
        self.refuse(self.t("operator.unknown.title"), text, "not-an-operator")

    def refuse(self, title: str, body: str, kind: str) -> None:
        """Show only a message and "quit": no member data, no palette, no search."""
        from helpdesk_tui.screens.message import MessageScreen

        self.refused = True
        self.index = None
        self.store = None
        if self._refresh_timer is not None:
            self._refresh_timer.stop()
        # A stack of its own: the console's screens (the search screen is the first one)
        # are dropped with their mode, so nothing of them is left under the message.
        if self.current_mode == "refused":  # a second refusal: its message on top
            self.push_screen(MessageScreen(title, body, kind=kind))
            return
        self.add_mode("refused", lambda: MessageScreen(title, body, kind=kind))
        self.switch_mode("refused")
        self.call_after_refresh(self._drop_console_mode)

    def _drop_console_mode(self) -> None:
        from textual.app import UnknownModeError

        try:
            self.remove_mode("_default")
        except UnknownModeError:
            pass

    @on(StoreOpened)
    def _store_opened(self, message: StoreOpened) -> None:
        self.store, self.operator = message.store, message.operator
        self.tenant_name = message.tenant_name
        self._each_screen("relabel")

    @on(IndexReady)
    def _index_ready(self, message: IndexReady) -> None:
        if self.refused:
            return
        self.index, self._stamps = message.index, message.stamps
        self._each_screen("index_changed")
        if message.refreshed:
            self._each_screen("store_changed")
        if self._refresh_timer is None:
            self._refresh_timer = self.set_interval(self.refresh_seconds, self._poll_store)

    @on(StorePending)
    def _store_pending(self, message: StorePending) -> None:
        if message.reason != self.pending_reason:
            self.pending_reason = message.reason
            self._each_screen("index_changed")

    @on(StoreProblems)
    def _store_problems(self, message: StoreProblems) -> None:
        self.corrupt_files = message.files
        self._each_screen("index_changed")

    def _each_screen(self, method: str) -> None:
        from textual.css.query import NoMatches

        for screen in self.screen_stack:
            handler = getattr(screen, method, None)
            if handler is not None and screen.is_attached:
                try:
                    handler()
                except NoMatches:  # a screen being taken down has lost its widgets
                    pass

    # -- refreshing ------------------------------------------------------------------
    def _poll_store(self) -> None:
        from helpdesk_tui.store import take_notices

        for notice in take_notices():  # e.g. a commit the store will finish applying
            self.notify(visible(notice), severity="warning", timeout=20, markup=False)
        # One check at a time: a rebuild at 100k members can outlast the interval.
        if not self._refreshing and not self.refused:
            self._refreshing = True
            self.check_store()

    @work(thread=True, exclusive=True, group="refresh")
    def check_store(self) -> None:
        """Has another process rewritten member shards? Then re-index just those."""
        from helpdesk_tui.store import StoreError

        try:
            store = self.store
            if store is None:
                return
            stamps = store.member_shard_stamps()
            old = self._stamps
            changed = {n for n in stamps.keys() | old.keys() if stamps.get(n) != old.get(n)}
            if changed:
                self._build_index(store, stamps, changed)
            self.post_message(self.StorePending(store.read_only_reason()))
        except (StoreError, OSError) as problem:
            self.post_message(self.StoreProblems([visible(str(problem))]))
        finally:
            self._refreshing = False

    # -- the guard: an unexpected exception is a banner and a crash report, never an exit --
    def _handle_exception(self, error: Exception) -> None:
        from textual.worker import WorkerFailed

        if isinstance(error, WorkerFailed):
            self._report_unexpected(error.error, leave_screen=False)
        else:  # a screen's or widget's handler: its message loop has stopped, so leave it
            self._report_unexpected(error, leave_screen=True)

    async def _dispatch_message(self, message: Message) -> None:
        # The app's own handlers (its bindings, the store workers' messages): an exception
        # here would stop the app's message loop, i.e. freeze the console.
        try:
            await super()._dispatch_message(message)
        except Exception as error:
            self._report_unexpected(error, leave_screen=False)

    def _report_unexpected(self, error: BaseException, *, leave_screen: bool) -> None:
        from helpdesk_tui.crash import one_line, write_report

        report = write_report(error, f"console {type(self.screen).__name__}")
        if leave_screen and len(self.screen_stack) > 1:  # never the search screen (the default)
            self.pop_screen()
        self.notify(one_line(error, report), title=self.t("faults.crash.title"), severity="error",
                    timeout=30, markup=False)

    # -- navigation ------------------------------------------------------------------
    def search_screen(self) -> SearchScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                return screen
        return None

    def on_search_screen(self, screen: Screen | None = None) -> bool:
        return isinstance(screen or self.screen, SearchScreen)

    # -- actions ---------------------------------------------------------------------
    def action_open_queue(self) -> None:
        self.open_queue()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.refused:
            return action in REFUSED_ALLOWED
        if action in {"focus_search", "show_keys"} and self._typing_text():
            return False  # let "/" and "?" be typed: a note "and/or", a path, "why?"
        return True

    def _typing_text(self) -> bool:
        """A text field other than the member search box has the focus (or the palette
        is open): "/" and "?" belong to what is being typed there."""
        import sys

        from textual.widgets import Input

        from helpdesk_tui.widgets.search_input import SearchInput

        if isinstance(self.screen, CommandPalette):
            return True
        focused = self.focused
        # TextArea is not imported just to ask: until a screen imports it, none is focused.
        text_area = sys.modules.get("textual.widgets._text_area")
        fields = (Input, text_area.TextArea) if text_area else (Input,)
        return isinstance(focused, fields) and not isinstance(focused, SearchInput)

    def action_command_palette(self) -> None:
        from helpdesk_tui.screens.command_palette import HelpdeskPalette

        if not CommandPalette.is_open(self):
            self.push_screen(HelpdeskPalette(id="--command-palette", placeholder=self.t("palette.placeholder")))

    def action_focus_search(self) -> None:
        while not isinstance(self.screen, SearchScreen) and len(self.screen_stack) > 1:
            self.pop_screen()
        search = self.search_screen()
        if search is not None:
            search.focus_search()

    def action_show_keys(self) -> None:
        from helpdesk_tui.screens.keys import KeysScreen, collect_keys

        if isinstance(self.screen, KeysScreen):
            self.screen.dismiss()
            return
        self.push_screen(KeysScreen(*collect_keys(self, self.screen)))

    def action_back(self) -> None:
        if len(self.screen_stack) > 1 and not isinstance(self.screen, SearchScreen):
            self.pop_screen()

    def action_toggle_language(self) -> None:
        self.lang = "en" if self.lang == "ja" else "ja"
        self.catalogue = catalogue(self.lang)
        self._each_screen("relabel")
        for screen in self.screen_stack:
            screen.refresh_bindings()
        self.notify(self.t("lang.switched"), timeout=2, markup=False)
