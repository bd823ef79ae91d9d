"""Where live class sessions are kept: SQLite by default, PostgreSQL for several replicas. No Streamlit here.

One module serves both through SQLAlchemy Core: the tables are declared once, the statements are built
once, and the dialect writes them (upserts included) for SQLite or PostgreSQL; its connection pool serves
Streamlit's script threads. The schema is created and migrated by the app (`migrate`, run on first use).

Configuration (environment):
- `VCF_CLASS_DB`: a `postgresql://user:password@host/db` URL (or `sqlite:///path`); unset: SQLite.
- `VCF_CLASS_DIR`: the folder of the SQLite file `class_sessions.sqlite3` (default ~/.local/state/vcf-dashboard).
- `VCF_CLASS_TTL_HOURS`: how long a class and its answers live before they are deleted (default 24).

Only the digests of the teacher's and students' secrets are stored, display names only when the teacher
keeps names, and no patient data at all.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from vcf_logic.class_session import (
    CLOSED,
    CONFIDENCE_LEVELS,
    OPEN,
    QUESTION_STATES,
    READY,
    REVEALED,
    ClassError,
    StoredAnswer,
    clean_display_name,
    digest,
    new_join_code,
    new_secret,
)

DEFAULT_TTL_HOURS = 24.0
DEFAULT_DIR = Path.home() / ".local" / "state" / "vcf-dashboard"
SQLITE_FILE = "class_sessions.sqlite3"
MAX_STUDENTS = 1000  # per class: bounds what one class can store
MAX_QUESTIONS = 200
PURGE_EVERY_S = 60.0
POLL_SHARE_S = 1.0  # students of one class on one server share one read of its version per second
StoreError = sa.exc.SQLAlchemyError  # the database failed (unreachable, locked too long): pages say so in words

metadata = sa.MetaData()

schema_version = sa.Table("class_schema", metadata, sa.Column("version", sa.Integer, nullable=False))

sessions = sa.Table(
    "class_sessions", metadata,
    sa.Column("code", sa.String(8), primary_key=True),
    sa.Column("teacher_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("vignette_id", sa.String(60), nullable=False),
    sa.Column("anonymous", sa.Boolean, nullable=False),
    sa.Column("current_key", sa.String(140)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.Float, nullable=False),
    sa.Column("expires_at", sa.Float, nullable=False, index=True),
    sa.Column("ended_at", sa.Float),
)

students = sa.Table(
    "class_students", metadata,
    sa.Column("code", sa.String(8), sa.ForeignKey("class_sessions.code", ondelete="CASCADE"), primary_key=True),
    sa.Column("student_digest", sa.String(64), primary_key=True),
    sa.Column("display_name", sa.String(40)),
    sa.Column("joined_at", sa.Float, nullable=False),
)

asked = sa.Table(
    "class_asked", metadata,
    sa.Column("code", sa.String(8), sa.ForeignKey("class_sessions.code", ondelete="CASCADE"), primary_key=True),
    sa.Column("question_key", sa.String(140), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
)

answers = sa.Table(
    "class_answers", metadata,
    sa.Column("code", sa.String(8), primary_key=True),
    sa.Column("student_digest", sa.String(64), primary_key=True),
    sa.Column("question_key", sa.String(140), primary_key=True),
    sa.Column("option", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Integer, nullable=False),
    sa.Column("answered_at", sa.Float, nullable=False),
    sa.ForeignKeyConstraint(["code", "student_digest"], ["class_students.code", "class_students.student_digest"],
                            ondelete="CASCADE"),
)


def _v1(connection: sa.Connection) -> None:
    metadata.create_all(connection, tables=[sessions, students, asked, answers])


MIGRATIONS: tuple[Callable[[sa.Connection], None], ...] = (_v1,)  # append, never edit: version = position + 1
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass(frozen=True)
class ClassInfo:
    """A class as its pages see it."""

    code: str
    vignette_id: str
    anonymous: bool
    current_key: str | None
    current_state: str | None
    version: int
    created_at: float
    expires_at: float
    ended: bool
    expired: bool

    @property
    def live(self) -> bool:
        return not (self.ended or self.expired)


@dataclass(frozen=True)
class NewClass:
    code: str
    teacher_secret: str


def database_url(environ: dict[str, str] | None = None) -> str:
    """The SQLAlchemy URL the environment asks for: PostgreSQL through psycopg 3, or the SQLite file."""
    environ = os.environ if environ is None else environ
    url = environ.get("VCF_CLASS_DB", "").strip()
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url.startswith(("postgresql+psycopg://", "sqlite://")):
        return url
    if url:
        raise ValueError("VCF_CLASS_DB must be a postgresql:// or sqlite:/// URL")
    folder = Path(environ.get("VCF_CLASS_DIR") or DEFAULT_DIR)
    return f"sqlite:///{folder / SQLITE_FILE}"


def ttl_hours(environ: dict[str, str] | None = None) -> float:
    environ = os.environ if environ is None else environ
    try:
        hours = float(environ.get("VCF_CLASS_TTL_HOURS", DEFAULT_TTL_HOURS))
    except ValueError:
        raise ValueError("VCF_CLASS_TTL_HOURS must be a number of hours") from None
    if not 0 < hours <= 24 * 30:
        raise ValueError("VCF_CLASS_TTL_HOURS must be more than 0 and at most 720 (30 days)")
    return hours


def _engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, pool_size=8, max_overflow=16, pool_timeout=30)

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (below)
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(connection) -> None:
            # A writer takes the write lock at BEGIN, so two writers never deadlock on an upgrade;
            # readers stay deferred and read beside the writer (WAL).
            write = connection.get_execution_options().get("vcf_write")
            connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    return sa.create_engine(url, pool_size=8, max_overflow=16, pool_timeout=30, pool_pre_ping=True)


class ClassStore:
    """The data-access layer of live classes. Every rule that involves stored data is enforced here."""

    def __init__(self, url: str, ttl_h: float = DEFAULT_TTL_HOURS, clock: Callable[[], float] = time.time):
        self.url = url
        self.ttl_s = ttl_h * 3600
        self.clock = clock
        self.engine = _engine(url)
        self.dialect = self.engine.dialect.name
        self._last_purge = float("-inf")
        self._polled: dict[str, tuple[float, int | None]] = {}  # code -> (when read, version), for `recent_version`
        self.migrate()

    def dispose(self) -> None:
        self.engine.dispose()

    # --- plumbing ---

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection:
            connection.execution_options(vcf_write=True)
            with connection.begin():
                yield connection

    @contextmanager
    def _read(self) -> Iterator[sa.Connection]:
        with self.engine.connect() as connection, connection.begin():
            yield connection

    def _insert(self, table: sa.Table):
        return (postgresql.insert if self.dialect == "postgresql" else sqlite.insert)(table)

    def migrate(self) -> int:
        """Create or upgrade the schema to SCHEMA_VERSION; safe when several replicas start at once."""
        with self._write() as c:
            if self.dialect == "postgresql":
                c.execute(sa.text("SELECT pg_advisory_xact_lock(7314001)"))
            schema_version.create(c, checkfirst=True)
            found = c.execute(sa.select(schema_version.c.version)).scalar()
            if found is None:
                c.execute(schema_version.insert().values(version=0))
                found = 0
            if found > SCHEMA_VERSION:
                raise RuntimeError(f"the class database has schema {found}, newer than this app's {SCHEMA_VERSION}")
            for migration in MIGRATIONS[found:]:
                migration(c)
            c.execute(schema_version.update().values(version=SCHEMA_VERSION))
        return SCHEMA_VERSION

    # --- classes ---

    def create_class(self, vignette_id: str, anonymous: bool) -> NewClass:
        if not isinstance(vignette_id, str) or not vignette_id:
            raise ClassError("Pick a case for the class.")
        self.purge_expired(force=True)
        secret = new_secret()
        now = self.clock()
        for _ in range(20):  # a clash among ~9 × 10^8 codes is rare; bounded anyway
            code = new_join_code()
            try:
                with self._write() as c:
                    c.execute(sessions.insert().values(
                        code=code, teacher_digest=digest(secret), vignette_id=vignette_id, anonymous=anonymous,
                        current_key=None, version=1, created_at=now, expires_at=now + self.ttl_s, ended_at=None))
                return NewClass(code, secret)
            except sa.exc.IntegrityError:
                continue
        raise RuntimeError("no free join code after 20 tries")

    def _info(self, c: sa.Connection, where) -> ClassInfo | None:
        row = c.execute(sa.select(sessions).where(where)).mappings().first()
        if row is None:
            return None
        state = None
        if row["current_key"] is not None:
            state = c.execute(sa.select(asked.c.state).where(
                asked.c.code == row["code"], asked.c.question_key == row["current_key"])).scalar()
        return ClassInfo(code=row["code"], vignette_id=row["vignette_id"], anonymous=bool(row["anonymous"]),
                         current_key=row["current_key"], current_state=state, version=row["version"],
                         created_at=row["created_at"], expires_at=row["expires_at"],
                         ended=row["ended_at"] is not None, expired=row["expires_at"] <= self.clock())

    def by_code(self, code: str) -> ClassInfo | None:
        with self._read() as c:
            return self._info(c, sessions.c.code == code)

    def by_teacher(self, teacher_secret: str) -> ClassInfo | None:
        with self._read() as c:
            return self._info(c, sessions.c.teacher_digest == digest(teacher_secret))

    def version(self, code: str) -> int | None:
        """A number that changes whenever the teacher acts: what a student's page polls."""
        with self._read() as c:
            return c.execute(sa.select(sessions.c.version).where(sessions.c.code == code)).scalar()

    def recent_version(self, code: str, max_age_s: float = POLL_SHARE_S) -> int | None:
        """`version`, read at most once per `max_age_s` per class by this process: a room of students polling
        every 2 s then costs the database one read a second per server, not one per student (a move by the
        teacher reaches the students at most `max_age_s` later)."""
        now = time.monotonic()
        read_at, version = self._polled.get(code, (float("-inf"), None))
        if now - read_at > max_age_s:
            version = self.version(code)
            self._polled[code] = (now, version)
        return version

    def _teacher_class(self, c: sa.Connection, teacher_secret: str) -> ClassInfo:
        info = self._info(c, sessions.c.teacher_digest == digest(teacher_secret))
        if info is None:
            raise ClassError("This teacher link does not open any class: it may have expired and been deleted.")
        _live_or_raise(info)
        return info

    def _bump(self, c: sa.Connection, code: str, **values) -> None:
        c.execute(sessions.update().where(sessions.c.code == code).values(version=sessions.c.version + 1, **values))

    def ask(self, teacher_secret: str, question_key: str) -> None:
        """Put a question to the room (it starts closed for answers: READY), or go back to one asked before."""
        with self._write() as c:
            info = self._teacher_class(c, teacher_secret)
            known = c.execute(sa.select(asked.c.position).where(
                asked.c.code == info.code, asked.c.question_key == question_key)).scalar()
            if known is None:
                position = c.execute(sa.select(sa.func.count()).select_from(asked).where(
                    asked.c.code == info.code)).scalar()
                if position >= MAX_QUESTIONS:
                    raise ClassError(f"A class can ask at most {MAX_QUESTIONS} questions.")
                c.execute(asked.insert().values(code=info.code, question_key=question_key, position=position + 1,
                                                state=READY))
            self._bump(c, info.code, current_key=question_key)

    def set_state(self, teacher_secret: str, state: str) -> None:
        """Open or close answering on the current question, or reveal its answer (which closes it)."""
        if state not in (OPEN, CLOSED, REVEALED):
            raise ClassError("Only open, close and reveal change a question.")
        with self._write() as c:
            info = self._teacher_class(c, teacher_secret)
            if info.current_key is None:
                raise ClassError("Ask a question first.")
            if info.current_state == REVEALED and state != REVEALED:
                raise ClassError("The answer has been shown: this question cannot be opened again.")
            c.execute(asked.update().where(asked.c.code == info.code, asked.c.question_key == info.current_key)
                      .values(state=state))
            self._bump(c, info.code)

    def end(self, teacher_secret: str) -> None:
        with self._write() as c:
            info = self._teacher_class(c, teacher_secret)
            self._bump(c, info.code, ended_at=self.clock())

    def asked_questions(self, code: str) -> list[tuple[str, str]]:
        """(question key, state) of every question asked, in the order asked."""
        with self._read() as c:
            rows = c.execute(sa.select(asked.c.question_key, asked.c.state).where(asked.c.code == code)
                             .order_by(asked.c.position)).all()
        return [(r.question_key, r.state) for r in rows]

    # --- students ---

    def join(self, code: str, display_name: object = None, student_secret: str | None = None) -> str:
        """Enter a class; returns the student's secret (the same one when they come back with it)."""
        with self._write() as c:
            info = self._info(c, sessions.c.code == code)
            _live_or_raise(info)
            if student_secret is not None and _has_joined(c, code, digest(student_secret)):
                return student_secret
            if _student_count(c, code) >= MAX_STUDENTS:
                raise ClassError("This class is full.")
            secret = new_secret()
            name = None if info.anonymous else clean_display_name(display_name)
            c.execute(students.insert().values(code=code, student_digest=digest(secret), display_name=name,
                                               joined_at=self.clock()))
            return secret

    def is_student(self, code: str, student_secret: str) -> bool:
        with self._read() as c:
            return _has_joined(c, code, digest(student_secret))

    def answer(self, code: str, student_secret: str, question_key: str, option: int, confidence: int,
               option_count: int) -> None:
        """Store a student's answer to the current, open question; a second answer replaces the first."""
        if not (isinstance(option, int) and 0 <= option < option_count):
            raise ClassError("Choose one of the answers.")
        if confidence not in CONFIDENCE_LEVELS:
            raise ClassError("Choose how sure you are, from 1 to 5.")
        student = digest(student_secret)
        with self._write() as c:
            info = self._info(c, sessions.c.code == code)
            _live_or_raise(info)
            state = c.execute(sa.select(asked.c.state).where(asked.c.code == code, asked.c.question_key
                                                            == question_key).with_for_update(read=True)).scalar()
            if info.current_key != question_key or state != OPEN:
                raise ClassError("Answering is closed for this question.")
            if not _has_joined(c, code, student):
                raise ClassError("Join the class first.")
            values = {"option": option, "confidence": confidence, "answered_at": self.clock()}
            statement = self._insert(answers).values(code=code, student_digest=student, question_key=question_key,
                                                     **values)
            c.execute(statement.on_conflict_do_update(
                index_elements=[answers.c.code, answers.c.student_digest, answers.c.question_key], set_=values))

    def my_answer(self, code: str, student_secret: str, question_key: str) -> StoredAnswer | None:
        with self._read() as c:
            row = c.execute(sa.select(answers.c.option, answers.c.confidence).where(
                answers.c.code == code, answers.c.student_digest == digest(student_secret),
                answers.c.question_key == question_key)).first()
        return None if row is None else StoredAnswer("me", row.option, row.confidence)

    def answer_count(self, code: str, question_key: str) -> int:
        with self._read() as c:
            return c.execute(sa.select(sa.func.count()).select_from(answers).where(
                answers.c.code == code, answers.c.question_key == question_key)).scalar()

    def student_count(self, code: str) -> int:
        with self._read() as c:
            return _student_count(c, code)

    def answers_to(self, code: str, question_key: str, with_names: bool = False) -> list[StoredAnswer]:
        """Every answer to one question; names only when asked for (the teacher's export)."""
        query = (sa.select(answers.c.student_digest, answers.c.option, answers.c.confidence, students.c.display_name)
                 .join(students, sa.and_(students.c.code == answers.c.code,
                                         students.c.student_digest == answers.c.student_digest))
                 .where(answers.c.code == code, answers.c.question_key == question_key))
        with self._read() as c:
            rows = c.execute(query).all()
        return [StoredAnswer(r.student_digest, r.option, r.confidence, r.display_name if with_names else None)
                for r in rows]

    # --- expiry ---

    def purge_expired(self, force: bool = False) -> int:
        """Delete classes past their expiry with all they hold; at most once a minute unless forced."""
        now = self.clock()
        if not force and now - self._last_purge < PURGE_EVERY_S:
            return 0
        self._last_purge = now
        with self._write() as c:
            gone = sa.select(sessions.c.code).where(sessions.c.expires_at <= now)
            for table in (answers, asked, students):
                c.execute(table.delete().where(table.c.code.in_(gone)))
            return c.execute(sessions.delete().where(sessions.c.expires_at <= now)).rowcount


def _student_count(c: sa.Connection, code: str) -> int:
    return c.execute(sa.select(sa.func.count()).select_from(students).where(students.c.code == code)).scalar()


def _has_joined(c: sa.Connection, code: str, student: str) -> bool:
    """Whether the student (the digest of their secret) has joined the class `code`."""
    return c.execute(sa.select(students.c.student_digest).where(
        students.c.code == code, students.c.student_digest == student)).scalar() is not None


def _live_or_raise(info: ClassInfo | None) -> None:
    if info is None:
        raise ClassError("No class has this code. Check it with your teacher: a class is deleted when it expires.")
    if info.ended:
        raise ClassError("This class has ended.")
    if info.expired:
        raise ClassError("This class has expired.")


_stores: dict[tuple[str, float], ClassStore] = {}
_stores_lock = threading.Lock()


def default_store() -> ClassStore:
    """The store the environment configures, one per process (its connection pool is shared)."""
    key = (database_url(), ttl_hours())
    with _stores_lock:
        if key not in _stores:
            _stores[key] = ClassStore(*key)
        return _stores[key]


__all__ = ["QUESTION_STATES", "ClassInfo", "ClassStore", "NewClass", "StoreError", "default_store", "database_url",
           "ttl_hours"]
