"""The client's digital assets and who controls them (DOMAIN §6)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pacte.kernel.money import Currency
from pacte.kernel.tenancy import TenantManager, TenantModel, TenantQuerySet
from pacte.kernel.validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH

from .renewals import DEADLINE_STATE_FIELDS, RENEWAL_TERM_FIELDS, deadline_state


class AssetKind(models.TextChoices):
    DOMAIN = "domain", _("Domain name")
    DNS = "dns", _("DNS")
    HOSTING = "hosting", _("Hosting")
    CODE_REPOSITORY = "code_repository", _("Code repository")
    SOFTWARE_LICENCE = "software_licence", _("Software licence")
    BACKUP_LOCATION = "backup_location", _("Backup location")
    ADMIN_ACCOUNT = "admin_account", _("Admin account")
    AD_ACCOUNT = "ad_account", _("Advertising account")
    AD_PAYMENT_METHOD = "ad_payment_method", _("Advertising payment method")
    ANALYTICS = "analytics", _("Analytics")
    WEBMASTER_CONSOLE = "webmaster_console", _("Webmaster console")
    NEWSLETTER = "newsletter", _("Newsletter")
    CRM = "crm", _("CRM")
    BI = "bi", _("Business intelligence")
    OTHER_SAAS = "other_saas", _("Other online service")
    EMAIL_ALIAS = "email_alias", _("Email alias")
    DOCUMENTATION = "documentation", _("Documentation")


class Party(models.TextChoices):
    CLIENT = "client", _("The client")
    US = "us", _("Us")
    THIRD_PARTY = "third_party", _("A third party")


class Licence(models.TextChoices):
    CLIENT_NAME = "client_name", _("In the client's name")
    OUR_NAME = "our_name", _("In our name")
    THIRD_PARTY_NAME = "third_party_name", _("In a third party's name")
    FREE = "free", _("Free licence")


class RenewalPeriod(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    YEARLY = "yearly", _("Yearly")
    ONCE = "once", _("One date only")


class AssetQuerySet(TenantQuerySet):
    """Keeps every asset's stored deadline state (`renewals.deadline_state`) right on the
    bulk paths that skip `Asset.save`."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        today = timezone.localdate()
        for asset in objs:
            # A loader that set the state itself (as of its own day) keeps it.
            if asset.deadline_as_of is None:
                asset.set_deadline_state(as_of=today)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        fields = list(fields)
        if RENEWAL_TERM_FIELDS.intersection(fields):
            objs = list(objs)
            today = timezone.localdate()
            for asset in objs:
                asset.set_deadline_state(as_of=today)
            fields += [f for f in DEADLINE_STATE_FIELDS if f not in fields]
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        # SQL cannot roll a renewal forward: changed terms mark the state as never computed
        # (stale), which the readers answer exactly until the next refresh.
        if RENEWAL_TERM_FIELDS.intersection(kwargs) and "deadline_as_of" not in kwargs:
            kwargs["deadline_as_of"] = None
        return super().update(**kwargs)


class AssetManager(TenantManager.from_queryset(AssetQuerySet)):
    pass


