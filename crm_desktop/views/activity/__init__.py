"""Recording what happened with a client: visit, call, note, opportunity and contact dialogs, the
quick account picker.
"""
