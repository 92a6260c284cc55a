"""The engine on its own: normalisation, splitting and resolution in three scripts."""

import pytest

from baylink.resolution.engine import Name, OrgRecord, Resolver, candidates, record_from_ror
from baylink.resolution.engine.candidates import find
from baylink.resolution.engine.features import build_candidates
from baylink.resolution.engine.index import NameIndex
from baylink.resolution.engine.normalise import fold, name_key, same_stems, word_stem
from baylink.resolution.engine.split import split_affiliation
from baylink.resolution.tests.conftest import tiny_records

POLYU = "0030zas98"
HKU = "02zhqgq86"
CUHK = "00t33hh48"
SZU = "01vy4gh70"
SYSU = "0064kty71"
HKUST = "00q4vv597"
HKUST_GZ = "050h0vm43"
CITYU = "03q8dnn23"
SIAT = "04gh4er46"
CAS = "034t30j35"
JHU_SOM_WITHDRAWN = "02nfzhn33"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("香港理工大學", "香港理工大学"),  # Traditional and Simplified meet
        ("ＰｏｌｙＵ", "PolyU"),  # full-width forms
        ("THE HONG KONG POLYTECHNIC UNIVERSITY", "Hong Kong Polytechnic University"),
        ("Technische Universität München", "Technische Universitat Munchen"),  # accents
        ("Dept. of Civil Eng.", "Department of Civil Engineering"),  # abbreviations
        ("Boston Children’s Hospital", "Boston Children Hospital"),  # possessives
        ("Centre for Robotics", "Center for Robotics"),  # spelling
        ("中科院深圳先進院", "中国科学院深圳先进院"),  # 中科院 = 中国科学院
    ],
)
def test_normalisation_joins_forms_of_the_same_name(one: str, other: str) -> None:
    assert name_key(one) == name_key(other)


def test_fold_keeps_chinese_characters_and_drops_case() -> None:
    assert fold("Hong Kong 理工") == "hong kong 理工"
    assert name_key("香港理工大學") == "香 港 理 工 大 学"


def test_splitting_an_english_multi_part_string() -> None:
    parsed = split_affiliation(
        "Department of Applied Physics, The Hong Kong Polytechnic University, Hong Kong SAR"
    )
    assert [s.raw for s in parsed.segments] == [
        "Department of Applied Physics",
        "The Hong Kong Polytechnic University",
        "Hong Kong SAR",
    ]
    assert parsed.segments[1].tokens == ["hong", "kong", "polytechnic", "university"]


def test_splitting_traditional_chinese_with_a_postcode() -> None:
    parsed = split_affiliation("深圳大學，廣東深圳 518060")
    assert [s.raw for s in parsed.segments] == ["深圳大學", "廣東深圳 518060"]
    assert parsed.segments[1].tokens[-1] == "518060"
    assert parsed.is_cjk


def test_splitting_simplified_chinese_brackets_and_enumeration_commas() -> None:
    parsed = split_affiliation("香港科技大学（广州）、中山大学")
    assert [s.raw for s in parsed.segments] == ["香港科技大学", "广州", "中山大学"]


def test_chinese_address_name_and_department_without_commas_are_parts() -> None:
    parsed = split_affiliation("香港九龍紅磡育才道11號 香港理工大學 電機工程學系")
    assert [s.raw for s in parsed.segments] == [
        "香港九龍紅磡育才道11號",
        "香港理工大學",
        "電機工程學系",
    ]
    assert [s.set_aside for s in parsed.segments] == [True, False, False]
    parsed = split_affiliation("廣東省深圳市南山區學苑大道1088號南方科技大學")
    assert [s.raw for s in parsed.segments] == ["廣東省深圳市南山區學苑大道1088號", "南方科技大學"]


def test_a_former_name_in_brackets_is_set_aside() -> None:
    parsed = split_affiliation("香港都會大學（前稱香港公開大學）")
    assert [s.set_aside for s in parsed.segments] == [False, True]
    parsed = split_affiliation("Hong Kong Metropolitan University (formerly OUHK)")
    assert [s.set_aside for s in parsed.segments] == [False, True]


@pytest.mark.parametrize(
    "text", ["UM, Faculty of Science and Technology, Macau", "UM, Macao SAR, China", "X, HK"]
)
def test_a_city_state_named_as_a_country_is_its_city_too(engine: Resolver, text: str) -> None:
    # A short form that needs its city (UM is Macau's only where Macau is named) sees it.
    found = find(engine.index, split_affiliation(text))
    assert found.stated_cities & {"macao", "macau", "hong kong"}


