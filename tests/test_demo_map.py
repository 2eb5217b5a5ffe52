"""The demo map's analysis, worked out by hand from DESIGN.md section 4.

The README explains the same result. If the map or the engine changes, this
test says whether the story the demo tells still holds.
"""

from __future__ import annotations

from argmap.analysis import Status, analyze
from argmap.resources_path import resource
from argmap.storage import load_map

DEMO = resource("examples", "peace-framework.argmap.json")


def test_the_demo_map_tells_the_articles_story() -> None:
    amap = load_map(DEMO)
    kinds = {n.kind.value for n in amap.nodes}
    assert len(kinds) == 9 and 25 <= len(amap.nodes) <= 50
    result = analyze(amap)
    thesis = result.theses["thesis"]
    assert thesis.status is Status.HOLDS

    # The four risks are dormant (a risk does not hold until it materialises), and the
    # sovereignty objection is defeated by "deferral is not recognition".
    assert {n for n, s in result.status.items() if s is not Status.HOLDS} == {
        "territorial-deferral",
        "us-shift",
        "domestic-politics",
        "nato-red-line",
        "sovereignty-objection",
    }

    # Tripwires with their cascades (the node itself included), biggest first:
    # - territorial-deferral (the article's "tripwire"): if Kyiv and Europe read the
    #   deferral as recognition, "deferral is not recognition" fails, the sovereignty
    #   objection revives, the contention tips against the deal, Kyiv refuses, and the
    #   thesis falls: 6 nodes.
    # - aid-outweighs-cost, reconstruction-aid, security-guarantee: co-premises of the
    #   linked reason "guarantees plus aid are worth a temporary concession"; any one
    #   failing breaks the reason, then the contention, Kyiv and the thesis (5; the
    #   guarantee is also a pillar, so its cascade is the same five).
    # - deferral-not-recognition: 5 (itself, the objection, contention, Kyiv, thesis).
    # - domestic-politics: stalls the leaders' momentum, which endorsement requires (4).
    # - trade-worth-it: the reason itself (4).
    # - momentum-survives, nato-red-line, sovereignty-vs-guarantees: 3 each.
    # - the four pillars, and "the framework is real" (the thesis's only support): 2 each.
    expected = {
        "territorial-deferral": 6,
        "aid-outweighs-cost": 5,
        "deferral-not-recognition": 5,
        "reconstruction-aid": 5,
        "security-guarantee": 5,
        "domestic-politics": 4,
        "trade-worth-it": 4,
        "momentum-survives": 3,
        "nato-red-line": 3,
        "sovereignty-vs-guarantees": 3,
        "framework-real": 2,
        "kyiv-accepts": 2,
        "leaders-endorse": 2,
        "russia-commits": 2,
    }
    assert list(thesis.tripwires) == list(expected)
    assert {t: result.cascade_size(t) for t in thesis.tripwires} == expected
    assert result.cascade("territorial-deferral") == sorted(
        [
            "territorial-deferral",
            "deferral-not-recognition",
            "sovereignty-objection",
            "sovereignty-vs-guarantees",
            "kyiv-accepts",
            "thesis",
        ]
    )

    # Redundancy the article describes: the guarantee stands on US backing OR Europe's
    # reassurance forces, so losing one is survivable and losing both is not; Russia
    # commits because it feels heard OR because sanctions relief is conditional; the
    # framework is real on the envoys' draft OR the leaders' contacts.
    assert list(thesis.fragile_pairs) == [
        ("envoy-draft", "mutual-desire"),
        ("european-forces", "us-backing"),
        ("european-forces", "us-shift"),
        ("reassurance-signal", "us-backing"),
        ("reassurance-signal", "us-shift"),
        ("russia-heard", "sanctions-lever"),
    ]

    # With the map's beliefs, enumeration is exact.
    assert thesis.probability_method == "exact"
    assert thesis.probability is not None and abs(thesis.probability - 0.1376) < 5e-4
