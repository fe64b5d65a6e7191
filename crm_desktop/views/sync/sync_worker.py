"""Network work for sync: the runner lives in views.common (settings use it too)."""

from crm_desktop.views.common.network import NetworkRunner

__all__ = ["NetworkRunner"]
