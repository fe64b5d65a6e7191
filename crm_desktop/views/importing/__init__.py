"""The import wizard: a spreadsheet's accounts and contacts into the CRM, and its undo."""
