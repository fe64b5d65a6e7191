"""Products, price lists and opportunities from a table: each line checked with the forms' rules
and matched with what is here already (a product by its code, a price by its list and product,
an opportunity by its account and name), to be updated, skipped or created as chosen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models import Account, Opportunity, PriceList, PriceListItem, Product, Tax
from crm_desktop.services.core.errors import FieldProblem
from crm_desktop.services.importing import kinds
from crm_desktop.services.importing.accounts_import import (
    PLACEHOLDER_ACCOUNT,
    Options,
    Preview,
    RowPlan,
    _clean,
    _values,
)
from crm_desktop.services.importing.mapping import normalise

UNKNOWN_TAX = N_("“{value}” is not a tax here (IVA 19, IVA 5, Exento, …).")
NO_PRODUCT = N_("No product has the code {code}; import the products first.")
NO_ACCOUNT = N_("No account here is {what}; import the accounts first.")
AMBIGUOUS = N_("{count} accounts are called {what}; write its NIT.")


def compact(tax_id: str) -> str:
    return "".join(ch for ch in tax_id if ch.isalnum()).upper()


@dataclass
class Here:
    """What the database holds already, looked up by the keys a file uses."""

    products: dict[str, tuple[str, bool]] = field(default_factory=dict)  # code -> (id, deleted)
    taxes: set[str] = field(default_factory=set)
    lists: dict[str, str] = field(default_factory=dict)  # normalised name -> id
    items: dict[tuple[str, str], tuple[str, bool]] = field(default_factory=dict)
    by_tax_id: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    by_tax_base: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)  # no DV
    by_name: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    opportunities: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session, kind: str) -> Here:
        here = cls()
        if kind in kinds.CATALOG_KINDS:
            for pid, code, deleted in session.execute(
                select(Product.id, Product.code, Product.deleted_at)
            ):
                here.products[code] = (pid, deleted is not None)
            here.taxes = set(session.scalars(select(Tax.code).where(Tax.deleted_at.is_(None))))
        if kind == "price_lists":
            lists = select(PriceList.id, PriceList.name).where(PriceList.deleted_at.is_(None))
            here.lists = {normalise(name): lid for lid, name in session.execute(lists)}
            items = select(
                PriceListItem.id,
                PriceListItem.price_list_id,
                PriceListItem.product_id,
                PriceListItem.deleted_at,
            )
            for iid, lid, pid, deleted in session.execute(items):
                here.items[(lid, pid)] = (iid, deleted is not None)
        if kind == "opportunities":
            here._load_accounts(session)
        return here

    def _load_accounts(self, session: Session) -> None:
        accounts = select(Account.id, Account.legal_name, Account.tax_id, Account.owner_id).where(
            Account.deleted_at.is_(None)
        )
        for aid, name, tax_id, owner in session.execute(accounts):
            if tax_id:
                self.by_tax_id.setdefault(compact(tax_id), []).append((aid, owner))
                self.by_tax_base.setdefault(compact(tax_id)[:-1], []).append((aid, owner))
            self.by_name.setdefault(normalise(name), []).append((aid, owner))
        opportunities = select(Opportunity.id, Opportunity.account_id, Opportunity.name).where(
            Opportunity.deleted_at.is_(None)
        )
        for oid, aid, name in session.execute(opportunities):
            self.opportunities[(aid, normalise(name))] = oid


Planner = Callable[[dict[str, str], list[FieldProblem], "_State"], "_Outcome"]


@dataclass
class _State:
    here: Here
    options: Options
    seen: dict[str, int] = field(default_factory=dict)  # key -> its first line


@dataclass
class _Outcome:
    values: dict[str, Any]
    problems: list[FieldProblem]
    key: str = ""
    existing_id: str | None = None


def _problem(name: str, kind: str, message: str, **params: Any) -> FieldProblem:
    return FieldProblem(name, kind, message, params)


def _twice(state: _State, key: str, name: str) -> FieldProblem | None:
    if key in state.seen:
        return _problem(name, "twice", N_("Line {line} has this already."), line=state.seen[key])
    return None


_TWIN_WORDS = {
    "product": (
        N_("A deleted product has this code; it cannot be made again."),
        N_("This product is here already."),
    ),
    "price": (
        N_("This list had a price for this product, deleted; it cannot be made again."),
        N_("This price is here already."),
    ),
}


def _match(state: _State, found: tuple[str, bool] | None, name: str, what: str) -> _Outcome:
    """The outcome's existing id for a row found in the database, or the problem it makes (the
    catalog's unique keys hold deleted rows too, as every laptop keeps them)."""
    out = _Outcome({}, [])
    if found is None:
        return out
    row_id, deleted = found
    if deleted:
        out.problems.append(_problem(name, "deleted_twin", _TWIN_WORDS[what][0]))
    elif state.options.duplicates == "create":
        out.problems.append(_problem(name, "duplicate", _TWIN_WORDS[what][1]))
    else:
        out.existing_id = row_id
    return out


