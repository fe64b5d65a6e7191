"""Accounts and contacts: saving with side effects, the paged account list, search, the 360°
timeline.
"""
