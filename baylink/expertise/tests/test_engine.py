"""The engine on a tiny corpus: folding across scripts, incremental updates, persistence."""

from collections.abc import Sequence
from pathlib import Path

import pytest

from baylink.expertise.engine import (
    Document,
    ExpertiseIndex,
    Hit,
    IndexOutOfDate,
    Mode,
    VectorCache,
    default_encoder,
)
from baylink.expertise.engine import index as index_module
from baylink.expertise.engine.encoder import Vectors


def _document(key: str, text: str) -> Document:
    return Document(key=key, text=text, dense_text=text)


CORPUS = [
    _document("a", "人工智能芯片的散热设计"),
    _document("b", "Mobile robots that share a warehouse floor without jamming in aisles"),
    _document("c", "橋樑結構健康監測與颱風後損傷評估"),
    _document("d", "Cold chain temperature monitoring for fresh food"),
]


@pytest.fixture
def index(tmp_path: Path) -> ExpertiseIndex:
    built = ExpertiseIndex(
        tmp_path / "index", default_encoder(), cache=VectorCache(tmp_path / "vectors.sqlite3")
    )
    built.rebuild(CORPUS)
    return built


def keys(hits: list[Hit]) -> list[str]:
    return [hit.key for hit in hits]


def test_a_traditional_query_finds_simplified_text_and_the_reverse(index: ExpertiseIndex) -> None:
    assert keys(index.search("人工智慧", mode=Mode.BM25, k=1)) == ["a"]
    assert keys(index.search("人工智能", mode=Mode.BM25, k=1)) == ["a"]
    assert keys(index.search("桥梁监测", mode=Mode.BM25, k=1)) == ["c"]


def test_matched_terms_are_reported(index: ExpertiseIndex) -> None:
    hit = index.search("warehouse robots", mode=Mode.BM25, k=1)[0]
    assert hit.key == "b"
    assert set(hit.terms) == {"warehouse", "robot"}


def test_hybrid_crosses_languages(index: ExpertiseIndex) -> None:
    assert keys(index.search("仓库里的机器人经常堵塞", k=1)) == ["b"]
    assert keys(index.search("bridge inspection after typhoons", k=1)) == ["c"]


def test_an_edit_is_found_by_its_new_words_not_its_old_ones(index: ExpertiseIndex) -> None:
    generation = index.generation
    index.update([_document("d", "Seawater desalination membranes")])
    assert index.generation == generation + 1
    assert keys(index.search("desalination", mode=Mode.BM25, k=1)) == ["d"]
    assert "d" not in keys(index.search("cold chain temperature", mode=Mode.BM25, k=4))
    assert sorted(index.keys()) == ["a", "b", "c", "d"]


def test_removed_documents_are_not_found(index: ExpertiseIndex) -> None:
    index.update([], removed=["b"])
    assert "b" not in index
    assert "b" not in keys(index.search("warehouse robots", k=4))


def test_another_process_sees_the_newest_generation(index: ExpertiseIndex, tmp_path: Path) -> None:
    reader = ExpertiseIndex(tmp_path / "index", default_encoder())
    assert sorted(reader.keys()) == ["a", "b", "c", "d"]
    index.update([_document("e", "Offshore wind turbine blades")])
    assert keys(reader.search("wind turbine", mode=Mode.BM25, k=1)) == ["e"]


def test_equal_scores_come_out_in_key_order(tmp_path: Path) -> None:
    twins = ExpertiseIndex(tmp_path / "twins", default_encoder())
    twins.rebuild([_document(key, "soil remediation") for key in ("z", "m", "a")])
    for mode in Mode:
        assert keys(twins.search("soil remediation", mode=mode, k=3)) == ["a", "m", "z"]


def test_filters_restrict_the_results(index: ExpertiseIndex) -> None:
    assert keys(index.search("robots", k=5, allowed={"c", "d"})) in (["c", "d"], ["d", "c"])
    assert index.search("robots", k=5, allowed=set()) == []


def test_an_empty_index_finds_nothing(tmp_path: Path) -> None:
    assert ExpertiseIndex(tmp_path / "none", default_encoder()).search("robots") == []


def test_unchanged_text_is_not_encoded_again(tmp_path: Path) -> None:
    class CountingEncoder:
        name = "usem3"
        dimension = 512

        def __init__(self) -> None:
            self.texts = 0

        def encode(self, texts: Sequence[str]) -> Vectors:
            self.texts += len(texts)
            return default_encoder().encode(texts)

    counting = CountingEncoder()
    cache = VectorCache(tmp_path / "vectors.sqlite3")
    first = ExpertiseIndex(tmp_path / "index", counting, cache=cache)
    first.rebuild(CORPUS)
    encoded = counting.texts
    assert encoded >= len(CORPUS)
    first.rebuild(CORPUS)
    assert counting.texts == encoded


def test_an_index_folded_by_other_rules_is_out_of_date(
    index: ExpertiseIndex, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A new phrase table folds words another way: terms stored the old way would not meet
    # queries folded the new way, so the index must be built again.
    assert index.search("robots")
    monkeypatch.setattr(index_module, "folding_signature", lambda: "other rules")
    reader = ExpertiseIndex(tmp_path / "index", default_encoder())
    with pytest.raises(IndexOutOfDate):
        reader.search("robots")
    # A change is not written over it: kept alone, it would pass for the whole index.
    with pytest.raises(IndexOutOfDate):
        reader.update([_document("e", "Drones that inspect bridges")])
    # Rebuilt with the new rules, it finds again.
    reader.rebuild(CORPUS)
    assert keys(reader.search("robots"))[0] == "b"
