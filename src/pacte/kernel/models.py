from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .permissions import Role
from .tenancy import TenantModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in: a member of one or more workspaces, or a portal user."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Workspace(models.Model):
    """One provider firm. Everything else belongs to exactly one workspace."""

    name = models.CharField(_("name"), max_length=120)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Policies (DOMAIN §1, §2): the deposit asked by default, and how long a silence may last.
    default_deposit_percent = models.DecimalField(
        _("default deposit (%)"),
        max_digits=5,
        decimal_places=2,
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # R-DEADLINE: how many days ahead of a cancel-by date warnings start (comma-separated).
    deadline_warning_days = models.CharField(
        _("deadline warnings (days before)"), max_length=40, default="60,30,7"
    )
    # The technical handover call is held within this many working days of the request.
    handoff_sla_working_days = models.PositiveSmallIntegerField(
        _("handover call within (working days)"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    silence_days = models.PositiveSmallIntegerField(
        _("days without news before an engagement is flagged"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    # The ledger's head is kept here so that cutting entries off the end is detected too.
    ledger_length = models.PositiveBigIntegerField(default=0, editable=False)
    ledger_head = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("name"), name="workspace_name_unique_ci"),
        ]
        verbose_name = _("workspace")
        verbose_name_plural = _("workspaces")

    def __str__(self):
        return self.name


class Member(TenantModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="member_unique"),
        ]
        ordering = ["user__email"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class ApiToken(TenantModel):
    """A bearer token for the REST API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class LedgerEntry(TenantModel):
    """One link of a workspace's hash chain (DOMAIN §8). Written only by `ledger.append`."""

    seq = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=80)
    subject_type = models.CharField(max_length=60, blank=True)
    subject_id = models.CharField(max_length=60, blank=True)
    payload = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "seq"], name="ledger_seq_unique"),
        ]
        ordering = ["seq"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")

    def __str__(self):
        return f"#{self.seq} {self.action}"


class LedgerCheckpoint(TenantModel):
    """How far a workspace's chain is proven, shared by every process (DOMAIN §8).

    `seq` and `entry_hash` name the last entry an incremental check proved: the next check
    confirms that entry still carries that hash and walks only the entries after it. The
    full walk, which alone finds a change made before the checkpoint, records its verdict
    here too, so that pages show the last one without walking anything."""

    # One row per workspace; the reverse name lets one query read the workspace's head and
    # its checkpoint together.
    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="ledger_checkpoint"
    )
    seq = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)
    # The last full walk: asked for (the ledger page's button), started, and its verdict.
    full_requested_at = models.DateTimeField(null=True, blank=True)
    full_started_at = models.DateTimeField(null=True, blank=True)
    full_checked_at = models.DateTimeField(null=True, blank=True)
    full_ok = models.BooleanField(null=True)
    full_count = models.PositiveBigIntegerField(default=0)
    full_broken_seq = models.PositiveBigIntegerField(null=True, blank=True)
    full_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")

    def __str__(self):
        return f"#{self.seq} ({self.workspace_id})"


class PeriodicRun(models.Model):
    """One due slot of a periodic job (`kernel.tasks`), enqueued once: the unique pair
    (job, slot) is what stops two workers, or a scan run twice, from enqueuing it again."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_slot"),
        ]
        verbose_name = _("periodic run")
        verbose_name_plural = _("periodic runs")

    def __str__(self):
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"


class ThrottleCounter(models.Model):
    """How many attempts one key made in one window of one throttling scope
    (`kernel.throttle`). The key is an HMAC of the address or IP, never the value itself; the
    unique (scope, key, window_start) lets every server process count into the same row."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    # When the window ends: rows past it are pruned by a periodic job.
    expires_at = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="throttle_counter_once_per_window"
            ),
        ]
        verbose_name = _("throttle counter")
        verbose_name_plural = _("throttle counters")

    def __str__(self):
        return f"{self.scope} {self.key[:8]} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"
