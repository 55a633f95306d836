"""The record of an objection's steps and its decision letter (`ProcessSpec.record`,
`ProcessSpec.decision_letter`). Written by engineer WEB; until then the spec leaves both unset
and the generic case page shows the events."""
