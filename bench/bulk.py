"""Many rows at once, in SQL (generate_series): task-transfer cases on consultation, copied
from a real case, and open deadlines spread over them. Only for the scale sections; each
copy is a valid case of its kind (case row, task-transfer row, open consultation)."""

from datetime import date

from django.db import connection

# What a copy takes from its template: every column of the task-transfer row but its key and
# its panel (a panel is appointed for one case), read from the model so none is forgotten.
NOT_COPIED = ("case_ptr_id", "panel_id")


def tt_columns() -> list[str]:
    from cases.models import TaskTransfer

    fields = TaskTransfer._meta.local_concrete_fields
    return [f.column for f in fields if f.column not in NOT_COPIED]


def bulk_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case WHERE reference LIKE 'BULK-%%'")
        return cursor.fetchone()[0]


def add_cases_on_consultation(template, n: int, *, opened_by, due_on: date) -> None:
    """`n` copies of the task-transfer case `template`, each on consultation until `due_on`."""
    if n <= 0:
        return
    first = bulk_count()
    columns = tt_columns()
    cols = ", ".join(columns)
    sql = f"""
        WITH new AS (
            INSERT INTO cases_case (id, kind, reference, ssu_case_number, title, status,
                                    created_at, updated_at, created_by_id, community_id)
            SELECT gen_random_uuid(), 'task_transfer', 'BULK-' || (%(first)s + g), '',
                   'Masseforslag ' || g, 'on_consultation', now() - interval '400 days',
                   now() - interval '400 days', NULL, %(community)s
            FROM generate_series(1, %(n)s) AS g
            RETURNING id
        ), tt AS (
            INSERT INTO cases_tasktransfer (case_ptr_id, {cols})
            SELECT new.id, {", ".join(f"t.{c}" for c in columns)}
            FROM new, cases_tasktransfer t WHERE t.case_ptr_id = %(template)s
        )
        INSERT INTO cases_consultation (due_on, opened_at, opened_by_id, case_id)
        SELECT %(due)s, now(), %(user)s, new.id FROM new
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "first": first,
                "community": template.community_id,
                "n": n,
                "template": template.pk,
                "due": due_on,
                "user": opened_by.pk,
            },
        )


def open_deadline_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_deadline WHERE state = 'open'")
        return cursor.fetchone()[0]


def add_open_deadlines(n: int, *, due_on: date, rule: str = "consultation") -> None:
    """`n` open deadlines due `due_on`, spread round-robin over the bulk cases."""
    if n <= 0:
        return
    sql = """
        WITH c AS (
            SELECT array_agg(id) AS ids FROM cases_case WHERE reference LIKE 'BULK-%%'
        )
        INSERT INTO cases_deadline (rule, due_on, state, case_id)
        SELECT %(rule)s, %(due)s, 'open', c.ids[1 + g %% array_length(c.ids, 1)]
        FROM generate_series(1, %(n)s) AS g, c
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, {"rule": rule, "due": due_on, "n": n})
        cursor.execute("ANALYZE cases_deadline")
