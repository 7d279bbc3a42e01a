"""Write operations on a QMS store, shared by the CLI and the TUI forms (pure Python, no Textual).

Every function takes a ``Store``, runs one locked transaction, validates its input (strings as typed by a
user are accepted and read into the model's types), logs who changed what, and returns an
``EditResult``. Invalid input raises ``store.ValidationError`` naming the record and the field; a missing
record raises ``NotFoundError`` (a ``ValidationError``); a read-only store raises ``ReadOnlyError``; an edit
that knows its ``base`` raises ``EditConflict`` when someone else changed the same field meanwhile.
"""

from qms_tui.services.common import Conflict, EditConflict, EditResult, NotFoundError
from qms_tui.services.dossiers import (
    add_dossier,
    compute_due,
    finish,
    resolve,
    resume,
    return_dossier,
    supplement,
    withdraw,
)
from qms_tui.services.fields import add_field, edit_field, restore_field, retire_field
from qms_tui.services.organisation import set_organisation
from qms_tui.services.records import (
    add_procedure,
    add_record,
    close_risk,
    complete_task,
    edit_dossier,
    edit_procedure,
    edit_record,
    retire_procedure,
    review_procedure,
    review_risk,
)

__all__ = [
    "Conflict",
    "EditConflict",
    "EditResult",
    "NotFoundError",
    "add_dossier",
    "add_field",
    "add_procedure",
    "add_record",
    "close_risk",
    "complete_task",
    "compute_due",
    "edit_dossier",
    "edit_field",
    "edit_procedure",
    "edit_record",
    "finish",
    "resolve",
    "restore_field",
    "resume",
    "retire_field",
    "retire_procedure",
    "return_dossier",
    "review_procedure",
    "review_risk",
    "set_organisation",
    "supplement",
    "withdraw",
]
