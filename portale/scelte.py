"""A select with no choice yet says «Scegli…», as the ministry's portal and ours do elsewhere,
not Django's «---------» (a blank choice of a model field, the empty label of a
ModelChoiceField)."""

from django import forms

SCEGLI = "Scegli…"


class SceltaVuotaInItaliano:
    """Mixin of a Form: every select's blank choice reads «Scegli…»."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for campo in self.fields.values():
            if isinstance(campo, forms.ModelChoiceField):
                if campo.empty_label is not None:
                    campo.empty_label = SCEGLI
            elif isinstance(campo, forms.ChoiceField):
                scelte = list(campo.choices)
                if scelte and scelte[0][0] in ("", None) and str(scelte[0][1]).startswith("---"):
                    campo.choices = [("", SCEGLI), *scelte[1:]]
