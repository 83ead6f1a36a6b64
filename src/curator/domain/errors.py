class CuratorError(Exception):
    """Base of every error Curator reports to a user in words."""


class StoreError(CuratorError):
    """The database failed or refused an operation (locked by another writer, the
    connection lost, the disk full): the message gives its reason on one line. The data
    layer translates its library's errors into this one, so nothing above it needs to
    know which database library is used."""


class ValidationError(CuratorError, ValueError):
    """Input that cannot be accepted; the message says why, in one line."""


class NotFound(CuratorError, LookupError):
    """A document, annotation or curator that does not exist (any more)."""


class Conflict(CuratorError):
    """The store changed since the action was recorded (another window, process or
    import touched the same thing): the action is refused rather than applied to
    something else."""


class DuplicateAnnotation(ValidationError):
    """An annotation of the same label already covers exactly this span; its id is
    :attr:`existing_id` (a user interface selects it instead)."""

    def __init__(self, message: str, existing_id: int) -> None:
        super().__init__(message)
        self.existing_id = existing_id
