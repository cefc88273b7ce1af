"""The privilege boundary between operators and the shared store.

On a shared host the store belongs to a service account (0700 / 0600) and a root-owned
system configuration (``/etc/helpdesk-tui/config.toml``, :mod:`.sysconfig`) names it.
An operator's ``helpdesk-tui`` re-executes itself through ``sudo -n -u <service>``
(:mod:`.route`), allowed by a sudoers drop-in for the helpdesk group; under the service
account the operator is the account sudo names (:mod:`.identity`), and only the system
configuration decides the store, the LINE WORKS settings, the resolvers and the audit
witness. ``store secure`` (:mod:`.secure`) sets a store up this way. Files an operator
asks for are written by the operator's own process (:mod:`.stream`).

Without a system configuration (a private store, the demo) none of this applies.
"""

from helpdesk_tui.boundary.sysconfig import SYSTEM_CONFIG, BoundaryError, SystemConfig, load_system_config

__all__ = ["SYSTEM_CONFIG", "BoundaryError", "SystemConfig", "load_system_config"]
