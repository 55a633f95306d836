"""Racing calls on real connections: each thread has its own database connection and
transaction, and all are released at the same moment."""

import threading

from django.db import connection

JOIN_SECONDS = 90


def race(*calls) -> list[tuple[str, object]]:
    """Run each call in its own thread; returns ("ok", result) or ("error", exception) per
    call, in the order of the calls."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = ("ok", call())
        except Exception as exc:  # collected and asserted by the test
            results[i] = ("error", exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=JOIN_SECONDS)
    assert not any(t.is_alive() for t in threads), "a racing call did not finish"
    return results


def errors(results) -> list[Exception]:
    return [value for kind, value in results if kind == "error"]


def values(results) -> list:
    return [value for kind, value in results if kind == "ok"]
