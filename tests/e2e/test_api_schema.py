"""Schemathesis against the OpenAPI schema, on both stores: no input gives a 5xx.

`make test` runs 30 cases per operation; the acceptance run sets more, for example
POLICYKG_SCHEMATHESIS_EXAMPLES=1200 for about 20,000 cases per store."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings


def test_no_input_gives_a_server_error(client: TestClient) -> None:
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    examples = int(os.environ.get("POLICYKG_SCHEMATHESIS_EXAMPLES", "30"))
    calls = 0
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case: Any) -> None:
            nonlocal calls
            calls += 1
            response = case.call()
            assert response.status_code < 500, (case.method, case.path, case.query, response.text[:500])

        check()
    print(f"schemathesis: {calls} cases over {len(operations)} operations, no 5xx")
