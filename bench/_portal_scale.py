"""Multiplying the demo data set inside the database (INSERT ... SELECT), for bench/portal.py.

Each copy gets new ids, new references and new partner organisations (so partner counts grow
too); the home university, cities, themes, units, initiatives and funding schemes are shared.
"""

from django.db import connection, transaction
from django.db.models import Max, Model

from baylink.agreements.models import Agreement, MobilitySpec, Party
from baylink.directory.models import Organisation, Person
from baylink.research.models import Project, ProjectPartner
from baylink.talent.models import Placement

ProjectTheme = Project.themes.through
OrganisationTypes = Organisation.types.through

# model -> {column: (how to rewrite it)}; "id" columns are shifted by the table's own offset.
UNIQUE_TEXT: dict[type[Model], list[str]] = {Agreement: ["reference"], Project: ["reference"]}


def _offset(model: type[Model]) -> int:
    return int(model._default_manager.aggregate(top=Max("pk"))["top"] or 0)


def _copy(
    model: type[Model],
    copy: int,
    offsets: dict[type[Model], int],
    home: int,
    shifted: dict[str, type[Model]],
    where: str = "",
) -> None:
    table = model._meta.db_table
    columns, expressions = [], []
    for field in model._meta.concrete_fields:
        column = field.column
        columns.append(column)
        if field.primary_key:
            expressions.append(f"{column} + {copy * offsets[model]}")
        elif column in shifted:
            target = shifted[column]
            shift = copy * offsets[target]
            if target is Organisation:
                expressions.append(
                    f"CASE WHEN {column} = {home} THEN {column} ELSE {column} + {shift} END"
                )
            else:
                expressions.append(f"{column} + {shift}")
        elif column in UNIQUE_TEXT.get(model, []):
            expressions.append(f"{column} || '-x{copy}'")
        elif model is Organisation and column == "ror_id":
            expressions.append("NULL")
        elif model is Organisation and column == "name_en":
            expressions.append(f"{column} || ' ({copy})'")
        else:
            expressions.append(column)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "
            f"SELECT {', '.join(expressions)} FROM {table} WHERE {where or '1=1'} "
            f"AND {model._meta.pk.column} <= {offsets[model]}"
        )


def multiply(scale: int) -> None:
    home = Organisation.objects.get(is_home=True).pk
    models: list[type[Model]] = [
        Organisation,
        OrganisationTypes,
        Person,
        Agreement,
        Party,
        MobilitySpec,
        Project,
        ProjectPartner,
        ProjectTheme,
        Placement,
    ]
    offsets = {model: _offset(model) for model in models}
    plans: list[tuple[type[Model], dict[str, type[Model]], str]] = [
        (Organisation, {}, f"is_home = FALSE AND id <> {home}"),
        (OrganisationTypes, {"organisation_id": Organisation}, f"organisation_id <> {home}"),
        (Person, {"organisation_id": Organisation}, ""),
        (Agreement, {"renews_id": Agreement}, ""),
        (Party, {"agreement_id": Agreement, "organisation_id": Organisation}, ""),
        (
            MobilitySpec,
            {"agreement_id": Agreement, "sending_party_id": Party, "receiving_party_id": Party},
            "",
        ),
        (Project, {"principal_investigator_id": Person}, ""),
        (ProjectPartner, {"project_id": Project, "organisation_id": Organisation}, ""),
        (ProjectTheme, {"project_id": Project}, ""),
        (Placement, {"host_id": Organisation}, ""),
    ]
    for copy in range(1, scale):
        with transaction.atomic():
            for model, shifted, where in plans:
                _copy(model, copy, offsets, home, shifted, where)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def row_counts() -> dict[str, int]:
    models: list[type[Model]] = [Organisation, Agreement, Party, Project, ProjectPartner, Placement]
    return {
        model._meta.verbose_name_plural.__str__(): model._default_manager.count()
        for model in models
    }
