"""Pages travel compressed: Django's GZipMiddleware (with its BREACH mitigation, random
padding since Django 4.2) applied to HTML only. PDFs, ZIP archives and images are compressed
already, and whitenoise serves the static files pre-compressed: gzipping them again would cost
CPU for nothing on the downloads of a deadline peak."""

from django.middleware.gzip import GZipMiddleware


class ComprimiPagineMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        return super().process_response(request, response)
