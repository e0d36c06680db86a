"""A logging filter that keeps questionnaire tokens out of the logs: a /q/<token>/ path
in any record (Django's request and CSRF warnings, the dev server's access lines)
is written as /q/<redacted>/."""

import logging
import re

TOKEN_PATH = re.compile(r"/q/[^/\s\"?]+")


class RedactQuestionnaireTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "/q/" in message:
            record.msg, record.args = TOKEN_PATH.sub("/q/<redacted>", message), ()
        return True
