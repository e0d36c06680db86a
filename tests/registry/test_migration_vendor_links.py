"""The migration that turns a system's single vendor into a link to a vendor product."""

import pytest

from tests.registry.migration_steps import back_to_the_latest_schema, migrate  # noqa: F401

BEFORE = [("registry", "0009_gate_request_remediation_done")]
AFTER = [("registry", "0010_system_vendor_products")]


@pytest.mark.django_db(transaction=True)
def test_each_systems_vendor_becomes_a_link_to_one_as_registered_product():
    old = migrate(BEFORE)
    team = old.get_model("core", "Team").objects.create(name="T", slug="t")
    vendor = old.get_model("vendors", "Vendor").objects.create(name="TalentSift")
    system_model = old.get_model("registry", "AISystem")
    for system_id in ("SYS-001", "SYS-002"):
        system_model.objects.create(
            system_id=system_id, name="S", description="d", owner_team=team, vendor=vendor
        )
    system_model.objects.create(
        system_id="SYS-003", name="In-house", description="d", owner_team=team
    )
    new = migrate(AFTER)
    links = new.get_model("registry", "SystemVendorProduct").objects.order_by("system__system_id")
    assert [link.system.system_id for link in links] == ["SYS-001", "SYS-002"]
    products = new.get_model("vendors", "VendorProduct").objects.all()
    assert [(p.vendor.name, p.name) for p in products] == [("TalentSift", "(as registered)")]
    assert {link.product_id for link in links} == {products[0].pk}
    assert all(link.removed_at is None for link in links)
