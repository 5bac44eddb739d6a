"""Entry point: `cwsw-desktop` / `python -m cwsw_desktop`.

With no subcommand it opens the window. Kept light: the GUI path imports Qt and the window
only; the store and everything below it load after the first paint.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    keyed = None
    if words[:1] == ["due"]:  # the key derivation runs beside the parsing (commands/key_early.py)
        from cwsw_desktop.commands.key_early import key_before_parsing

        keyed = key_before_parsing(words)
    try:
        from cwsw_desktop.cli import build_parser, run_command

        parser = build_parser(words[0] if words else None)
        args = parser.parse_args(words)
        if getattr(args, "command", None):
            return run_command(args)
    finally:
        if keyed is not None:  # a usage error, or a store other than the one the words said
            from cwsw_desktop.store.keying import forget_ahead

            forget_ahead(keyed, wait=False)
    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.ui.app import run_gui

    return run_gui(resolve_paths(args.db, args.data_dir), demo=args.demo, self_test=args.self_test)


if __name__ == "__main__":
    sys.exit(main())