def test_street_addresses_are_marked_and_not_matched() -> None:
    parsed = split_affiliation("Shenzhen University, 3688 Nanhai Avenue, Shenzhen 518060")
    assert [s.set_aside for s in parsed.segments] == [False, True, False]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("香港理工大学土木及环境工程学系", POLYU),
        ("Dept. of Civil Eng., HK PolyU", POLYU),
        ("理大", POLYU),
        ("港理工", POLYU),
        ("香港大學", HKU),
        ("港大", HKU),
        ("The Chinese University of Hong Kong, Shatin, NT", CUHK),
        ("中大", CUHK),
        ("中大(广州)", SYSU),  # the same short form, placed in Guangzhou
        ("深圳大學, 廣東深圳 518060", SZU),
        ("Sun Yat-sen Univ., Guangzhou", SYSU),
        ("科大(香港)", HKUST),
        ("香港科技大學（廣州）", HKUST_GZ),
        ("中科院深圳先进院", SIAT),
        ("中國科學院", CAS),
        # The registry places HKU in Pok Fu Lam: Hong Kong is its city all the same.
        ("香港大學，香港", HKU),
        # A city where the registry has no campus of its own: the university itself.
        ("中山大学，珠海", SYSU),
        ("香港科技大學，廣州", HKUST_GZ),
        ("HKUST(GZ)", HKUST_GZ),  # the name and the one-word part after it are the campus's
        ("HKUST", HKUST),
        # "HK" is Hong Kong: the longer name is found, not the University of Hong Kong in it.
        ("Chinese Univ of HK", CUHK),
        ("City University of HK", CITYU),
        ("Univ of HK", HKU),
        ("Hong Kong Polytechnic U.", POLYU),
        ("Faculty of Education, HKU", HKU),
        # A short form followed by a unit of its university, written on without a break.
        ("港大醫學院", HKU),
        ("理大應用數學系", POLYU),
    ],
)
def test_resolves_names_in_three_scripts(engine: Resolver, text: str, expected: str) -> None:
    resolution = engine.resolve(text)
    assert resolution.ror_id == expected, resolution.explanation


@pytest.mark.parametrize(
    "text",
    [
        "中大型企業協會",  # medium-sized (中大型) firms: 中大 is not a word here
        "中大型企业",
        "港大型號",  # 港 + 大型 (large): the characters after the short form take half of it
    ],
)
def test_a_short_form_that_begins_a_longer_word_is_not_a_name(engine: Resolver, text: str) -> None:
    assert engine.resolve(text).abstained


def test_most_specific_answers_the_unit_named_with_its_parent(engine: Resolver) -> None:
    text = "Shenzhen Institutes of Advanced Technology, Chinese Academy of Sciences"
    assert engine.resolve(text).ror_id != SIAT  # ROR's convention: the Academy, or no answer
    unit = engine.resolve(text, most_specific=True)
    assert unit.ror_id == SIAT
    assert unit.explanation["instead_of_parent"] == "Chinese Academy of Sciences"
    assert unit.explanation["runner_up"]["key"] == CAS  # the parent, not the unit again
    # A string naming the parent alone is the parent either way.
    assert engine.resolve("Chinese Academy of Sciences", most_specific=True).ror_id == CAS


def test_a_resolution_explains_itself(engine: Resolver) -> None:
    resolution = engine.resolve("Dept. of Civil Eng., HK PolyU")
    assert resolution.matched_name == "HK PolyU"
    assert resolution.explanation["decision"] == "matched"
    assert resolution.explanation["method"] == "exact"
    assert 0 < resolution.score <= 1


@pytest.mark.parametrize(
    "text", ["", "   ", "!!!", "12345", "Department of Physics", "香港某物流公司", "asdf qwer"]
)
def test_abstains_on_empty_or_meaningless_input(engine: Resolver, text: str) -> None:
    resolution = engine.resolve(text)
    assert resolution.abstained
    assert resolution.ror_id == ""
    assert resolution.explanation["decision"] == "abstained"


def test_a_withdrawn_record_is_never_the_answer(engine: Resolver) -> None:
    analysis = engine.analyse("Johns Hopkins University School of Medicine")
    keys = [engine.index.records[item.candidate.record].key for item in analysis.scored]
    assert JHU_SOM_WITHDRAWN not in keys
    assert "037zgn354" in keys  # its successor, Johns Hopkins Medicine, stands in


