from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from verdensmaal.core.models import BaseModel
from verdensmaal.core.validators import validate_cvr, validate_ean


class Organisation(BaseModel):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        EDUCATION = "education", _("Educational institution")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    area = models.OneToOneField(
        "areas.Area",
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisation",
        limit_choices_to={"kind": "municipality"},
        help_text=_("The municipality this organisation is, for municipalities."),
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    ean = models.CharField(
        _("EAN number"),
        max_length=13,
        blank=True,
        validators=[validate_ean],
        help_text=_("The EAN location number that electronic invoices are addressed to."),
    )
    street = models.CharField(_("street address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:organisation", args=[self.pk])

    def clean(self) -> None:
        if self.kind == self.Kind.MUNICIPALITY and self.area_id is None:
            raise ValidationError({"area": _("A municipality must be linked to its area.")})
        if self.kind != self.Kind.MUNICIPALITY and self.area_id is not None:
            raise ValidationError({"area": _("Only a municipality is linked to an area.")})
        if self.postcode and not (len(self.postcode) == 4 and self.postcode.isdigit()):
            raise ValidationError({"postcode": _("A Danish postcode has 4 digits.")})


class User(AbstractUser):
    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", _("Secretariat")
        EDITOR = "editor", _("Municipal editor")
        PARTICIPANT = "participant", _("Participant")

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.PARTICIPANT
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=[("da", _("Danish")), ("en", _("English"))],
        default="da",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def clean(self) -> None:
        super().clean()
        if self.role == self.Role.EDITOR and self.organisation_id is None:
            raise ValidationError(
                {"organisation": _("A municipal editor belongs to an organisation.")}
            )

    def save(self, *args, **kwargs):
        # The back office (Django's admin) is the secretariat's; other roles work in the product.
        self.is_staff = self.is_superuser or self.role == self.Role.SECRETARIAT
        super().save(*args, **kwargs)

    def has_perm(self, perm, obj=None) -> bool:
        return (self.is_active and self.role == self.Role.SECRETARIAT) or super().has_perm(
            perm, obj
        )

    def has_module_perms(self, app_label) -> bool:
        return (self.is_active and self.role == self.Role.SECRETARIAT) or super().has_module_perms(
            app_label
        )

    @property
    def is_secretariat(self) -> bool:
        return self.role == self.Role.SECRETARIAT

    @property
    def is_editor(self) -> bool:
        return self.role == self.Role.EDITOR
