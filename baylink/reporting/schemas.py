from datetime import date

from ninja import Schema


class AsAtCount(Schema):
    as_at: date
    count: int


class FigureOut(Schema):
    code: str
    label: str
    definition: str
    basis: str
    value: int
    display: str
    as_at: date | None


class FiguresOut(Schema):
    academic_year: str
    research_projects: int
    partners: int
    exchange_partners: int
    academic_agreements: AsAtCount
    gba_partners: int
    wie_placements: int
    gba_placements: int
    initiatives: int
    figures: list[FigureOut]
