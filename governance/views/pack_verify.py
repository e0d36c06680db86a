"""The pack verification page: a member uploads an audit pack and sees each check
(signature, evidence files, audit checkpoint) with what no longer matches."""

from __future__ import annotations

import hashlib

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from core.evidence.uploads import evidence_upload_view
from core.views.common import require_can
from governance.forms.pack_verify import PackVerifyForm
from governance.services.packs.verify import pack_verification_record, pack_verify

TEMPLATE = "governance/packs/verify.html"
BAD_REQUEST = 400


def _refused(request, problem: str, *args, **kwargs):
    """An upload refused before the form sees it (an unsafe name, a body far too
    large): the page again, with the problem on the file field."""
    form = PackVerifyForm(data={})
    form.is_valid()  # "required", as no file reached it; replaced by why it was refused
    form.errors["file"] = form.error_class([problem])
    return render(request, TEMPLATE, {"form": form}, status=BAD_REQUEST)


@evidence_upload_view(refused=_refused)
@require_http_methods(["GET", "POST"])
def pack_verify_view(request):
    require_can(request, "governance.pack.verify")
    if request.method != "POST":
        return render(request, TEMPLATE, {"form": PackVerifyForm()})
    form = PackVerifyForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form}, status=BAD_REQUEST)
    data = form.cleaned_data["file"]
    verification = pack_verify(data=data)
    sha256 = hashlib.sha256(data).hexdigest()
    pack_verification_record(actor=request.user, verification=verification, sha256=sha256)
    context = {
        "form": PackVerifyForm(),
        "verification": verification,
        "file_name": request.FILES["file"].name,
        "file_sha256": sha256,
    }
    return render(request, TEMPLATE, context)
