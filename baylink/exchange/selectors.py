"""Reads of the exchange office: quota use and balance per agreement, partner and academic year.

Counting rules (see `lifecycle.py`):

- **Quota.** The places per academic year in one direction are the sum of `mobilities_per_year`
  of the agreement's student mobility specifications from the sending to the receiving side
  whose first to last academic year covers that year. A nomination takes a place once the
  sending side has nominated the student (outbound: nominated, accepted, completed; inbound:
  received, accepted, arrived, completed); drafts, withdrawn and rejected ones do not.
- **Balance.** Outgoing minus incoming student-months of the mobilities the receiving side has
  accepted (outbound: accepted, completed; inbound: accepted, arrived, completed). A mobility
  counts, whole, in the academic year it is nominated for (1 July to 30 June), even if the stay
  runs past 30 June. The cumulative balance adds every year of the agreement up to the one shown.
- **Warnings.** A direction whose places taken exceed its quota (also: taken with no quota at
  all), and a cumulative balance further than `BAYLINK_EXCHANGE_BALANCE_LIMIT` from zero.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from baylink.accounts.permissions import Viewer, agreement_scope
from baylink.agreements.models import Agreement, MobilitySpec, Party
from baylink.agreements.selectors import agreements_in_force_during
from baylink.core.academic_year import AcademicYear
from baylink.directory.models import HONG_KONG_CITY, Organisation
from baylink.exchange.lifecycle import (
    INBOUND_BALANCE_STATUSES,
    INBOUND_QUOTA_STATUSES,
    OUTBOUND_BALANCE_STATUSES,
    OUTBOUND_QUOTA_STATUSES,
)
from baylink.exchange.models import InboundApplication, Nomination

OUTBOUND = "outbound"
INBOUND = "inbound"
STUDENT_MOBILITY = (
    MobilitySpec.MobilityType.STUDENT_STUDIES,
    MobilitySpec.MobilityType.STUDENT_TRAINEESHIP,
)
ZERO = Decimal("0")

# (agreement id, partner id, academic year, direction)
Key = tuple[int, int, int, str]


@dataclass
class DirectionUse:
    """One direction in one academic year: places agreed and taken, student-months exchanged."""

    quota: int = 0
    used: int = 0
    months: Decimal = ZERO

    @property
    def available(self) -> int:
        return max(self.quota - self.used, 0)

    @property
    def exceeded(self) -> bool:
        return self.used > self.quota


@dataclass
class ExchangeWarning:
    code: str  # outbound_quota | inbound_quota | balance
    message: str


@dataclass
class PartnerYear:
    """An exchange agreement with one partner in one academic year."""

    agreement: Agreement
    partner: Organisation
    year: AcademicYear
    outbound: DirectionUse = field(default_factory=DirectionUse)
    inbound: DirectionUse = field(default_factory=DirectionUse)
    cumulative: Decimal = ZERO
    limit: int = 0

    @property
    def balance(self) -> Decimal:
        return self.outbound.months - self.inbound.months

    @property
    def warnings(self) -> list[ExchangeWarning]:
        found = []
        for code, label, use in (
            ("outbound_quota", _("Outbound"), self.outbound),
            ("inbound_quota", _("Inbound"), self.inbound),
        ):
            if use.exceeded and use.quota == 0:
                found.append(
                    ExchangeWarning(
                        code,
                        _("%(direction)s: %(used)s places taken but none agreed for %(year)s.")
                        % {"direction": label, "used": use.used, "year": self.year},
                    )
                )
            elif use.exceeded:
                found.append(
                    ExchangeWarning(
                        code,
                        _("%(direction)s: %(used)s places taken of %(quota)s agreed.")
                        % {"direction": label, "used": use.used, "quota": use.quota},
                    )
                )
        if abs(self.cumulative) > self.limit:
            found.append(
                ExchangeWarning(
                    "balance",
                    _(
                        "Cumulative balance %(balance)s student-months is past the limit of "
                        "±%(limit)s."
                    )
                    % {"balance": _signed(self.cumulative), "limit": self.limit},
                )
            )
        return found


def _signed(value: Decimal) -> str:
    """Student-months as people write them: +27, -4.5 (no trailing zeros)."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"+{text}" if value > 0 else text


