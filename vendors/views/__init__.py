"""The vendor pages: parse, call a selector or a service, answer through core's
form responder. vendors.py and assessments.py are the portal's pages, review.py the
assessor's side of the questionnaire, questionnaire.py the vendor contact's public pages
under /q/<token>/, exports.py the CSV lists."""
