"""The message ids the code computes, listed so that Babel's extractor finds them (``make messages``) and the
catalogue test checks them: ``tr(f"screen_{name}")``, keys held in tables (``("col_received", "right")``) or
passed through a helper. Never imported at run time. A new computed id is one more ``N_`` here."""

from __future__ import annotations


def N_(msgid: str) -> str:  # the gettext convention: "an id, translated elsewhere"
    return msgid


COMPUTED = (
    # ar_… (annual_model.DOC_KINDS, LEGAL_KIND_IDS)
    N_("ar_kind_decision"), N_("ar_kind_letter"), N_("ar_kind_plan"), N_("ar_kind_report"), N_("ar_legal_circular"),
    N_("ar_legal_code"), N_("ar_legal_decree"), N_("ar_legal_directive"), N_("ar_legal_law"),
    N_("ar_legal_ordinance"), N_("ar_legal_resolution"),
    # ar_fig_… (annual_sections.dossiers)
    N_("ar_fig_by_applicant"), N_("ar_fig_carried_over"), N_("ar_fig_in_progress"), N_("ar_fig_late"), N_("ar_fig_new"),
    N_("ar_fig_not_due"), N_("ar_fig_on_time"), N_("ar_fig_overdue"), N_("ar_fig_received"), N_("ar_fig_resolved"),
    N_("ar_fig_returned"), N_("ar_fig_withdrawn"),
    # as_…
    N_("as_of"), N_("as_of_now_pinned"), N_("as_of_now_today"), N_("as_of_short"),
    # audit_…
    N_("audit_closed"), N_("audit_done"), N_("audit_planned"),
    # fmt_… (reports/formats.Content.refusal)
    N_("fmt_choose_one_of"), N_("fmt_report_made_as"), N_("fmt_csv_or_json"),
    # cfg_… (config.ConfigError's ids, worded by cli/text.in_language)
    N_("cfg_cannot_read"), N_("cfg_not_toml"), N_("cfg_unknown_key"), N_("cfg_not_text"), N_("cfg_choose"),
    N_("cfg_env_choose"),
    N_("cfg_missing"), N_("cfg_source_default"), N_("cfg_source_environment"), N_("cfg_source_file"),
    N_("cfg_source_option"),
    # chk_…
    N_("chk_conform"), N_("chk_n/a"), N_("chk_nonconform"), N_("chk_observation"),
    # cl_…
    N_("cl_gaps_note"), N_("cl_issues"), N_("cl_subtitle"),
    # clause_…
    N_("clause_10"), N_("clause_10.1"), N_("clause_10.2"), N_("clause_10.3"), N_("clause_4"), N_("clause_4.1"),
    N_("clause_4.2"), N_("clause_4.3"), N_("clause_4.4"), N_("clause_5"), N_("clause_5.1"), N_("clause_5.2"),
    N_("clause_5.3"), N_("clause_6"), N_("clause_6.1"), N_("clause_6.2"), N_("clause_6.3"), N_("clause_7"),
    N_("clause_7.1"), N_("clause_7.2"), N_("clause_7.3"), N_("clause_7.4"), N_("clause_7.5"), N_("clause_8"),
    N_("clause_8.1"), N_("clause_8.2"), N_("clause_8.3"), N_("clause_8.4"), N_("clause_8.5"), N_("clause_8.6"),
    N_("clause_8.7"), N_("clause_9"), N_("clause_9.1"), N_("clause_9.2"), N_("clause_9.3"),
    # col_…
    N_("col_carried"), N_("col_f_nc"), N_("col_f_obs"), N_("col_f_ofi"), N_("col_in_progress"), N_("col_late"),
    N_("col_new"), N_("col_recv_total"), N_("col_wr"),
    # due_…
    N_("due_col_code"), N_("due_col_due"), N_("due_col_owner"), N_("due_col_what"), N_("due_col_when"),
    N_("due_days_note"), N_("due_kind_audit"), N_("due_kind_dossier"), N_("due_kind_legal_change"),
    N_("due_kind_management_review"), N_("due_kind_nc"), N_("due_kind_plan_task"), N_("due_kind_procedure_review"),
    N_("due_kind_review_action"), N_("due_kind_risk"),
    # err_…
    N_("err_bad_date"), N_("err_end_before_start"), N_("err_need_two_dates"),
    # ev_…
    N_("ev_actions_done"), N_("ev_audits"), N_("ev_checklist"), N_("ev_conformity_declaration"),
    N_("ev_context_risks"), N_("ev_decisions"), N_("ev_documented"), N_("ev_dossiers"), N_("ev_effective_ncs"),
    N_("ev_effective_risks"), N_("ev_events"), N_("ev_internal_audit"), N_("ev_late_ncs"), N_("ev_legal"),
    N_("ev_legal_basis"), N_("ev_letters"), N_("ev_management_review"), N_("ev_measured"), N_("ev_ncs"),
    N_("ev_objectives"), N_("ev_ofis"), N_("ev_opportunities"), N_("ev_party_risks"), N_("ev_plan_tasks"),
    N_("ev_procedures"), N_("ev_results"), N_("ev_reviews"), N_("ev_revisions"), N_("ev_risks"), N_("ev_staff"),
    N_("ev_steering_committee"), N_("ev_trainings"), N_("ev_tthc"),
    # f_…
    N_("f_date"), N_("f_digitised"), N_("f_due"), N_("f_due_dossier"), N_("f_e_result"), N_("f_fee"), N_("f_issued"),
    N_("f_last_review"), N_("f_last_reviewed"), N_("f_left_date"), N_("f_new_due"), N_("f_paid_online"),
    N_("f_received"), N_("f_revised"), N_("f_start_date"),
    # fi_…
    N_("fi_action_date"), N_("fi_actual_date"), N_("fi_check_date"), N_("fi_closed_date"), N_("fi_deadline"),
    N_("fi_done_date"), N_("fi_plan_date"), N_("fi_raised"),
    # fik_…
    N_("fik_nonconformity"), N_("fik_observation"), N_("fik_opportunity"),
    # fk_…
    N_("fk_nonconformity"), N_("fk_observation"), N_("fk_opportunity"),
    # fks_…
    N_("fks_nonconformity"), N_("fks_observation"), N_("fks_opportunity"),
    # fmt_…
    N_("fmt_csv"), N_("fmt_docx"), N_("fmt_html"), N_("fmt_json"), N_("fmt_markdown"), N_("fmt_svg"), N_("fmt_text"),
    # heat_…
    N_("heat_i"), N_("heat_l"),
    # imp_…
    # ix_…
    N_("ix_2.1"), N_("ix_2.2"), N_("ix_3.3"), N_("ix_3.6"), N_("ix_4.1"), N_("ix_4.2"), N_("ix_5.2"), N_("ix_5.4"),
    N_("ix_total"),
    # key_…
    N_("key_add"), N_("key_close_risk"), N_("key_edit"), N_("key_lifecycle"), N_("key_nc"),
    N_("key_retire"),
    # lc_…
    N_("lc_apologize"), N_("lc_resolve"), N_("lc_resume"), N_("lc_return"), N_("lc_supplement"), N_("lc_withdraw"),
    # measure_…
    N_("measure_manual"), N_("measure_on_time_rate"), N_("measure_overdue_dossiers"), N_("measure_overdue_ncs"),
    N_("measure_training_coverage"),
    # nc_…
    N_("nc_action_taken"), N_("nc_closed"), N_("nc_open"), N_("nc_verified_effective"),
    # ncs_…
    N_("ncs_action_taken"), N_("ncs_closed"), N_("ncs_open"), N_("ncs_verified_effective"),
    # new_…
    N_("new_direct"), N_("new_online"), N_("new_unknown"),
    # not_…
    N_("not_due"), N_("not_met"), N_("not_started"),
    # oc_…
    N_("oc_early"), N_("oc_late"), N_("oc_not_due"), N_("oc_on_due_date"), N_("oc_overdue"), N_("oc_returned"),
    N_("oc_unclassified"), N_("oc_withdrawn"),
    # other…
    N_("active"), N_("audit"), N_("closed"), N_("direct"), N_("done"), N_("early"), N_("effective"),
    N_("filtered"), N_("gap"), N_("general"), N_("high"), N_("internal"), N_("issued"), N_("legend"),
    N_("letter"), N_("level"), N_("low"), N_("medium"), N_("met"), N_("never"), N_("new"), N_("of"), N_("online"),
    N_("open"), N_("opportunity"), N_("overdue"), N_("owner"), N_("period"), N_("postal"), N_("procedures"),
    N_("rank"), N_("reconciles"), N_("reconciliation"), N_("register"), N_("retired"), N_("retrain"), N_("returned"),
    N_("review"), N_("risk"), N_("store"), N_("task"), N_("total"), N_("tthc"), N_("unclassified"), N_("unknown"),
    N_("untrained"), N_("withdrawn"),
    # ov_…
    N_("ov_actions"), N_("ov_attention_count"), N_("ov_audit"), N_("ov_audit_short"),
    N_("ov_legal_next"), N_("ov_legal_overdue"), N_("ov_ncs"), N_("ov_review"), N_("ov_review_short"),
    N_("ov_tasks_late"),
    # overdue_…
    N_("overdue_days_long"), N_("overdue_now"), N_("overdue_treatments"), N_("overdue_treatments_short"),
    # period_…
    N_("period_last30"), N_("period_short"), N_("period_year"),
    # ps_…
    N_("ps_active"), N_("ps_retired"), N_("ps_under_revision"),
    # rollup_…
    N_("rollup_index_note"), N_("rollup_index_note_end"), N_("rollup_sorted_by"), N_("rollup_stores_read"),
    # rp_…
    N_("rp_action"), N_("rp_actions"), N_("rp_checklist"), N_("rp_clause"), N_("rp_clause_short"),
    N_("rp_closed_risks"), N_("rp_days"), N_("rp_days_open"), N_("rp_effective"), N_("rp_ended"), N_("rp_findings"),
    N_("rp_ncs"), N_("rp_no_actions"), N_("rp_no_audits"), N_("rp_not_done"), N_("rp_not_effective"),
    N_("rp_objectives_met"), N_("rp_overdue"), N_("rp_planned"), N_("rp_register_now"), N_("rp_since"),
    N_("rp_source"), N_("rp_still_cited"), N_("rp_title"), N_("rp_units"),
    # screen_…
    N_("screen_dossiers"), N_("screen_overview"), N_("screen_plan"),
    # setup_…
    N_("setup_fields"), N_("setup_no_org"), N_("setup_organisation"), N_("setup_procedures"), N_("setup_staff"),
    N_("setup_units"),
    # src_…
    N_("src_audit_finding"), N_("src_complaint"), N_("src_late_dossier"), N_("src_management_review"),
    # st_…
    N_("st_all"), N_("st_attention"), N_("st_in_progress"), N_("st_late"), N_("st_overdue"), N_("st_resolved"),
    N_("st_withdrawn_returned"),
    # svc_…
    N_("svc_full"), N_("svc_info_only"), N_("svc_partial"),
    # theme_…
    N_("theme_ansi"), N_("theme_default"), N_("theme_light"),
    # ts_…
    N_("ts_never"), N_("ts_retrain"), N_("ts_trained"),
    # unknown_…
    N_("unknown_action"), N_("unknown_audit"), N_("unknown_finding"), N_("unknown_nc"),
    # view_…
    N_("view_by_field"), N_("view_by_procedure"), N_("view_courses"), N_("view_imp_actions"), N_("view_imp_audits"),
    N_("view_imp_plan"), N_("view_index"), N_("view_list"), N_("view_matrix"), N_("view_trend"), N_("view_units"),
    # what_…
    N_("what_audit_findings"), N_("what_audits"), N_("what_dossiers"), N_("what_fields"), N_("what_nonconformities"),
    N_("what_organisation"), N_("what_procedures"), N_("what_risks"), N_("what_staff"), N_("what_trainings"),
    # the others
    N_("and_more"), N_("app_short"), N_("carried_over"), N_("clear_hint"),
    N_("counted_to"), N_("dossiers_in_period"), N_("high_risks"),
    N_("in_treatment"), N_("internal_audit"), N_("legal_changes"), N_("management_review"),
    N_("on_due_date"), N_("on_time"), N_("pending_overdue"),
    N_("pending_update"), N_("read_only"), N_("reconciliation_rule"), N_("review_due"),
    N_("review_due_mark"), N_("scope_counts"), N_("sorted_by"), N_("stale_mark"), N_("task_in_progress"),
    N_("treatment_overdue_mark"), N_("tthc_by_field"), N_("tthc_coverage"), N_("tui_col_on_time"),
    N_("under_revision"),
)


def NN_(msgid: str) -> str:  # a plural id: its words are chosen by a count (``Fault(…, plural=n)``)
    return msgid


PLURAL = (
    NN_("fd_feedback_overdue"), NN_("fd_late_without_apology"), NN_("fd_still_cite"),
)
PLURAL_SAVES = (NN_("ds_late_by"), NN_("ds_supplement_received"), NN_("ds_working_days"))
