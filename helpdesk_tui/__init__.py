"""helpdesk-tui: a keyboard-driven helpdesk console for a LINE WORKS-style tenant.

Layers (folder names say which is which):
- domain, never importing Textual: ``glossary``, ``clock``, ``safe_text``, ``phone``,
  ``store/`` (TinyDB files, locking, logs), ``members/``, ``search/``, ``importexport/``,
  ``demo/``, ``i18n/``, ``cli/``;
- presentation: ``app.py``, ``screens/``, ``widgets/``.
"""

__version__ = "0.1.0"
