"""The vendor pages' forms (thin: the services check the rules and name the field):
vendors and products (vendors.py), assessments (assessments.py), the questionnaire
(questionnaire.py)."""
