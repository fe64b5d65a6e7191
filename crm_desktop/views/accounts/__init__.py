"""The Accounts page, the account form and dialog, and the 360° view with its contacts and
timeline.
"""