def balance_limit() -> int:
    return int(settings.BAYLINK_EXCHANGE_BALANCE_LIMIT)


def exchange_agreements(*, scope: Q, year: AcademicYear | None = None) -> QuerySet[Agreement]:
    """Student exchange agreements the user may see; with a year, those in force during it."""
    if year is None:
        queryset = Agreement.objects.filter(kind=Agreement.Kind.STUDENT_EXCHANGE)
    else:
        queryset = agreements_in_force_during(
            starts_on=year.starts_on, ends_on=year.ends_on, kinds=[Agreement.Kind.STUDENT_EXCHANGE]
        )
    return queryset.filter(scope)


def quotas(*, agreements: QuerySet[Agreement], years: Iterable[int]) -> dict[Key, int]:
    """Places per (agreement, partner, year, direction) from the student mobility specs."""
    wanted = sorted(set(years))
    found: dict[Key, int] = defaultdict(int)
    if not wanted:
        return found
    specs = (
        MobilitySpec.objects.filter(
            agreement__in=agreements.values("pk"),
            mobility_type__in=STUDENT_MOBILITY,
            first_academic_year__lte=wanted[-1],
            last_academic_year__gte=wanted[0],
        )
        .values(
            "agreement_id",
            "first_academic_year",
            "last_academic_year",
            "mobilities_per_year",
            "sending_party__organisation_id",
            "sending_party__organisation__is_home",
            "receiving_party__organisation_id",
            "receiving_party__organisation__is_home",
        )
        .order_by()
    )
    for spec in specs:
        sender_home = spec["sending_party__organisation__is_home"]
        receiver_home = spec["receiving_party__organisation__is_home"]
        if sender_home == receiver_home:
            continue  # between two partners (or two home units): not the university's quota
        direction = OUTBOUND if sender_home else INBOUND
        partner = spec[
            "receiving_party__organisation_id" if sender_home else "sending_party__organisation_id"
        ]
        for year in wanted:
            if spec["first_academic_year"] <= year <= spec["last_academic_year"]:
                key = (spec["agreement_id"], partner, year, direction)
                found[key] += spec["mobilities_per_year"]
    return found


def _uses(*, agreements: QuerySet[Agreement], up_to: int | None) -> dict[Key, DirectionUse]:
    """Places taken and student-months per (agreement, partner, year, direction)."""
    found: dict[Key, DirectionUse] = defaultdict(DirectionUse)
    sources: list[tuple[Any, str, tuple[str, ...], tuple[str, ...]]] = [
        (Nomination, OUTBOUND, OUTBOUND_QUOTA_STATUSES, OUTBOUND_BALANCE_STATUSES),
        (InboundApplication, INBOUND, INBOUND_QUOTA_STATUSES, INBOUND_BALANCE_STATUSES),
    ]
    for model, direction, quota_statuses, balance_statuses in sources:
        rows = model.objects.filter(agreement__in=agreements.values("pk"))
        if up_to is not None:
            rows = rows.filter(academic_year__lte=up_to)
        grouped = (
            rows.values("agreement_id", "partner_id", "academic_year", "status")
            .annotate(count=Count("pk"), months=Sum("months"))
            .order_by()
        )
        for row in grouped:
            use = found[(row["agreement_id"], row["partner_id"], row["academic_year"], direction)]
            if row["status"] in quota_statuses:
                use.used += row["count"]
            if row["status"] in balance_statuses:
                use.months += row["months"] or ZERO
    return found


def _partner_rows(
    parties: QuerySet[Party],
) -> list[tuple[Agreement, Organisation]]:
    seen: dict[tuple[int, int], tuple[Agreement, Organisation]] = {}
    for party in parties.select_related("agreement", "organisation__city"):
        seen.setdefault(
            (party.agreement_id, party.organisation_id), (party.agreement, party.organisation)
        )
    return list(seen.values())


