"""``qms review add|action|done|list``: management reviews (clause 9.3) and the actions they decide.

A thin shell over ``services.reviews`` (the Improvement screen's action form writes through the same
functions); see ``improvement_common`` for what the improvement commands share.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from qms_tui.cli.common import open_for_command
from qms_tui.cli.improvement_common import DateOpt, d, echo_json, fit, items, list_format, said
from qms_tui.cli.options import DbOption, FormatOption, ReadOnlyOption, opt
from qms_tui.cli.text import say
from qms_tui.domain import improvement
from qms_tui.domain.models import REVIEW_INPUTS
from qms_tui.locale import nwords, words
from qms_tui.services import reviews

review_app = typer.Typer(help="Management reviews (clause 9.3) and their actions.", no_args_is_help=True)


@review_app.command("add")
def review_add(
    code: Annotated[str, typer.Argument(help="The review's code, e.g. XXLD-2025.", show_default=False)],
    when: Annotated[str, opt("--date", help="The day it was held.", metavar="DATE")],
    chair: Annotated[str, opt("--chair", help="Who chaired it (staff code).")],
    attendee: Annotated[list[str] | None, opt("--attendee", help="Attendee staff code(s).")] = None,
    input_: Annotated[list[str] | None, opt("--input", help="The clause 9.3.2 inputs covered: "
                                            f"{', '.join(REVIEW_INPUTS)}.")] = None,
    decision: Annotated[list[str] | None, opt("--decision", help="A decision (repeat for more).")] = None,
    ref: Annotated[str, opt("--ref", help="The report or minutes recording it.")] = "",
    db: DbOption = None,
) -> None:
    """Record a management review held."""
    review = reviews.add_review(open_for_command(db), {
        "code": code, "date": when, "chair": chair, "attendees": items(attendee), "inputs": items(input_),
        "decisions": decision or [], "ref": ref,
    }).record
    said("reviews", review.code, words("cli_review_added", day=d(review.date)))


@review_app.command("action")
def review_action(
    review: Annotated[str, typer.Argument(help="The review's code.", show_default=False)],
    text: Annotated[str, opt("--text", help="What is to be done.")],
    owner: Annotated[str, opt("--owner", help="Who is responsible.")],
    deadline: Annotated[str, opt("--deadline", help="The deadline.", metavar="DATE")],
    code: Annotated[str | None, opt("--code", help="The action's code (default: REVIEW-NN).")] = None,
    db: DbOption = None,
) -> None:
    """Add an action decided by a management review."""
    result = reviews.add_review_action(open_for_command(db), review,
                                       {"code": code, "text": text, "owner": owner, "deadline": deadline})
    action = result.record.action_list()[-1]
    said("reviews", review, words("cli_review_action_added", code=action.code, day=d(action.deadline)))


@review_app.command("done")
def review_done(
    action: Annotated[str, typer.Argument(help="The action's code.", show_default=False)],
    when: DateOpt = None,
    db: DbOption = None,
) -> None:
    """Mark a review action done."""
    review = reviews.review_action_done(open_for_command(db), action, when).record
    on = next(a.done_date for a in review.action_list() if a.code == action)
    said("reviews", review.code, words("cli_review_action_done", code=action, day=d(on)))


@review_app.command("list")
def review_list(db: DbOption = None, fmt: FormatOption = "text", read_only: ReadOnlyOption = False) -> None:
    """The management reviews and the status of their actions."""
    fmt = list_format(fmt)
    qms = open_for_command(db, read_only).snapshot()
    today = qms.today
    found = sorted(qms.reviews, key=lambda r: (r.date or date.min, r.code))
    if fmt == "json":
        echo_json([{**r.to_doc(), "actions": [{**a.to_doc(), "overdue": a.overdue(today),
                                              "days_overdue": improvement.action_days_overdue(a, today)}
                                             for a in r.action_list()]} for r in found])
        return
    if not found:
        say(words("cli_no_reviews"))
    for review in found:
        chair = qms.staff_by_code.get(review.chair)
        chaired = words("cli_review_chair", name=chair.name if chair else review.chair)
        inputs = words("cli_review_inputs", inputs=",".join(review.inputs) or "—")
        say(fit(f"{review.code}  {d(review.date)}  {chaired}  {inputs}"))
        for action in review.action_list():
            if action.status == "done":
                state = words("cli_state_done", day=d(action.done_date))
            elif action.overdue(today):
                state = words("cli_state_overdue", n=improvement.action_days_overdue(action, today))
            else:
                state = words("cli_state_open")
            due = words("cli_state_due", day=d(action.deadline))
            say(fit(f"  {action.code}  {due}  {state:<15} {action.text}"))
    if found:
        say(nwords("cli_review_actions_open", len(qms.open_review_actions()),
                   overdue=len(qms.overdue_review_actions()), day=d(today)))
