"""The stages, the 25 steps and the transition table of 发展党员 are consistent data."""

from __future__ import annotations

import inspect

import pytest

from dangjian.rules.development.checks import CHECKS
from dangjian.rules.development.process import (
    ENDS,
    STEPS,
    TRANSITIONS,
    Stage,
    find_transition,
    reachable_stages,
    step,
    transitions_from,
)
from dangjian.rules.sources import RULE_SOURCES
from dangjian.rules.verdicts import Verdict


def test_there_are_25_steps_numbered_in_order() -> None:
    assert [s.number for s in STEPS] == list(range(1, 26))
    assert step(1).name == "递交入党申请书"
    assert step(20).name == "入党宣誓"
    assert step(25).name == "材料归档"
    with pytest.raises(KeyError):
        step(26)


def test_every_step_is_taken_by_some_transition() -> None:
    assert {t.step for t in TRANSITIONS if t.step is not None} == set(range(1, 26))


def test_every_stage_is_reachable_from_a_way_in() -> None:
    assert reachable_stages() == frozenset(Stage)


def test_ends_are_terminal_and_every_other_stage_leads_somewhere() -> None:
    for stage in Stage:
        if stage in ENDS:
            assert transitions_from(stage) == (), stage
        else:
            assert transitions_from(stage), stage


def test_every_stage_in_process_can_reach_an_end() -> None:
    for stage in Stage:
        seen, frontier = set(), [stage]
        while frontier:
            current = frontier.pop()
            if current not in seen:
                seen.add(current)
                frontier.extend(t.target for t in transitions_from(current))
        assert seen & ENDS, stage


def test_the_main_line_moves_stage_by_stage() -> None:
    """Step 3, 7, 17 and 24 move the person on; the others keep the stage."""
    moves = {(t.step, t.source, t.target) for t in TRANSITIONS if t.source != t.target}
    assert (3, Stage.APPLICANT, Stage.ACTIVIST) in moves
    assert (7, Stage.ACTIVIST, Stage.CANDIDATE) in moves
    assert (17, Stage.CANDIDATE, Stage.PROBATIONARY) in moves
    assert (24, Stage.PROBATIONARY, Stage.FULL) in moves


def test_a_step_of_its_stage_keeps_to_its_stage() -> None:
    for row in TRANSITIONS:
        if row.step is not None and row.source is not None and row.target not in ENDS:
            assert step(row.step).stage == row.source, row.code


def test_each_row_is_found_by_its_code_source_and_target() -> None:
    keys = [(t.code, t.source, t.target) for t in TRANSITIONS]
    assert len(set(keys)) == len(keys)
    for code, source, target in keys:
        assert find_transition(code, source, target).target == target


def test_a_transfer_in_names_the_stage_it_lands_in() -> None:
    """DEV-6: the receiving branch continues at the stage reached."""
    assert find_transition("transfer_in", None, Stage.ACTIVIST).target is Stage.ACTIVIST
    with pytest.raises(ValueError, match="须指明转入后的阶段"):
        find_transition("transfer_in", None)


def test_every_rule_a_transition_names_has_a_check_and_a_source() -> None:
    for row in TRANSITIONS:
        for rule in row.checks:
            assert rule in RULE_SOURCES, rule
            assert CHECKS[rule], rule


def test_every_check_function_returns_a_verdict() -> None:
    for functions in CHECKS.values():
        for function in functions:
            assert inspect.signature(function).return_annotation in (Verdict, "Verdict")


def test_a_transition_that_does_not_apply_is_refused_in_chinese() -> None:
    assert find_transition("talk", Stage.APPLICANT).step == 2
    with pytest.raises(ValueError, match="发展对象不能进行“谈话”"):
        find_transition("talk", Stage.CANDIDATE)
    with pytest.raises(ValueError, match="未知的发展党员操作"):
        find_transition("fly", Stage.CANDIDATE)


def test_stage_labels_are_chinese() -> None:
    assert Stage.CANDIDATE.label == "发展对象"
    assert Stage.PROBATION_CANCELLED.label == "取消预备党员资格"
    assert len({s.label for s in Stage}) == len(Stage)
