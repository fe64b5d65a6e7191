"""The domain: validation, CRUD with side effects, search. Plain Python; no Qt."""
