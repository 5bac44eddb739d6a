"""Frozen entry point (PyInstaller): the same main() as `cwsw-desktop`."""

import sys

from cwsw_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
