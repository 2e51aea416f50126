"""Lock files that lie, are junk or are old: no crash, no false alarm, an age a person can read."""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing.core.locking import EDITING, UPDATING, BriefingLock, LockOwner, pid_alive


def write_lock(path: Path, **fields: object) -> Path:
    record: dict[str, object] = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "user": "someone",
        "since": "2026-01-01T08:00:00+00:00",
    }
    record.update(fields)
    lock = path.with_name(path.name + ".lock")
    lock.write_text(json.dumps(record), encoding="utf-8")
    return lock


@pytest.mark.parametrize("pid", [10**30, 2**63, 2**32, -5, 0])
def test_a_lock_with_an_impossible_pid_is_stale_not_a_crash(tmp_path: Path, pid: int) -> None:
    path = tmp_path / "x.briefing"
    write_lock(path, pid=pid)
    lock = BriefingLock(path)
    assert lock.acquire() is None and lock.held
    lock.release()
    assert not pid_alive(pid)


def test_a_pid_with_thousands_of_digits_is_junk(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    lock_file = path.with_name("x.briefing.lock")
    lock_file.write_text('{"pid": ' + "9" * 5000 + ', "host": "h"}', encoding="utf-8")
    lock = BriefingLock(path)
    assert lock.acquire() is None and lock.held
    lock.release()


@pytest.mark.skipif(not Path("/proc/1/stat").exists(), reason="needs /proc")
def test_a_reused_pid_does_not_keep_a_dead_lock_alive(tmp_path: Path) -> None:
    """The lock's process died and its id now belongs to another process (here: pid 1)."""
    path = tmp_path / "x.briefing"
    write_lock(path, pid=1, started="another-boot:12345")
    lock = BriefingLock(path)
    assert lock.acquire() is None and lock.held
    assert json.loads(path.with_name("x.briefing.lock").read_text())["pid"] == os.getpid()
    lock.release()


def test_the_lock_records_its_process_start_so_its_own_holder_is_recognised(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.briefing"
    first = BriefingLock(path)
    assert first.acquire() is None
    owner = BriefingLock(path).acquire()
    assert owner is not None and owner.pid == os.getpid()  # still alive, still the same process
    if Path("/proc/self/stat").exists():
        assert owner.started
    first.release()


def test_describe_shows_a_readable_time_and_age() -> None:
    owner = LockOwner(pid=42, host="desk-12", user="kim", since="2026-12-01T21:44:10+00:00")
    now = datetime(2026, 12, 2, 0, 50, tzinfo=UTC)
    text = owner.describe(now)
    assert text == "kim on desk-12 (process 42) since 1 December 2026, 21:44 UTC (3 hours ago)"
    assert "T21:44" not in text
    assert owner.age(now) == timedelta(hours=3, minutes=5, seconds=50)
    assert "(1 minute ago)" in owner.describe(datetime(2026, 12, 1, 21, 45, 30, tzinfo=UTC))
    assert "(2 days ago)" in owner.describe(datetime(2026, 12, 3, 22, 0, tzinfo=UTC))
    assert "(just now)" in owner.describe(datetime(2026, 12, 1, 21, 44, 20, tzinfo=UTC))
    odd = LockOwner(pid=1, host="", user="", since="yesterday-ish")
    expected = "another user on an unknown computer (process 1) since yesterday-ish"
    assert odd.describe(now) == expected
    assert odd.age(now) is None


def test_a_lock_from_another_host_is_reported_with_its_age_and_can_be_taken_over(
    tmp_path: Path,
) -> None:
    path = tmp_path / "x.briefing"
    write_lock(path, host="laptop.example.org", since="2026-03-01T09:00:00+00:00")
    lock = BriefingLock(path)
    owner = lock.acquire()
    assert owner is not None
    assert owner.age(datetime(2026, 3, 4, 9, 0, tzinfo=UTC)) == timedelta(days=3)
    assert "(3 days ago)" in owner.describe(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    assert lock.acquire(take_over=True) is None and lock.held
    lock.release()


def test_purpose_is_recorded() -> None:
    path = Path(os.devnull).parent  # unused: only the record is checked
    assert BriefingLock(path / "x.briefing").purpose == EDITING
    assert BriefingLock(path / "x.briefing", purpose=UPDATING).purpose == UPDATING


def test_purpose_round_trips_through_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.briefing"
    holder = BriefingLock(path, purpose=UPDATING)
    assert holder.acquire() is None
    owner = BriefingLock(path).acquire()
    assert owner is not None and owner.purpose == UPDATING
    holder.release()


def test_locks_that_may_be_abandoned_are_from_another_host_or_old() -> None:
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    here = socket.gethostname()

    def owner(host: str, since: str) -> LockOwner:
        return LockOwner(pid=os.getpid(), host=host, user="kim", since=since)

    assert owner("laptop.example.org", "2026-03-01T11:59:00+00:00").may_be_abandoned(now)
    assert not owner(here, "2026-03-01T11:00:00+00:00").may_be_abandoned(now)  # open here
    assert owner(here, "2026-02-28T23:00:00+00:00").may_be_abandoned(now)  # 13 hours
    assert owner(here, "not a time").may_be_abandoned(now)


def test_how_long_a_lock_is_held_in_words() -> None:
    owner = LockOwner(pid=1, host="h", user="kim", since="2026-03-01T09:00:00+00:00")
    assert owner.held_for(datetime(2026, 3, 1, 9, 0, 20, tzinfo=UTC)) == "less than a minute"
    assert owner.held_for(datetime(2026, 3, 1, 9, 1, tzinfo=UTC)) == "1 minute"
    assert owner.held_for(datetime(2026, 3, 1, 12, 30, tzinfo=UTC)) == "3 hours"
    assert owner.held_for(datetime(2026, 3, 4, 9, 0, tzinfo=UTC)) == "3 days"
    assert LockOwner(pid=1, host="h", user="", since="").held_for() == ""
