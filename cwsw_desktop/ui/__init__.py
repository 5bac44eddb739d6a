"""Qt user interface. The only layer that imports PySide6.

PySide6's import hook would read the source of every module imported after it (see
`feature_scan.py`): that is switched off here, before any other module of the window loads."""

from cwsw_desktop.ui.feature_scan import skip_source_scan

skip_source_scan()
