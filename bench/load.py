"""A bounded load generator: a fixed number of threads, each with one keep-alive connection,
sending GETs to loopback until a request count or a time bound is reached, whichever first."""

import http.client
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list
    failures: Counter  # what the failed requests answered (status, or the exception)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies_ms)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")

    @property
    def p99(self) -> float:
        return self.percentile(99)


def run_load(
    port: int,
    path: str,
    headers: dict,
    *,
    expect: int,
    concurrency: int,
    requests: int,
    max_seconds: float,
    host: str = "127.0.0.1",
) -> LoadResult:
    """Send `requests` GETs (spread over `concurrency` connections), stopping at
    `max_seconds`; a response whose status is not `expect` counts as an error."""
    headers = {"Host": host, "Connection": "keep-alive", **headers}
    latencies: list[float] = []
    errors = [0]
    failures: Counter = Counter()
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.monotonic() + max_seconds

    def take() -> bool:
        with lock:
            if remaining[0] <= 0 or time.monotonic() > deadline:
                return False
            remaining[0] -= 1
            return True

    def worker():
        conn = http.client.HTTPConnection(host, port, timeout=30)
        mine: list[float] = []
        bad: Counter = Counter()
        while take():
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == expect
                what = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as exc:
                ok, what = False, type(exc).__name__
                conn.close()
            mine.append((time.perf_counter() - started) * 1000)
            if not ok:
                bad[what] += 1
        conn.close()
        with lock:
            latencies.extend(mine)
            errors[0] += sum(bad.values())
            failures.update(bad)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - started
    return LoadResult(len(latencies), errors[0], seconds, latencies, failures)
