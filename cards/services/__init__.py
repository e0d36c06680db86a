"""Every write of cards, one module per use case; import from the module:

ai_models.py      model_create (a model of a system, with its empty card)
card_versions.py  card_version_draft_start, card_version_update, card_version_submit
approval.py       card_version_approve, card_version_reject; on_version_approved, the
                  call point where the integration acts on an approval
datasets.py       dataset_create, datasheet_version_draft_start, datasheet_version_update,
                  datasheet_version_approve

The pure rules are in cards.rules; the reads in cards.selectors.
"""
