"""The API's JSON parser: DRF's, bounded in depth.

Python's decoder recurses once per `[` or `{`; a body nested thousands deep would raise
`RecursionError` (a 500). Here such a body is a 400 `parse_error`, and so is anything nested
deeper than any input of the API needs (`MAX_DEPTH`), so no later step walks a deep tree.
"""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def nesting_depth(value) -> int:
    """How deep lists and objects nest in a decoded JSON value, without recursion."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = item.values()
        elif not isinstance(item, list):
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            break
        stack.extend((child, depth + 1) for child in item)
    return deepest


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON nested too deep.") from None
        if nesting_depth(data) > MAX_DEPTH:
            raise ParseError("JSON nested too deep.")
        return data