def _succeeded(status: str, successor_name: str) -> Resolver:
    """A Kowloon institute (withdrawn or inactive) and the Hong Kong one that followed it."""
    return Resolver.build(
        [
            OrgRecord(
                key="0aaaaaa00",
                ror_id="0aaaaaa00",
                names=[Name("Kowloon Institute of Marine Robotics", "ror_display", "en")],
                status=status,
                successors=("0bbbbbb00",),
                country="HK",
            ),
            OrgRecord(
                key="0bbbbbb00",
                ror_id="0bbbbbb00",
                names=[Name(successor_name, "ror_display", "en")],
                country="HK",
            ),
        ],
        aliases={},
    )


def test_withdrawn_record_resolves_to_its_successor() -> None:
    resolver = _succeeded("withdrawn", "Hong Kong Institute of Marine Robotics")
    resolution = resolver.resolve("Kowloon Institute of Marine Robotics")
    assert resolution.ror_id == "0bbbbbb00"
    assert any(e.startswith("successor_of_0aaaaaa00") for e in resolution.explanation["evidence"])


def test_an_inactive_answer_says_so_and_names_what_followed_it() -> None:
    resolver = _succeeded("inactive", "Hong Kong Institute of Ocean Engineering")
    # Named as it was, the inactive record is the answer (ROR's convention); the reader is told.
    inactive = resolver.resolve("Kowloon Institute of Marine Robotics")
    assert inactive.ror_id == "0aaaaaa00"
    assert inactive.explanation["status"] == "inactive"
    assert inactive.explanation["successors"] == ["Hong Kong Institute of Ocean Engineering"]
    active = resolver.resolve("Hong Kong Institute of Ocean Engineering").explanation
    assert active["decision"] == "matched"
    assert "status" not in active


def test_the_curated_table_gives_a_short_form_several_records_share_to_hong_kongs() -> None:
    records = [record_from_ror(r) for r in tiny_records()]
    # ROR gives the acronym HKU to Hasan Kalyoncu University and an Utrecht school too.
    for key, name, country, city in (
        ("054g2pw49", "Hasan Kalyoncu University", "TR", "Gaziantep"),
        ("018bzp792", "University of the Arts Utrecht", "NL", "Utrecht"),
    ):
        records.append(
            OrgRecord(
                key=key,
                ror_id=key,
                names=[Name(name, "ror_display", "en"), Name("HKU", "acronym", "en")],
                types=("education",),
                country=country,
                cities=(city,),
            )
        )
    resolver = Resolver.build(records)
    assert resolver.resolve("Faculty of Education, HKU").ror_id == HKU
    assert resolver.resolve("HKU").ror_id == HKU


def test_a_string_naming_several_organisations_says_so(engine: Resolver) -> None:
    resolution = engine.resolve("Joint Laboratory, 香港大學; 深圳大學")
    names = {resolution.explanation["organisation"], *resolution.explanation["also_named"]}
    assert names == {"University of Hong Kong", "Shenzhen University"}
    # A department and its university are one organisation named, not two.
    single = engine.resolve("Department of Civil Engineering, HK PolyU, Hung Hom, Hong Kong")
    assert "also_named" not in single.explanation


def test_an_abstention_names_what_it_found_and_set_aside(engine: Resolver) -> None:
    explanation = engine.resolve("香港中文大學（深圳）").explanation  # a campus across the border
    assert explanation["reason"] == "ruled_out"
    assert explanation["ruled_out"] == ["香港中文大學"]
    assert engine.resolve("asdf qwer").explanation["reason"] == "no_candidate"


def _index(*records: tuple[str, str, str]) -> NameIndex:
    """A small index: (key, display name, city) per record, all German universities."""
    return Resolver.build(
        [
            OrgRecord(
                key=key,
                ror_id=key,
                names=[Name(name, "ror_display", "en")],
                types=("education",),
                country="DE",
                cities=(city,),
            )
            for key, name, city in records
        ],
        aliases={},
    ).index


def test_word_stems_meet_across_endings_but_not_medical_and_medicine() -> None:
    assert word_stem("agriculture") == word_stem("agricultural")
    assert word_stem("technology") == word_stem("technological")
    assert word_stem("vincents") == word_stem("vincent")
    assert word_stem("medical") != word_stem("medicine")
    assert same_stems("academy agriculture sciences", "academy agricultural sciences")
    assert not same_stems("academy sciences", "academy sciences")  # equal is not a near miss
    assert not same_stems("austria institute", "australia institute")


