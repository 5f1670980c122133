from ninja import Router

from .schemas import MeOut

router = Router(tags=["me"])


@router.get("/me", response=MeOut, summary="Who the token acts as")
def me(request):
    actor = request.actor
    return {
        "email": actor.user.email,
        "full_name": actor.user.full_name,
        "kind": "portal" if actor.is_portal else "member",
        "role": actor.role,
        "workspace": {"id": actor.workspace.pk, "name": actor.workspace.name},
        "client_id": actor.client_id,
    }
