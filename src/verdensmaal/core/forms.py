"""What every form shares."""

from django.utils.text import capfirst


class CapitalisedLabels:
    """Every label starts with a capital, as Django writes the labels it takes from a model; the
    explicit ones share the models' lower-case words (and their translations)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if field.label:
                field.label = capfirst(field.label)
