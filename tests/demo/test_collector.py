"""The demo server's event collector: schema-v1 batches accepted whole and durably, bad ones
refused with 400 and nothing kept; no loss under concurrent posts; a torn last line cut at start."""

from __future__ import annotations

import http.client
import json
import secrets
import threading

import pytest

from demo_site.collector import MAX_BODY, Collector, Rejected, parse_batch, recover


def event(**changes) -> dict:
    """A valid exposure of schema v1 (docs/contracts.md, Events), with `changes` applied."""
    base = {"v": 1, "type": "exposure", "id": secrets.token_hex(8), "ts": 1_700_000_000_000,
            "rule": "trust-on-third-visit", "snippet": "trust_badge", "variant": "badge_a",
            "placement": "slot", "slot": "pdp-trust", "visitor": "v-1", "session": "s-1",
            "pageview": "p-1", "page_type": "product", "device": "mobile", "returning": False,
            "qa": False, "product": "sku-1", "ahead": False}
    base.update(changes)
    return {k: v for k, v in base.items() if v is not ...}


def lines(*events: dict) -> bytes:
    return "\n".join(json.dumps(e) for e in events).encode()


def post(server, body: bytes, headers: dict | None = None) -> tuple[int, bytes]:
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request("POST", "/__kairos/collect", body=body,
                     headers=headers or {"Content-Type": "text/plain"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


CONVERSION = {"type": "conversion", "ahead": ..., "event": "purchase", "value": 59.9, "currency": "EUR",
              "items": [{"item_id": "sku-1", "quantity": 1, "price": 59.9}], "transaction_id": "T-1",
              "exposure_ts": 1_699_999_990_000}


def test_each_event_type_of_the_contract_is_accepted():
    batch = [event(), event(type="click", ahead=..., target="all-reviews"), event(type="dismiss", ahead=...),
             event(type="answer", ahead=..., question="Did this help?", answer="yes"), event(**CONVERSION),
             event(variant=None, slot=None, session=None, placement="modal", device="desktop")]
    assert parse_batch(lines(*batch) + b"\n") == batch


@pytest.mark.parametrize(("body", "message"), [
    (b"\xff\xfe garbage", "body is not UTF-8 (byte 0)"),
    (b"hello world", "line 1: not JSON (Expecting value)"),
    (b'{"v": 1, "type": "expo', "line 1: not JSON (Unterminated string starting at)"),
    (b"[1, 2]", "line 1: not a JSON object"),
    (lines(event(), event(ts="yesterday")), 'line 2: `ts` is "yesterday"'),
    (lines(event(v=2)), "line 1: `v` is 2"),
    (lines(event(type="hover")),
     'line 1: `type` is "hover" (known: exposure, click, dismiss, conversion, answer)'),
    (lines(event(returning="no")), 'line 1: `returning` is "no"'),
    (lines(event(visitor=...)), "line 1: `visitor` is missing"),
    (lines(event(id="not-hex")), 'line 1: `id` is "not-hex"'),
    (lines(event(device="fridge")), 'line 1: `device` is "fridge"'),
    (lines(event(ahead=...)), "line 1: `ahead` is missing"),
    (lines(event(**{**CONVERSION, "value": "12"})), 'line 1: `value` is "12"'),
    (lines(event(**{**CONVERSION, "items": [{"price": "1"}]})), 'line 1: `items` is [{"price": "1"}]'),
    (lines(event(type="click", ahead=..., target=None)), "line 1: `target` is null"),
    (b'{"v": NaN}', "line 1: not JSON (NaN is not JSON)"),
    (lines(event(snippet="x" * 9000)), "line 1: event over 8,192 bytes"),
    (b"\n".join([lines(event())] * 200), "body of 73,"),
])
def test_malformed_batches_are_rejected_with_the_reason(body, message):
    with pytest.raises(Rejected) as caught:
        parse_batch(body)
    assert str(caught.value).startswith(message)


def test_bad_bodies_get_400_and_change_nothing(serve, tmp_path):
    log = tmp_path / "events.jsonl"
    server = serve(events_log=log)
    assert post(server, lines(event(), event())) == (204, b"")
    before = log.read_bytes()
    good = event()
    bad = {
        "garbage": bytes(range(256)) * 4,
        "truncated JSON": lines(good, event())[:-20],
        "wrong types": lines(good, event(ts=1.5e12 + 0.5)),
        "an unknown type": lines(good, event(type="purchase")),
        "10 MB": lines(*[event(snippet="x" * 7000) for _ in range(1400)]),
    }
    assert len(bad["10 MB"]) > 9.5 * 2**20
    for name, body in bad.items():
        status, reason = post(server, body)
        assert status == 400, name
        assert reason.endswith(b"\n") and reason.count(b"\n") == 1, "one line says why"
        assert log.read_bytes() == before, f"{name} changed the log"
    assert post(server, lines(good)) == (204, b""), "the good event of a refused batch was not kept"
    assert len(server.logged_events()) == 3


def test_an_oversized_body_is_refused_before_it_is_read(serve, tmp_path):
    server = serve(events_log=tmp_path / "e.jsonl")
    status, reason = post(server, b"x" * (MAX_BODY + 1))
    assert (status, reason) == (400, b"body of 65,537 bytes: at most 65,536\n")


def test_ten_thousand_events_from_twenty_concurrent_clients_lose_none(serve, tmp_path):
    log = tmp_path / "events.jsonl"
    server = serve(events_log=log)
    clients, per_client, batch = 20, 500, 20
    sent = [[event(visitor=f"v-{c}", id=f"{c:04x}{i:012x}") for i in range(per_client)]
            for c in range(clients)]
    statuses: list[int] = []
    start = threading.Barrier(clients)

    def client(mine: list[dict]) -> None:
        start.wait()
        for at in range(0, len(mine), batch):
            statuses.append(post(server, lines(*mine[at:at + batch]))[0])

    threads = [threading.Thread(target=client, args=(mine,)) for mine in sent]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [204] * (clients * per_client // batch)
    logged = log.read_text("utf-8").split("\n")
    assert logged[-1] == "", "the log ends with a whole line"
    ids = [json.loads(line)["id"] for line in logged[:-1]]
    assert len(ids) == 10_000 and set(ids) == {e["id"] for mine in sent for e in mine}


def test_a_batch_sent_twice_is_logged_once(serve, tmp_path):
    server = serve(events_log=tmp_path / "e.jsonl")
    batch = lines(event(), event())
    assert post(server, batch)[0] == post(server, batch)[0] == 204
    assert len(server.logged_events()) == 2


def test_a_restart_cuts_a_torn_last_line_and_keeps_the_ids_it_saw(tmp_path):
    log = tmp_path / "e.jsonl"
    first, second = event(), event()
    log.write_bytes(lines(first, second) + b"\n" + lines(event())[:25])  # a crash mid-write
    collector = Collector(log)
    try:
        assert collector.recovered == 25
        assert log.read_bytes() == lines(first, second) + b"\n"
        assert collector.accept(lines(first, event())) == 1, "the id already logged is dropped"
        assert [e["id"] for e in collector.events()][:2] == [first["id"], second["id"]]
    finally:
        collector.close()


@pytest.mark.parametrize(("content", "kept"), [(b"", b""), (b"no newline at all", b""),
                                               (b'{"a":1}\n', b'{"a":1}\n'),
                                               (b'{"a":1}\n' * 20_000 + b'{"a"', b'{"a":1}\n' * 20_000)])
def test_recover_keeps_whole_lines_only(tmp_path, content, kept):
    log = tmp_path / "e.jsonl"
    log.write_bytes(content)
    recover(log)
    assert log.read_bytes() == kept
