from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "cards"
    verbose_name = "Model cards and datasheets"

    def ready(self) -> None:
        from cards import permissions  # noqa: F401 - registers the rules
        from cards.contributions import contributions_register
        from cards.views.navigation import navigation_register

        contributions_register()
        navigation_register()
