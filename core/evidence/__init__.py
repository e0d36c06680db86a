"""Evidence files (DESIGN.md section 3, Evidence): the rules on what may be uploaded
(rules.py), storing and opening the bytes (services.py, selectors.py) and the upload
parsing that refuses unsafe names instead of renaming them (uploads.py)."""
