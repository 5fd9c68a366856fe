"""``python -m aigc_desktop``: the GUI by default; ``python -m aigc_desktop SUBCOMMAND`` is ``aigc``."""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
from typing import Optional, Sequence


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aigc-desktop",
        description="AIGC Desktop: clean image datasets, train VAEs and GANs, measure what cleaning changed.",
        epilog="Subcommands of the command-line interface also work here: "
               "python -m aigc_desktop {import,info,scan,clean,train,generate,evaluate,experiment,demo} …",
    )
    parser.add_argument("project", nargs="?", help="a project (.aigc) to open, or a dataset to import")
    parser.add_argument("--demo", action="store_true", help="open the built-in demo dataset")
    parser.add_argument("--lang", choices=["en", "zh_CN"], help="interface language for this run")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen, open the demo, check the panels, print a JSON line and exit")
    parser.add_argument("--screenshot", metavar="PNG", help="save a screenshot of the window and exit")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument("--debug", action="store_true", help="also print the traceback of an internal error")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    multiprocessing.freeze_support()  # a frozen bundle re-enters here in child processes
    invoked_as_cli = argv is None and os.path.basename(sys.argv[0]).lower() in ("aigc", "aigc.exe")
    argv = list(sys.argv[1:] if argv is None else argv)
    from aigc_desktop.cli import SUBCOMMANDS

    if invoked_as_cli or (argv and argv[0] in SUBCOMMANDS):
        from aigc_desktop.cli import main as cli_main

        return cli_main(argv)
    args = _gui_parser().parse_args(argv)
    if args.version:
        from aigc_desktop import __version__

        print(f"aigc-desktop {__version__}")
        return 0
    if args.project and not os.path.exists(args.project):
        print(f"aigc-desktop: error: {args.project} does not exist (expected a project .aigc or a dataset; "
              f"subcommands: {', '.join(SUBCOMMANDS)})", file=sys.stderr)
        return 2
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from aigc_desktop.qt.platform_check import ensure_utf8_locale, platform_problem

    ensure_utf8_locale()
    problem = platform_problem()
    if problem:
        print(f"aigc-desktop: {problem}", file=sys.stderr)
        return 1
    if args.self_test:
        from aigc_desktop.qt.selftest import run_self_test

        return run_self_test(language=args.lang)
    from aigc_desktop.qt.app import run_gui

    return run_gui(args.project, demo=args.demo, language=args.lang, screenshot=args.screenshot, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
