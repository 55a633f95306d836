"""The deadline rules of oppgaveoverføring: calendar days each human step may take (R-DL-1).
A community may set its own lengths (`DeadlineSetting`)."""

from cases.deadline_rules import DeadlineRule

SCREENING = DeadlineRule("screening", "Vurdering i sekretariatet", 14)
PANEL_APPOINTMENT = DeadlineRule("panel_appointment", "Oppnevning av faglig utvalg", 30)
RECOMMENDATION = DeadlineRule("recommendation", "Utredning og innstilling", 90)
GP_COUNCIL = DeadlineRule("gp_council_assessment", "Vurdering i fastlegerådet", 30)
SSU_TREATMENT = DeadlineRule("ssu_treatment", "Behandling i SSU", 60)

RULES = [SCREENING, PANEL_APPOINTMENT, RECOMMENDATION, GP_COUNCIL, SSU_TREATMENT]
