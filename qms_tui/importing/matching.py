"""Which of the store's procedures an imported row means.

Systems name the procedure in three ways, tried in this order:

1. the agency's own procedure code (``QT-DT01``), as the canonical file does;
2. the national TTHC code (``1.009645``), also written with the unit's suffix
   (``2.000477.000.00.00.H56``, ``2.002621.H56``), matched against ``Procedure.national_code``;
3. the TTHC's name, exactly but for case, accents and spacing (``domain.text.fold``).

A value that matches nothing is reported with the closest procedure names, so that a typo or a
renamed procedure is found at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from qms_tui.domain.models import Procedure
from qms_tui.domain.problems import Fault
from qms_tui.domain.text import fold
from qms_tui.importing.wording import national_code

CLOSEST = 3


class ProcedureIndex:
    """The store's procedures by code, national code and folded name."""

    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self.by_code: dict[str, Procedure] = {}
        self.by_national: dict[str, list[Procedure]] = {}
        self.by_name: dict[str, list[Procedure]] = {}
        for procedure in procedures:
            self.by_code[procedure.code] = procedure
            national = national_code(procedure.national_code or "")
            if national:
                self.by_national.setdefault(national, []).append(procedure)
            if procedure.name:
                self.by_name.setdefault(fold(procedure.name), []).append(procedure)
        self._cache: dict[tuple[str, str], tuple[Procedure | None, str, str | Fault]] = {}

    def match(self, code_text: str, name_text: str = "") -> tuple[Procedure | None, str, str | Fault]:
        """``(procedure, how, problem)``: ``how`` says which rule matched ("code", "national code",
        "name"); ``problem`` is the message when none did (or two procedures share the value)."""
        key = (code_text, name_text)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._match(code_text, name_text)
        return found

    def _match(self, code_text: str, name_text: str) -> tuple[Procedure | None, str, str | Fault]:
        if code_text:
            procedure = self.by_code.get(code_text)
            if procedure is not None:
                return procedure, "code", ""
            national = national_code(code_text)
            if national and national in self.by_national:
                return self._one(self.by_national[national], "national code", national)
            if fold(code_text) in self.by_name:
                return self._one(self.by_name[fold(code_text)], "name", code_text)
        if name_text and fold(name_text) in self.by_name:
            return self._one(self.by_name[fold(name_text)], "name", name_text)
        value = code_text or name_text
        if code_text and not name_text and not national_code(code_text) and not self._close(code_text):
            return None, "", Fault("imp_unknown_procedure", code=repr(code_text))
        what = Fault("imp_what_national") if national_code(value) else Fault("imp_what_any")
        message = Fault("imp_no_procedure_has", what=what, value=repr(value))
        if code_text and name_text:
            message = Fault("imp_no_procedure_has_either", code=repr(code_text), name=repr(name_text))
        close = self._close(name_text or code_text)
        if close:
            message = Fault("imp_closest", message=message, close="; ".join(close))
        return None, "", message

    @staticmethod
    def _one(procedures: list[Procedure], how: str, value: str) -> tuple[Procedure | None, str, str | Fault]:
        if len(procedures) == 1:
            return procedures[0], how, ""
        codes = ", ".join(p.code for p in procedures)
        said = {"code": Fault("imp_how_code"), "name": Fault("imp_how_name")}.get(how) or Fault("imp_how_national")
        return None, "", Fault("imp_shared_value", how=said, value=repr(value), codes=codes)

    def _close(self, text: str) -> list[str]:
        """The names (and codes) of up to three procedures that look like ``text``."""
        folded = fold(text)
        names = difflib.get_close_matches(folded, list(self.by_name), n=CLOSEST, cutoff=0.6)
        found = [f"{p.code} {p.name!r}" for name in names for p in self.by_name[name]]
        codes = difflib.get_close_matches(text, list(self.by_code), n=CLOSEST, cutoff=0.8)
        found += [f"{code} {self.by_code[code].name!r}" for code in codes]
        return list(dict.fromkeys(found))[:CLOSEST]