def partner_years(
    *,
    scope: Q,
    year: AcademicYear,
    partners: QuerySet[Organisation] | None = None,
) -> list[PartnerYear]:
    """Every exchange agreement in force during the year, once per partner, with its figures.

    Four queries whatever the number of agreements: parties, specs, nominations, applications.
    """
    agreements = exchange_agreements(scope=scope, year=year)
    parties = Party.objects.filter(
        agreement__in=agreements.values("pk"), organisation__is_home=False
    )
    if partners is not None:
        parties = parties.filter(organisation__in=partners.values("pk"))
    pairs = _partner_rows(parties)
    quota = quotas(agreements=agreements, years=[year.start_year])
    uses = _uses(agreements=agreements, up_to=year.start_year)
    cumulative: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for (agreement_id, partner_id, _year, direction), use in uses.items():
        sign = 1 if direction == OUTBOUND else -1
        cumulative[(agreement_id, partner_id)] += sign * use.months
    limit = balance_limit()
    rows = []
    for agreement, partner in pairs:
        key = (agreement.pk, partner.pk, year.start_year)
        outbound = uses.get((*key, OUTBOUND), DirectionUse())
        inbound = uses.get((*key, INBOUND), DirectionUse())
        rows.append(
            PartnerYear(
                agreement=agreement,
                partner=partner,
                year=year,
                outbound=DirectionUse(
                    quota=quota.get((*key, OUTBOUND), 0),
                    used=outbound.used,
                    months=outbound.months,
                ),
                inbound=DirectionUse(
                    quota=quota.get((*key, INBOUND), 0), used=inbound.used, months=inbound.months
                ),
                cumulative=cumulative[(agreement.pk, partner.pk)],
                limit=limit,
            )
        )
    return rows


SORT_KEYS = {
    "partner": lambda row: (row.partner.name.casefold(), row.agreement.reference),
    "agreement": lambda row: (row.agreement.reference, row.partner.name.casefold()),
    "outbound": lambda row: (row.outbound.used, row.partner.name.casefold()),
    "inbound": lambda row: (row.inbound.used, row.partner.name.casefold()),
    "balance": lambda row: (row.balance, row.partner.name.casefold()),
    "cumulative": lambda row: (row.cumulative, row.partner.name.casefold()),
}


def partner_years_sorted(rows: list[PartnerYear], sort: str) -> list[PartnerYear]:
    """Sorted by a column (`-` for descending); by default those with warnings first."""
    key = sort.lstrip("-")
    if key not in SORT_KEYS:
        return sorted(rows, key=lambda row: (not row.warnings, *SORT_KEYS["partner"](row)))
    return sorted(rows, key=SORT_KEYS[key], reverse=sort.startswith("-"))


def agreement_years(agreement: Agreement, today_year: AcademicYear) -> list[AcademicYear]:
    """The academic years of an agreement's life: its term, its specs and its records."""
    first = AcademicYear.containing(
        agreement.starts_on or agreement.signed_on or today_year.starts_on
    )
    end = agreement.terminated_on or agreement.ends_on
    last = AcademicYear.containing(end) if end else today_year
    years = {first.start_year, last.start_year}
    for spec in agreement.mobility_specs.all():
        years |= {spec.first_academic_year, spec.last_academic_year}
    for model in (Nomination, InboundApplication):
        span = model.objects.filter(agreement=agreement).values_list("academic_year", flat=True)
        years |= set(span.distinct())
    return AcademicYear.span(AcademicYear(min(years)), AcademicYear(max(years)))


