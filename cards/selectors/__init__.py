"""Every read of cards for a page or an endpoint: members see every model, card, version
and datasheet (as every member sees every system); 404 for missing and forbidden alike.

models.py       models_visible_to, models_for_system, model_get_for, card_get_for,
                card_versions_of, version_get_for, version_card
datasets.py     datasets_visible_to, dataset_get_for, datasheet_versions_of,
                datasheet_version_get_for
completeness.py approved_datasheet_keys, card_completeness_for, card_version_completeness
"""
