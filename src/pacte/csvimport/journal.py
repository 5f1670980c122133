"""The import's ledger entry, said in words (see `kernel.journal`). Each record it created
has its own entry, written by the service that created it."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pacte.kernel.journal import register_sentences


def _imported(p, who):
    count = int(p["created"])
    kind = p["kind"]
    if kind == "clients":
        what = ngettext("%(count)s client", "%(count)s clients", count)
    elif kind == "contacts":
        what = ngettext("%(count)s contact", "%(count)s contacts", count)
    else:
        what = ngettext("%(count)s invoice", "%(count)s invoices", count)
    return _("%(who)s imported %(what)s from a spreadsheet (SHA-256 %(sha)s).") % {
        "who": who,
        "what": what % {"count": count},
        "sha": str(p.get("sha256", ""))[:12],
    }


def register():
    register_sentences({"csv.imported": _imported})
