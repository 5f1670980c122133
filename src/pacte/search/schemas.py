from ninja import Schema


class ResultOut(Schema):
    title: str
    subtitle: str
    # The page that shows it, relative to the site; empty when there is none (a paid invoice
    # in the portal).
    url: str


class GroupOut(Schema):
    kind: str
    label: str
    more: bool
    results: list[ResultOut]


class SearchOut(Schema):
    query: str
    count: int
    groups: list[GroupOut]
