"""The clients' ledger entries, said in words (see `kernel.journal`)."""

from django.utils.translation import gettext as _

from pacte.kernel.journal import register_sentences


def register():
    register_sentences(
        {
            "client.created": lambda p, who: (
                _("%(who)s added the client “%(name)s”.") % {"who": who, "name": p["name"]}
            ),
            "contact.added": lambda p, who: (
                _("%(who)s added %(name)s to the contacts of %(client)s.")
                % {"who": who, "name": p["name"], "client": p["client"]}
            ),
            "client.confidentiality_changed": lambda p, who: (
                _("%(who)s changed the confidentiality of %(client)s: %(to)s.")
                % {"who": who, "client": p["client"], "to": p["to"]}
            ),
            "client.responsible_changed": lambda p, who: (
                _("%(who)s named %(member)s responsible for %(client)s.")
                % {"who": who, "member": p["member"], "client": p["client"]}
                if p.get("member")
                else _("%(who)s left %(client)s without a responsible member.")
                % {"who": who, "client": p["client"]}
            ),
            "contact.designations_changed": lambda p, who: (
                _("%(who)s changed what %(name)s is designated for.")
                % {"who": who, "name": p["name"]}
            ),
        }
    )
