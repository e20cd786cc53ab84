from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelType(models.TextChoices):
    """The kinds of model site the plans name (Mô hình …); anything else is "other" + text."""

    CLUB = "club", _("Club")
    TRUSTED_ADDRESS = "trusted_address", _("Trusted address")
    DV_PREVENTION = "dv_prevention", _("Domestic violence prevention model")
    GBV_GROUP = "gbv_group", _("Gender-based violence prevention group")
    OTHER = "other", _("Other model")


class SiteMode(models.TextChoices):
    """What the plan asks of the site: keep it going, copy it to a new place, or start it."""

    MAINTAIN = "maintain", _("Maintained")
    REPLICATE = "replicate", _("Replicated")
    NEW = "new", _("New")


class SiteStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    ENDED = "ended", _("Ended")


class InspectionKind(models.TextChoices):
    """Kiểm tra, giám sát, thanh tra."""

    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")
    AUDIT = "audit", _("Audit (thanh tra)")


class FollowUpStatus(models.TextChoices):
    """Where the follow-up of the recommendations stands (blank: none is needed)."""

    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class RecipientKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective")
    INDIVIDUAL = "individual", _("Individual")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AwardForm(models.TextChoices):
    CERTIFICATE_OF_MERIT = "certificate_of_merit", _("Certificate of merit (Bằng khen)")
    COMMENDATION = "commendation", _("Certificate of commendation (Giấy khen)")
    EMULATION_FLAG = "emulation_flag", _("Emulation flag (Cờ thi đua)")
    OTHER = "other", _("Other form")


class Review(models.TextChoices):
    """The review an award is given at: sơ kết 2025, tổng kết 2030, a yearly one, other."""

    MIDTERM = "midterm", _("Mid-term review 2025")
    FINAL = "final", _("Final review 2030")
    ANNUAL = "annual", _("Annual review")
    OTHER = "other", _("Other occasion")


# The year each review belongs to (an award of the mid-term review is a 2025 award).
REVIEW_YEARS: dict[str, int] = {Review.MIDTERM: 2025, Review.FINAL: 2030}


# The Vietnamese words people write in workbooks for each code, recognised whatever the
# language of the importer and whatever the catalogue says (the labels are added to them).
VI_NAMES: dict[type[models.TextChoices], dict[str, tuple[str, ...]]] = {
    ModelType: {
        ModelType.CLUB: ("Câu lạc bộ", "CLB"),
        ModelType.TRUSTED_ADDRESS: ("Địa chỉ tin cậy", "Địa chỉ tin cậy tại cộng đồng"),
        ModelType.DV_PREVENTION: ("Mô hình phòng chống bạo lực gia đình",
                                  "Phòng chống bạo lực gia đình"),
        ModelType.GBV_GROUP: ("Nhóm phòng chống bạo lực giới",
                              "Nhóm phòng chống bạo lực trên cơ sở giới"),
        ModelType.OTHER: ("Khác", "Mô hình khác"),
    },
    SiteMode: {
        SiteMode.MAINTAIN: ("Duy trì",),
        SiteMode.REPLICATE: ("Nhân rộng",),
        SiteMode.NEW: ("Xây dựng mới", "Mới"),
    },
    SiteStatus: {
        SiteStatus.PLANNED: ("Dự kiến", "Kế hoạch"),
        SiteStatus.ACTIVE: ("Đang hoạt động", "Hoạt động"),
        SiteStatus.SUSPENDED: ("Tạm dừng", "Tạm ngừng"),
        SiteStatus.ENDED: ("Đã kết thúc", "Kết thúc", "Giải thể"),
    },
    InspectionKind: {
        InspectionKind.INSPECTION: ("Kiểm tra",),
        InspectionKind.SUPERVISION: ("Giám sát",),
        InspectionKind.AUDIT: ("Thanh tra",),
    },
    FollowUpStatus: {
        FollowUpStatus.OPEN: ("Chưa thực hiện", "Chưa khắc phục"),
        FollowUpStatus.IN_PROGRESS: ("Đang thực hiện", "Đang khắc phục"),
        FollowUpStatus.DONE: ("Đã thực hiện", "Đã khắc phục", "Hoàn thành"),
    },
    RecipientKind: {
        RecipientKind.COLLECTIVE: ("Tập thể",),
        RecipientKind.INDIVIDUAL: ("Cá nhân",),
    },
    Sex: {Sex.FEMALE: ("Nữ",), Sex.MALE: ("Nam",)},
    AwardForm: {
        AwardForm.CERTIFICATE_OF_MERIT: ("Bằng khen",),
        AwardForm.COMMENDATION: ("Giấy khen",),
        AwardForm.EMULATION_FLAG: ("Cờ thi đua",),
        AwardForm.OTHER: ("Khác", "Hình thức khác"),
    },
    Review: {
        Review.MIDTERM: ("Sơ kết", "Sơ kết 2025", "Sơ kết giữa kỳ"),
        Review.FINAL: ("Tổng kết", "Tổng kết 2030"),
        Review.ANNUAL: ("Hằng năm", "Hàng năm"),
        Review.OTHER: ("Khác", "Đột xuất"),
    },
}  # fmt: skip
