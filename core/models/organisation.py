"""The organisation's profile (DOMAIN.md 13): one row, kept by administrators.

Every notice, report and pack takes the organisation's name, addresses and contacts
from here, and business days (incident SLAs) are counted in its time zone and public-
holiday calendar. Every item may be blank in the database: a document that needs a
missing item is refused naming it (core.rules.organisation.organisation_missing).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_data
from django.core.exceptions import ValidationError
from django.db import models


def _alpha2_countries() -> dict[str, list[str]]:
    """ISO 3166-1 alpha-2 codes known to the `holidays` package, with their subdivisions
    (it also lists alpha-3 aliases, left out here)."""
    return {
        code: subdivisions
        for code, subdivisions in holiday_data.list_supported_countries().items()
        if len(code) == 2
    }


def validate_country(value: str) -> None:
    if value and value not in _alpha2_countries():
        raise ValidationError(
            f"'{value}' is not a country code: give the two capital letters of ISO 3166, "
            "e.g. DE or US."
        )


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"'{value}' is not a time zone: give its IANA name, e.g. Europe/Berlin."
        ) from None


def _country(verbose_name: str, help_text: str) -> models.CharField:
    return models.CharField(
        verbose_name, max_length=2, blank=True, validators=[validate_country], help_text=help_text
    )


def _name(verbose_name: str, help_text: str) -> models.CharField:
    return models.CharField(verbose_name, max_length=200, blank=True, help_text=help_text)


def _text(verbose_name: str, help_text: str) -> models.TextField:
    return models.TextField(verbose_name, blank=True, help_text=help_text)


class OrganisationProfile(models.Model):
    """The one profile of the organisation running the portal (use
    core.selectors.organisation_profile_get, which creates it when missing)."""

    legal_name = _name("legal name", "The name as registered, e.g. 'Example Insurance GmbH'.")
    address = _text("registered address", "Street, postcode, city and country.")
    establishment_country = _country(
        "country of establishment",
        "Where the organisation has its main establishment (ISO 3166 code, e.g. DE).",
    )
    time_zone = models.CharField(
        "time zone",
        max_length=64,
        default="Europe/Berlin",
        validators=[validate_time_zone],
        help_text="Business days, the weekly leadership report and office hours are in this "
        "zone (IANA name, e.g. Europe/Berlin).",
    )
    holiday_country = _country(
        "public holidays of (country)",
        "Whose public holidays are not business days (ISO 3166 code, e.g. DE).",
    )
    holiday_subdivision = models.CharField(
        "public holidays of (region)",
        max_length=20,
        blank=True,
        help_text="The state or region where holidays differ, e.g. BY for Bavaria; "
        "leave empty for the national holidays only.",
    )
    dpo_name = _name(
        "data protection officer",
        "Name of the DPO, as given in GDPR notifications (Art. 33(3)(b)).",
    )
    dpo_email = models.EmailField(
        "data protection officer's e-mail",
        blank=True,
        help_text="Where the authority and affected people reach the DPO.",
    )
    dpo_phone = models.CharField(
        "data protection officer's phone",
        max_length=50,
        blank=True,
        help_text="With the country code, e.g. +49 30 1234567.",
    )
    supervisory_authority_name = _name(
        "lead supervisory authority",
        "The data protection authority GDPR breaches are notified to.",
    )
    supervisory_authority_contact = _text(
        "lead supervisory authority's contact",
        "Address, e-mail or the notification portal's address.",
    )
    market_surveillance_authority_name = _name(
        "market surveillance authority",
        "The authority EU AI Act Art. 73 serious incidents are reported to.",
    )
    market_surveillance_authority_contact = _text(
        "market surveillance authority's contact",
        "Address, e-mail or the reporting portal's address.",
    )
    support_contact = _text(
        "support contact for affected people",
        "Where people affected by an incident get help (Art. 34 notices).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "organisation profile"
        verbose_name_plural = "organisation profile"
        # One organisation runs the portal: its profile is row 1 and no other.
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="organisation_profile_one_row")
        ]

    def __str__(self) -> str:
        return self.legal_name or "Organisation profile (not filled in)"

    def clean(self) -> None:
        if self.holiday_subdivision:
            subdivisions = _alpha2_countries().get(self.holiday_country)
            if not self.holiday_country:
                raise ValidationError(
                    {"holiday_subdivision": "Choose the country of the region first."}
                )
            if subdivisions is not None and self.holiday_subdivision not in subdivisions:
                raise ValidationError(
                    {
                        "holiday_subdivision": f"'{self.holiday_subdivision}' is not a region of "
                        f"{self.holiday_country}: one of {', '.join(subdivisions)}."
                    }
                )
