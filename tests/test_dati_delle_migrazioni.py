"""The reference data of the data migrations (CCNL rates, the regulation's incompatible pair)
outlive the flush that ends every transactional test: the tests after it on the same xdist
worker rely on them, and which tests follow which changes from run to run (--dist worksteal)."""

import pytest
from django.core.management import call_command

from fabbisogno.models import TariffaOraria
from incarichi.models import Incompatibilita


@pytest.mark.django_db(transaction=True)
def test_tariffe_e_incompatibilita_ci_sono_anche_dopo_un_flush():
    call_command("flush", interactive=False, verbosity=0)
    assert sorted(map(str, TariffaOraria.objects.values_list("importo_orario", flat=True))) == [
        "13.75", "15.95", "19.25", "38.50"]
    assert Incompatibilita.objects.filter(istituto=None, tipologia="progettista",
                                          incompatibile_con="collaudatore").exists()
