"""Background work of documents: building a synthesis report version.

`services.report_request` / `report_regenerate` enqueue it once their transaction has
committed; `binhdang db_worker` runs it (tests use the immediate backend).
"""

from django_tasks import task


@task()
def build_synthesis_report(version_id: int) -> str:
    """Build the version; returns its final status."""
    from binhdang.documents.services import report_build

    return report_build(version_id=version_id).status
