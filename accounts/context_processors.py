def ruoli(request):
    return {
        "memberships": getattr(request, "memberships", []),
        "membership_attiva": getattr(request, "membership", None),
    }
