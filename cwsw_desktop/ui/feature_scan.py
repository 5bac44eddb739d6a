"""PySide6 reads the whole source of every module imported after it; this stops that.

PySide6 replaces Python's ``__import__`` so that a module may opt in to its ``__feature__``
syntax (``from __feature__ import snake_case, true_property``). To know which modules could,
``shibokensupport.feature._mod_uses_pyside`` calls ``inspect.getsource`` on EVERY module imported
after PySide6 and looks for the word "PySide6" in it; ``linecache`` then keeps every line of every
one of those files for the life of the process. Measured in the window at 5,000 pupils: about 500
files, 23 MB of source text kept (a seventh of the app's memory over a bare window) and 0.1-0.3 s
of reading on the way to the first data (SQLAlchemy, sqlmodel and the models alone are 300 files).

This app never uses ``__feature__``, so the question only has to be answered as PySide6 would
for any module without it, and it can be answered from the module's names instead of its text:
a module that holds anything of PySide6's counts as using it (0), any other as not (-1, which
PySide6 ignores). A PySide6 without this private hook is left as it is.
"""

from __future__ import annotations

import importlib
import logging
from types import ModuleType

log = logging.getLogger(__name__)

_QT = ("PySide6", "shiboken6")


def uses_pyside(module: ModuleType) -> bool:
    """Whether `module` holds a PySide6 module, class or function (from its names, not its text)."""
    for value in list(vars(module).values()):
        try:
            name = value.__name__ if isinstance(value, ModuleType) else getattr(value, "__module__", None)
        except Exception:  # a proxy whose attributes cannot be read: not PySide6's, and never an import error
            continue
        if isinstance(name, str) and name.startswith(_QT):
            return True
    return False


def skip_source_scan() -> bool:
    """Put `uses_pyside` in place of PySide6's source scan; False when PySide6 has no such hook."""
    import PySide6.QtCore  # noqa: F401  # its import puts the feature hook in place

    try:  # PySide6's own module (without type stubs), loaded by the line above
        feature = importlib.import_module("shibokensupport.feature")
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.info("PySide6 has no _mod_uses_pyside: its import hook is left as it is")
        return False
    vars(feature)["_mod_uses_pyside"] = uses_pyside  # the module global its hook looks up
    return True
