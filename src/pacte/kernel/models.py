from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .business_time import default_week_json
from .permissions import Role
from .tenancy import TenantModel
from .validation import MULTI_LINE_TEXT, SINGLE_LINE_TEXT, TEXT_MAX_LENGTH


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
    email = models.EmailField(_("email address"), unique=True, validators=SINGLE_LINE_TEXT)
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=SINGLE_LINE_TEXT
    )
    # Where the person lands when they sign in: the workspace they last chose (as a member,
    # or as a portal user of one of its clients). Set by the switch and by an accepted
    # invitation, never by another workspace.
    last_workspace = models.ForeignKey(
        "core.Workspace", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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

    name = models.CharField(_("name"), max_length=120, validators=SINGLE_LINE_TEXT)
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
        _("deadline warnings (days before)"),
        max_length=40,
        default="60,30,7",
        validators=SINGLE_LINE_TEXT,
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
    # Governance (DOMAIN §4): a review not held within this many days of its due date is
    # overdue; R-CONTACTS counts requesters over this rolling window; the client "is available"
    # when it answers a recommendation within this many days.
    review_grace_days = models.PositiveSmallIntegerField(
        _("days of grace before a review is overdue"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
    )
    contacts_window_days = models.PositiveSmallIntegerField(
        _("window for counting the client's requesters (days)"),
        default=30,
        validators=[MinValueValidator(7), MaxValueValidator(365)],
    )
    decision_wait_days = models.PositiveSmallIntegerField(
        _("days a decision may take before the client counts as slow"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(180)],
    )
    # The health score's weights (DOMAIN §5): {signal key: weight}; a signal left out keeps its
    # default weight. Written only by `health.services.health_policy_update`, normalised to
    # 100 when a score is computed.
    health_weights = models.JSONField(_("health score weights"), default=dict, blank=True)
    # The business calendar (DOMAIN §4): weekly hours in the zone of PACTE_TIME_ZONE, the public
    # holidays of a country (and subdivision) from the `holidays` package, and `ClosureDay`s.
    # Written only by `workspace_update_calendar`, which validates them.
    holiday_country = models.CharField(
        _("public holidays of"), max_length=3, default="FR", validators=SINGLE_LINE_TEXT
    )
    holiday_subdivision = models.CharField(
        _("region"), max_length=20, blank=True, validators=SINGLE_LINE_TEXT
    )
    business_hours = models.JSONField(_("business hours"), default=default_week_json)
    # The ledger's head is kept here so that cutting entries off the end is detected too.
    ledger_length = models.PositiveBigIntegerField(default=0, editable=False)
    ledger_head = models.CharField(max_length=64, blank=True, editable=False)
    # The id the ledger's entries were hashed under, when it is not this row's id: a
    # workspace imported from another install keeps its chain, whose hashes cover the id
    # it was written with (`kernel.ledger.chain_id`). None for a workspace born here.
    chain_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

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


class Invitation(TenantModel):
    """An offer to join a workspace as a member, sent to an email address.

    Nobody becomes a member of a workspace without accepting (issue 10, item 1): the person
    answers after signing in, or through the link of the email when they have no account yet.
    Only the SHA-256 of the link's key is stored.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")

    email = models.EmailField(_("email address"), validators=SINGLE_LINE_TEXT)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=SINGLE_LINE_TEXT
    )
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=models.Q(status="pending"),
                name="invitation_one_pending_per_address",
            ),
        ]
        indexes = [models.Index(fields=["email", "status"], name="invitation_email_status")]
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.workspace_id} ({self.status})"


class ApiToken(TenantModel):
    """A bearer token for the REST API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    # Who issued it: the holder themselves (a personal token), or an owner for them. Only a
    # personal token may read and answer its holder's invitations to other workspaces.
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=80, validators=SINGLE_LINE_TEXT)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    @property
    def is_personal(self) -> bool:
        return self.issued_by_id is not None and self.issued_by_id == self.user_id

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
    # Not part of the hashed content. For an entry written in another install and imported
    # with its workspace: the id its subject has here ("" when the record did not come
    # along). None for an entry written here, whose `subject_id` is the record's own id.
    local_subject_id = models.CharField(max_length=60, null=True, blank=True)  # noqa: DJ001

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
    full_reason = models.TextField(
        blank=True, max_length=TEXT_MAX_LENGTH, validators=MULTI_LINE_TEXT
    )

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


class OutboundEmail(models.Model):
    """One email to one address, kept until it is delivered (`kernel.mail`): the request
    that asks for it only writes this row, and a background task hands it to the mail
    server, retrying with a growing delay. Not a tenant row: a password reset belongs to
    no workspace."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    to = models.EmailField(max_length=254)
    from_email = models.CharField(max_length=320)
    subject = models.TextField()
    text = models.TextField(blank=True)
    html = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    # When the next attempt may start; while an attempt runs, the end of its lease.
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # The background task expected to deliver it (a django-tasks-db result id).
    task_id = models.CharField(max_length=64, blank=True)
    # Set by a sender that must send a message at most once (kind, object, date, recipient).
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # The workspace it was sent for (reminders, reports, invitations): its owners see it in
    # the outbox. None for mail of no workspace (a password reset).
    workspace = models.ForeignKey(
        Workspace, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbound_email_due"),
            models.Index(fields=["workspace", "-created_at"], name="outbound_email_outbox"),
        ]
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")

    def __str__(self):
        return f"{self.to}: {self.subject} ({self.status})"


class ClosureDay(TenantModel):
    """A day the workspace is closed besides public holidays (a bridge day, a team day):
    no business minute and no working day on it."""

    date = models.DateField(_("date"))
    label = models.CharField(_("label"), max_length=120, blank=True, validators=SINGLE_LINE_TEXT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "date"], name="closure_day_unique"),
        ]
        ordering = ["date"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")

    def __str__(self):
        return f"{self.date} {self.label}".strip()


class IdempotencyRecord(TenantModel):
    """One `Idempotency-Key` of one API token and the answer it got (`kernel.idempotency`).

    Claimed (`in_progress`) before the request runs; the answer is stored in the same
    transaction as the request's writes, so a key is either unused or answered, never both
    "written" and "free". Kept for `idempotency.KEEP`, then pruned by a periodic job."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("answered")

    # Keys are per token: two tokens never see each other's answers.
    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.TextField()
    # SHA-256 of the request body: the same key with another body is a client's mistake.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.IN_PROGRESS)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.BinaryField(default=b"")
    response_content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="idempotency_key_per_token"),
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self):
        return f"{self.key} ({self.get_state_display()})"


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
