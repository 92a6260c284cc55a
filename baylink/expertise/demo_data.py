"""Demo researcher profiles, so that the expertise finder has someone to find.

160 fictional researchers at real Hong Kong, Macao and Greater Bay Area universities, each
profile written in English, Traditional or Simplified Chinese: hand-written for Baylink (the
people and their projects are invented; no text comes from real profiles). The same importer
as `baylink import-profiles` reads them; `baylink demo` builds the search index afterwards.
"""

import gzip
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

from baylink.core.chinese import chinese_script
from baylink.demo.users import demo_user
from baylink.directory.models import City, Organisation
from baylink.directory.services import organisation_create
from baylink.expertise.importers import profiles_import
from baylink.expertise.models import Challenge, ResearcherProfile, ShortlistEntry
from baylink.expertise.services import challenge_search_text
from baylink.research.models import KnowledgeTransferOutput
from baylink.research.services import kt_output_create

PROFILES = Path(__file__).resolve().parent / "data" / "demo-profiles.jsonl.gz"
# A researcher at the home university who signs in to keep their own profile current.
RESEARCHER_USERNAME = "demo-researcher"


@dataclass(frozen=True)
class DemoOutcome:
    """The contract an introduction led to (an invented KT output with the demo company)."""

    reference: str
    title_en: str
    kind: str
    days_ago: int
    income_hkd: Decimal


@dataclass(frozen=True)
class DemoChallenge:
    """An invented enquiry from an invented company (flagged as demo data), with the demo
    researchers a KT officer shortlisted for it (by their external ids) and why."""

    title: str
    text: str
    company: str
    city: str  # a GBA city code
    status: str
    days_ago: int
    shortlist: tuple[tuple[str, str], ...] = ()
    outcome: DemoOutcome | None = None


CHALLENGES = (
    DemoChallenge(
        title="Smart water meters lose signal in basements",
        text=(
            "We install smart water meters in older Kowloon buildings. Meters in basements and "
            "pipe shafts lose their radio link, and their batteries run flat within a year "
            "instead of ten. We need a low-power way to reach them that building owners can "
            "afford."
        ),
        company="Harbour Metering Technology Ltd",
        city="HK",
        status=Challenge.Status.MATCHED,
        days_ago=300,
        shortlist=(("dev-p023", "LoRaWAN and NB-IoT coverage in dense buildings; battery life."),),
        outcome=DemoOutcome(
            reference="KT-C0001",
            title_en="Low-power radio coverage for basement water meters",
            kind=KnowledgeTransferOutput.Kind.CONTRACT_RESEARCH,
            days_ago=200,
            income_hkd=Decimal("680000"),
        ),
    ),
    DemoChallenge(
        title="仓库机器人在拥挤通道里经常卡住",
        text=(
            "我们在东莞的电商仓库有八十台搬运机器人。促销高峰时通道拥挤，机器人经常互相让路、"
            "卡住不动，拣货延误。希望找到能改进多机器人调度和路径规划的团队合作。"
        ),
        company="东莞速达智能物流有限公司",
        city="DG",
        status=Challenge.Status.INTRODUCED,
        days_ago=40,
        shortlist=(
            ("dev-p120", "多機械人協調與避免死鎖，正是對方的問題。已介紹，月底到倉庫參觀。"),
            ("dev-p150", "Last-mile delivery robots in crowded spaces; a second opinion."),
            ("dev-p068", ""),
        ),
    ),
    DemoChallenge(
        title="Vaccine shipments lose their temperature record at the border",
        text=(
            "Our refrigerated trucks carry vaccines from Shenzhen to Hong Kong hospitals. At the "
            "boundary control point the loggers are swapped and the temperature record has gaps, "
            "so batches are quarantined. We need continuous, tamper-evident cold-chain monitoring."
        ),
        company="Pearl Delta Cold Chain Services Ltd",
        city="SZ",
        status=Challenge.Status.SHORTLISTING,
        days_ago=12,
        shortlist=(("dev-p073", "Works on vaccine cold chains and RFID traceability."),),
    ),
    DemoChallenge(
        title="地盤工人夏天中暑",
        text=(
            "我們在廣州和香港都有建築地盤。夏天工人中暑個案增加，想找可穿戴的個人熱壓力監測和"
            "預警方案，並了解怎樣安排工時。"
        ),
        company="南粵建築工程有限公司",
        city="GZ",
        status=Challenge.Status.OPEN,
        days_ago=2,
    ),
)


def _load_challenges(today: date) -> int:
    profiles = {
        p.external_id: p for p in ResearcherProfile.objects.filter(external_id__startswith="dev-")
    }
    cities = {city.code: city for city in City.objects.all()}
    for demo in CHALLENGES:
        script = chinese_script(demo.company)
        company = organisation_create(
            actor=None,
            name_en=demo.company if script is None else "",
            name_zh_hant=demo.company if script == "zh_hant" else "",
            name_zh_hans=demo.company if script == "zh_hans" else "",
            types=["company"],
            city=cities.get(demo.city),
            is_demo=True,
        )
        challenge = Challenge(
            title=demo.title,
            text=demo.text,
            partner=company,
            status=demo.status,
            share_token=Challenge.new_token(),
            received_on=today - timedelta(days=demo.days_ago),
        )
        challenge.search_text = challenge_search_text(challenge)
        challenge.save()
        saved = timezone.make_aware(
            datetime.combine(today - timedelta(days=demo.days_ago), time(10))
        )
        Challenge.objects.filter(pk=challenge.pk).update(created_at=saved, updated_at=saved)
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(
                challenge=challenge, profile=profiles[external_id], note=note, position=n
            )
            for n, (external_id, note) in enumerate(demo.shortlist, start=1)
            if external_id in profiles
        )
        if demo.outcome is not None:
            challenge.outcomes.add(_contract(demo.outcome, company, today))
    return len(CHALLENGES)


def _contract(outcome: DemoOutcome, company: Organisation, today: date) -> KnowledgeTransferOutput:
    return kt_output_create(
        actor=None,
        reference=outcome.reference,
        kind=outcome.kind,
        occurred_on=today - timedelta(days=outcome.days_ago),
        title_en=outcome.title_en,
        counterparty=company,
        income=outcome.income_hkd,
        is_demo=True,
    )


def load(*, seed: int, today: date) -> dict[str, int]:
    report = profiles_import(data=gzip.decompress(PROFILES.read_bytes()), actor=None)
    own = (
        ResearcherProfile.objects.filter(
            pk__in=report.created, person__organisation__is_home=True, language="en"
        )
        .order_by("external_id")
        .first()
    )
    if own is not None:
        user = demo_user(RESEARCHER_USERNAME, first_name=own.person.name_en)
        ResearcherProfile.objects.filter(pk=own.pk).update(user=user)
    return {"researcher profiles": len(report.created), "challenges": _load_challenges(today)}
