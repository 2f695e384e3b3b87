"""The two framework vocabularies: the Dutch Stelsel Bewaken en Beveiligen and the EU's 2019
good practices for protecting public spaces. Every entry is sourced, translated and
queryable, and the measure types and safety-chain phases its definition names exist."""

from __future__ import annotations

import re

import pytest

from softtargets import pps
from softtargets.models import SourceKind

FRAMEWORKS = {
    "surveillance_protection": pps.SurveillanceProtection,
    "public_spaces_practice": pps.PublicSpacesPractice,
}
PHASE_WORDS = {
    "pro-action phase": pps.SafetyChainPhase.PRO_ACTION,
    "prevention phase": pps.SafetyChainPhase.PREVENTION,
    "preparation phase": pps.SafetyChainPhase.PREPARATION,
}


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_framework_is_registered_and_queryable(name: str) -> None:
    enum = FRAMEWORKS[name]
    assert pps.VOCABULARIES[name] is enum
    assert len(enum) >= 8
    for member in enum:
        entry = pps.describe(member)
        assert (entry.vocabulary, entry.id) == (name, member.value)
        for lang in ("en", "nl", "fr"):
            assert entry.label(lang), (member, lang)
        assert entry.definition and entry.definition_nl and entry.definition_fr, member
        assert len({entry.definition, entry.definition_nl, entry.definition_fr}) == 3, member


@pytest.mark.parametrize("name", sorted(FRAMEWORKS))
def test_every_entry_is_sourced_outside_the_study(name: str) -> None:
    for member in FRAMEWORKS[name]:
        entry = pps.describe(member)
        assert entry.sources, member
        # public guidance and context, never attributed to the study
        assert not entry.from_study, member
        assert all(s.kind in (SourceKind.GUIDANCE, SourceKind.CONTEXT) for s in entry.sources), member
        # at least one source a reader can open
        assert any(s.url and s.url.startswith("https://") for s in entry.sources), member
        assert any(s.kind is SourceKind.GUIDANCE for s in entry.sources), member


def test_no_source_is_a_blog_or_mirror() -> None:
    for enum in FRAMEWORKS.values():
        for member in enum:
            for source in pps.describe(member).sources:
                assert source.url, source.id
                assert not re.search(r"blogspot|wordpress|pdfslide|docplayer|scribd|issuu", source.url), source.url


def test_named_measure_types_and_phases_exist() -> None:
    measures = {m.value for m in pps.MeasureType}
    named: dict[str, set[str]] = {}
    for enum in FRAMEWORKS.values():
        for member in enum:
            text = pps.describe(member).definition
            ids = set(re.findall(r"\b[a-z]+(?:_[a-z]+)+\b", text))
            assert ids <= measures, (member, ids - measures)
            named[member.value] = ids
            for words, phase in PHASE_WORDS.items():
                if words in text:  # the phase named is the safety chain's own label
                    assert pps.describe(phase).label_en == words.removesuffix(" phase"), member
    # the correspondences the data states, spot-checked
    assert named["vehicle_barriers"] == {"hostile_vehicle_mitigation"}
    assert {"access_control_search", "hostile_vehicle_mitigation"} <= named["physical_protection"]
    assert {"awareness_training", "eyes_and_ears_reporting"} <= named["awareness_and_training"]
    assert {"guarding_patrols", "camera_surveillance"} <= named["security_measures"]
    assert "pro-action phase" in pps.describe(pps.PublicSpacesPractice.SECURITY_BY_DESIGN).definition


def test_dutch_labels_are_the_official_terms() -> None:
    labels = {m.value: pps.describe(m).label("nl") for m in pps.SurveillanceProtection}
    assert labels["decentral_domain"] == "decentraal domein"
    assert labels["national_domain"] == "rijksdomein"
    assert labels["threat_estimate"] == "dreigingsinschatting"
    assert labels["risk_analysis"] == "risicoanalyse"
    assert labels["circular"] == "Circulaire bewaken en beveiligen"
    circular = pps.describe(pps.SurveillanceProtection.CIRCULAR)
    assert any("officielebekendmakingen.nl" in (s.url or "") for s in circular.sources)
