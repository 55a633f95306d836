"""A small HTTP client for the fault tests' live server: every answer, never an exception."""

import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field


@dataclass
class Answer:
    method: str
    path: str
    status: int
    headers: dict
    body: object
    started: float = field(default=0.0)

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class LiveApi:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, data=None, token: str | None = None) -> Answer:
        # Behind the proxy production expects: it says the request came over HTTPS.
        headers = {"Accept": "application/json", "X-Forwarded-Proto": "https"}
        if token:
            headers["Authorization"] = f"Token {token}"
        payload = None
        if data is not None:
            payload = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.base + path, payload, headers, method=method)
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                status, raw, got = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as exc:
            status, raw, got = exc.code, exc.read(), dict(exc.headers)
        try:
            body = json.loads(raw)
        except ValueError:
            body = raw.decode(errors="replace")
        return Answer(method, path, status, got, body, started)

    def post(self, path: str, data=None, token: str | None = None) -> Answer:
        return self.call("POST", path, data if data is not None else {}, token)

    def get(self, path: str, token: str | None = None) -> Answer:
        return self.call("GET", path, None, token)

    def token(self, username: str) -> str:
        answer = self.post("/api/v1/auth/token/", {"username": username, "password": "demo"})
        assert answer.status == 200, answer
        return answer.body["token"]
