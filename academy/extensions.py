"""Extensions, created unbound here and bound to the app in create_app()."""

from typing import TYPE_CHECKING, Any, TypeAlias, cast

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import CursorResult, Executable, MetaData, Select
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# Models subclass `Model`: at run time Flask-SQLAlchemy's `db.Model` (query property, table
# names, the app's session); for the type checker the declarative base it is built from.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# A SELECT of any columns (SQLAlchemy 2.1's Select is generic in each column's type).
AnySelect: TypeAlias = Select[*tuple[Any, ...]]


def plain_rows(query: AnySelect) -> list[Any]:
    """Plain rows through the Core connection (no ORM result machinery), fetched at once."""
    return list(db.session.connection().execute(query).all())


def rows_changed(statement: Executable) -> int:
    """Run a bulk UPDATE or DELETE in the session; how many rows it changed."""
    return cast(CursorResult[Any], db.session.execute(statement)).rowcount or 0
