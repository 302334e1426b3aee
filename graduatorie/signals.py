"""Signals for the apps that react to the interpello without importing graduatorie.

`proposta_accettata(sender=Proposta, proposta, autore)` is sent inside the transaction of
«Accetta»: the receiver that confers the Incarico (incarichi) is wired by the project, since
incarichi sits to the left of graduatorie and cannot import it.
"""

from django.dispatch import Signal

proposta_accettata = Signal()
