"""The quiz in a terminal, or scripted through stdin: ask, mark, teach, replay; then the score.

Each round plays its case (unless playback is off), asks the finding, the
timing and the grade by the menus' numbers, either as one line ``F T G`` or
one number per line, and answers with right or wrong per part, what to listen
for, the round's labelled figure (when a folder for figures is given) and the
case played again. The quiz ends with ``score: N/R`` on its own line and the
weakest topic.

Bad input re-asks once when a person types at a terminal; from a pipe or a
file, where nobody can type again, it ends the quiz with one sentence (a
:class:`~murmur.errors.ParameterError`, which the CLI turns into exit code 2),
as do answers that run out before the last round.

Nothing here touches the terminal or the sound card itself: the CLI passes in
how to read a line, say a line, play a case and write a figure.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ParameterError
from .quiz import SCORING_RULE, Answer, Round, Tally, mark, parse_choice, split_answer, tally
from .quizfeedback import feedback, listen_for, menu_lines, weakest_text

__all__ = ["run_quiz"]


class _Asker:
    """Reads answers: echoes them when scripted, re-asks once when a person types."""

    def __init__(self, read_line: Callable[[], str], say: Callable[..., Any], interactive: bool, n_rounds: int):
        self.read_line, self.say, self.interactive, self.n_rounds = read_line, say, interactive, n_rounds

    def _line(self, prompt: str, what: str) -> str:
        self.say(prompt, end="", flush=True)
        text = self.read_line()
        if not text:  # end of input: a pipe that ran dry, or Ctrl-D
            self.say("")
            raise ParameterError(
                f"the answers ended at {what}: give three numbers per round ('F T G' on one line, or one per line) "
                f"for all {self.n_rounds} rounds.",
                param="answer",
            )
        if not self.interactive:
            self.say(text.rstrip("\r\n"))  # a transcript reads like the typed session
        return text

    def ask(self, prompt: str, what: str, parse: Callable[[str], Any]) -> Any:
        for attempt in (1, 2):
            text = self._line(prompt, what)
            try:
                return parse(text)
            except ParameterError as err:
                if not self.interactive or attempt == 2:
                    raise
                self.say(f"  {err} Once more:")
        raise AssertionError("unreachable")

    def answer(self, rnd: Round) -> Answer:
        where = f"round {rnd.number}: "

        def first(text: str) -> list[Any]:
            parts = split_answer(text)
            questions = ("finding", "timing", "grade")
            if len(parts) not in (1, 3):
                raise ParameterError(
                    f"{where}answer with three numbers 'F T G' on one line, or one number per line; "
                    f"got {len(parts)} numbers.",
                    param="answer",
                )
            return [parse_choice(q, t, where=where) for q, t in zip(questions, parts, strict=False)]

        got = self.ask(f"Round {rnd.number} answer (F T G)? ", f"round {rnd.number}", first)
        if len(got) == 1:
            got.append(self.ask("  timing (1-6)? ", f"round {rnd.number}'s timing", _one("timing", where)))
            got.append(self.ask("  grade (0-6)? ", f"round {rnd.number}'s grade", _one("grade", where)))
        return Answer(*got)


def _one(question: str, where: str) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        parts = split_answer(text)
        if len(parts) != 1:
            raise ParameterError(f"{where}give one number for the {question}; got {len(parts)}.", param="answer")
        return parse_choice(question, parts[0], where=where)

    return parse


def run_quiz(
    rounds: Sequence[Round],
    *,
    seed: int,
    read_line: Callable[[], str],
    say: Callable[..., Any],
    interactive: bool,
    play: Callable[[Round], Any] | None = None,
    figure: Callable[[Round], Path] | None = None,
    figures_text: str = "",
) -> Tally:
    """Run the quiz; returns its tally (the score line has been said).

    Parameters
    ----------
    rounds : sequence of Round
        From :func:`murmur.teach.quiz.draw_rounds`.
    seed : int, keyword-only
        The quiz seed, said so that the same quiz can be handed out again.
    read_line : callable, keyword-only
        Returns the next line typed, with its newline; '' at the end of input.
    say : callable, keyword-only
        ``say(text, end="\\n", flush=False)`` shows a line.
    interactive : bool, keyword-only
        A person types at a terminal: bad input is asked again once.
    play : callable, keyword-only
        ``play(round)`` plays the round's case and returns when it is heard;
        None: nothing is played.
    figure : callable, keyword-only
        ``figure(round)`` writes its labelled figure and returns the path;
        None: no figures.
    figures_text : str, keyword-only
        Said at the start about where figures go (or how to get them).

    Raises
    ------
    ParameterError
        Input that is not an answer (after one retry at a terminal), or input
        that ends before the last round.
    """
    n = len(rounds)
    asker = _Asker(read_line, say, interactive, n)
    rounds_text = "1 round" if n == 1 else f"{n} rounds"
    say(f"murmur quiz: {rounds_text}, seed {seed} (run it again with --seed {seed} for the same rounds).")
    say(SCORING_RULE)
    say("Answer each round with three numbers on one line, F T G (e.g. '2 2 3'), or one number per line:")
    for line in menu_lines():
        say(f"  {line}")
    if figures_text:
        say(figures_text)
    answers = []
    for rnd in rounds:
        heard = f"listen ({rnd.case.duration_s:g} s)." if play else "(--no-play: nothing is played.)"
        say(f"\nRound {rnd.number} of {n}: {heard}")
        if play:
            play(rnd)
        answer = asker.answer(rnd)
        answers.append(answer)
        verdict = "right" if mark(rnd, answer).right else "wrong"
        say(f"  Round {rnd.number}: {verdict}.")
        for line in feedback(rnd, answer):
            say(f"    {line}")
        say(f"  It was {rnd.name}: {rnd.case.describe()}.")
        say(f"  Listen for: {listen_for(rnd)}")
        if figure is not None:
            say(f"  Figure: {figure(rnd)}")
        if play:
            say("  Playing it again.")
            play(rnd)
    result = tally(rounds, answers)
    say("")
    say(f"score: {result.score}/{result.rounds}")
    say(weakest_text(result) + ".")
    return result
