"""One exception tree for newstrace; messages say how to fix the problem."""


class NewstraceError(Exception):
    """Base class of every error newstrace raises on purpose."""


class InputError(NewstraceError):
    """An input file or record cannot be read or understood."""


class ConfigError(NewstraceError):
    """A setting or command-line option is invalid."""


class StoreError(NewstraceError):
    """The DuckDB store cannot be opened, read or written."""


class EngineError(NewstraceError):
    """An engine failed to run a stage."""
