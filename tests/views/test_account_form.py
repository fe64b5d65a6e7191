"""AccountForm: the API part B embeds (set_values, values, show_errors, clear_errors)."""

from __future__ import annotations

from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.views.accounts.account_form import AccountForm
from tests.factories import account_values


def test_values_round_trip_as_codes(qtbot) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    given = account_values(segment="medium", consent_marketing=False)
    form.set_values(given)
    values = form.values()
    assert values["kind"] == "legal_entity" and values["lifecycle_phase"] == "acquisition"
    assert set(values["roles"].split(",")) == {"prospect", "customer"}
    assert values["segment"] == "medium" and values["consent_data_processing"] is True
    assert values["legal_name"] == given["legal_name"] and values["employee_count"] == "45"
    assert "notes" not in values and "country" not in values


def test_errors_show_under_their_fields_and_focus_the_first(qtbot) -> None:
    form = AccountForm()
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    form.set_values(account_values(tax_id="900.123.456-7", email="not an address"))
    try:
        validate_row("accounts", form.values())
    except ValidationError as exc:
        form.show_errors(exc)
    assert "check digit" in form.error_text("tax_id")
    assert "e-mail" in form.error_text("email")
    assert form.error_text("legal_name") == ""
    qtbot.waitUntil(form.tax_id.hasFocus)
    form.show_errors(ValidationError([FieldProblem("row", "x", "Something else is wrong.")]))
    assert form.general_error.text() == "Something else is wrong."
    form.clear_errors()
    assert form.error_text("tax_id") == "" and form.general_error.isHidden()
