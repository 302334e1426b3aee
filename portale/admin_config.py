from django.contrib.admin.apps import AdminConfig


class PortaleAdminConfig(AdminConfig):
    """The admin with the MFA-only site of portale.admin_site."""

    default_site = "portale.admin_site.PortaleAdminSite"
