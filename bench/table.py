"""The result table: one row per figure, with what it is measured beside and the target."""

from dataclasses import dataclass, field


@dataclass
class Row:
    section: str
    what: str
    value: str
    beside: str = ""
    ratio: float | None = None
    target: str = ""
    met: bool | None = None


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        return row

    def markdown(self) -> str:
        lines = [
            "| # | måling | verdi | ved siden av | forhold | mål | nådd |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
            met = {True: "ja", False: "**nei**", None: ""}[r.met]
            cells = [r.section, r.what, r.value, r.beside, ratio, r.target, met]
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)


def ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")
