from .permissions import Perm


def actor(request):
    return {"actor": getattr(request, "actor", None), "Perm": Perm}
