"""Questions whose answers branch: score surveys (1-5, NPS), yes/no surveys and polls
("reply 1 for new arrivals, 2 for sale items").
"""

from __future__ import annotations

import re

from flowgen_core.brief import BriefCues
from flowgen_core.brief.facts import asks_opinion_only
from flowgen_core.plan.model import PlanProperty
from flowgen_core.planners.offline.copywriting import OPT_OUT, Part, capitalise, compose, our, to_gsm7
from flowgen_core.planners.offline.draft import PlanDraft
from flowgen_core.planners.offline.facts import REPLY_VALUE, BriefFacts, answered
from flowgen_core.planners.offline.first_message import with_sender_and_opt_out
from flowgen_core.planners.offline.localized import LOCALIZED_LANGUAGES, templates
from flowgen_core.planners.offline.replies import Conversation
from flowgen_core.planners.offline.stated_copy import said_for_answer
from flowgen_core.planners.offline.timing import Timing

_REVIEW_TEXT = "So glad to hear it, {{first_name}}! Would you leave us a quick review? {{store_url}}"
_SUPPORT_TEXT = (
    "We're sorry to hear that, {{first_name}}. Our support team will reach out shortly to make it right."
)
_NEGATIVE_ANSWERS = {"no", "n", "nope", "nah", "bad", "meh", "poor", "unhappy", "sad"}
_UNHAPPY_MEANING = re.compile(r"support|sorry|help|contact|reach out|refund|complain|fix", re.I)
_HAPPY_MEANING = re.compile(r"review|rate|testimonial|share|referr|love|happy|great", re.I)


def happy_scores(scores: list[int], cues: BriefCues) -> set[int]:
    """The scores that get the review request; the rest get support. The brief's score
    groups ("4-5 get a review", "9 or 10") decide; else the top two."""
    high = scores[-1]
    groups: list[set[int]] = []
    for a, b in cues.score_ranges:
        if (a, b) != (scores[0], high) and a <= b:
            groups.append(set(range(a, b + 1)))
    for a, b in cues.score_pairs:
        groups.append({a, b})
    valid = [g for g in groups if g and g <= set(scores) and g != set(scores)]
    for group in valid:
        if high in group:
            return group
    for group in valid:
        if scores[0] in group:
            return set(scores) - group
    return {9, 10} if high >= 10 else {high - 1, high}


