"""Incident circumstances: kinds of threat that are not a weapon, held as a closed data
vocabulary, validated at load, queryable and carried by the exports."""

from __future__ import annotations

import pytest

import softtargets as st
from softtargets import circumstances, frames
from softtargets.pps.vocabulary import MeasureType

# Each decision of issue 15 and an incident whose public record shows it (checked pages in the
# incident's urls or the circumstance's sources).
DOCUMENTED = {
    "insider": "paris-2019-10-03",
    "fake_device": "cambrils-2017-08-18",
    "hostile_reconnaissance": "manchester-2017-05-22",
    "security_forces_targeted": "istanbul-2016-12-10",
    "crowd_panic": "las-vegas-2017-10-01",
    "remotely_guided": "wurzburg-2016-07-18",
}


def test_the_vocabulary_is_closed_labelled_and_sourced(tax: st.Taxonomy) -> None:
    assert circumstances.ids() == tuple(DOCUMENTED)
    known = {s.id for s in tax.sources()} | {s.id for s in circumstances.sources()}
    for item in circumstances.vocabulary():
        assert item.label("en") and item.label("nl") and item.label("fr")
        assert all(item.translated("definition", lang) for lang in ("en", "nl", "fr"))
        assert "[en]" not in item.label("fr") + item.translated("definition", "fr")
        assert set(item.sources) <= known
        assert all(MeasureType(m) for m in item.measures)  # the measure side names real measures
    # the decisions: none is a modus operandi or any other term
    assert not set(circumstances.ids()) & {t.id for t in tax.terms()}


@pytest.mark.parametrize(("name", "incident"), list(DOCUMENTED.items()))
def test_each_circumstance_is_queryable(tax: st.Taxonomy, name: str, incident: str) -> None:
    found = tax.incidents(circumstance=name)
    assert incident in {i.id for i in found}
    assert all(name in i.circumstances for i in found)
    assert len(found) < len(tax.incidents())


def test_circumstance_filters_combine(tax: st.Taxonomy) -> None:
    vests = tax.incidents(circumstance="fake_device", country="GB")
    assert {i.id for i in vests} == {"london-2017-06-03", "london-2019-11-29"}
    both = tax.incidents(circumstance=["insider", "crowd_panic"])
    assert {i.id for i in both} >= {"paris-2019-10-03", "las-vegas-2017-10-01"}
    guided = tax.incidents(circumstance="remotely_guided", target="event_ground")
    assert [i.id for i in guided] == ["berlin-2016-12-19"]
    with pytest.raises(st.UnknownValueError, match="circumstance 'fake_vest'"):
        tax.incidents(circumstance="fake_vest")
    with pytest.raises(st.ArgumentTypeError):
        tax.incidents(circumstance=3)  # type: ignore[arg-type]
    assert circumstances.lookup("crowd_panic").measures
    with pytest.raises(st.UnknownValueError):
        circumstances.lookup("stampede")


def test_an_unknown_circumstance_is_refused_at_load(tax: st.Taxonomy) -> None:
    base = tax.incident("cambrils-2017-08-18")
    odd = base.model_copy(update={"id": "demo-2017-08-18", "circumstances": ("fake_vest",)})
    ext = st.Extension(name="demo", version="1", namespace="demo", incidents=(odd,))
    with pytest.raises(st.ExtensionError, match="'fake_vest' is not a circumstance"):
        tax.extend(ext)
    fine = tax.extend(ext.model_copy(update={"incidents": (odd.model_copy(update={"circumstances": ("insider",)}),)}))
    assert "demo-2017-08-18" in {i.id for i in fine.incidents(circumstance="insider")}


def test_exports_carry_the_circumstances(tax: st.Taxonomy) -> None:
    doc = tax.canonical()
    cambrils = next(i for i in doc["incident"] if i["id"] == "cambrils-2017-08-18")
    assert cambrils["circumstances"] == ["fake_device"]
    assert st.read(tax.export("json"), "json") == tax
    back = st.read(tax.export("turtle"), "turtle")
    assert back.incident("manchester-2017-05-22").circumstances == ("hostile_reconnaissance",)
    table = frames.to_pandas(tax.incidents(circumstance="crowd_panic"))
    assert list(table["circumstances"].iloc[0]) == ["crowd_panic"]


def test_the_cli_filters_incidents_by_circumstance(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from softtargets.cli import main

    assert main(["incidents", "--circumstance", "remotely_guided", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in records} == {
        "wurzburg-2016-07-18",
        "saint-etienne-du-rouvray-2016-07-26",
        "berlin-2016-12-19",
    }
    assert all(r["circumstances"] == ["remotely_guided"] for r in records)
    assert main(["incidents", "--circumstance", "bogus"]) == 2
    assert "remotely_guided" in capsys.readouterr().err