def test_a_near_miss_in_word_endings_is_found_and_marked() -> None:
    index = _index(("0aaaaaa00", "Kowloon Academy of Agricultural and Forestry Sciences", "Hong"))
    found = find(index, split_affiliation("Kowloon Academy of Agriculture and Forestry Sciences"))
    fuzzy = [m for m in found.matches if m.method == "fuzzy"]
    assert fuzzy
    assert fuzzy[0].record == 0
    assert fuzzy[0].morph


def test_a_possessive_finds_the_name_written_without_apostrophe() -> None:
    # The rarest word retrieves the names compared: "vincent" must also find "vincents".
    index = _index(("0aaaaaa00", "St Vincents Institute of Medical Research", "Fitzroy"))
    found = find(index, split_affiliation("St Vincent's Institute of Medical Research"))
    assert any(m.record == 0 and m.method == "fuzzy" for m in found.matches)


def test_glued_small_words_and_notes_of_a_move_are_taken_apart() -> None:
    parsed = split_affiliation("Current addressKhalifa University of Science and Technology")
    assert parsed.tokens[:2] == ["khalifa", "university"]
    assert split_affiliation("Branch of theRussian Academy").tokens[:3] == [
        "branch",
        "of",
        "russian",
    ]
    assert split_affiliation("Currently atGeorg August University").tokens[0] == "georg"
    # Names written in capitals inside a word stay whole.
    assert split_affiliation("PolyU").tokens == ["polyu"]


def test_a_head_word_glued_to_the_word_beside_it_is_taken_apart() -> None:
    assert split_affiliation("Université de LimogesInstitut Universitaire").tokens[3] == "institut"
    assert split_affiliation("SouthernUniversity of Science").tokens[:2] == [
        "southern",
        "university",
    ]
    assert split_affiliation("UniversitéLaval Cancer Research").tokens[:2] == [
        "university",
        "laval",
    ]
    assert split_affiliation("University of TechnologyThanyaburi").tokens[-1] == "thanyaburi"
    # A capital inside a word that is no head word, and a head word ending a word, stay whole.
    assert split_affiliation("Vienna BioCenter").tokens == ["vienna", "biocenter"]
    assert split_affiliation("BioTechnology Institute").tokens == ["biotechnology", "institute"]


def test_a_name_without_its_city_is_a_variant_even_if_a_word_occurs_in_place_names() -> None:
    # "University" is a word of places ("University Park"), but "Humboldt University" is no place.
    index = _index(
        ("0aaaaaa00", "Humboldt-Universität zu Berlin", "Berlin"),
        ("0bbbbbb00", "University Park Institute", "University Park"),
    )
    assert [e.record for e in index.variants.get("humboldt university", [])] == [0]


def test_a_name_at_its_city_is_also_written_with_the_city_alone() -> None:
    index = _index(("0aaaaaa00", "University of North Carolina at Chapel Hill", "Chapel Hill"))
    assert index.variants.get("university of north carolina chapel hill")
    found = find(index, split_affiliation("University of North Carolina, Chapel Hill"))
    assert any(m.method == "variant" and m.end == 6 for m in found.matches)


def test_the_halves_of_a_dashed_name_and_a_name_without_its_short_form() -> None:
    index = _index(
        ("0aaaaaa00", "Leibniz Institute on Aging - Fritz Lipmann Institute (FLI)", "Jena"),
        ("0bbbbbb00", "Lusatia Research Network - Institute of Metals", "Cottbus"),
        ("0cccccc00", "Lusatia Research Network", "Cottbus"),
    )
    assert index.variants.get("leibniz institute on aging")
    assert index.variants.get("fritz lipmann institute")
    # A half that is another record's own name is left to that record.
    assert "lusatia research network" not in index.variants


def test_a_name_with_one_word_more_is_a_near_miss_but_not_one_word_at_either_end() -> None:
    index = _index(("0aaaaaa00", "Fred Hutchinson Cancer Center", "Seattle"))
    found = find(index, split_affiliation("Fred Hutchinson Cancer Research Center"))
    assert any(m.record == 0 and m.method == "fuzzy" for m in found.matches)
    # A word before or after the name is another organisation ("... Center Foundation").
    found = find(index, split_affiliation("Fred Hutchinson Cancer Center Foundation Trust"))
    assert not any(m.record == 0 and m.method == "fuzzy" for m in found.matches)


