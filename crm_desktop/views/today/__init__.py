"""The Today page (the rep's day) and the follow-up alerts behind it."""
