"""django-allauth adapters: identities come from SPID/CIE; no self-service password sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from .models import User


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by logging in with SPID or CIE, never with a password form.
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request, sociallogin):
        return True

    def pre_social_login(self, request, sociallogin):
        """Attach the login to the person already known by codice fiscale.

        A DS named by Amministrazione centrale exists before the first login: the identity
        asserted by SPID/CIE is that same person, so the accounts are joined.
        """
        dati = sociallogin.user
        if sociallogin.is_existing:
            utente = sociallogin.user
        else:
            utente = User.objects.filter(codice_fiscale=sociallogin.account.uid).first()
            if utente is None:
                return
            sociallogin.connect(request, utente)
        aggiornati = []
        for campo in ("nome", "cognome", "data_nascita", "livello_spid"):
            valore = getattr(dati, campo, None) or sociallogin.account.extra_data.get(campo)
            if valore and getattr(utente, campo) != valore:
                setattr(utente, campo, valore)
                aggiornati.append(campo)
        if not utente.email and dati.email:
            utente.email = dati.email
            aggiornati.append("email")
        if aggiornati:
            utente.save(update_fields=aggiornati)

    def populate_user(self, request, sociallogin, data):
        user = sociallogin.user
        user.codice_fiscale = data["codice_fiscale"]
        user.nome = data.get("nome", "")
        user.cognome = data.get("cognome", "")
        user.email = data.get("email", "")
        user.data_nascita = data.get("data_nascita")
        user.livello_spid = data.get("livello_spid")
        user.clean()
        return user
