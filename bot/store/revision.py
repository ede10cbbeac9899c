"""The Alembic head this srm needs. Its own module (no SQLAlchemy import), so the quick path of
`srm ask` can compare it with the store's alembic_version without loading the ORM."""

SCHEMA_REVISION = "0005_owners"
