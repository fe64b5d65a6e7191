"""Files attached to accounts and the rows under them: the encrypted content store and the
service the views and the sync call (issue 17). No Qt.

The sync of content (sync/content.py) calls the store's functions on this package, as the
contract of issue 17 names them; `db` is the opened Database or its file's path.
"""

from crm_desktop.services.attachments.store import (
    ContentMismatch,
    ContentMissing,
    mark_uploaded,
    missing_content,
    open_content,
    partial_download,
    partial_size,
    pending_uploads,
    purge_unreferenced,
    store_downloaded,
)

__all__ = [
    "ContentMismatch",
    "ContentMissing",
    "mark_uploaded",
    "missing_content",
    "open_content",
    "partial_download",
    "partial_size",
    "pending_uploads",
    "purge_unreferenced",
    "store_downloaded",
]
