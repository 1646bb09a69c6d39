"""The errors a user can cause (a wrong name, path, option or file): their message says on one line
what was wrong, where (file, line, record id) and what is accepted. The command line prints that
line and exits with status 2; any other exception is a bug and keeps its traceback."""


class QuotesError(ValueError):
    """A wrong input or setting; the message names it and what is accepted."""
