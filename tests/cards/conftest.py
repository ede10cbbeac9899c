from tests.engine.conftest import index, knowledge, tuning_questions  # noqa: F401 - shared fixtures
