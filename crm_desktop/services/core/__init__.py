"""What every area of the domain stands on: errors, the row rules shared with the server, CRUD with
outbox side effects, device identity, FTS helpers.
"""
