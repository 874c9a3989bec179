"""Alembic environment: runs on the connection handed over by tui_pos.store.migrate."""

from alembic import context

from tui_pos.store.models import metadata
from tui_pos.store.order_search import is_search_object


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Leave the trigram search index (not in the models) out of autogenerate."""
    return not is_search_object(name)


connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_name=include_name,
)
with context.begin_transaction():
    context.run_migrations()
