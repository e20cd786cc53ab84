import pytest


@pytest.fixture
def iworld(world):
    """The shared world with the data elements and the indicator catalogue loaded, and
    without the registry and survey rows other apps' tests put in it: the tests here
    build every figure by hand so that each answer is known."""
    from binhdang.conventions.models import Convention
    from binhdang.indicators.models import SurveyResult
    from binhdang.indicators.services import indicators_sync
    from binhdang.media.models import MediaAgency
    from binhdang.registries.models import ModelSite
    from binhdang.reporting.services import elements_sync

    for model in (SurveyResult, MediaAgency, ModelSite, Convention):
        model.objects.all().delete()
    elements_sync()
    indicators_sync()
    return world
