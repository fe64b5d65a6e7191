"""Quotes: pricing, drafts, revisions and status, the proposal data, the mail outbox."""
