"""The command line's parser class: argparse with one-line usage errors that keeps what it was given."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

__all__ = ["CommandParser", "UsageError"]


class UsageError(Exception):
    """The command line is wrong (an unknown command or option, a missing argument): exit code 2."""


class _Group:
    """An argument group that tells its parser the option strings added to it."""

    def __init__(self, group: Any, options: set[str]) -> None:
        self._group = group
        self._options = options

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = self._group.add_argument(*args, **kwargs)
        self._options.update(action.option_strings)
        return action


class CommandParser(argparse.ArgumentParser):
    """argparse that reports usage errors as one line (no usage dump) and keeps what it was given.

    ``options`` are the option strings added to it (``-o``, ``--output``, ...),
    ``commands`` the parsers of its commands by name.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.options: set[str] = set()  # before argparse adds -h, --help
        self.commands: dict[str, CommandParser] = {}
        self._command_adder: Any = None
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> Any:  # type: ignore[override]
        raise UsageError(f"{message} (see '{self.prog} --help')")

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:  # type: ignore[override]
        action = super().add_argument(*args, **kwargs)
        self.options.update(action.option_strings)
        return action

    def add_group(self, title: str) -> _Group:
        """An argument group under ``title`` in the help; its options count among ``options``."""
        return _Group(self.add_argument_group(title), self.options)

    def add_command(self, name: str, run: Callable[[argparse.Namespace], int], **kwargs: Any) -> CommandParser:
        """Add the command ``name``, run by ``run(args)`` (its exit code); ``kwargs`` go to its parser."""
        if self._command_adder is None:
            self._command_adder = self.add_subparsers(dest="command", metavar="COMMAND", required=True)
        p = self._command_adder.add_parser(name, **kwargs)
        p.set_defaults(func=run)
        self.commands[name] = p
        return p

    def every_option(self) -> set[str]:
        """The option strings of this parser and of all its commands."""
        out = set(self.options)
        for p in self.commands.values():
            out |= p.every_option()
        return out
