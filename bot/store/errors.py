"""The store's errors a user sees as one line (no SQLAlchemy import, so any layer can catch
them cheaply)."""


class StoreError(Exception):
    """The store cannot be used; the message is one line meant for the user."""


class NotReady(Exception):
    """The store lacks its schema or its knowledge; the message says which command fixes it."""
