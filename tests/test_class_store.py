"""The rules of a live class, against SQLite and against a real PostgreSQL server (same tests, each backend).

PostgreSQL runs when VCF_TEST_POSTGRES_URL is set (CI starts a server); each test has its own schema.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from tests.class_databases import BACKENDS, class_database
from vcf_logic.case_library import default_case_library
from vcf_logic.class_session import CLOSED, OPEN, READY, REVEALED, ClassError, case_plan, digest
from vcf_logic.class_store import SCHEMA_VERSION, ClassStore, database_url


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=BACKENDS)
def store_factory(request, tmp_path):
    """Makes stores on one fresh database of the parametrised backend (several = several replicas)."""
    made: list[ClassStore] = []
    with class_database(request.param, tmp_path) as env:
        def make(clock=None, ttl_h: float = 24.0) -> ClassStore:
            store = ClassStore(database_url(env), ttl_h, clock or Clock())
            made.append(store)
            return store
        yield make
        for store in made:
            store.dispose()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(store_factory, clock):
    return store_factory(clock)


@pytest.fixture
def plan():
    from vcf_logic.pathway import default_pathway

    return case_plan(default_pathway(), default_case_library(), "new_leg_weakness")


def open_question(store: ClassStore, teacher: str, key: str) -> None:
    store.ask(teacher, key)
    store.set_state(teacher, OPEN)


def test_the_schema_is_created_once_and_a_second_replica_finds_it(store_factory, store):
    second = store_factory()
    assert second.migrate() == SCHEMA_VERSION
    with second.engine.connect() as c:
        assert c.execute(sa.text("SELECT version FROM class_schema")).scalar() == SCHEMA_VERSION
        assert c.execute(sa.text("SELECT count(*) FROM class_schema")).scalar() == 1


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = ClassStore(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    store.dispose()


def test_a_new_class_has_a_code_and_a_teacher_secret_of_which_only_a_digest_is_stored(store):
    made = store.create_class("new_leg_weakness", anonymous=False)
    assert len(made.code) == 6 and len(made.teacher_secret) >= 40
    info = store.by_teacher(made.teacher_secret)
    assert info.code == made.code and info.live and info.current_key is None
    with store.engine.connect() as c:
        stored = c.execute(sa.text("SELECT teacher_digest FROM class_sessions")).scalar()
    assert stored == digest(made.teacher_secret) and made.teacher_secret not in stored
    assert store.by_teacher("x" * 43) is None


def test_one_answer_per_student_per_question_and_a_re_answer_replaces_it(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    key = plan[0].key
    open_question(store, made.teacher_secret, key)
    alice, bob = store.join(made.code, "Alice"), store.join(made.code)
    store.answer(made.code, alice, key, 0, 2, len(plan[0].options))
    store.answer(made.code, alice, key, 1, 5, len(plan[0].options))
    store.answer(made.code, bob, key, 1, 3, len(plan[0].options))
    assert store.answer_count(made.code, key) == 2
    mine = store.my_answer(made.code, alice, key)
    assert (mine.option, mine.confidence) == (1, 5)


def test_answers_are_taken_only_while_the_current_question_is_open(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    first, second = plan[0].key, plan[1].key
    student = store.join(made.code)
    store.ask(made.teacher_secret, first)
    assert store.by_code(made.code).current_state == READY
    with pytest.raises(ClassError, match="closed"):
        store.answer(made.code, student, first, 0, 3, 4)
    store.set_state(made.teacher_secret, OPEN)
    store.answer(made.code, student, first, 0, 3, 4)
    store.set_state(made.teacher_secret, CLOSED)
    with pytest.raises(ClassError, match="closed"):
        store.answer(made.code, student, first, 1, 3, 4)
    open_question(store, made.teacher_secret, second)
    with pytest.raises(ClassError, match="closed"):
        store.answer(made.code, student, first, 1, 3, 4)  # no longer the current question
    assert store.my_answer(made.code, student, first).option == 0


def test_a_revealed_question_cannot_be_reopened_and_the_order_of_questions_is_kept(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    open_question(store, made.teacher_secret, plan[0].key)
    store.set_state(made.teacher_secret, REVEALED)
    with pytest.raises(ClassError, match="shown"):
        store.set_state(made.teacher_secret, OPEN)
    store.ask(made.teacher_secret, plan[1].key)
    store.ask(made.teacher_secret, plan[0].key)  # back to the first: it keeps its place and state
    assert store.asked_questions(made.code) == [(plan[0].key, REVEALED), (plan[1].key, READY)]


def test_only_the_teacher_secret_controls_the_class(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    student = store.join(made.code)
    for wrong in (student, made.code, "a" * 43):
        with pytest.raises(ClassError, match="teacher link"):
            store.ask(wrong, plan[0].key)
        with pytest.raises(ClassError, match="teacher link"):
            store.set_state(wrong, OPEN)
        with pytest.raises(ClassError, match="teacher link"):
            store.end(wrong)
    assert store.by_code(made.code).current_key is None


def test_a_student_must_have_joined_and_answers_must_be_in_range(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    open_question(store, made.teacher_secret, plan[0].key)
    with pytest.raises(ClassError, match="Join"):
        store.answer(made.code, "b" * 43, plan[0].key, 0, 3, 4)
    student = store.join(made.code)
    for option, confidence in ((4, 3), (-1, 3), (0, 0), (0, 6), ("0", 3)):
        with pytest.raises(ClassError):
            store.answer(made.code, student, plan[0].key, option, confidence, 4)
    assert store.answer_count(made.code, plan[0].key) == 0


def test_a_student_coming_back_with_their_secret_keeps_their_answers(store_factory, store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    open_question(store, made.teacher_secret, plan[0].key)
    student = store.join(made.code)
    store.answer(made.code, student, plan[0].key, 2, 4, 4)
    other_replica = store_factory()
    assert other_replica.join(made.code, student_secret=student) == student
    assert other_replica.my_answer(made.code, student, plan[0].key).option == 2
    assert other_replica.student_count(made.code) == 1


def test_names_are_kept_only_when_the_teacher_keeps_names_and_only_for_the_export(store, plan):
    named = store.create_class("new_leg_weakness", anonymous=False)
    anonymous = store.create_class("new_leg_weakness", anonymous=True)
    for made in (named, anonymous):
        open_question(store, made.teacher_secret, plan[0].key)
        student = store.join(made.code, "  <b>Ann</b>\n**bold** ")
        store.answer(made.code, student, plan[0].key, 0, 3, 4)
    [answer] = store.answers_to(named.code, plan[0].key, with_names=True)
    assert answer.name == "<b>Ann</b> **bold**"
    assert store.answers_to(named.code, plan[0].key)[0].name is None
    assert store.answers_to(anonymous.code, plan[0].key, with_names=True)[0].name is None
    with store.engine.connect() as c:
        names = c.execute(sa.text("SELECT display_name FROM class_students WHERE code = :c"),
                          {"c": anonymous.code}).scalars().all()
    assert names == [None]


def test_an_ended_class_says_so_and_takes_no_more_answers(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    open_question(store, made.teacher_secret, plan[0].key)
    student = store.join(made.code)
    store.end(made.teacher_secret)
    assert store.by_code(made.code).ended
    with pytest.raises(ClassError, match="ended"):
        store.answer(made.code, student, plan[0].key, 0, 3, 4)
    with pytest.raises(ClassError, match="ended"):
        store.join(made.code)
    with pytest.raises(ClassError, match="ended"):
        store.set_state(made.teacher_secret, CLOSED)


def test_a_class_expires_after_its_time_and_is_then_deleted_with_its_answers(store_factory, clock, plan):
    store = store_factory(clock, ttl_h=2)
    made = store.create_class("new_leg_weakness", anonymous=False)
    open_question(store, made.teacher_secret, plan[0].key)
    student = store.join(made.code, "Ann")
    store.answer(made.code, student, plan[0].key, 0, 3, 4)
    clock.now += 2 * 3600 + 1
    assert store.by_code(made.code).expired
    with pytest.raises(ClassError, match="expired"):
        store.answer(made.code, student, plan[0].key, 0, 3, 4)
    with pytest.raises(ClassError, match="expired"):
        store.ask(made.teacher_secret, plan[1].key)
    assert store.purge_expired(force=True) == 1
    assert store.by_code(made.code) is None
    with store.engine.connect() as c:
        for table in ("class_answers", "class_students", "class_asked", "class_sessions"):
            assert c.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 0
    with pytest.raises(ClassError, match="No class has this code"):
        store.join(made.code)


def test_two_replicas_see_the_same_class(store_factory, plan):
    one, two = store_factory(), store_factory()
    made = one.create_class("new_leg_weakness", anonymous=True)
    open_question(one, made.teacher_secret, plan[0].key)
    a, b = one.join(made.code), two.join(made.code)
    one.answer(made.code, a, plan[0].key, 0, 3, 4)
    two.answer(made.code, b, plan[0].key, 1, 4, 4)
    assert one.answer_count(made.code, plan[0].key) == two.answer_count(made.code, plan[0].key) == 2
    assert one.version(made.code) == two.version(made.code)


def test_answers_sent_at_once_from_many_threads_are_all_stored_once(store, plan):
    made = store.create_class("new_leg_weakness", anonymous=True)
    open_question(store, made.teacher_secret, plan[0].key)
    students = [store.join(made.code) for _ in range(40)]
    errors: list[Exception] = []

    def send(secret: str, index: int) -> None:
        try:
            for repeat in range(3):  # re-answers replace
                store.answer(made.code, secret, plan[0].key, (index + repeat) % 4, 1 + repeat, 4)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(s, i)) for i, s in enumerate(students)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    stored = store.answers_to(made.code, plan[0].key)
    assert len(stored) == 40 and {a.confidence for a in stored} == {3}


def test_students_polling_share_one_read_of_the_class_version_per_interval(tmp_path):
    store = ClassStore(f"sqlite:///{tmp_path / 'poll.sqlite3'}")
    reads = []
    store.version = lambda code: reads.append(code) or 7  # count the database reads the polls make
    assert [store.recent_version("ABC123", max_age_s=60) for _ in range(50)] == [7] * 50
    assert reads == ["ABC123"]
    assert store.recent_version("ABC123", max_age_s=0) == 7 and len(reads) == 2
