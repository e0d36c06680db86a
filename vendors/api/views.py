"""The vendors API: thin views over vendors.selectors and the services, under the same
permissions as the pages will have (core.api.permissions.PortalActionPermission)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from core.api.pagination import StandardPagination, list_kit_response
from core.api.permissions import PortalActionPermission
from core.api.responses import BAD_INPUT, FORBIDDEN, not_found
from core.evidence.uploads import EvidenceMultiPartParser
from core.lists.openapi import filter_parameters
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

ID_PATTERN = "[0-9]{1,18}"
VENDOR_404 = not_found("vendor")
ASSESSMENT_404 = not_found("assessment")


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _shown(spec, queryset, pk: int) -> dict:
    """One object as its list shows it: the same columns, read back in one query."""
    query = spec.query(queryset.filter(pk=pk), {})
    return query.api_rows(query.rows("api"))[0]


def _action_schema(summary: str, request, response, code: int = 200, missing=ASSESSMENT_404):
    return extend_schema(
        summary=summary, request=request,
        responses={code: response, 400: BAD_INPUT, 403: FORBIDDEN, 404: missing},
    )  # fmt: skip


class _PortalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, PortalActionPermission]
    pagination_class = StandardPagination
    filter_backends: list = []  # the list kit filters; its parameters are declared
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = ID_PATTERN


@extend_schema_view(
    list=extend_schema(
        summary="List vendors (filtered, sorted, paginated)",
        parameters=filter_parameters(VENDOR_LIST),
        responses={200: s.VendorSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One vendor, with its products",
        responses={200: s.VendorSerializer, 403: FORBIDDEN, 404: VENDOR_404},
    ),
    create=extend_schema(
        summary="Record a vendor (assessors: CISO, security lead, DPO, Legal)",
        request=s.VendorInputSerializer,
        responses={201: s.VendorSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        summary="Change a vendor's name, website or notes",
        request=s.VendorUpdateSerializer,
        responses={200: s.VendorSerializer, 400: BAD_INPUT, 403: FORBIDDEN, 404: VENDOR_404},
    ),
)
class VendorViewSet(mixins.UpdateModelMixin, _PortalViewSet):
    """Vendors by id, their products and the changes they make."""

    serializer_class = s.VendorSerializer
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

    def get_object(self):
        vendor = vendor_get_for(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, vendor)
        return vendor

    def _shown(self, pk: int) -> dict:
        return _shown(VENDOR_LIST, self.get_queryset(), pk)

    def list(self, request, *args, **kwargs):
        return list_kit_response(self, request, vendor_list_for(request.user, request.query_params))

    def retrieve(self, request, *args, **kwargs):
        return Response(self._shown(self.get_object().pk))

    def create(self, request, *args, **kwargs):
        vendor = vendor_create(actor=request.user, **_valid(s.VendorInputSerializer, request))
        return Response(self._shown(vendor.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = _valid(s.VendorUpdateSerializer, request)
        vendor_update(actor=request.user, vendor=vendor, **data)
        return Response(self._shown(vendor.pk))

    @_action_schema(
        "Add a product (a model, an API, licensed weights)",
        s.ProductInputSerializer, s.VendorSerializer, 201, VENDOR_404,
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def products(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = _valid(s.ProductInputSerializer, request)
        product_create(actor=request.user, vendor=vendor, **data)
        return Response(self._shown(vendor.pk), status=status.HTTP_201_CREATED)

    @_action_schema(
        "Record that the vendor changed a product's model, terms or data handling: "
        "an immediate re-assessment starts",
        s.VendorChangeInputSerializer, s.VendorChangeSerializer, 201, VENDOR_404,
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def changes(self, request, *args, **kwargs):
        vendor = self.get_object()
        data = _valid(s.VendorChangeInputSerializer, request)
        product = vendor.products.filter(pk=data.pop("product")).first()
        if product is None:
            raise ValidationError({"product": ["Not a product of this vendor."]})
        change = vendor_change_record(actor=request.user, product=product, **data)
        shown = s.VendorChangeSerializer(
            {
                "id": change.pk, "product": product.pk, "kind": change.kind,
                "description": change.description, "at": change.at,
                "assessment": assessment_in_progress(product).pk,
            }
        )  # fmt: skip
        return Response(shown.data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="List vendor assessments (filtered, sorted, paginated)",
        parameters=filter_parameters(ASSESSMENT_LIST),
        responses={200: s.AssessmentSerializer(many=True), 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    retrieve=extend_schema(
        summary="One assessment: its answers, score, tier, findings and approval",
        responses={200: s.AssessmentSerializer, 403: FORBIDDEN, 404: ASSESSMENT_404},
    ),
    create=extend_schema(
        summary="Start a draft assessment of a product (assessors)",
        request=s.AssessmentCreateSerializer,
        responses={201: s.AssessmentSerializer, 400: BAD_INPUT, 403: FORBIDDEN},
    ),
    partial_update=extend_schema(
        summary="Change answers (while draft or answered)",
        request=s.AnswersSerializer,
        responses={
            200: s.AssessmentSerializer,
            400: BAD_INPUT,
            403: FORBIDDEN,
            404: ASSESSMENT_404,
        },
    ),
)
class AssessmentViewSet(mixins.UpdateModelMixin, _PortalViewSet):
    """Assessments by id: answers, scoring, the CISO's approval and evidence."""

    serializer_class = s.AssessmentSerializer
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

    def get_object(self):
        assessment = assessment_get_for(self.request.user, self.kwargs["pk"])
        self.check_object_permissions(self.request, assessment)
        return assessment

    def _shown(self, pk: int) -> dict:
        return _shown(ASSESSMENT_LIST, self.get_queryset(), pk)

    def list(self, request, *args, **kwargs):
        return list_kit_response(
            self, request, assessment_list_for(request.user, request.query_params)
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(self._shown(self.get_object().pk))

    @transaction.atomic
    def create(self, request, *args, **kwargs):
        answers = _valid(s.AssessmentCreateSerializer, request)
        try:
            product = product_get_for(request.user, answers.pop("product"))
        except Http404:
            raise ValidationError({"product": ["No such product."]}) from None
        reason = answers.pop("reason")
        assessment = assessment_create(
            actor=request.user, product=product, reason=reason, answers=answers
        )
        return Response(self._shown(assessment.pk), status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        assessment = self.get_object()
        answers = _valid(s.AnswersSerializer, request)
        assessment_update(actor=request.user, assessment=assessment, answers=answers)
        return Response(self._shown(assessment.pk))

    @_action_schema(
        "Score the answers: points, tier, findings, recommendation, use approved",
        s.EmptyInputSerializer, s.AssessmentSerializer,
    )  # fmt: skip
    @action(detail=True, methods=["post"])
    def score(self, request, *args, **kwargs):
        assessment = self.get_object()
        _valid(s.EmptyInputSerializer, request)
        assessment_score(actor=request.user, assessment=assessment)
        return Response(self._shown(assessment.pk))

    @_action_schema(
        "The CISO approves a high-tier product on a contractual remediation plan",
        s.CisoApprovalInputSerializer, s.AssessmentSerializer,
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="ciso-approval", url_name="ciso-approval")
    def ciso_approval(self, request, *args, **kwargs):
        assessment = self.get_object()
        data = _valid(s.CisoApprovalInputSerializer, request)
        assessment_ciso_approve(actor=request.user, assessment=assessment, **data)
        return Response(self._shown(assessment.pk))

    @_action_schema(
        "The CISO marks the contractual remediation of a high-tier product done (the "
        "signed amendment attached as evidence first): only then is its use approved",
        s.EmptyInputSerializer, s.AssessmentSerializer,
    )  # fmt: skip
    @action(detail=True, methods=["post"], url_path="remediation-done", url_name="remediation-done")
    def remediation_done(self, request, *args, **kwargs):
        assessment = self.get_object()
        _valid(s.EmptyInputSerializer, request)
        assessment_remediation_complete(actor=request.user, assessment=assessment)
        return Response(self._shown(assessment.pk))

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
        data = _valid(s.EvidenceInputSerializer, request)
        assessment_evidence_attach(
            actor=request.user, assessment=assessment, kind=data["kind"], upload=data["file"],
            applies_from=data.get("applies_from"), expires_on=data.get("expires_on"),
        )  # fmt: skip
        return Response(self._shown(assessment.pk), status=status.HTTP_201_CREATED)
