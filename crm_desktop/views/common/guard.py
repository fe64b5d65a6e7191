"""Callbacks of operations that may finish after their widget was closed and deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import shiboken6
from PySide6.QtCore import QObject

T = TypeVar("T")


def while_alive(owner: QObject, callback: Callable[[T], Any]) -> Callable[[T], None]:
    """callback, skipped if owner's C++ object is gone by the time the result arrives."""

    def guarded(result: T) -> None:
        if shiboken6.isValid(owner):
            callback(result)

    return guarded
