import pytest

from briefing.core.marking import highest_marking, marking_rank


@pytest.mark.parametrize(
    ("lower", "higher"),
    [
        ("", "UNCLASSIFIED"),
        ("UNCLASSIFIED", "OFFICIAL"),
        ("OFFICIAL", "OFFICIAL-SENSITIVE"),
        ("UNCLASSIFIED // FOR OFFICIAL USE ONLY", "OFFICIAL-SENSITIVE"),
        ("OFFICIAL-SENSITIVE", "CONFIDENTIAL — NOT FOR DISTRIBUTION"),
        ("CONFIDENTIAL", "SECRET"),
        ("SECRET", "TOP SECRET"),
        ("UNCLASSIFIED", "Company internal"),
    ],
)
def test_ranks_are_ordered(lower: str, higher: str) -> None:
    assert marking_rank(lower) < marking_rank(higher)


def test_highest_marking_prefers_base_on_ties() -> None:
    assert highest_marking("OFFICIAL-SENSITIVE", ["official sensitive", ""]) == "OFFICIAL-SENSITIVE"
    assert highest_marking("OFFICIAL", ["", "SECRET", "CONFIDENTIAL"]) == "SECRET"
    assert highest_marking("", []) == ""
    assert marking_rank("UNCLASSIFIED // FOR OFFICIAL USE ONLY") == marking_rank("FOUO")
