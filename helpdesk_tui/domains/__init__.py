"""The tenant's mail domains and their ownership (seed 000), without any presentation.

States and glossary statuses. Seed 000's flow is pending → verified → primary. The
glossary's domain statuses are ``in-use | pending | verified | failed``, and the import
format names the primary domain in the tenant's ``primary_domain``. So:

=========  ==============================================================================
state      stored as
=========  ==============================================================================
pending    status ``pending``: added, ownership record not seen yet (the vendor's status
           can take up to 24 h, seed 000 STEP.3; ``DomainView.settles_by``)
verified   status ``verified``: the ownership MX record was seen
failed     status ``failed``: still not seen 24 h after adding; a later check can verify
primary    the tenant's ``primary_domain``; its status is ``in-use``
(in-use)   status ``in-use`` and not primary: a sub mail domain (the former primary, the
           provided ``*.by-works.com`` domain)
=========  ==============================================================================

API (the console and the command line both call these; every change and refusal is
audited in the same store transaction)::

    list_domains(store, now=None) -> list[DomainView]
    get_domain(store, name, now=None) -> DomainView
    add_domain(store, operator, name) -> DomainView
    publish_record(store, operator, name) -> PublishRecord
    verify_domain(store, operator, name, lookup) -> VerifyResult
    check_primary(store, operator, name) -> DomainView   (the rules, before the warnings)
    make_primary(store, operator, name, *, acknowledged) -> SwitchResult
    delete_domain(store, operator, name, *, confirm) -> DeleteResult
    switch_impact(store) -> SwitchImpact;  switch_warnings(lang, params);  warning_params(...)
    parse_domain_name(text) -> DomainName;  lookup.mx_lookup(resolver, timeout)

``operator`` is the operator record (``operators.require_operator``). Failures raise
:class:`DomainError` subclasses with a ``code`` and ``message(lang)``.
"""

from helpdesk_tui.domains.errors import (
    DomainError,
    DomainInputError,
    DomainNotFound,
    DomainRefused,
    LocalizedError,
    LookupFailed,
)
from helpdesk_tui.domains.model import (
    PROVIDED_SUFFIX,
    STATUS_WINDOW,
    SWITCH_LOCK,
    VERIFICATION_MX_SUFFIX,
    DomainView,
    PublishRecord,
    switch_locked_until,
    verification_record,
)
from helpdesk_tui.domains.names import DomainName, parse_domain_name
from helpdesk_tui.domains.ownership import (
    DeleteResult,
    VerifyResult,
    add_domain,
    delete_domain,
    get_domain,
    list_domains,
    publish_record,
    verify_domain,
)
from helpdesk_tui.domains.primary import (
    SWITCH_WARNINGS,
    WARNING_IDS,
    SwitchImpact,
    SwitchResult,
    SwitchWarning,
    check_primary,
    make_primary,
    switch_impact,
    switch_warnings,
    warning_params,
)

__all__ = [
    "PROVIDED_SUFFIX",
    "STATUS_WINDOW",
    "SWITCH_LOCK",
    "SWITCH_WARNINGS",
    "VERIFICATION_MX_SUFFIX",
    "WARNING_IDS",
    "DeleteResult",
    "DomainError",
    "DomainInputError",
    "DomainName",
    "DomainNotFound",
    "DomainRefused",
    "DomainView",
    "LocalizedError",
    "LookupFailed",
    "PublishRecord",
    "SwitchImpact",
    "SwitchResult",
    "SwitchWarning",
    "VerifyResult",
    "add_domain",
    "delete_domain",
    "get_domain",
    "list_domains",
    "check_primary",
    "make_primary",
    "parse_domain_name",
    "publish_record",
    "switch_impact",
    "switch_locked_until",
    "switch_warnings",
    "verification_record",
    "verify_domain",
    "warning_params",
]
