"""At start the window paints first; the database work the start asks for runs after that."""

from __future__ import annotations

from crm_desktop.views.main_window import MainWindow
from tests.factories import NO_CONSENT, make_account, make_user


def test_operations_held_at_start_run_once_the_window_has_painted(qtbot, ctx, database) -> None:
    with database.sessions() as s, s.begin():
        make_account(s, owner_id=make_user(s).id, **NO_CONSENT)  # two changes waiting to sync
    ctx.ops.hold()
    window = MainWindow(ctx, start_page="accounts")
    qtbot.addWidget(window)
    # The pending count, the "working as" names and the filters' choices are asked for...
    assert ctx.ops.reader.activeThreadCount() == 0  # ...but none of them started yet
    assert window.pending_label.text() == ""
    assert window.page("accounts").model.rowCount() == 1  # the page itself is read at once
    with qtbot.waitSignal(window.first_painted, timeout=10_000):
        window.show()
    qtbot.waitUntil(lambda: window.pending_label.text().startswith("2 "))
    qtbot.waitUntil(lambda: window.working_as.count() == 2)  # everyone, and the owner


def test_release_without_hold_and_wait_while_held_both_run_everything(qtbot, ctx) -> None:
    done: list[int] = []
    ctx.ops.release()  # nothing held: nothing happens
    ctx.ops.hold()
    ctx.ops.read(lambda _session: 7, done.append)
    assert ctx.ops.reader.activeThreadCount() == 0 and done == []
    assert ctx.ops.wait()  # waiting (e.g. when the window closes) releases first
    qtbot.waitUntil(lambda: done == [7])
