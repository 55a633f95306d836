"""Status polling over HTTP: the case API beside bare DRF endpoints on the same gunicorn,
200s and 304s, repeated in turn (A B A B …) so drift hits both alike; then the resident
memory of the workers after the run."""

import http.client
import statistics

from .load import run_load
from .server import gunicorn, rss_mib, worker_pids
from .table import Table, ratio


def _etag(port: int, path: str, headers: dict) -> str:
    """The ETag the load generator's requests will match: the same headers, `Host` too (a
    list's `next` link, and so its ETag, carries the host the client named)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200, (path, response.status)
    return response.getheader("ETag")


def run(table: Table, *, port: int, database_url: str, token: str, case_id, size) -> None:
    auth = {"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"}
    endpoints = {
        "detail": f"/api/v1/cases/{case_id}/",
        "bare_detail": f"/bench/cases/{case_id}/",
        "visible_detail": f"/bench/visible-cases/{case_id}/",
        "list": "/api/v1/cases/?page_size=50",
        "bare_list": "/bench/cases/",
        "constant": "/bench/constant/",
    }
    with gunicorn(port, database_url) as server:
        etags = {name: _etag(port, path, auth) for name, path in endpoints.items()}
        plans = []
        for name, path in endpoints.items():
            plans.append((name, path, auth, 200))
            plans.append((f"{name}_304", path, {**auth, "If-None-Match": etags[name]}, 304))
        # A warm-up pass per endpoint (imports, caches, connections), not counted.
        for _, path, headers, expect in plans:
            run_load(port, path, headers, expect=expect, concurrency=2, requests=20, max_seconds=5)
        results: dict[str, list] = {name: [] for name, *_ in plans}
        for _ in range(size.repeats):
            for name, path, headers, expect in plans:
                results[name].append(
                    run_load(
                        port,
                        path,
                        headers,
                        expect=expect,
                        concurrency=size.concurrency,
                        requests=size.requests,
                        max_seconds=size.max_seconds,
                    )
                )
        rss = [rss_mib(pid) for pid in worker_pids(server.pid)]
    med = {n: _medians(rs) for n, rs in results.items()}
    for name, bare, label in [
        ("detail", "bare_detail", "GET sak"),
        ("list", "bare_list", "GET saksliste (50)"),
        ("detail_304", "bare_detail_304", "GET sak, 304"),
        ("list_304", "bare_list_304", "GET saksliste (50), 304"),
    ]:
        a, b = med[name], med[bare]
        target = 0.85 if name.endswith("_304") else 0.6
        r = ratio(a["rps"], b["rps"])
        table.add(
            "1",
            f"{label}: req/s, p50/p99 ms",
            _fmt(a),
            f"bart DRF: {_fmt(b)}",
            r,
            f"≥ {target}",
            r >= target,
        )
    for name, bare, label in [
        ("visible_detail", "bare_detail", "GET sak"),
        ("visible_detail_304", "bare_detail_304", "GET sak, 304"),
    ]:
        a, b = med[name], med[bare]
        table.add(
            "1",
            f"bart DRF med synlighetsregelen, {label}: req/s, p50/p99 ms",
            _fmt(a),
            f"bart DRF: {_fmt(b)}",
            ratio(a["rps"], b["rps"]),
        )
    for name in ("constant", "constant_304"):
        table.add("1", f"bart DRF, konstant{', 304' if '304' in name else ''}", _fmt(med[name]))
    errors = sum(r.errors for rs in results.values() for r in rs)
    failures = {
        f"{name}: {what}": count
        for name, rs in results.items()
        for r in rs
        for what, count in r.failures.items()
    }
    table.add(
        "1",
        "feil (uventet status eller brutt forbindelse)",
        str(errors),
        ", ".join(f"{k} ×{v}" for k, v in sorted(failures.items())),
        met=errors == 0,
    )
    table.add(
        "6",
        "RSS per arbeider etter pollingen (MiB)",
        " / ".join(f"{m:.0f}" for m in rss),
        f"gunicorn gthread, {len(rss)} arbeidere",
    )


def _medians(results) -> dict:
    return {
        "rps": statistics.median(r.rps for r in results),
        "p50": statistics.median(r.p50 for r in results),
        "p99": statistics.median(r.p99 for r in results),
    }


def _fmt(m: dict) -> str:
    return f"{m['rps']:.0f} req/s, {m['p50']:.1f}/{m['p99']:.1f} ms"
