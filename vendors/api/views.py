"""The vendors API: thin views over vendors.selectors and the services, under the same
permissions as the pages will have (core.api.permissions.PortalActionPermission)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.openapi import Write, standard_schema
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.api.viewsets import KitListMixin, PortalViewSet, ShownRetrieveMixin, action_schema
from core.evidence.uploads import EvidenceMultiPartParser
from vendors.api import serializers as s
from vendors.lists import ASSESSMENT_LIST, VENDOR_LIST
from vendors.selectors.assessments import (
    assessment_get_for,
    assessment_list_for,
    assessments_visible_to,
)
from vendors.selectors.vendors import (
    product_get_for,
    vendor_get_for,
    vendor_list_for,
    vendors_visible_to,
)
from vendors.services.approval import assessment_ciso_approve, assessment_remediation_complete
from vendors.services.assessments import (
    assessment_create,
    assessment_in_progress,
    assessment_update,
)
from vendors.services.catalogue import product_create, vendor_create, vendor_update
from vendors.services.changes import vendor_change_record
from vendors.services.evidence import assessment_evidence_attach
from vendors.services.scoring import assessment_score

VENDOR_404 = not_found("vendor")
ASSESSMENT_404 = not_found("assessment")


@standard_schema(
    missing=VENDOR_404,
    list_summary="List vendors (filtered, sorted, paginated)",
    retrieve_summary="One vendor, with its products",
    create=Write(
        "Record a vendor (assessors: CISO, security lead, DPO, Legal)", s.VendorInputSerializer
    ),
    partial_update=Write("Change a vendor's name, website or notes", s.VendorUpdateSerializer),
)
class VendorViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Vendors by id, their products and the changes they make."""

    serializer_class = s.VendorSerializer
    list_spec = VENDOR_LIST
    read_permission = "vendors.vendor.view"
    action_permissions = {
        "list": "vendors.vendor.view",
        "retrieve": "vendors.vendor.view",
        "metadata": "vendors.vendor.view",
        "create": "vendors.vendor.change",
        "partial_update": "vendors.vendor.change",
        "products": "vendors.vendor.change",
        "changes": "vendors.assessment.change",
    }

    def get_queryset(self):
        return vendors_visible_to(self.request.user)

    def object_get(self, user, key):
        return vendor_get_for(user, key)

    def list_query(self, user, params):
        return vendor_list_for(user, params)

    def create(self, request, *args, **kwargs):
        vendor = vendor_create(actor=request.user, **self.valid_input(s.VendorInputSerializer))
        return Response(self.shown(vendor), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = self.valid_input(s.VendorUpdateSerializer)
        vendor_update(actor=request.user, vendor=vendor, **data)
        return Response(self.shown(vendor))

    @action_schema(
        "Add a product (a model, an API, licensed weights)",
        request=s.ProductInputSerializer,
        response=s.VendorSerializer,
        code=201,
        missing=VENDOR_404,
    )
    @action(detail=True, methods=["post"])
    def products(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = self.valid_input(s.ProductInputSerializer)
        product_create(actor=request.user, vendor=vendor, **data)
        return Response(self.shown(vendor), status=status.HTTP_201_CREATED)

    @action_schema(
        "Record that the vendor changed a product's model, terms or data handling: "
        "an immediate re-assessment starts",
        request=s.VendorChangeInputSerializer,
        response=s.VendorChangeSerializer,
        code=201,
        missing=VENDOR_404,
    )
    @action(detail=True, methods=["post"])
    def changes(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = self.valid_input(s.VendorChangeInputSerializer)
        product = vendor.products.filter(pk=data.pop("product")).first()
        if product is None:
            raise ValidationError({"product": ["Not a product of this vendor."]})
        change = vendor_change_record(actor=request.user, product=product, **data)
        shown = s.VendorChangeSerializer(
            {
                "id": change.pk,
                "product": product.pk,
                "kind": change.kind,
                "description": change.description,
                "at": change.at,
                "assessment": assessment_in_progress(product).pk,
            }
        )
        return Response(shown.data, status=status.HTTP_201_CREATED)


@standard_schema(
    missing=ASSESSMENT_404,
    list_summary="List vendor assessments (filtered, sorted, paginated)",
    retrieve_summary="One assessment: its answers, score, tier, findings and approval",
    create=Write("Start a draft assessment of a product (assessors)", s.AssessmentCreateSerializer),
    partial_update=Write("Change answers (while draft or answered)", s.AnswersSerializer),
)
class AssessmentViewSet(KitListMixin, ShownRetrieveMixin, PortalViewSet):
    """Assessments by id: answers, scoring, the CISO's approval and evidence."""

    serializer_class = s.AssessmentSerializer
    list_spec = ASSESSMENT_LIST
    read_permission = "vendors.assessment.view"
    action_permissions = {
        "list": "vendors.assessment.view",
        "retrieve": "vendors.assessment.view",
        "metadata": "vendors.assessment.view",
        "create": "vendors.assessment.change",
        "partial_update": "vendors.assessment.change",
        "score": "vendors.assessment.change",
        "ciso_approval": "vendors.assessment.ciso_approve",
        "remediation_done": "vendors.assessment.ciso_approve",
        "evidence": "vendors.assessment.change",
    }

    def get_queryset(self):
        return assessments_visible_to(self.request.user)

    def object_get(self, user, key):
        return assessment_get_for(user, key)

    def list_query(self, user, params):
        return assessment_list_for(user, params)

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        answers = self.valid_input(s.AssessmentCreateSerializer)
        try:
            product = product_get_for(request.user, answers.pop("product"))
        except Http404:
            raise ValidationError({"product": ["No such product."]}) from None
        reason = answers.pop("reason")
        assessment = assessment_create(
            actor=request.user, product=product, reason=reason, answers=answers
        )
        return Response(self.shown(assessment), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        answers = self.valid_input(s.AnswersSerializer)
        assessment_update(actor=request.user, assessment=assessment, answers=answers)
        return Response(self.shown(assessment))

    @action_schema(
        "Score the answers: points, tier, findings, recommendation, use approved",
        request=s.EmptyInputSerializer,
        response=s.AssessmentSerializer,
        missing=ASSESSMENT_404,
    )
    @action(detail=True, methods=["post"])
    def score(self, request, *args, **kwargs):
        assessment = self.get_object()
        self.valid_input(s.EmptyInputSerializer)
        assessment_score(actor=request.user, assessment=assessment)
        return Response(self.shown(assessment))

    @action_schema(
        "The CISO approves a high-tier product on a contractual remediation plan",
        request=s.CisoApprovalInputSerializer,
        response=s.AssessmentSerializer,
        missing=ASSESSMENT_404,
    )
    @action(detail=True, methods=["post"], url_path="ciso-approval", url_name="ciso-approval")
    def ciso_approval(self, request, *args, **kwargs):
        assessment = self.get_object()
        data = self.valid_input(s.CisoApprovalInputSerializer)
        assessment_ciso_approve(actor=request.user, assessment=assessment, **data)
        return Response(self.shown(assessment))

    @action_schema(
        "The CISO marks the contractual remediation of a high-tier product done (the "
        "signed amendment attached as evidence first): only then is its use approved",
        request=s.EmptyInputSerializer,
        response=s.AssessmentSerializer,
        missing=ASSESSMENT_404,
    )
    @action(detail=True, methods=["post"], url_path="remediation-done", url_name="remediation-done")
    def remediation_done(self, request, *args, **kwargs):
        assessment = self.get_object()
        self.valid_input(s.EmptyInputSerializer)
        assessment_remediation_complete(actor=request.user, assessment=assessment)
        return Response(self.shown(assessment))

    @extend_schema(
        summary="Attach a document (SOC 2 report, DPA, pen-test summary) as an evidence "
        "file (multipart), with its expiry date",
        request={"multipart/form-data": s.EvidenceInputSerializer},
        responses={
            201: s.AssessmentSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: ASSESSMENT_404,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[EvidenceMultiPartParser])
    def evidence(self, request, *args, **kwargs):
        assessment = self.get_object()
        data = self.valid_input(s.EvidenceInputSerializer)
        assessment_evidence_attach(
            actor=request.user,
            assessment=assessment,
            kind=data["kind"],
            upload=data["file"],
            applies_from=data.get("applies_from"),
            expires_on=data.get("expires_on"),
        )
        return Response(self.shown(assessment), status=status.HTTP_201_CREATED)