def _product(values: dict[str, str], problems: list[FieldProblem], state: _State) -> _Outcome:
    raw, more = kinds.product_values(values)
    cleaned, rule_problems = _clean("products", raw)
    problems = problems + more + rule_problems
    if cleaned.get("tax_category") and cleaned["tax_category"] not in state.here.taxes:
        problems.append(
            _problem("tax_category", "unknown_tax", UNKNOWN_TAX, value=raw["tax_category"])
        )
    code = str(cleaned.get("code") or "")
    twice = _twice(state, "code:" + code, "code") if code else None
    found = _match(state, state.here.products.get(code), "code", "product")
    if found.existing_id is not None:  # an update changes what the file says, no default
        cleaned = {k: v for k, v in cleaned.items() if k in values}
    problems += [p for p in [twice] if p] + found.problems
    return _Outcome(cleaned, problems, "code:" + code, found.existing_id)


def _price(values: dict[str, str], problems: list[FieldProblem], state: _State) -> _Outcome:
    raw = kinds.price_values(values)
    name, code = str(raw.get("price_list") or ""), str(raw.get("product_code") or "")
    head_values = {k: raw.get(k) for k in ("currency", "valid_from", "valid_to")}
    head, head_problems = _clean("price_lists", head_values | {"name": name})
    head_problems = [p for p in head_problems if p.field != "name"] + (
        [_problem("price_list", "required", N_("This field is required."))] if not name else []
    )
    product = state.here.products.get(code)
    if code and (product is None or product[1]):
        problems = [*problems, _problem("product_code", "no_product", NO_PRODUCT, code=code)]
    elif not code:
        problems = [*problems, _problem("product_code", "required", N_("This field is required."))]
    placeholders = {"price_list_id": PLACEHOLDER_ACCOUNT, "product_id": PLACEHOLDER_ACCOUNT}
    item, item_problems = _clean(
        "price_list_items", placeholders | {"unit_price": raw.get("unit_price")}
    )
    list_id = state.here.lists.get(normalise(name))
    key = f"price:{normalise(name)}\x1f{code}"
    twice = _twice(state, key, "product_code")
    found = _Outcome({}, [])
    if list_id is not None and product is not None:
        found = _match(state, state.here.items.get((list_id, product[0])), "product_code", "price")
    values_out = {
        "price_list": name,
        "product_code": code,
        "unit_price": item.get("unit_price"),
        "price_list_id": list_id,
        "product_id": product[0] if product else None,
        "list": head,
    }
    problems = problems + head_problems + item_problems + [p for p in [twice] if p]
    return _Outcome(values_out, problems + found.problems, key, found.existing_id)


def _opportunity(values: dict[str, str], problems: list[FieldProblem], state: _State) -> _Outcome:
    account, account_problems = _account_of(values, state.here)
    raw = kinds.opportunity_values(values)
    raw |= {"account_id": account[0] if account else PLACEHOLDER_ACCOUNT}
    cleaned, rule_problems = _clean("opportunities", raw)
    problems = problems + account_problems + rule_problems
    if account is None:
        return _Outcome(cleaned, problems)
    cleaned["owner_id"] = account[1]
    key = f"opp:{account[0]}\x1f{normalise(str(cleaned.get('name') or ''))}"
    twice = _twice(state, key, "name")
    existing = state.here.opportunities.get((account[0], key.split("\x1f", 1)[1]))
    found = _Outcome({}, [])
    if existing is not None and state.options.duplicates != "create":
        found.existing_id = existing  # an update changes what the file says, no default
        cleaned = {k: v for k, v in cleaned.items() if k in values}
    return _Outcome(cleaned, problems + [p for p in [twice] if p], key, found.existing_id)


def _account_of(
    values: Mapping[str, str], here: Here
) -> tuple[tuple[str, str | None] | None, list[FieldProblem]]:
    """The account a line names, by its tax id, else by its exact name (accents aside)."""
    tax_id, name = values.get("tax_id"), values.get("account")
    found = here.by_tax_id.get(compact(tax_id)) if tax_id else None
    if found is None and tax_id:  # a NIT written without its check digit
        found = here.by_tax_base.get(compact(tax_id))
    if found is None and name:
        found = here.by_name.get(normalise(name))
    where = "tax_id" if tax_id else "account"
    if not tax_id and not name:
        return None, [_problem("account", "required", N_("Say the account: its NIT or name."))]
    if not found:
        return None, [_problem(where, "no_account", NO_ACCOUNT, what=tax_id or name)]
    if len(found) > 1:
        return None, [
            _problem(where, "ambiguous", AMBIGUOUS, count=len(found), what=tax_id or name)
        ]
    return found[0], []


PLANNERS: dict[str, Planner] = {
    "products": _product,
    "price_lists": _price,
    "opportunities": _opportunity,
}


def preview(
    session: Session,
    kind: str,
    rows: list[list[str]],
    mapping: Mapping[int, str],
    options: Options,
    first_line: int = 2,
) -> Preview:
    """Every data line checked as the forms check it, and what importing it would do."""
    state = _State(Here.load(session, kind), options)
    plans: list[RowPlan] = []
    for n, row in enumerate(rows):
        line = first_line + n
        values, problems = _values(row, mapping)
        out = PLANNERS[kind](values, problems, state)
        if out.problems:
            plans.append(
                RowPlan(
                    line, "invalid", out.values, None, tuple(out.problems), key=out.key, kind=kind
                )
            )
            continue
        state.seen.setdefault(out.key, line)
        action = "create" if out.existing_id is None else options.duplicates
        plans.append(
            RowPlan(
                line, action, out.values, None, existing_id=out.existing_id, key=out.key, kind=kind
            )
        )
    return Preview(plans, kind)
