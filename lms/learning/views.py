"""The learner's pages: dashboard, modules, lessons and quizzes."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from lms.cohorts import allowances
from lms.cohorts.models import Cohort, Enrolment, ModuleSchedule
from lms.core import clock, edge
from lms.core.edge import SIGNED_IN, Find, Loader, page
from lms.core.i18n import current_language
from lms.core.permissions import Role
from lms.courses import queries as course_queries
from lms.courses.models import Activity, Lesson, LessonText, Module, Programme
from lms.extensions import db
from lms.learning import bp, kept, loaders, queries, quizzes, services
from lms.learning.forms import answers_from, quiz_form
from lms.learning.loaders import is_learner, locked
from lms.learning.models import QuizAttempt

IN_COHORT: dict[str, Loader] = {"cohort": loaders.cohort}
IN_MODULE: dict[str, Loader] = {"cohort": loaders.cohort, "module": loaders.module}
SEES_COHORT = [("view", "cohort")]


@page(bp, "/learn", roles=[Role.learner], kept=kept.DASHBOARD)
def dashboard():
    from lms.core.urls import external_url

    overviews = queries.learner_overview(db.session, current_user.id)
    cohort_ids = [o.cohort.id for o in overviews]
    token = current_user.calendar_token
    calendar = external_url("cohorts.person_calendar", token=token) if token else None
    sessions = queries.upcoming_sessions(db.session, cohort_ids)
    html = render_template("learning/dashboard.html", overviews=overviews, calendar=calendar,
                           announcements=queries.announcements(db.session, cohort_ids), sessions=sessions,
                           feedback=queries.recent_feedback(db.session, current_user.id),
                           certificates=queries.certificates(db.session, current_user.id))
    # Kept until the clock changes the page: a module opens or falls due, a session is over.
    moments = [m for o in overviews for s in o.modules for m in (s.opens_at, s.due_at)]
    moments += [s.starts_at + queries.SESSION_SHOWN_AFTER_START for s in sessions]
    now = clock.utcnow()
    edge.keep_until(min((m for m in moments if m and m > now), default=None))
    return html


def _module_of(module_id: int | None) -> Module:
    """The module a lesson or an activity belongs to; 404 outside any (the programme's self-assessment)."""
    module = db.session.get(Module, module_id) if module_id is not None else None
    if module is None:
        abort(404)
    return module


def _module_lessons(module: Module, with_texts: bool = False) -> list[Lesson]:
    query = select(Lesson).where(Lesson.module_id == module.id, Lesson.retired_at.is_(None)).order_by(Lesson.position)
    if with_texts:  # every language's text in one more query, not one per lesson
        query = query.options(selectinload(Lesson.texts))
    return list(db.session.scalars(query))


def _downloadable(cohort: Cohort, module: Module) -> list[Lesson]:
    """The lessons of a module the reader may download: not before it opens."""
    if locked(cohort, module):
        abort(403)
    return _module_lessons(module, with_texts=True)


@page(bp, "/learn/cohorts/<int:cohort_id>/modules/<slug>", roles=SIGNED_IN, load=IN_MODULE, allow=SEES_COHORT)
def module(cohort: Cohort, module: Module):
    lessons, titles = queries.module_lessons_with_titles(db.session, module.id)
    ids = [item.id for item in lessons]
    schedule, due_at = loaders.schedule_and_own_due_at(cohort, module)
    activities, states = queries.module_activities_with_states(db.session, module.id, current_user.id)
    return render_template("learning/module.html", cohort=cohort, module=module, lessons=lessons,
                           reading=course_queries.reading_list(db.session, module.id),
                           tools=course_queries.module_tools(db.session, module.id), titles=titles,
                           done=queries.done_lessons(db.session, current_user.id, ids),
                           activities=activities,
                           states=states,
                           schedule=schedule, locked=locked(cohort, module, schedule), due_at=due_at)


# Reading a lesson records it ("continue where you left off"): the one GET declared to write.
@page(bp, "/learn/cohorts/<int:cohort_id>/lessons/<slug>", roles=SIGNED_IN, load=IN_COHORT, allow=SEES_COHORT,
      writes_on_get=True, kept=kept.LESSON)
def lesson(cohort: Cohort, slug: str):
    lessons = queries.programme_lessons(db.session, cohort.programme_id)
    index = next((i for i, item in enumerate(lessons) if item.slug == slug), None)
    if index is None:
        abort(404)
    current = lessons[index]
    module, schedule = db.session.execute(
        select(Module, ModuleSchedule).outerjoin(ModuleSchedule, (ModuleSchedule.module_id == Module.id)
                                                 & (ModuleSchedule.cohort_id == cohort.id))
        .where(Module.id == current.module_id)).one()
    learner = is_learner(cohort)
    if learner and schedule is not None and queries.not_open(schedule.opens_at):
        flash(_("This module has not opened yet."), "info")
        return redirect(url_for("learning.module", cohort_id=cohort.id, slug=module.slug))
    neighbours = [lessons[i] for i in (index - 1, index + 1) if 0 <= i < len(lessons)]
    # This lesson's texts and its neighbours' titles, in one query.
    texts: dict[str, LessonText] = {}
    titles: dict[int, dict[str, str]] = {}
    for lesson_text in db.session.scalars(select(LessonText).where(
            LessonText.lesson_id.in_([current.id, *(item.id for item in neighbours)]))):
        titles.setdefault(lesson_text.lesson_id, {})[lesson_text.language] = lesson_text.title
        if lesson_text.lesson_id == current.id:
            texts[lesson_text.language] = lesson_text
    wanted = current_language()
    show_original = request.args.get("original") == "1"
    text = LessonText.choose(texts, "en" if show_original else wanted)
    if text is None:
        abort(404)
    progress = None
    changed = False
    if learner:
        progress, changed = services.record_view(db.session, current_user, current)
    if not learner or changed:
        edge.do_not_keep()  # kept only for a learner reading it again, when the reading records nothing
    return render_template(
        "learning/lesson.html", cohort=cohort, module=module, lesson=current, text=text,
        wanted=wanted, translation=texts.get(wanted), show_original=show_original, progress=progress,
        previous=lessons[index - 1] if index > 0 else None,
        next=lessons[index + 1] if index + 1 < len(lessons) else None, titles=titles,
        learner=learner)


@page(bp, "/learn/cohorts/<int:cohort_id>/lessons/<slug>/done", methods=["POST"], roles=[Role.learner],
      load=IN_COHORT, allow=SEES_COHORT)
def mark_done(cohort: Cohort, slug: str):
    lessons = queries.programme_lessons(db.session, cohort.programme_id)
    index = next((i for i, item in enumerate(lessons) if item.slug == slug), None)
    if index is None:
        abort(404)
    if locked(cohort, _module_of(lessons[index].module_id)):
        abort(403)
    services.mark_lesson_done(db.session, current_user, lessons[index])
    if index + 1 < len(lessons):
        return redirect(url_for("learning.lesson", cohort_id=cohort.id, slug=lessons[index + 1].slug))
    flash(_("You have finished the last lesson of the programme."), "success")
    return redirect(url_for("learning.dashboard"))


@page(bp, "/learn/cohorts/<int:cohort_id>/quizzes/<slug>", methods=["GET", "POST"], roles=SIGNED_IN,
      load={"cohort": loaders.cohort, "activity": loaders.activity("quiz")}, allow=SEES_COHORT)
def quiz(cohort: Cohort, activity: Activity):
    module = _module_of(activity.module_id)
    if locked(cohort, module):
        flash(_("This module has not opened yet."), "info")
        return redirect(url_for("learning.module", cohort_id=cohort.id, slug=module.slug))
    language = current_language()
    questions = activity.definition["questions"]
    previous = queries.attempts(db.session, current_user.id, activity.id)
    allowed = allowances.attempts_allowed(db.session, current_user.id, activity)
    used_up = bool(allowed) and len(previous) >= allowed
    order = quizzes.order_for(questions, current_user.id, activity.id, len(previous) + 1,
                              previous[-1].option_order if previous else None)
    form = quiz_form(questions, language, order=order)
    learner = is_learner(cohort)
    if request.method == "POST":
        if not learner:
            abort(403)
        expected = str(len(previous) + 1)
        if form.attempt.data and form.attempt.data != expected:
            # A second click, the back button or another tab: this attempt is already recorded.
            flash(_("This attempt had already been submitted; here is its result."), "info")
            return redirect(url_for("learning.attempt", cohort_id=cohort.id, slug=activity.slug,
                                    number=int(form.attempt.data)))
        if used_up:
            flash(_("You have used all your attempts at this quiz."), "error")
        elif form.validate():
            try:
                attempt = services.submit_quiz(db.session, current_user, activity,
                                               answers_from(form, questions), language, number=int(expected))
            except IntegrityError:
                db.session.rollback()
                # Another request recorded this attempt first: it is there now.
                attempt = db.session.scalars(select(QuizAttempt).where(
                    QuizAttempt.user_id == current_user.id, QuizAttempt.activity_id == activity.id,
                    QuizAttempt.number == int(expected))).one()
            return redirect(url_for("learning.attempt", cohort_id=cohort.id, slug=activity.slug,
                                    number=attempt.number))
    form.attempt.data = str(len(previous) + 1)
    return render_template("learning/quiz.html", cohort=cohort, module=module, activity=activity,
                           form=form, previous=previous, allowed=allowed, used_up=used_up,
                           learner=learner), 400 if form.errors else 200


def _any_quiz(cohort: Cohort, slug: str) -> Activity | None:
    """A quiz of the cohort's programme, retired or not: its attempts stay readable."""
    return db.session.scalar(select(Activity).where(Activity.programme_id == cohort.programme_id,
                                                    Activity.slug == slug, Activity.type == "quiz"))


@page(bp, "/learn/cohorts/<int:cohort_id>/quizzes/<slug>/attempts/<int:number>", roles=SIGNED_IN,
      load={"cohort": loaders.cohort, "activity": Find(_any_quiz, args=("slug",), uses=("cohort",))},
      allow=SEES_COHORT)
def attempt(cohort: Cohort, activity: Activity, number: int):
    attempt = db.session.scalar(select(QuizAttempt).where(
        QuizAttempt.user_id == current_user.id, QuizAttempt.activity_id == activity.id,
        QuizAttempt.number == number))
    if attempt is None:
        abort(404)
    allowed = allowances.attempts_allowed(db.session, current_user.id, activity)
    every = queries.attempts(db.session, current_user.id, activity.id)
    done = len(every)
    revealed = quizzes.answers_revealed(every, allowed)
    return render_template("learning/attempt.html", cohort=cohort, activity=activity, attempt=attempt,
                           module=db.session.get(Module, activity.module_id) if activity.module_id else None,
                           can_retry=activity.retired_at is None and not attempt.passed
                           and (not allowed or done < allowed), language=current_language(),
                           revealed=revealed, reviews=quizzes.review(attempt, current_language(), revealed))


@page(bp, "/programmes/<programme>/lessons/<slug>", roles=SIGNED_IN)
def programme_lesson(programme: str, slug: str):
    """Where links between lessons point: the lesson in the reader's cohort of that programme."""
    enrolment = db.session.scalar(
        select(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .where(Enrolment.user_id == current_user.id, Programme.slug == programme)
        .order_by(Enrolment.enrolled_at.desc()).limit(1))
    if enrolment is None:
        abort(404)
    return redirect(url_for("learning.lesson", cohort_id=enrolment.cohort_id, slug=slug))


@page(bp, "/learn/cohorts/<int:cohort_id>/modules/<slug>/offline.html", roles=SIGNED_IN, load=IN_MODULE,
      allow=SEES_COHORT)
def module_offline(cohort: Cohort, module: Module):
    """The module as one file to keep and read without a connection (and to print)."""
    from lms.learning.offline import module_html

    lessons = _downloadable(cohort, module)
    language = current_language()
    html = module_html(cohort, module, lessons, queries.module_activities(db.session, module.id), language)
    return Response(html, mimetype="text/html", headers={
        "Content-Disposition": f'attachment; filename="{module.slug}-{language}.html"',
        # The file carries its styles inline so that it works offline; it still runs no script.
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                                   "frame-ancestors 'none'"})


@page(bp, "/learn/cohorts/<int:cohort_id>/modules/<slug>/module.pdf", roles=SIGNED_IN, load=IN_MODULE,
      allow=SEES_COHORT)
def module_pdf(cohort: Cohort, module: Module):
    """The module as a PDF, in the reader's language, fonts embedded."""
    from flask_babel import gettext

    from lms.core.i18n import localized
    from lms.learning.pdf import module_pdf as build

    lessons = _downloadable(cohort, module)
    language = current_language()
    chapters = []
    for item in lessons:
        text = item.text_in(language)
        if text is not None:
            chapters.append({"title": text.title, "body": text.body, "fallback": text.language != language,
                             "language": text.language})
    notes = {"offline": gettext("This file holds the whole module for reading offline. Quizzes, reflections "
                                "and your progress are on the platform: mark the lessons as done there when "
                                "you are back online."),
             "fallback": gettext("This lesson is not yet available in your language, so it is shown in "
                                 "English.")}
    data = build(localized(cohort.programme.title)[0], cohort.name, localized(module.title)[0],
                 localized(module.summary)[0], chapters, language, notes)
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{module.slug}-{language}.pdf"'})
