"""The project's own warning category; tests turn it into errors."""


class CrmWarning(UserWarning):
    """A condition the program survives but a developer must look at."""
