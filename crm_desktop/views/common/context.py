"""What every view is given by the composition root: no global application object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crm_desktop.clock import Clock
from crm_desktop.database import Database
from crm_desktop.settings import Settings
from crm_desktop.views.common.ops import Operations

if TYPE_CHECKING:
    from crm_desktop.sync.content import ContentSync


@dataclass
class AppContext:
    database: Database
    ops: Operations
    settings: Settings
    language: str  # "es" or "en"
    user_id: str | None = None  # the signed-in rep; None shows everyone's data (manager)
    # Downloads of attachments on open (issue 17): the sync's content pass with its signed-in
    # client, or None while no server is set up (install_sync sets it).
    content_source: Callable[[], ContentSync | None] | None = None

    @property
    def clock(self) -> Clock:
        """The one clock (the database's: its sessions carry the same)."""
        return self.database.clock
