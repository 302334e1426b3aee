"""Filters of the logging configuration (settings.LOGGING)."""

import logging


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx (a refusal, a page not found) is an answer, not an error: its record keeps the
    line and drops the traceback Django attaches; a 5xx keeps it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = record.exc_text = None
        return True