def test_a_school_named_after_a_donor_still_names_its_university() -> None:
    index = _index(("0aaaaaa00", "Kowloon Tong University", "Hong Kong"))
    found = find(index, split_affiliation("Kowloon Tong T.H. Chan School of Public Health"))
    assert any(m.record == 0 and m.method == "stem" for m in found.matches)
    # Not across a generic word: "Kowloon Tong Institute ... School" names no university.
    found = find(index, split_affiliation("Kowloon Tong Institute of Nursing School"))
    assert not any(m.method == "stem" for m in found.matches)


def test_a_campus_with_hospitals_of_its_own_is_marked_medical() -> None:
    records = [
        OrgRecord(
            key="0aaaaaa00",
            ror_id="0aaaaaa00",
            names=[Name("Kowloon University, Ho Man Tin", "ror_display")],
            types=("education",),
            related=("0cccccc00",),
        ),
        OrgRecord(
            key="0bbbbbb00",
            ror_id="0bbbbbb00",
            names=[Name("Kowloon University, Tai Po", "ror_display")],
            types=("education",),
        ),
        OrgRecord(
            key="0cccccc00",
            ror_id="0cccccc00",
            names=[Name("Kowloon University Hospital", "ror_display")],
            types=("healthcare",),
        ),
        OrgRecord(
            key="0dddddd00",
            ror_id="0dddddd00",
            names=[Name("Kowloon School of Medicine", "ror_display")],
            types=("education",),
        ),
    ]
    index = NameIndex(records)
    assert [index.is_medical(i) for i in range(4)] == [True, False, True, True]


def test_a_country_code_ending_a_name_is_not_a_stated_country() -> None:
    index = _index(("0aaaaaa00", "Kowloon MC", "Hong Kong"))
    # "MC" is Monaco's code, but here the last word of the name the string gives.
    assert not find(
        index, split_affiliation("Harbour Medical Centre (Kowloon MC)")
    ).stated_countries
    assert find(index, split_affiliation("Harbour Medical Centre, Sha Tin, MC")).stated_countries


def test_fuzzy_answers_are_kept_per_part_within_a_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "FUZZY_ANSWERS_KEPT", 2)
    index = _index(
        ("0aaaaaa00", "Kowloon Academy of Agricultural and Forestry Sciences", "Hong"),
        ("0bbbbbb00", "St Vincents Institute of Medical Research", "Fitzroy"),
    )
    strings = [
        "Kowloon Academy of Agriculture and Forestry Sciences",
        "St Vincent's Institute of Medical Research",
        "Dept. of Soils, Kowloon Academy of Agriculture and Forestry Sciences",
    ]
    first = [_fuzzy_records(index, text) for text in strings]
    assert first == [{0}, {1}, {0}]
    assert 0 < len(index.fuzzy_answers) <= 2
    # Asked again, from kept answers or afresh after the bound cleared them: the same.
    assert [_fuzzy_records(index, text) for text in reversed(strings)] == first[::-1]


def _fuzzy_records(index: NameIndex, text: str) -> set[int]:
    return {m.record for m in find(index, split_affiliation(text)).matches if m.method == "fuzzy"}


def test_a_misspelt_or_shortened_rare_word_still_finds_the_name() -> None:
    index = _index(
        ("0aaaaaa00", "Belarusian State University", "Minsk"),
        ("0bbbbbb00", "Albert-Ludwigs-Universität Freiburg", "Freiburg"),
    )
    # The rarest word is the registry's shortened ("Belarus") or misspelt ("Belarusain").
    assert _fuzzy_records(index, "Belarus State University") == {0}
    assert _fuzzy_records(index, "Institute of Physics, Belarus State University") == {0}
    assert _fuzzy_records(index, "Belarusain State University") == {0}
    # Among many names, those with the rarest word are compared first; then the near words'.
    assert index.near_terms("belaru") == ["belarusian"]
    assert index.near_terms("belarusain") == ["belarusian"]


def test_a_slip_of_a_common_word_that_a_few_names_share_still_finds_the_name() -> None:
    index = _index(
        ("0aaaaaa00", "Tsinghua University", "Beijing"),
        ("0bbbbbb00", "Andre Salifou Univeristy", "Zinder"),
        ("0dddddd00", "Tsinghua Holdings", "Beijing"),
        ("0eeeeee00", "Tsinghua Unigroup", "Beijing"),
        *((f"0c{n:07d}", f"{word} University", "Berlin") for n, word in enumerate(_WORDS)),
    )
    # "univeristy" is rarer than "tsinghua", but it is a slip of a word so many names have
    # that they are too many to compare with.
    assert _fuzzy_records(index, "Tsinghua Univeristy") == {0}
    # A word that only a few names have, and no slip, is still where the search starts.
    assert _fuzzy_records(index, "Andre Salifou Univeristy of Zinder") == {1}