class Surveys:
    """Survey and poll questions, their answer branches and their reminder."""

    def __init__(
        self, draft: PlanDraft, facts: BriefFacts, conversation: Conversation, timing: Timing
    ) -> None:
        self.draft = draft
        self.facts = facts
        self.conversation = conversation
        self.timing = timing

    def survey(self) -> str:
        facts = self.facts
        scale = facts.cues.score_scale or _bare_scale(facts)
        if scale is None and len(facts.poll) >= 2:
            return self.poll("message")
        # "reply ATELIER if interested" (one keyword tied to an update) asks for a word, no score
        if scale is None and (
            len(facts.keywords) >= 2 or any(w in facts.keywords for w in facts.property_replies.values())
        ):
            return self._keyword_survey()
        low, high = scale or (1, 5)
        scores = list(range(low, high + 1))
        happy = happy_scores(scores, facts.cues)
        score_name = "satisfaction_score" if high <= 5 else "nps_score"
        properties = facts.take_properties()
        extra = [p for p in properties if p.value.strip()]
        # the property named for the score, else the one the brief records the answer in
        scored = [p for p in properties if re.search(r"score|rating|nps", p.name)]
        for prop in scored[:1] or [p for p in properties if p.value == REPLY_VALUE][:1]:
            score_name = prop.name
            extra = [p for p in extra if p is not prop]
        targets = self._answer_targets([str(s) for s in scores], {str(s) for s in happy})
        branches: list[tuple[str, str]] = []
        for score in scores:
            target = targets[str(score)]
            props = [PlanProperty(name=score_name, value=str(score)), *extra]
            branches.append((str(score), self.draft.property_step(target, props, key=f"score_{score}")))
        local = self._templates()
        if local:
            question = local["survey_question"].format(brand=facts.brand, low=low, high=high)
            scale_cta = local["survey_scale"].format(low=low, high=high)
        else:
            ask = f"how was your recent experience with us? Reply {low} to {high} ({high} = loved it, {low} = not great)."
            question = f"{facts.brand}: Hi {{{{first_name}}}}, {ask}"
            scale_cta = f"Reply {low} to {high}."
        return self._survey_send([Part(question), Part(self._opt_out())], scale_cta, branches)

    def _answer_targets(self, answers: list[str], happy: set[str]) -> dict[str, str]:
        """The closing text of each answer: the one the brief states for it ("4 or 5 -> ask for a
        Google review"; answers sharing a statement share the step), else the review request
        (`happy` answers) or the support follow-up."""
        facts = self.facts
        said = {a: said_for_answer(facts.brief, a, facts.max_segments) for a in answers}
        unsaid = [a for a in answers if said[a] is None]
        targets: dict[str, str] = {}
        if any(a in happy for a in unsaid):
            review = self.draft.final_message("review_request", "Review request", self._review_text())
            targets.update({a: review for a in unsaid if a in happy})
        if any(a not in happy for a in unsaid):
            support = self.draft.final_message("support_follow_up", "Support follow-up", self._support_text())
            targets.update({a: support for a in unsaid if a not in happy})
        steps: dict[int, str] = {}
        for answer in answers:
            stated = said[answer]
            if stated is None:
                continue
            index, text = stated
            if index not in steps:
                steps[index] = self.draft.final_message(f"answer_{index + 1}", "Answer", text)
            targets[answer] = steps[index]
        return targets

    def _templates(self) -> dict[str, str] | None:
        """The brief language's copy templates; None for English, whose copy is written here."""
        lang = self.facts.brief.language
        return templates(lang) if lang in LOCALIZED_LANGUAGES else None

    def _quoted_first(self) -> str | None:
        """The brief's quoted question as the first text, with the sender and opt-out it lacks."""
        facts = self.facts
        if not facts.quoted:
            return None
        return with_sender_and_opt_out(facts.quoted[0], facts.brand, facts.brief.language)

    def _opt_out(self) -> str:
        local = self._templates()
        return local["opt_out"] if local else OPT_OUT

    def _review_text(self) -> str:
        local = self._templates()
        return local["review_text"].format() if local else _REVIEW_TEXT

    def _support_text(self) -> str:
        local = self._templates()
        return local["support_text"].format() if local else _SUPPORT_TEXT

    def _reply_cta(self, words: list[str]) -> str:
        """'Reply A or B.' in the brief's language."""
        local = self._templates()
        if not local:
            return f"Reply {' or '.join(words)}."
        joined = words[0] if len(words) == 1 else f"{', '.join(words[:-1])} {local['or']} {words[-1]}"
        return local["reply"].format(words=joined)

    def _keyword_survey(self) -> str:
        """'Respond YES or NO. YES -> review; NO -> support': answers are words, not scores."""
        facts = self.facts
        answers = facts.keywords[:4]
        meanings = facts.brief.reply_meanings
        happy: set[str] = set()
        for index, word in enumerate(answers):
            meaning = meanings.get(word, "")
            unhappy = bool(_UNHAPPY_MEANING.search(meaning)) or (
                not _HAPPY_MEANING.search(meaning) and (word in _NEGATIVE_ANSWERS or index > 0)
            )
            if not unhappy:
                happy.add(word)
        targets = self._answer_targets(answers, happy)
        tied = {word: facts.take_reply_properties(word) for word in answers}
        properties = [p for p in facts.take_properties() if p.value.strip()]
        branches: list[tuple[str, str]] = []
        for word in answers:
            target = targets[word]
            props = [PlanProperty(name="survey_answer", value=word), *tied[word], *properties]
            branches.append((word, self.draft.property_step(target, props, key=f"answer_{word}")))
        cta = self._reply_cta([word.upper() for word in answers])
        local = self._templates()
        question = (
            local["survey_order"].format(brand=facts.brand)
            if local
            else f"{facts.brand}: Hi {{{{first_name}}}}, did you love your recent order?"
        )
        return self._survey_send([Part(question), Part(cta), Part(self._opt_out())], cta, branches)

    def _survey_send(self, parts: list[Part], reply_cta: str, branches: list[tuple[str, str]]) -> str:
        """The survey question (quoted copy wins) and its optional reminder, both routing the answers."""
        facts = self.facts
        text = self._quoted_first() or compose(parts, max_segments=facts.max_segments)
        main = self._question("survey", "Survey", text, branches)
        local = self._templates()
        reminder_text = (
            local["survey_reminder"].format(cta=reply_cta)
            if local
            else f"Hi {{{{first_name}}}}, we'd still love your feedback. {reply_cta}"
        )
        self._question_reminder(main, reminder_text, branches)
        return main

    def poll(self, kind: str) -> str:
        """A question with numbered (or lettered) options, each leading to its product picks.

        `kind` is the type the main send would have had; a poll always asks with a message."""
        facts = self.facts
        options = facts.options
        branches: list[tuple[str, str]] = []
        bound = {digit: facts.take_reply_properties(digit) for digit in facts.poll}
        properties = facts.take_properties()
        # "reply 1 if you liked the event, 2 if not" in a flow that sells nothing: the answers
        # are opinions, thanked by text, never product picks the brief did not ask for
        thanks = asks_opinion_only(facts.brief, facts.poll)
        # "Reply 1 = yes, offer them ... as a purchase offer. Reply 2 = no, just a thanks": the
        # answers lead where the brief says; an answer it leaves unsaid is thanked by text
        stated = [digit for digit in facts.poll if digit in facts.brief.reply_destinations]
        for digit in facts.poll:
            label = to_gsm7(options.get(digit, f"option {digit}"))
            target = (
                (
                    self.conversation.target(digit, "message")
                    if digit in stated
                    else self.conversation.confirmation()
                )
                if stated
                else self.conversation.confirmation()
                if thanks
                else self.conversation.send(
                    f"option_{digit}",
                    "product_choice",
                    lead=f"here are {our(label)}:",
                    first=False,
                    discount=facts.main_discount,
                    free_shipping=False,
                    keywords=["buy"],
                    label=capitalise(label)[:40],
                )
            )
            if bound[digit] or properties:
                # "1 for Downtown" records downtown; a bare "reply 4" records 4
                answer = (options.get(digit) or facts.brief.reply_meanings.get(digit) or digit).lower()
                recorded = answered(bound[digit] + properties, answer)
                target = self.draft.property_step(target, recorded, key=f"record_{digit}")
            branches.append((digit, target))
        local = self._templates()
        choices = self._poll_choices()
        lead = re.split(r"(?<=[.!?])\s", facts.pb.lead, maxsplit=1)[0]
        lead = "" if "{" in lead or facts.pb.name not in ("winback", "sunset") else lead
        text = self._quoted_first()
        if local:
            # the English lead sentence would be the one English line of the text
            question, lead = local["poll_question"].format(brand=facts.brand), ""
            if thanks:  # "what would you like to see?" asks for a wish list; an opinion is asked
                question = re.sub(r"\s+\u00bf?[^!?\u00a1\u00bf]+\s?\?$", "", question)
            reminder = local["poll_reminder"].format(cta=self._reply_cta([choices]))
        else:
            asks = "" if thanks else " What would you like to see?"
            question = f"{facts.brand}: Hi {{{{first_name}}}}, quick question!{asks}"
            still = "we'd love to hear from you" if thanks else "still curious what you'd like"
            reminder = f"Hi {{{{first_name}}}}, {still}! Reply {choices}."
        if text is None:
            text = compose(
                [
                    Part(question),
                    Part(capitalise(lead), required=False),
                    Part(self._reply_cta([choices])),
                    Part(self._opt_out()),
                ],
                max_segments=facts.max_segments,
            )
        main = self._question("poll", "Poll", text, branches)
        self._question_reminder(main, reminder, branches)
        return main

    def _poll_choices(self) -> str:
        """'1 for new arrivals, 2 for sale items', in the brief's language."""
        options = self.facts.options
        local = self._templates()
        shown: list[str] = []
        for key in self.facts.poll:
            if local:
                label = to_gsm7(options.get(key, local["poll_option"].format(key=key)))
                shown.append(local["poll_choice"].format(key=key.upper(), label=label))
            else:
                shown.append(f"{key.upper()} for {to_gsm7(options.get(key, f'option {key}'))}")
        return ", ".join(shown)

    def _question(self, key: str, label: str, text: str, branches: list[tuple[str, str]]) -> str:
        main = self.draft.add(key, "message", label=label, text=text)
        for intent, target in branches:
            self.draft.link(main, "reply", target, intent=intent)
        return main

    def _question_reminder(self, main: str, text: str, branches: list[tuple[str, str]]) -> None:
        """The question once more for the silent, routing the same answers."""
        if self.facts.reminders <= 0:
            return
        reminder = self.draft.add("reminder", "message", label="Reminder", text=compose([Part(text)]))
        for intent, target in branches:
            self.draft.link(reminder, "reply", target, intent=intent)
        self.draft.link(main, "noreply", reminder, after=self.timing.noreply_after(0))


def _bare_scale(facts: BriefFacts) -> tuple[int, int] | None:
    """Scores the brief lists with no meaning ("califícanos del 1 al 5", "Antworte mit 1, 2 oder
    3"): a scale from the first to the last, when they run on from 0 or 1 and there are three or more."""
    if facts.options or facts.brief.reply_meanings.keys() & set(facts.poll):
        return None
    numbers = [int(w) for w in facts.poll if w.isdigit()]
    if len(numbers) < 3 or numbers[0] not in (0, 1) or numbers != list(range(numbers[0], numbers[-1] + 1)):
        return None
    return numbers[0], numbers[-1]
