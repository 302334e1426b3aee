"""Apps to the right of `procedure` (candidature, graduatorie) react to its lifecycle here,
so that `procedure` never imports them (DESIGN.md §3)."""

from django.dispatch import Signal

# Sent inside the transaction of the change: procedura, azione, autore, nuova (for copies).
transizione_eseguita = Signal()