def test_a_chinese_name_one_character_apart_or_without_its_place_is_another() -> None:
    index = _index(
        ("0aaaaaa00", "國立中正大學", "Chiayi"),
        ("0bbbbbb00", "中国药科大学", "Nanjing"),
        ("0cccccc00", "香港科技大學霍英東研究院", "Guangzhou"),
    )
    assert _fuzzy_records(index, "國立中山大學") == set()  # 中山 is not 中正
    assert _fuzzy_records(index, "广东药科大学") == set()  # not 药科大学 once 广东 is left out
    # A character fewer is a shorter form of the same name.
    assert _fuzzy_records(index, "香港科技大學霍英東研究") == {2}


def test_a_near_name_without_the_short_form_written_is_another_organisations() -> None:
    def record(key: str, *names: tuple[str, str]) -> OrgRecord:
        return OrgRecord(
            key=key,
            ror_id=key,
            names=[Name(value, kind, "en") for value, kind in names],
            country="CN",
            cities=("Shenzhen",),
        )

    index = Resolver.build(
        [
            record(
                "0aaaaaa00", ("Chinese University of Hong Kong", "ror_display"), ("CUHK", "acronym")
            ),
            record("0bbbbbb00", ("CityU Shenzhen Research Institute", "ror_display")),
        ],
        aliases={},
    ).index
    assert _fuzzy_records(index, "CityU Shenzhen Research Institutes") == {1}
    assert _fuzzy_records(index, "CUHK Shenzhen Research Institute") == set()


def test_a_chinese_part_that_is_a_units_whole_name_names_the_unit_not_its_university() -> None:
    university, school = "0aaaaaa00", "0bbbbbb00"
    index = Resolver.build(
        [
            OrgRecord(
                key=university,
                ror_id=university,
                names=[Name("清华大学", "label", "zh")],
                children=(school,),
            ),
            OrgRecord(
                key=school,
                ror_id=school,
                names=[Name("清华大学深圳国际研究生院", "label", "zh")],
                parents=(university,),
            ),
        ],
        aliases={},
    ).index

    def candidates(text: str) -> list[int]:
        return [c.record for c in build_candidates(index, find(index, split_affiliation(text)))]

    assert candidates("清華大學深圳國際研究生院") == [1]
    # Where the university is named in a part of its own, both are named.
    assert sorted(candidates("清华大学深圳国际研究生院，清华大学")) == [0, 1]


def test_document_words_and_initials_are_not_acronyms() -> None:
    assert all(a[1] != "mou" for a in split_affiliation("See attached MoU").acronyms)
    assert all(a[1] != "tm" for a in split_affiliation("Chan, T.M.; Lee, K.W.").acronyms)
    assert (0, "hkbu", True) in split_affiliation("HKBU").acronyms


def test_national_before_a_name_is_another_university() -> None:
    index = _index(
        ("0aaaaaa00", "Sun Yat-sen University", "Guangzhou"), ("0bbbbbb00", "中山大学", "Guangzhou")
    )

    def candidates(text: str) -> list[int]:
        return [c.record for c in build_candidates(index, find(index, split_affiliation(text)))]

    assert candidates("Sun Yat-sen University, Guangzhou") == [0]
    assert candidates("中山大學") == [1]
    assert candidates("National Sun Yat-sen University, Kaohsiung") == []
    assert candidates("國立中山大學") == []


_WORDS = [f"{a}{b}" for a in ("Alpha", "Bravo", "Delta", "Gamma", "Sigma") for b in range(260)]


def test_a_part_naming_the_start_or_end_of_a_longer_name_finds_it() -> None:
    index = _index(
        ("0aaaaaa00", "Gregor Mendel Institute of Molecular Plant Biology", "Wien"),
        ("0bbbbbb00", "Aurel Vlaicu University of Arad", "Arad"),
    )
    found = find(index, split_affiliation("Gregor Mendel Institute"))
    assert [(m.record, m.contained) for m in found.matches] == [(0, True)]
    assert _fuzzy_records(index, "University of Arad") == {1}
    # Words any organisation may be named with say nothing inside a longer name.
    assert _fuzzy_records(index, "Molecular Plant Biology") == set()
