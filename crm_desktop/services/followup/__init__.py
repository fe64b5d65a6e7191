"""Follow-up rules that create reminders, and the reminders that fall due."""
