from ninja import Router, Status

from pacte.clients.selectors import client_get
from pacte.kernel.api_schema import choice
from pacte.kernel.pagination import paginated

from . import selectors, services
from .models import AssetKind
from .schemas import (
    ActionIn,
    ActionOut,
    AssetIn,
    AssetOut,
    AssetPatch,
    ReversibilityOut,
)

router = Router(tags=["assets"])


def reversibility_out(client_id: int, result) -> dict:
    return {
        "client_id": client_id,
        "score": result.score,
        "checks": result.checks,
        "passed": result.passed,
        "violations": [
            {
                "rule": v.rule.code,
                "rule_number": v.rule.number,
                "title": str(v.rule.title),
                "asset_id": v.asset_id,
                "asset": v.asset_label,
                "fix": v.fix,
            }
            for v in result.violations
        ],
    }


@router.get("/assets", response=list[AssetOut], summary="The asset registry")
@paginated
def asset_list(request, client_id: int | None = None, kind: choice(AssetKind, blank=True) = ""):
    client = client_get(actor=request.actor, client_id=client_id) if client_id else None
    return selectors.asset_list(actor=request.actor, client=client, kind=kind)


@router.post(
    "/assets",
    response={201: AssetOut},
    summary="Register an asset (secrets are refused: say where they live)",
)
def asset_create(request, payload: AssetIn):
    data = payload.dict()
    return Status(201, services.asset_create(actor=request.actor, **data))


@router.get("/assets/{asset_id}", response=AssetOut, summary="One asset")
def asset_get(request, asset_id: int):
    return selectors.asset_get(actor=request.actor, asset_id=asset_id)


@router.patch("/assets/{asset_id}", response=AssetOut, summary="Change an asset")
def asset_update(request, asset_id: int, payload: AssetPatch):
    return services.asset_update(
        actor=request.actor, asset_id=asset_id, **payload.dict(exclude_unset=True)
    )


@router.get(
    "/clients/{client_id}/reversibility",
    response=ReversibilityOut,
    tags=["assets"],
    summary="R-OWN: the client's reversibility score and what to fix",
)
def client_reversibility(request, client_id: int):
    client = client_get(actor=request.actor, client_id=client_id)
    return reversibility_out(
        client.pk, selectors.client_reversibility(actor=request.actor, client=client)
    )


@router.get(
    "/actions", response=list[ActionOut], tags=["action log"], summary="The action log (R-OWN 11)"
)
@paginated
def action_list(request, client_id: int | None = None):
    client = client_get(actor=request.actor, client_id=client_id) if client_id else None
    return selectors.action_log_list(actor=request.actor, client=client)


@router.post(
    "/actions",
    response={201: ActionOut},
    tags=["action log"],
    summary="Document an action taken for the client",
)
def action_create(request, payload: ActionIn):
    return Status(201, services.action_log(actor=request.actor, **payload.dict()))
