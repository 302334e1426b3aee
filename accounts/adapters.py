"""django-allauth adapters: identities come from SPID/CIE; no self-service password sign-up."""

from datetime import date

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
        """Attach the login to the person already known by codice fiscale, and take from the
        assertion who the person is.

        A DS named by Amministrazione centrale exists before the first login: the identity
        asserted by SPID/CIE is that same person, so the accounts are joined. At every login
        the name, the date of birth and the level are the ones the identity provider asserts
        now (`account.extra_data` holds this login's assertion; for a known account
        `sociallogin.user` is the stored person, not the assertion). The e-mail is the
        person's own choice in the portal: taken only when there is none.
        """
        if sociallogin.is_existing:
            utente = sociallogin.user
        else:
            utente = User.objects.filter(codice_fiscale=sociallogin.account.uid).first()
            if utente is None:
                return
            sociallogin.connect(request, utente)
        attestato = sociallogin.account.extra_data
        nascita = attestato.get("data_nascita")
        valori = {"nome": attestato.get("nome"), "cognome": attestato.get("cognome"),
                  "data_nascita": date.fromisoformat(nascita) if nascita else None,
                  "livello_spid": attestato.get("livello_spid")}
        aggiornati = []
        for campo, valore in valori.items():
            if valore and getattr(utente, campo) != valore:
                setattr(utente, campo, valore)
                aggiornati.append(campo)
        if not utente.email and attestato.get("email"):
            utente.email = attestato["email"]
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
