"""The command contracts: import-profiles, expertise-search (TREC run), reindex."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation, Person
from baylink.directory.tests import factories as directory
from baylink.expertise.indexing import index_in_step
from baylink.expertise.models import ResearcherProfile
from baylink.resolution.registry import forget_resolver

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_import_creates_profiles_keeping_their_ids(profiles_file: Path) -> None:
    output = run("import_profiles", str(profiles_file))
    assert "6 profiles created" in output
    profile = ResearcherProfile.objects.get(external_id="t-002")
    assert profile.language == "zh-hant"
    assert profile.keywords == ["人工智慧", "深度學習", "晶片散熱"]
    assert profile.person.name_zh_hant == "陳兆明"
    assert profile.person.name_zh_hans == "陈兆明"  # machine-converted
    assert profile.person.unit is not None
    assert profile.person.unit.name_zh_hant == "電機工程學系"


def test_a_file_saved_as_gb18030_is_read_as_gb18030(tmp_path: Path) -> None:
    line = {"id": "gb-1", "name": {"zh": "李静"}, "organisation": "深圳大学",
            "department": "计算机学院", "lang": "zh-Hans", "keywords": ["冷链物流"],
            "projects": [], "summary": "研究生鲜冷链运输中的温度监测。"}  # fmt: skip
    source = tmp_path / "gb.jsonl"
    source.write_bytes((json.dumps(line, ensure_ascii=False) + "\n").encode("gb18030"))
    assert "as gb18030" in run("import_profiles", str(source), "--no-index")
    profile = ResearcherProfile.objects.get(external_id="gb-1")
    assert profile.keywords == ["冷链物流"]  # not Big5-HKSCS mojibake
    assert profile.statement == "研究生鲜冷链运输中的温度监测。"


def test_reimport_updates_and_does_not_duplicate(profiles_file: Path, tmp_path: Path) -> None:
    run("import_profiles", str(profiles_file))
    lines = profiles_file.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[0])
    changed["keywords"] = ["seawater desalination"]
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([json.dumps(changed), *lines[1:]]), encoding="utf-8")
    output = run("import_profiles", str(edited))
    assert "0 profiles created, 1 updated, 5 unchanged" in output
    assert ResearcherProfile.objects.count() == 6
    assert Person.objects.count() == 6
    assert ResearcherProfile.objects.get(external_id="t-001").keywords == ["seawater desalination"]


def test_a_bad_line_is_named_and_nothing_is_written(profiles_file: Path, tmp_path: Path) -> None:
    lines = profiles_file.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "broken.jsonl"
    bad = json.loads(lines[2])
    bad["lang"] = "fr"
    broken.write_text("\n".join([lines[0], lines[1], json.dumps(bad), "{not json"]), "utf-8")
    with pytest.raises(CommandError) as error:
        run("import_profiles", str(broken))
    assert "line 3" in str(error.value)
    assert "line 4" in str(error.value)
    assert ResearcherProfile.objects.count() == 0
    assert not AuditEntry.objects.exists()


def test_a_repeated_id_is_an_error(profiles_file: Path, tmp_path: Path) -> None:
    first = profiles_file.read_text(encoding="utf-8").splitlines()[0]
    twice = tmp_path / "twice.jsonl"
    twice.write_text(f"{first}\n{first}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run("import_profiles", str(twice))


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run("import_profiles", str(tmp_path / "missing.jsonl"))


def test_search_writes_a_trec_run(profiles_file: Path, queries_file: Path, tmp_path: Path) -> None:
    run("import_profiles", str(profiles_file))
    output = tmp_path / "run.tsv"
    run("expertise_search", "--queries", str(queries_file), "--output", str(output), "--k", "3")
    rows = [line.split() for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12
    for query_id in ("tq1", "tq2", "tq3", "tq4"):
        mine = [row for row in rows if row[0] == query_id]
        assert [row[3] for row in mine] == ["1", "2", "3"]
        scores = [float(row[4]) for row in mine]
        assert scores == sorted(scores, reverse=True)
    assert all(len(row) == 6 and row[1] == "Q0" and row[5] == "baylink-hybrid" for row in rows)
    best = {row[0]: row[2] for row in rows if row[3] == "1"}
    assert best == {"tq1": "t-001", "tq2": "t-003", "tq3": "t-004", "tq4": "t-001"}


@pytest.mark.parametrize("mode", ["bm25", "dense"])
def test_search_modes(mode: str, profiles_file: Path, queries_file: Path, tmp_path: Path) -> None:
    run("import_profiles", str(profiles_file))
    output = tmp_path / "run.tsv"
    run("expertise_search", "--queries", str(queries_file), "--output", str(output), "--mode", mode)
    rows = [line.split() for line in output.read_text(encoding="utf-8").splitlines()]
    assert rows
    assert {row[5] for row in rows} == {f"baylink-{mode}"}


def test_a_bad_query_line_is_named(profiles_file: Path, tmp_path: Path) -> None:
    queries = tmp_path / "queries.jsonl"
    queries.write_text('{"id": "a", "text": "robots"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        run("expertise_search", "--queries", str(queries), "--output", str(tmp_path / "r.tsv"))


def test_reindex_rebuilds_from_the_records(profiles_file: Path) -> None:
    run("import_profiles", str(profiles_file), "--no-index")
    # Written without indexing: the index is behind the records (what `baylink demo` checks
    # before it builds the index).
    assert not index_in_step()
    output = run("reindex", "--no-progress")
    assert "Indexed 6 profiles and labs" in output
    assert index_in_step()
    hidden = ResearcherProfile.objects.get(external_id="t-001")
    ResearcherProfile.objects.filter(pk=hidden.pk).update(is_public=False)  # past the services
    assert not index_in_step()


def test_an_organisation_given_in_two_languages_is_one_record(tmp_path: Path) -> None:
    """A company the registry lacks, named in English by one profile, in Chinese by another and
    in both by a third: one new organisation with both names, whichever line comes first."""
    forget_resolver()
    both = {"en": "Pearl River Drone Works", "zh": "珠江無人機製造廠"}
    lines = [
        {"id": f"d-{i}", "name": {"en": f"Researcher {i}"}, "organisation": organisation,
         "department": "", "lang": "en", "keywords": ["drones"], "projects": [],
         "summary": "Drones."}
        for i, organisation in enumerate([both["en"], both, both["zh"], "珠江无人机制造厂"])
    ]  # fmt: skip
    source = tmp_path / "two.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    before = Organisation.objects.count()
    run("import_profiles", str(source), "--no-index")
    assert Organisation.objects.count() == before + 1
    made = {p.person.organisation for p in ResearcherProfile.objects.select_related("person")}
    assert len(made) == 1
    company = made.pop()
    assert company is not None
    assert (company.name_en, company.name_zh_hant) == (both["en"], both["zh"])
    assert company.name_zh_hans == "珠江无人机制造厂"  # as the last line wrote it, not converted


@pytest.mark.parametrize("organisation", [{}, {"en": " "}, {"fr": "Société"}, ["HKU"], 7])
def test_an_organisation_that_is_neither_a_text_nor_names_is_refused(
    tmp_path: Path, organisation: object
) -> None:
    line = {"id": "x-1", "name": {"en": "A"}, "organisation": organisation, "lang": "en"}
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"line 1: .*organisation"):
        run("import_profiles", str(source), "--no-index")
    assert not ResearcherProfile.objects.exists()


def test_an_organisation_named_another_way_is_found_by_the_resolver(tmp_path: Path) -> None:
    """'The University of Hong Kong', '香港大學' and '港大' are the registry's record, not three
    new organisations; a name the resolver cannot place is still created."""
    hku = directory.organisation("University of Hong Kong", ror_id="02zhqgq86")
    forget_resolver()
    lines = [
        {"id": f"hku-{i}", "name": {"en": f"Researcher {i}"}, "organisation": name,
         "department": "", "lang": "en", "keywords": ["robots"], "projects": [],
         "summary": "Warehouse robots."}
        for i, name in enumerate(["The University of Hong Kong", "香港大學", "港大"])
    ]  # fmt: skip
    lines.append({**lines[0], "id": "new-1", "organisation": "Institute of Imaginary Studies"})
    source = tmp_path / "named.jsonl"
    source.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    before = Organisation.objects.count()
    run("import_profiles", str(source), "--no-index")
    for i in range(3):
        assert ResearcherProfile.objects.get(external_id=f"hku-{i}").person.organisation == hku
    created = ResearcherProfile.objects.get(external_id="new-1").person.organisation
    assert created is not None
    assert created.name_en == "Institute of Imaginary Studies"
    assert Organisation.objects.count() == before + 1
