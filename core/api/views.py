"""The kernel's API: who am I (handy to check that a token works)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.authentication import TokenAuthentication
from core.api.throttling import SIGNED_IN
from core.selectors import role_assignments_of


class RoleSerializer(serializers.Serializer):
    role = serializers.CharField(help_text="Role code, e.g. product_owner.")
    label = serializers.CharField(help_text="The role's name, e.g. Product owner.")
    team = serializers.CharField(allow_null=True, help_text="The team, for team-scoped roles.")


class MeSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    time_zone = serializers.CharField()
    roles = RoleSerializer(many=True)


class MeView(APIView):
    """The authenticated user: e-mail, name, time zone and roles."""

    # Token first: its WWW-Authenticate header turns a bad or revoked token into a 401.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = SIGNED_IN

    @extend_schema(
        operation_id="me_retrieve",
        responses={200: MeSerializer},
        summary="The current user and their roles",
        tags=["core"],
    )
    def get(self, request):
        user = request.user
        roles = [
            {"role": a.role, "label": a.get_role_display(), "team": a.team.name if a.team else None}
            for a in role_assignments_of(user)
        ]
        data = {
            "email": user.email,
            "full_name": user.full_name,
            "time_zone": user.time_zone,
            "roles": roles,
        }
        return Response(MeSerializer(data).data)