def balance_history(
    agreement: Agreement, *, today_year: AcademicYear
) -> dict[int, list[PartnerYear]]:
    """Per partner of the agreement, one row per academic year with the running balance."""
    years = [year.start_year for year in agreement_years(agreement, today_year)]
    agreements = Agreement.objects.filter(pk=agreement.pk)
    quota = quotas(agreements=agreements, years=years)
    uses = _uses(agreements=agreements, up_to=None)
    limit = balance_limit()
    history: dict[int, list[PartnerYear]] = {}
    for party in agreement.parties.all():
        partner = party.organisation
        if partner.is_home or partner.pk in history:
            continue
        running = ZERO
        rows = []
        for start in years:
            key = (agreement.pk, partner.pk, start)
            outbound = uses.get((*key, OUTBOUND), DirectionUse())
            inbound = uses.get((*key, INBOUND), DirectionUse())
            running += outbound.months - inbound.months
            rows.append(
                PartnerYear(
                    agreement=agreement,
                    partner=partner,
                    year=AcademicYear(start),
                    outbound=DirectionUse(
                        quota.get((*key, OUTBOUND), 0), outbound.used, outbound.months
                    ),
                    inbound=DirectionUse(
                        quota.get((*key, INBOUND), 0), inbound.used, inbound.months
                    ),
                    cumulative=running,
                    limit=limit,
                )
            )
        history[partner.pk] = rows
    return history


def quota_use(
    *, agreement: Agreement, partner: Organisation, academic_year: int, direction: str
) -> DirectionUse:
    """Places agreed and taken in one direction (for a warning after a status change)."""
    agreements = Agreement.objects.filter(pk=agreement.pk)
    key = (agreement.pk, partner.pk, academic_year, direction)
    use = _uses(agreements=agreements, up_to=academic_year).get(key, DirectionUse())
    quota = quotas(agreements=agreements, years=[academic_year]).get(key, 0)
    return DirectionUse(quota=quota, used=use.used, months=use.months)


def only_partner(agreement: Agreement) -> Organisation:
    """The agreement's only partner, for a mobility that names none; a ValidationError on
    `partner` naming the choice when it has several."""
    partners = {p.organisation.pk: p.organisation for p in agreement.parties.all()}
    others = [o for o in partners.values() if not o.is_home]
    if len(others) == 1:
        return others[0]
    raise ValidationError(
        {
            "partner": _("This agreement has several partners: choose one of %(names)s.")
            % {"names": ", ".join(sorted(o.name for o in others))}
        }
    )


def transfer_consent_missing() -> Q:
    """Nominations whose partner is outside Hong Kong (or of unknown place) and that have no
    consent on record: as `Nomination.partner_outside_hong_kong` decides, in the database."""
    in_hong_kong = Q(partner__city__code=HONG_KONG_CITY) | Q(
        partner__city__isnull=True, partner__country_code="HK"
    )
    return Q(transfer_agreed_on__isnull=True) & ~in_hong_kong


def nominations_awaiting_consent(*, scope: Q) -> int:
    """Drafts the exchange office cannot nominate yet: the student's consent is not recorded."""
    return (
        nomination_list(scope=scope)
        .filter(transfer_consent_missing(), status=Nomination.Status.DRAFT)
        .count()
    )


def nomination_list(*, scope: Q) -> QuerySet[Nomination]:
    """Nominations under agreements the user may see, with what each row shows."""
    return Nomination.objects.filter(
        agreement__in=Agreement.objects.filter(scope).values("pk")
    ).select_related("student", "agreement", "partner__city")


def inbound_application_list(*, scope: Q) -> QuerySet[InboundApplication]:
    """Inbound applications under agreements the user may see."""
    return InboundApplication.objects.filter(
        agreement__in=Agreement.objects.filter(scope).values("pk")
    ).select_related("agreement", "partner")


def agreement_records(
    agreement: Agreement,
) -> tuple[list[Nomination], list[InboundApplication]]:
    """The agreement's nominations and applications, newest year first."""
    nominations = list(
        Nomination.objects.filter(agreement=agreement)
        .select_related("student", "partner")
        .order_by("-academic_year", "partner_id", "pk")
    )
    applications = list(
        InboundApplication.objects.filter(agreement=agreement)
        .select_related("partner")
        .order_by("-academic_year", "partner_id", "pk")
    )
    return nominations, applications


def exchange_scope(user: Viewer) -> Q:
    """Nominations and applications under agreements the user may see (exports use it)."""
    return Q(agreement__in=Agreement.objects.filter(agreement_scope(user)).values("pk"))
