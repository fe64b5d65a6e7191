"""A rep's activity: visits, calls, reminders and the day's agenda."""
