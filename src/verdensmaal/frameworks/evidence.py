"""The goals an action's description suggests, with the words behind them, and those words marked.

A plain module (no Django), tested directly. The suggestion is the strategy screener's
(``verdensmaal.screening``, docs/methods.md "Strategy screening") on its term evidence alone: the
Aurora SDG queries and the project's Danish and English term lists, without the embedding model.
That answers a 200-word description in a few hundredths of a second inside the request that saves
it, where loading the model would take three seconds and 170 MB in every web process; the term
layer's accuracy on held-out passages is within a few points of the full screener's (F1 0.80
against 0.83 in Danish).

What is stored on the action is plain data for a JSON field::

    {"goals": [7, 13], "scores": {"7": 0.93, ...},
     "passages": [{"text": "...", "goals": [7], "evidence": [{"goal": 7, "target": "7.2",
                   "term": "varmepumper", "start": 12, "end": 23}, ...]}]}
"""

from __future__ import annotations

from dataclasses import dataclass

# Terms only: no model in the web process (see the module docstring).
SUGGESTION_EMBED = "never"


def suggestion(text: str) -> dict:
    """The goals the text addresses by the screener's words, per passage with the evidence."""
    # The screener (its term lists and queries) is loaded when an action is saved, not by every
    # page and command that reads the words stored on one.
    from verdensmaal.screening import screen

    if not text.strip():
        return {"goals": [], "scores": {}, "passages": []}
    result = screen(text, embed=SUGGESTION_EMBED)
    scores: dict[str, float] = {}
    passages = []
    for passage in result.passages:
        for goal in passage.goals:
            scores[str(goal)] = max(scores.get(str(goal), 0.0), passage.scores[goal])
        passages.append(
            {
                "text": passage.text,
                "goals": sorted(passage.goals),
                "evidence": [
                    {
                        "goal": hit.goal,
                        "target": hit.target,
                        "term": hit.term,
                        "start": hit.start,
                        "end": hit.end,
                    }
                    for hit in passage.evidence
                ],
            }
        )
    return {"goals": sorted(result.goals), "scores": scores, "passages": passages}


def words_by_goal(stored: dict) -> dict[int, list[str]]:
    """The distinct words behind each suggested goal, in the order they first appear."""
    words: dict[int, list[str]] = {goal: [] for goal in stored.get("goals", [])}
    for passage in stored.get("passages", []):
        for hit in passage["evidence"]:
            found = words.setdefault(hit["goal"], [])
            if hit["term"].lower() not in {word.lower() for word in found}:
                found.append(hit["term"])
    return words


@dataclass(frozen=True)
class Segment:
    """A stretch of a passage: plain, or words that are evidence for ``goals`` (``targets``)."""

    text: str
    goals: tuple[int, ...] = ()
    targets: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.goals)


def segments(text: str, evidence, *, goals=None) -> list[Segment]:
    """``text`` cut into plain and marked stretches; overlapping evidence is merged into one
    stretch that names every goal behind it. ``evidence`` holds dicts (or objects) with ``goal``,
    ``target``, ``start`` and ``end``; with ``goals`` only the evidence for those goals is marked.
    Spans that do not fit the text are ignored rather than trusted."""
    spans = []
    for hit in evidence:
        get = hit.get if isinstance(hit, dict) else lambda name, hit=hit: getattr(hit, name)
        start, end, goal = int(get("start")), int(get("end")), int(get("goal"))
        if goals is not None and goal not in goals:
            continue
        if 0 <= start < end <= len(text):
            spans.append((start, end, goal, get("target") or ""))
    spans.sort()
    merged: list[list] = []  # [start, end, goals, targets]
    for start, end, goal, target in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            last[2].add(goal)
            if target:
                last[3].add(target)
        else:
            merged.append([start, end, {goal}, {target} if target else set()])
    result, position = [], 0
    for start, end, span_goals, targets in merged:
        if start > position:
            result.append(Segment(text[position:start]))
        result.append(
            Segment(
                text[start:end],
                tuple(sorted(span_goals)),
                tuple(sorted(targets, key=target_sort_key)),
            )
        )
        position = end
    if position < len(text):
        result.append(Segment(text[position:]))
    return result


def target_sort_key(code: str) -> tuple:
    """UN order of target codes: 7.2 before 7.10 before 7.a before 10.1."""
    goal, _, number = code.partition(".")
    return (
        int(goal) if goal.isdigit() else 99,
        not number.isdigit(),
        int(number) if number.isdigit() else 0,
        number,
    )
