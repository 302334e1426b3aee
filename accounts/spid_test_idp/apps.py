from django.apps import AppConfig


class SpidTestIdpConfig(AppConfig):
    name = "accounts.spid_test_idp"
    label = "spid_test_idp"
    verbose_name = "Identity provider SPID di test (solo sviluppo)"
