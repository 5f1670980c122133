"""Attachments' ledger entries, said in words (see `kernel.journal`)."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def _added(p, who):
    return _("%(who)s attached “%(name)s” (%(size)s, SHA-256 %(sha)s).") % {
        "who": who,
        "name": p.get("name", ""),
        "size": filesizeformat(p.get("size") or 0),
        "sha": str(p.get("sha256", ""))[:12],
    }


def register():
    register_sentences({"attachment.added": _added})
