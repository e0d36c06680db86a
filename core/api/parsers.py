"""The API's one body parser: JSON, refused with a reason when it is nested deeper than
any of our resources (a 400, where Python's decoder would raise RecursionError and the
request end in a 500)."""

from __future__ import annotations

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# Our deepest body is a list of objects inside an object; 32 leaves room to grow.
MAX_DEPTH = 32
TOO_DEEP = "The JSON body is nested too deeply to read."


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(TOO_DEEP) from error
        if nesting_depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data


def nesting_depth(data) -> int:
    """How deep lists and objects nest (a scalar is 0), walked without recursion."""
    deepest, pending = 0, [(data, 1)]
    while pending:
        value, depth = pending.pop()
        children = value.values() if isinstance(value, dict) else value
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest
