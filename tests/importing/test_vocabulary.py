"""The words of one-stop-shop exports: folded column names, channels and outcomes in Vietnamese or English."""

from __future__ import annotations

import pytest

from qms_tui.domain.vocabulary import channel_from_text, choice_from_text, fold, outcome_from_text
from qms_tui.importing.dossiers import HEADER_ALIASES, parse_cell_date, parse_pauses, pauses_text


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Mã hồ sơ (*)", "ma ho so"), ("  NGÀY HẸN TRẢ ", "ngay hen tra"), ("Đã giải quyết", "da giai quyet"),
     ("Ngày_tiếp-nhận", "ngay tiep nhan")],
)  # fmt: skip
def test_fold_ignores_case_accents_and_punctuation(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("header", "field"),
    [("Mã hồ sơ", "code"), ("MÃ THỦ TỤC", "procedure"), ("Mã quy trình", "procedure"), ("Hình thức nộp", "channel"),
     ("Kênh", "channel"), ("Ngày tiếp nhận", "received"), ("Ngày nhận", "received"), ("Ngày hẹn trả", "due"),
     ("Ngày trả kết quả", "finished"), ("Ngày hoàn thành", "finished"), ("Kết quả", "outcome"),
     ("Trạng thái", "outcome"), ("pauses", "pauses")],
)  # fmt: skip
def test_vietnamese_header_aliases(header, field):
    assert HEADER_ALIASES[fold(header)] == field


@pytest.mark.parametrize(
    ("text", "channel"),
    [("online", "online"), ("Trực tuyến", "online"), ("TRUC TUYEN", "online"), ("trực tiếp", "direct"),
     ("Direct", "direct"), ("Bưu chính", "postal"), ("Dịch vụ bưu chính công ích", "postal")],
)  # fmt: skip
def test_channels(text, channel):
    assert channel_from_text(text) == channel


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("", None), ("Đang giải quyết", None), ("đang giải quyết quá hạn", None), ("resolved", "resolved"),
     ("Đã giải quyết", "resolved"), ("Đã trả kết quả", "resolved"), ("Đã giải quyết đúng hạn", "resolved"),
     ("Rút hồ sơ", "withdrawn"), ("withdrawn", "withdrawn"), ("Trả lại", "returned"), ("returned", "returned")],
)  # fmt: skip
def test_outcomes(text, outcome):
    assert outcome_from_text(text) == outcome


def test_unknown_words_say_what_is_accepted():
    with pytest.raises(ValueError, match="'fax' is not a channel: use online, direct, postal"):
        channel_from_text("fax")
    with pytest.raises(ValueError, match="'approved' is not an outcome: use resolved, withdrawn, returned"):
        outcome_from_text("approved")


def test_choices_accept_spaces_and_case():
    assert choice_from_text("Under revision", ("active", "under_revision")) == "under_revision"
    assert choice_from_text("nope", ("active",)) == "nope"


def test_date_cells_and_pauses():
    assert parse_cell_date("05/09/2024 16:30").isoformat() == "2024-09-05"
    assert parse_cell_date("2024-09-05").isoformat() == "2024-09-05"
    pauses = parse_pauses("15/01/2024..29/01/2024| 2024-03-02.. ")
    assert pauses == [{"start": "2024-01-15", "end": "2024-01-29"}, {"start": "2024-03-02", "end": None}]
    assert pauses_text(pauses) == "2024-01-15..2024-01-29|2024-03-02.."
    assert parse_pauses("") == []
