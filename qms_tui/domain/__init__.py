"""The QMS domain: records, working days, statistics and compliance rules. Never imports Textual."""
