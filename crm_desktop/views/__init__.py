"""Qt: main window, widgets, dialogs, item models, background workers."""
