"""What every view is given by the composition root: no global application object."""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.clock import Clock
from crm_desktop.database import Database
from crm_desktop.settings import Settings
from crm_desktop.views.common.ops import Operations


@dataclass
class AppContext:
    database: Database
    ops: Operations
    settings: Settings
    language: str  # "es" or "en"
    user_id: str | None = None  # the signed-in rep; None shows everyone's data (manager)

    @property
    def clock(self) -> Clock:
        """The one clock (the database's: its sessions carry the same)."""
        return self.database.clock