class Asset(TenantModel):
    """One asset of the client. Pacte never stores a secret: `credentials_reference` says
    where the credentials live (e.g. "client's password manager, entry X")."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="assets")
    kind = models.CharField(_("kind"), max_length=30, choices=AssetKind.choices)
    identifier = models.CharField(_("identifier"), max_length=255, validators=SINGLE_LINE_TEXT)
    vendor = models.CharField(
        _("vendor or registrar"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT
    )
    legal_owner = models.CharField(
        _("legal owner"), max_length=20, choices=Party.choices, default=Party.CLIENT
    )
    third_party_name = models.CharField(
        _("which third party"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT
    )
    payer = models.CharField(
        _("who pays"), max_length=20, choices=Party.choices, default=Party.CLIENT
    )
    client_has_admin = models.BooleanField(_("the client holds admin access"), default=False)
    we_have_admin = models.BooleanField(_("we hold admin access"), default=False)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, blank=True)
    credentials_reference = models.CharField(
        _("where the credentials live"), max_length=255, blank=True, validators=SINGLE_LINE_TEXT
    )
    renewal_date = models.DateField(_("renewal date"), null=True, blank=True)
    renewal_period = models.CharField(
        _("renews"), max_length=10, choices=RenewalPeriod.choices, default=RenewalPeriod.YEARLY
    )
    auto_renew = models.BooleanField(_("renews automatically (tacit renewal)"), default=False)
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), default=0, validators=[MaxValueValidator(730)]
    )
    cost = models.DecimalField(
        _("cost per period"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    last_verified_on = models.DateField(_("last verified on"), null=True, blank=True)
    notes = models.TextField(
        _("notes"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # R-DEADLINE's stored state, derived from the renewal terms above as of `deadline_as_of`
    # (see `renewals.py`): what lets SQL select, count and page the cancel-by dates.
    deadline_as_of = models.DateField(null=True, blank=True, editable=False)
    next_renewal_on = models.DateField(null=True, blank=True, editable=False)
    next_cancel_by = models.DateField(null=True, blank=True, editable=False)
    cancellable_renewal_on = models.DateField(null=True, blank=True, editable=False)
    cancellable_by = models.DateField(null=True, blank=True, editable=False)
    deadline_state_until = models.DateField(null=True, blank=True, editable=False)
    renewal_day = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    objects = AssetManager()

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["kind", "identifier"]
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        indexes = [
            models.Index(fields=["workspace", "renewal_date"]),
            models.Index(fields=["workspace", "client", "kind"]),
            # The registry's order (API lists, the assets page).
            models.Index(fields=["workspace", "kind", "identifier"], name="asset_ws_kind_ident"),
            # One client's assets in page order. Without it SQLite prefers walking the
            # workspace's assets in (kind, identifier) order to sorting one client's fifty.
            models.Index(
                fields=["workspace", "client", "kind", "identifier"], name="asset_ws_client_kind"
            ),
            # R-DEADLINE (see renewals.py and pacte.deadlines): the missed dates by next
            # cancel-by date, the dates still cancellable by cancellable-by date, each in
            # page order (the id next) and covering the freshness test; the calendar's
            # groups in GROUP BY order; the stale rows by either bound of the state.
            models.Index(
                fields=[
                    "workspace",
                    "next_cancel_by",
                    "id",
                    "next_renewal_on",
                    "deadline_as_of",
                    "deadline_state_until",
                ],
                name="asset_ws_next_cancel_by",
            ),
            models.Index(
                fields=[
                    "workspace",
                    "cancellable_by",
                    "id",
                    "deadline_as_of",
                    "deadline_state_until",
                ],
                name="asset_ws_cancellable_by",
            ),
            models.Index(
                fields=[
                    "workspace",
                    "next_renewal_on",
                    "notice_days",
                    "renewal_day",
                    "renewal_period",
                    "auto_renew",
                    "next_cancel_by",
                    "deadline_as_of",
                    "deadline_state_until",
                ],
                name="asset_ws_next_renewal",
            ),
            models.Index(fields=["workspace", "deadline_as_of"], name="asset_ws_deadline_as_of"),
            models.Index(
                fields=["workspace", "deadline_state_until"], name="asset_ws_deadline_until"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.identifier}"

    def set_deadline_state(self, *, as_of=None) -> None:
        """Recompute the stored deadline state from the renewal terms (not saved)."""
        state = deadline_state(
            self.renewal_date,
            self.renewal_period,
            self.auto_renew,
            self.notice_days,
            as_of=as_of or timezone.localdate(),
        )
        for field, value in state.as_fields().items():
            setattr(self, field, value)

    def save(self, *args, update_fields=None, **kwargs):
        # Every save recomputes the state as of today: no write path can forget it.
        self.set_deadline_state()
        if update_fields is not None:
            update_fields = {*update_fields, *DEADLINE_STATE_FIELDS}
        super().save(*args, update_fields=update_fields, **kwargs)


class ActionLogEntry(TenantModel):
    """R-OWN 11: every action we take for the client is documented: what, on which asset,
    why, and the result."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="action_log"
    )
    asset = models.ForeignKey(
        Asset, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    done_on = models.DateField(_("date"))
    what = models.CharField(_("what was done"), max_length=300, validators=SINGLE_LINE_TEXT)
    why = models.TextField(
        _("why"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    result = models.TextField(
        _("result"), blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    portal_client_lookup = "client_id"

    class Meta:
        ordering = ["-done_on", "-created_at"]
        verbose_name = _("action")
        verbose_name_plural = _("action log")
        indexes = [
            # R-OWN 11 reads which assets have an action, workspace-wide, off this index.
            models.Index(fields=["workspace", "asset"], name="action_ws_asset"),
            # The action log's order (the API list, the client's timeline), newest first.
            models.Index(fields=["workspace", "-done_on", "-id"], name="action_ws_done"),
            models.Index(
                fields=["workspace", "client", "-done_on", "-id"], name="action_ws_client_done"
            ),
        ]


class CalendarFeed(TenantModel):
    """A member's secret iCalendar address for the cancel-by and renewal dates. Only the
    SHA-256 of the secret is kept; revoking deletes the row and the address stops working."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
