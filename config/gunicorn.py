"""gunicorn's settings for the web container (`gunicorn -c python:config.gunicorn`).

Its access log is gunicorn's own, outside Django's LOGGING: it gets the same filter, so a
vendor's questionnaire link (/q/<token>/, a credential) is never written in clear."""

from gunicorn.glogging import Logger

from vendors.rules.log_redaction import RedactQuestionnaireTokens

accesslog = "-"


class RedactingLogger(Logger):
    """gunicorn's logger with the token filter on every handler it sets up."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.access_log, self.error_log):
            for handler in log.handlers:
                handler.addFilter(RedactQuestionnaireTokens())


logger_class = RedactingLogger
