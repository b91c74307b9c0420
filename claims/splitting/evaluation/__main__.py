"""One command for every figure: ``python -m claims.splitting.evaluation --help``."""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m claims.splitting.evaluation")
    commands = parser.add_subparsers(dest="command", required=True)

    from . import checkworthiness, news

    checkworthiness.add_arguments(commands.add_parser("checkworthiness", help=checkworthiness.__doc__))
    news.add_arguments(commands.add_parser("news", help=news.__doc__))
    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
