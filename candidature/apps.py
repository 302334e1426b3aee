from django.apps import AppConfig


class CandidatureConfig(AppConfig):
    name = "candidature"
    verbose_name = "Candidature"

    def ready(self):
        from . import receivers  # noqa: F401  (reactions to the procedure lifecycle)
