"""Filters the LOGGING setting attaches to loggers."""

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    """Keep a refused request (403) to its one line, "Forbidden (Permission denied): /path".

    Django logs a PermissionDenied with the exception attached, so each refusal would print a
    traceback of code that worked as intended; this drops the exception from 403 records only.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
