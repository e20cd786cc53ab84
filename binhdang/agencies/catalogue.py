"""The standard catalogue of agencies, as data: what every province has, what plans call it.

The entries were derived from the five seed plans (every body their lead, partner and
responsibility lines name, plus the bodies their text and "Nơi nhận" lists name) and
completed with the 12 departments every province must have under Decree 45/2025/NĐ-CP
(DOMAIN.md §5.2). Each entry carries:

* `code` — the catalogue code, the same in every province ("so-noi-vu");
* `kind` (`AgencyKind`), `name` (the canonical name inside its unit; `{place}` stands for
  the province's name where the body is named after it, "Báo {place}" → "Báo Hải Phòng"),
  `abbreviation` (for document symbols: "SNV" in "Số: 12/KH-SNV");
* `aliases` — short names, abbreviations and their variants as documents write them
  ("Sở LĐTBXH", "Sở LĐ-TB&XH", "Thành đoàn"). Matching ignores case, tone placement,
  Unicode form, punctuation and the word "và", so "Sở Lao động, Thương binh và Xã hội"
  needs no alias of its own;
* `tags` — the groups it belongs to, which the group phrases select on;
* `levels` — where such a body exists (province, district, commune, central);
* `eras` and `only_in`/`not_in` — when and where it exists (see `Era`);
* `names` — a different name in some era (the statistics office was renamed twice).

Validity follows the two 2025 reforms. On 1/3/2025 the provinces reorganised their
departments (Decree 45/2025/NĐ-CP and each province's own decisions): the departments
that ended on 28/2/2025 hand their functions to their successors through `TRANSITIONS`.
On 1/7/2025 the 63 provinces became 34 (Resolution 202/2025/QH15) and the district level
ended; every body of a current province succeeds the same-code bodies of the old
provinces merged into it.

Where the catalogue is not the same everywhere (a separate tourism department, a foreign
affairs department, an ethnic-affairs board, a VCCI branch), `only_in` lists the provinces
where the seeds or well-known facts show the body; ⚠ in a comment marks what was not
checked against a source. Administrators add or end the others through the agency pages.
An entry's `note` is shown to users (it is stored on each agency), so it is in Vietnamese.

`GROUPS` are the group phrases ("các cơ quan thông tin đại chúng", "các tổ chức chính
trị - xã hội") with the tags that pick their members; `GROUP_WORDS` is the vocabulary of
the composed phrases ("các sở, ban, ngành, đoàn thể thành phố", "Ủy ban nhân dân các
quận, huyện"), which the resolver reads word by word.

**Catch-all phrases** ("các cơ quan, đơn vị có liên quan", "các tổ chức có liên quan",
"các tổ chức liên quan khác") name no agency. They are recognised as such and returned as
a group without members (method "catch_all", low confidence) with a message asking for
the agencies to be chosen by hand: expanding them to "every agency" would send reminders
and report requests to bodies the plan never meant.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from binhdang.agencies.choices import AgencyKind as K

# ---------------------------------------------------------------------------------------
# The two reforms
# ---------------------------------------------------------------------------------------

DEPARTMENTS_REFORM = date(2025, 3, 1)
LAST_DAY_BEFORE_DEPARTMENTS_REFORM = date(2025, 2, 28)
UNITS_REFORM = date(2025, 7, 1)
LAST_DAY_OF_OLD_UNITS = date(2025, 6, 30)

LEGAL_BASIS_DEPARTMENTS = (
    "Nghị định 45/2025/NĐ-CP; nghị quyết của HĐND và quyết định của UBND tỉnh về sắp xếp "
    "các cơ quan chuyên môn (01/3/2025)"
)
LEGAL_BASIS_MINISTRIES = "Nghị quyết 176/2025/QH15; Nghị định 25/2025/NĐ-CP (01/3/2025)"
LEGAL_BASIS_PROVINCES = "Nghị quyết 202/2025/QH15"
LEGAL_BASIS_DISTRICTS = "Luật Tổ chức chính quyền địa phương 72/2025/QH15"

# The function this project follows through every succession.
GENDER_EQUALITY = "bình đẳng giới"


class Level:
    CENTRAL = "central"
    PROVINCE = "province"
    DISTRICT = "district"
    COMMUNE = "commune"


class Era:
    """When a body exists.

    BEFORE: on the old map, until 28/2/2025. INTERIM: on the old map, 1/3/2025–30/6/2025
    (the departments already reorganised, the 63 provinces still in place). CURRENT: on
    the 2025 map, from 1/7/2025. Central bodies only know BEFORE and AFTER 1/3/2025: for
    them INTERIM and CURRENT are one period.
    """

    BEFORE = "before"
    INTERIM = "interim"
    CURRENT = "current"
    ALL = ("before", "interim", "current")
    AFTER_DEPARTMENTS_REFORM = ("interim", "current")


# ---------------------------------------------------------------------------------------
# Where the catalogue differs between provinces (codes of the old provinces for BEFORE and
# INTERIM, of the current provinces for CURRENT)
# ---------------------------------------------------------------------------------------

# A Department of Culture and Sports plus a Department of Tourism instead of one Department
# of Culture, Sports and Tourism. Hải Phòng (31) is confirmed by seeds 000 and 002 ("Sở Văn
# hóa và Thể thao"); ⚠ the others are from memory, not checked against a source.
CULTURE_SPLIT_BEFORE = frozenset({"01", "79", "31", "48", "22", "56", "91", "46", "37"})
# ⚠ Hà Nội and Hồ Chí Minh City kept a separate Sở Du lịch after 1/3/2025; elsewhere the two
# were merged into Sở Văn hóa, Thể thao và Du lịch.
CULTURE_SPLIT_AFTER = frozenset({"01", "79"})
# Sở Ngoại vụ: Hải Phòng confirmed by seeds 000 and 002; ⚠ the others unverified. After
# 1/3/2025 ⚠ only the two largest cities kept it; elsewhere it joined the PC's office.
FOREIGN_AFFAIRS_BEFORE = frozenset({"01", "79", "31", "48", "92"})
FOREIGN_AFFAIRS_AFTER = frozenset({"01", "79"})
# Ban Dân tộc: Cần Thơ confirmed by seed 004; ⚠ Bắc Giang, Hậu Giang, Sóc Trăng unverified.
# It became Sở Dân tộc và Tôn giáo on 1/3/2025.
ETHNIC_BOARD_BEFORE = frozenset({"92", "24", "93", "94"})
ETHNIC_DEPARTMENT_CURRENT = frozenset({"92", "24"})


# ---------------------------------------------------------------------------------------
# Abbreviated forms of department names, as documents write them after "Sở", "Phòng", "Bộ"
# ---------------------------------------------------------------------------------------

LDTBXH = ("LĐTBXH", "LĐ-TB&XH", "LĐ,TB&XH", "LĐTB&XH", "Lao động - TB&XH")
TTTT = ("TT&TT", "TTTT", "TT-TT")
VHTTDL = ("VHTTDL", "VH,TT&DL", "VHTT&DL", "VH-TT&DL", "VH, TT và DL")
VHTT = ("VH&TT", "VHTT", "VH-TT")
GDDT = ("GD&ĐT", "GDĐT", "GD-ĐT")
KHDT = ("KH&ĐT", "KHĐT", "KH-ĐT")
KHCN = ("KH&CN", "KHCN", "KH-CN")
TNMT = ("TN&MT", "TNMT", "TN-MT")
NNPTNT = ("NN&PTNT", "NNPTNT", "NN-PTNT")
NNMT = ("NN&MT", "NNMT", "NN-MT")
GTVT = ("GTVT", "GT-VT", "GTVT&XD")
DTTG = ("DT&TG", "DTTG", "DT-TG")


def _with(head: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(f"{head} {form}" for form in forms)


@dataclass(frozen=True)
class Entry:
    code: str
    kind: str
    name: str
    abbreviation: str = ""
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    levels: tuple[str, ...] = (Level.PROVINCE,)
    eras: tuple[str, ...] = Era.ALL
    # (era, province codes): the body exists in that era only in those provinces / not in them.
    only_in: tuple[tuple[str, frozenset[str]], ...] = ()
    not_in: tuple[tuple[str, frozenset[str]], ...] = ()
    # (era, name): another name in that era.
    names: tuple[tuple[str, str], ...] = ()
    # Catalogue code of the governing body: before 1/3/2025, and from then on.
    parent: str = ""
    parent_after: str = ""
    # False: the resolver knows it, `catalogue_load` does not create it (district offices).
    instantiate: bool = True
    note: str = ""

    def exists(self, era: str, province_code: str) -> bool:
        if era not in self.eras:
            return False
        for e, codes in self.only_in:
            if e == era and province_code not in codes:
                return False
        return all(not (e == era and province_code in codes) for e, codes in self.not_in)

    def name_in(self, era: str) -> str:
        for e, name in self.names:
            if e == era:
                return name
        return self.name

    def all_names(self) -> tuple[str, ...]:
        return (self.name, *(name for _e, name in self.names))

    def parent_in(self, era: str) -> str:
        if era == Era.BEFORE:
            return self.parent
        return self.parent_after or self.parent

    @property
    def has_place(self) -> bool:
        return "{place}" in self.name


P, D, C, CENTRAL = Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.CENTRAL
B, MID, N = Era.BEFORE, Era.INTERIM, Era.CURRENT

ENTRIES: tuple[Entry, ...] = (
    # --- People's Committees and Councils ----------------------------------------------
    Entry(
        "ubnd-tinh", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân", "UBND",
        aliases=("UBND", "UBND tỉnh", "UBND thành phố", "UBND TP", "Ủy ban tỉnh",
                 "Ủy ban nhân dân tỉnh", "Ủy ban nhân dân thành phố"),
        tags=("province_pc",),
    ),
    # Created for each old district by catalogue_load.
    Entry(
        "ubnd-huyen", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân", "UBND",
        aliases=("UBND", "UBND huyện", "UBND quận", "UBND thị xã", "Ủy ban nhân dân huyện",
                 "Ủy ban nhân dân quận", "Ủy ban nhân dân thị xã"),
        tags=("district_pc",), levels=(D,), eras=(B, MID),
        note=(
            "Cấp huyện kết thúc hoạt động ngày 30/6/2025; nhiệm vụ chuyển cho Ủy ban nhân dân "
            "cấp xã."
        ),
    ),
    # Created for each commune of the 2025 map by catalogue_load.
    Entry(
        "ubnd-xa", K.PEOPLES_COMMITTEE, "Ủy ban nhân dân", "UBND",
        aliases=("UBND", "UBND xã", "UBND phường", "UBND thị trấn", "UBND đặc khu",
                 "Ủy ban nhân dân xã", "Ủy ban nhân dân phường", "Ủy ban nhân dân thị trấn",
                 "Ủy ban nhân dân đặc khu"),
        tags=("commune_pc",), levels=(C,),
    ),
    Entry(
        "hdnd-tinh", K.COUNCIL, "Hội đồng nhân dân", "HĐND",
        aliases=("HĐND", "HĐND tỉnh", "HĐND thành phố", "HĐND TP"),
    ),
    Entry(
        "van-phong-ubnd", K.DEPARTMENT, "Văn phòng Ủy ban nhân dân", "VP",
        aliases=("Văn phòng UBND", "VP UBND", "VPUBND", "Văn phòng"),
        tags=("department",), parent="ubnd-tinh",
    ),
    # --- The departments of Decree 45/2025 (and the ones it ended) ------------------------
    Entry(
        "so-noi-vu", K.DEPARTMENT, "Sở Nội vụ", "SNV",
        aliases=("Sở NV", "SNV"), tags=("department",), parent="ubnd-tinh",
        note=(
            "Cơ quan đầu mối về bình đẳng giới của tỉnh từ ngày 1/3/2025, khi tiếp nhận lao "
            "động, việc làm, người có công và bình đẳng giới từ Sở Lao động - Thương binh và "
            "Xã hội."
        ),
    ),
    Entry(
        "so-tu-phap", K.DEPARTMENT, "Sở Tư pháp", "STP",
        tags=("department",), parent="ubnd-tinh",
    ),
    Entry(
        "so-tai-chinh", K.DEPARTMENT, "Sở Tài chính", "STC",
        aliases=("Sở TC",), tags=("department",), parent="ubnd-tinh",
        note="Tiếp nhận chức năng kế hoạch, đầu tư của Sở Kế hoạch và Đầu tư từ ngày 1/3/2025.",
    ),
    Entry(
        "so-cong-thuong", K.DEPARTMENT, "Sở Công Thương", "SCT",
        aliases=("Sở CT",), tags=("department",), parent="ubnd-tinh",
    ),
    Entry(
        "so-xay-dung", K.DEPARTMENT, "Sở Xây dựng", "SXD",
        aliases=("Sở XD",), tags=("department",), parent="ubnd-tinh",
        note=(
            "Tiếp nhận chức năng giao thông vận tải của Sở Giao thông vận tải từ ngày "
            "1/3/2025."
        ),
    ),
    Entry(
        "so-khcn", K.DEPARTMENT, "Sở Khoa học và Công nghệ", "SKHCN",
        aliases=_with("Sở", KHCN), tags=("department",), parent="ubnd-tinh",
        note=(
            "Tiếp nhận công nghệ thông tin, chuyển đổi số của Sở Thông tin và Truyền thông từ "
            "ngày 1/3/2025."
        ),
    ),
    Entry(
        "so-gddt", K.DEPARTMENT, "Sở Giáo dục và Đào tạo", "SGDĐT",
        aliases=_with("Sở", GDDT), tags=("department",), parent="ubnd-tinh",
        note=(
            "Tiếp nhận giáo dục nghề nghiệp của Sở Lao động - Thương binh và Xã hội từ ngày "
            "1/3/2025."
        ),
    ),
    Entry(
        "so-y-te", K.DEPARTMENT, "Sở Y tế", "SYT",
        aliases=("Sở YT",), tags=("department",), parent="ubnd-tinh",
        note=(
            "Tiếp nhận bảo trợ xã hội, trẻ em, phòng, chống tệ nạn xã hội của Sở Lao động - "
            "Thương binh và Xã hội từ ngày 1/3/2025."
        ),
    ),
    Entry(
        "thanh-tra", K.DEPARTMENT, "Thanh tra", "TTr",
        aliases=("Thanh tra tỉnh", "Thanh tra thành phố"), tags=("department",),
        parent="ubnd-tinh",
    ),
    Entry(
        "so-vhttdl", K.DEPARTMENT, "Sở Văn hóa, Thể thao và Du lịch", "SVHTTDL",
        aliases=(*_with("Sở", VHTTDL), "Sở Văn hóa - Thể thao và Du lịch"),
        tags=("department",), parent="ubnd-tinh",
        not_in=((B, CULTURE_SPLIT_BEFORE), (MID, CULTURE_SPLIT_AFTER), (N, CULTURE_SPLIT_AFTER)),
        note=(
            "Tiếp nhận báo chí, xuất bản, phát thanh, truyền hình, thông tin cơ sở của Sở "
            "Thông tin và Truyền thông từ ngày 1/3/2025."
        ),
    ),
    # Hải Phòng until 28/2/2025 (seeds 000, 002); ⚠ the other provinces in CULTURE_SPLIT_* are
    # unverified.
    Entry(
        "so-vhtt", K.DEPARTMENT, "Sở Văn hóa và Thể thao", "SVHTT",
        aliases=(*_with("Sở", VHTT), "Sở Văn hóa - Thể thao", "Sở Văn hóa Thể thao"),
        tags=("department",), parent="ubnd-tinh",
        only_in=((B, CULTURE_SPLIT_BEFORE), (MID, CULTURE_SPLIT_AFTER), (N, CULTURE_SPLIT_AFTER)),
        note="Ở các tỉnh, thành phố có Sở Du lịch riêng.",
    ),
    # ⚠ Which provinces had a separate tourism department is unverified apart from Hải Phòng.
    Entry(
        "so-du-lich", K.DEPARTMENT, "Sở Du lịch", "SDL",
        aliases=("Sở DL",), tags=("department",), parent="ubnd-tinh",
        only_in=((B, CULTURE_SPLIT_BEFORE), (MID, CULTURE_SPLIT_AFTER), (N, CULTURE_SPLIT_AFTER)),
    ),
    Entry(
        "so-nnmt", K.DEPARTMENT, "Sở Nông nghiệp và Môi trường", "SNNMT",
        aliases=_with("Sở", NNMT), tags=("department",), parent="ubnd-tinh",
        eras=Era.AFTER_DEPARTMENTS_REFORM,
        note=(
            "Thành lập ngày 1/3/2025 trên cơ sở Sở Nông nghiệp và Phát triển nông thôn và Sở "
            "Tài nguyên và Môi trường; tiếp nhận thêm công tác giảm nghèo."
        ),
    ),
    # ⚠ Province list unverified apart from Cần Thơ.
    Entry(
        "so-dttg", K.DEPARTMENT, "Sở Dân tộc và Tôn giáo", "SDTTG",
        aliases=_with("Sở", DTTG), tags=("department",), parent="ubnd-tinh",
        eras=Era.AFTER_DEPARTMENTS_REFORM,
        only_in=((MID, ETHNIC_BOARD_BEFORE), (N, ETHNIC_DEPARTMENT_CURRENT)),
        note=(
            "Thành lập ngày 1/3/2025 trên cơ sở Ban Dân tộc và nhiệm vụ quản lý nhà nước về "
            "tín ngưỡng, tôn giáo của Sở Nội vụ."
        ),
    ),
    # Hải Phòng confirmed by seeds 000 and 002; ⚠ other provinces unverified.
    Entry(
        "so-ngoai-vu", K.DEPARTMENT, "Sở Ngoại vụ", "SNgV",
        aliases=("Sở NgV",), tags=("department",), parent="ubnd-tinh",
        only_in=((B, FOREIGN_AFFAIRS_BEFORE), (MID, FOREIGN_AFFAIRS_AFTER),
                 (N, FOREIGN_AFFAIRS_AFTER)),
        note=(
            "Nơi Sở Ngoại vụ kết thúc hoạt động ngày 28/2/2025, nhiệm vụ ngoại vụ chuyển về "
            "Văn phòng Ủy ban nhân dân."
        ),
    ),
    Entry(
        "so-ldtbxh", K.DEPARTMENT, "Sở Lao động - Thương binh và Xã hội", "SLĐTBXH",
        aliases=(*_with("Sở", LDTBXH), "SLĐTBXH", "Sở Lao động", "DOLISA"),
        tags=("department",), parent="ubnd-tinh", eras=(B,),
        note=(
            "Cơ quan đầu mối về bình đẳng giới của tỉnh đến ngày 28/2/2025 (Nghị định "
            "45/2025/NĐ-CP không còn quy định sở này)."
        ),
    ),
    Entry(
        "so-tttt", K.DEPARTMENT, "Sở Thông tin và Truyền thông", "STTTT",
        aliases=(*_with("Sở", TTTT), "Sở Thông tin - Truyền thông"),
        tags=("department",), parent="ubnd-tinh", eras=(B,),
    ),
    Entry(
        "so-khdt", K.DEPARTMENT, "Sở Kế hoạch và Đầu tư", "SKHĐT",
        aliases=_with("Sở", KHDT), tags=("department",), parent="ubnd-tinh", eras=(B,),
    ),
    Entry(
        "so-tnmt", K.DEPARTMENT, "Sở Tài nguyên và Môi trường", "STNMT",
        aliases=_with("Sở", TNMT), tags=("department",), parent="ubnd-tinh", eras=(B,),
    ),
    Entry(
        "so-nnptnt", K.DEPARTMENT, "Sở Nông nghiệp và Phát triển nông thôn", "SNNPTNT",
        aliases=_with("Sở", NNPTNT), tags=("department",), parent="ubnd-tinh", eras=(B,),
    ),
    Entry(
        "so-gtvt", K.DEPARTMENT, "Sở Giao thông vận tải", "SGTVT",
        aliases=_with("Sở", GTVT), tags=("department",), parent="ubnd-tinh", eras=(B,),
    ),
    # Cần Thơ confirmed by seed 004; ⚠ other provinces unverified.
    Entry(
        "ban-dan-toc", K.DEPARTMENT, "Ban Dân tộc", "BDT",
        aliases=("BDT", "Ban DT"), tags=("department", "board"), parent="ubnd-tinh",
        eras=(B,), only_in=((B, ETHNIC_BOARD_BEFORE),),
        note="Từ ngày 1/3/2025 là Sở Dân tộc và Tôn giáo.",
    ),
    # Hải Phòng (seed 000). Other provinces have economic/industrial zone boards under other
    # names: added by hand.
    Entry(
        "ban-ql-kkt", K.OTHER, "Ban Quản lý Khu kinh tế {place}", "BQLKKT",
        aliases=("Ban Quản lý Khu kinh tế", "Ban QL KKT", "Ban QLKKT", "BQL KKT"),
        tags=("board",), parent="ubnd-tinh", only_in=((B, frozenset({"31"})),
                                                    (MID, frozenset({"31"})),
                                                    (N, frozenset({"31"}))),
    ),
    # --- Sector bodies (police, military, statistics, courts) ----------------------------
    Entry(
        "cong-an", K.POLICE_MILITARY, "Công an", "CA",
        aliases=("Công an tỉnh", "Công an thành phố", "Công an TP"),
        tags=("sector",), levels=(P, D, C),
    ),
    Entry(
        "bo-chqs", K.POLICE_MILITARY, "Bộ Chỉ huy Quân sự", "BCHQS",
        aliases=("Bộ CHQS", "Bộ Chỉ huy quân sự tỉnh", "Bộ Chỉ huy quân sự thành phố"),
        tags=("sector",),
    ),
    # ⚠ The name from 1/7/2025 ('Thống kê tỉnh/thành phố') is to be confirmed; 1/3/2025: Quyết
    # định 384/QĐ-BTC.
    Entry(
        "thong-ke", K.STATISTICS, "Thống kê", "TK",
        aliases=("Cục Thống kê", "Chi cục Thống kê", "Thống kê tỉnh", "Thống kê thành phố",
                 "Cục TK", "CTK"),
        tags=("sector",),
        names=((B, "Cục Thống kê"), (MID, "Chi cục Thống kê")),
        note=(
            "Cơ quan thống kê cấp tỉnh: Cục Thống kê đến ngày 28/2/2025; Chi cục Thống kê "
            "thuộc Cục Thống kê (Bộ Tài chính) từ ngày 1/3/2025; Thống kê tỉnh, thành phố từ "
            "ngày 1/7/2025."
        ),
    ),
    Entry(
        "toa-an", K.JUSTICE, "Tòa án nhân dân", "TAND",
        aliases=("TAND", "Tòa án nhân dân tỉnh", "Tòa án"), tags=("sector",),
    ),
    Entry(
        "vks", K.JUSTICE, "Viện Kiểm sát nhân dân", "VKSND",
        aliases=("VKSND", "Viện Kiểm sát", "Viện KSND"), tags=("sector",),
    ),
    # --- Media -------------------------------------------------------------------------
    # ⚠ In 2025 many provinces merged the radio-TV station and the newspaper ('Báo và Phát thanh,
    # Truyền hình …') on dates that vary: recorded by hand with agency_end.
    Entry(
        "dai-ptth", K.MEDIA, "Đài Phát thanh và Truyền hình {place}", "PTTH",
        aliases=("Đài Phát thanh và Truyền hình", "Đài Phát thanh - Truyền hình", "Đài PTTH",
                 "Đài PT-TH", "Đài PT&TH", "Đài PT và TH", "Đài truyền hình"),
        tags=("media", "information", "sector"), parent="ubnd-tinh",
    ),
    Entry(
        "bao", K.MEDIA, "Báo {place}", "B",
        aliases=("Báo",), tags=("media", "information", "sector"),
        note="Báo của tỉnh, mang tên tỉnh (Báo Hải Phòng, Báo Cần Thơ).",
    ),
    Entry(
        "cong-ttdt", K.PUBLIC_SERVICE, "Cổng Thông tin điện tử", "CTTĐT",
        aliases=("Cổng TTĐT", "Cổng thông tin điện tử tỉnh", "Cổng thông tin điện tử thành phố",
                 "Cổng thông tin"),
        tags=("information",), parent="van-phong-ubnd",
        note=(
            "Do Văn phòng Ủy ban nhân dân quản lý; là kênh thông tin, không phải cơ quan báo "
            "chí."
        ),
    ),
    # --- Vietnam Fatherland Front and mass organisations --------------------------------
    Entry(
        "ubmttq", K.MASS_ORGANISATION, "Ủy ban Mặt trận Tổ quốc Việt Nam", "MTTQ",
        aliases=("Ủy ban Mặt trận Tổ quốc", "UBMTTQ", "UBMTTQVN", "UBMTTQ Việt Nam",
                 "Ủy ban MTTQ", "Ủy ban MTTQ Việt Nam", "Ủy ban MTTQVN", "Mặt trận Tổ quốc",
                 "Mặt trận Tổ quốc Việt Nam", "MTTQ", "MTTQVN", "Mặt trận"),
        tags=("mttq", "mass_organisation"), levels=(P, D, C),
    ),
    Entry(
        "hoi-lhpn", K.MASS_ORGANISATION, "Hội Liên hiệp Phụ nữ", "HLHPN",
        aliases=("Hội LHPN", "HLHPN", "Hội Phụ nữ", "Hội Liên hiệp Phụ nữ Việt Nam",
                 "Hội LHPNVN", "Hội LH Phụ nữ"),
        tags=("mass_organisation", "socio_political", "mttq_member"), levels=(P, D, C),
    ),
    Entry(
        "ldld", K.MASS_ORGANISATION, "Liên đoàn Lao động", "LĐLĐ",
        aliases=("LĐLĐ", "Liên đoàn LĐ", "Liên đoàn Lao động tỉnh", "Công đoàn"),
        tags=("mass_organisation", "socio_political", "mttq_member"), levels=(P, D),
    ),
    Entry(
        "doan-tn", K.MASS_ORGANISATION, "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "ĐTN",
        aliases=("Đoàn TNCS Hồ Chí Minh", "Đoàn TNCS HCM", "Đoàn TNCS", "Đoàn Thanh niên",
                 "Đoàn TN", "Tỉnh đoàn", "Thành đoàn", "Huyện đoàn", "Đoàn Thanh niên Cộng sản"),
        tags=("mass_organisation", "socio_political", "mttq_member"), levels=(P, D, C),
    ),
    Entry(
        "hoi-nong-dan", K.MASS_ORGANISATION, "Hội Nông dân", "HND",
        aliases=("HND", "Hội ND", "Hội Nông dân Việt Nam"),
        tags=("mass_organisation", "socio_political", "mttq_member"), levels=(P, D, C),
    ),
    Entry(
        "hoi-ccb", K.MASS_ORGANISATION, "Hội Cựu chiến binh", "HCCB",
        aliases=("Hội CCB", "HCCB", "Hội Cựu chiến binh Việt Nam"),
        tags=("mass_organisation", "socio_political", "mttq_member"), levels=(P, D, C),
    ),
    Entry(
        "lh-huu-nghi", K.MASS_ORGANISATION, "Liên hiệp các tổ chức hữu nghị", "LHHN",
        aliases=("Liên hiệp các TCHN", "LHCTCHN", "Liên hiệp hữu nghị"),
        tags=("mass_organisation", "mttq_member"),
    ),
    # Cần Thơ (seed 004); other branches are added by hand.
    Entry(
        "vcci", K.OTHER, "Phòng Thương mại và Công nghiệp Việt Nam chi nhánh {place}", "VCCI",
        aliases=("Phòng Thương mại và Công nghiệp Việt Nam chi nhánh",
                 "Phòng Thương mại và Công nghiệp Việt Nam", "VCCI", "VCCI chi nhánh"),
        tags=("mttq_member",),
        only_in=((B, frozenset({"92"})), (MID, frozenset({"92"})), (N, frozenset({"92"}))),
        note="Chi nhánh của Phòng Thương mại và Công nghiệp Việt Nam.",
    ),
    # --- Public service units -----------------------------------------------------------
    Entry(
        "trung-tam-ctxh", K.PUBLIC_SERVICE, "Trung tâm Công tác xã hội", "TTCTXH",
        aliases=("Trung tâm CTXH", "TT CTXH", "TTCTXH"),
        tags=("public_service",), parent="so-ldtbxh", parent_after="so-y-te",
        note=(
            "Trực thuộc Sở Lao động - Thương binh và Xã hội đến ngày 28/2/2025, trực thuộc Sở "
            "Y tế từ ngày 1/3/2025."
        ),
    ),
    Entry(
        "quy-bao-tro-tre-em", K.PUBLIC_SERVICE, "Quỹ Bảo trợ trẻ em", "QBTTE",
        aliases=("Quỹ BTTE",), tags=("public_service",),
        parent="so-ldtbxh", parent_after="so-y-te",
    ),
    # --- Coordination boards and Party bodies ------------------------------------------
    Entry(
        "ban-vstbpn", K.OTHER, "Ban Vì sự tiến bộ của phụ nữ", "BVSTBPN",
        aliases=("Ban VSTBPN", "Ban vì sự tiến bộ phụ nữ"), parent="ubnd-tinh",
        note=(
            "Ban liên ngành vì sự tiến bộ của phụ nữ của tỉnh; trước năm 2025, cơ quan thường "
            "trực là Sở Lao động - Thương binh và Xã hội."
        ),
    ),
    # ⚠ Merged in February 2025 on dates that vary by province; recorded here as 1/3/2025.
    Entry(
        "ban-tuyen-giao", K.OTHER, "Ban Tuyên giáo và Dân vận", "BTGDV",
        aliases=("Ban Tuyên giáo", "Ban TG", "Ban TGTU", "Ban TG TU", "Ban TGDV",
                 "Ban Tuyên giáo Tỉnh ủy", "Ban Tuyên giáo Thành ủy", "Ban Tuyên giáo Huyện ủy"),
        tags=("party",), levels=(P, D),
        names=((B, "Ban Tuyên giáo"),),
        note=(
            "Cơ quan tham mưu của cấp ủy; năm 2025 hợp nhất với Ban Dân vận thành Ban Tuyên "
            "giáo và Dân vận."
        ),
    ),
    # --- District offices (known to the resolver, not created by the loader) -------------
    Entry(
        "phong-ldtbxh", K.OFFICE, "Phòng Lao động - Thương binh và Xã hội", "PLĐTBXH",
        aliases=(*_with("Phòng", LDTBXH),), levels=(D,), eras=(B,), instantiate=False,
        tags=("district_office",),
    ),
    Entry(
        "phong-noi-vu", K.OFFICE, "Phòng Nội vụ", "PNV", levels=(D,), eras=(B, MID),
        aliases=("Phòng NV",), instantiate=False, tags=("district_office",),
        note="Từ ngày 1/3/2025 phụ trách thêm bình đẳng giới, lao động, việc làm.",
    ),
    Entry(
        "phong-vhtt", K.OFFICE, "Phòng Văn hóa và Thông tin", "PVHTT", levels=(D,),
        eras=(B, MID), aliases=(*_with("Phòng", VHTT), "Phòng Văn hóa - Thông tin"),
        instantiate=False, tags=("district_office",),
    ),
    Entry(
        "phong-gddt", K.OFFICE, "Phòng Giáo dục và Đào tạo", "PGDĐT", levels=(D,),
        eras=(B, MID), aliases=_with("Phòng", GDDT), instantiate=False,
        tags=("district_office",),
    ),
    Entry(
        "phong-y-te", K.OFFICE, "Phòng Y tế", "PYT", levels=(D,), eras=(B, MID),
        instantiate=False, tags=("district_office",),
    ),
    Entry(
        "phong-tu-phap", K.OFFICE, "Phòng Tư pháp", "PTP", levels=(D,), eras=(B, MID),
        instantiate=False, tags=("district_office",),
    ),
    Entry(
        "phong-tckh", K.OFFICE, "Phòng Tài chính - Kế hoạch", "PTCKH", levels=(D,),
        eras=(B, MID), aliases=("Phòng TC-KH", "Phòng TCKH"), instantiate=False,
        tags=("district_office",),
    ),
    Entry(
        "phong-vhxh", K.OFFICE, "Phòng Văn hóa - Xã hội", "PVHXH", levels=(C,), eras=(N,),
        aliases=("Phòng VH-XH", "Phòng VHXH"), instantiate=False,
        note=(
            "Phòng chuyên môn cấp xã phụ trách văn hóa - xã hội (trên thực tế gồm cả bình "
            "đẳng giới) từ ngày 1/7/2025."
        ),
    ),
    # --- Central bodies (no unit) ----------------------------------------------------
    Entry(
        "bo-ldtbxh", K.MINISTRY, "Bộ Lao động - Thương binh và Xã hội", "BLĐTBXH",
        aliases=(*_with("Bộ", LDTBXH), "MOLISA"), levels=(CENTRAL,), eras=(B,),
        tags=("central",),
    ),
    Entry(
        "vu-bdg", K.MINISTRY, "Vụ Bình đẳng giới", "BĐG",
        aliases=("Vụ BĐG", "Vụ BDG"), levels=(CENTRAL,), eras=(B,), parent="bo-ldtbxh",
        tags=("central",),
    ),
    Entry(
        "bo-noi-vu", K.MINISTRY, "Bộ Nội vụ", "BNV", aliases=("Bộ NV", "BNV", "MOHA"),
        levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "vu-cttn-bdg", K.MINISTRY, "Vụ Công tác thanh niên và Bình đẳng giới", "CTTN&BĐG",
        aliases=("Vụ CTTN&BĐG", "Vụ CTTN và BĐG"), levels=(CENTRAL,),
        eras=Era.AFTER_DEPARTMENTS_REFORM, parent="bo-noi-vu", tags=("central",),
    ),
    Entry(
        "bo-tttt", K.MINISTRY, "Bộ Thông tin và Truyền thông", "BTTTT",
        aliases=_with("Bộ", TTTT), levels=(CENTRAL,), eras=(B,), tags=("central",),
    ),
    Entry(
        "bo-khcn", K.MINISTRY, "Bộ Khoa học và Công nghệ", "BKHCN",
        aliases=_with("Bộ", KHCN), levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "bo-vhttdl", K.MINISTRY, "Bộ Văn hóa, Thể thao và Du lịch", "BVHTTDL",
        aliases=_with("Bộ", VHTTDL), levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "bo-y-te", K.MINISTRY, "Bộ Y tế", "BYT", levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "bo-gddt", K.MINISTRY, "Bộ Giáo dục và Đào tạo", "BGDĐT",
        aliases=_with("Bộ", GDDT), levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "bo-khdt", K.MINISTRY, "Bộ Kế hoạch và Đầu tư", "BKHĐT",
        aliases=_with("Bộ", KHDT), levels=(CENTRAL,), eras=(B,), tags=("central",),
    ),
    Entry(
        "bo-tai-chinh", K.MINISTRY, "Bộ Tài chính", "BTC", levels=(CENTRAL,), tags=("central",),
    ),
    Entry(
        "ubqg-tbpn", K.MINISTRY, "Ủy ban quốc gia vì sự tiến bộ của phụ nữ Việt Nam", "UBQG",
        aliases=("Ủy ban quốc gia vì sự tiến bộ của phụ nữ", "UBQG VSTBPN"),
        levels=(CENTRAL,), tags=("central",),
    ),
)  # fmt: skip


@dataclass(frozen=True)
class Transition:
    """A function passed from one catalogue body to another when the first one ended.

    `successors` lists alternatives: the first that exists in the province takes the
    function (press went to Sở Văn hóa, Thể thao và Du lịch, or to Sở Văn hóa và Thể thao
    where tourism has its own department).
    """

    predecessor: str
    successors: tuple[str, ...]
    functions: str
    effective: date = DEPARTMENTS_REFORM
    legal_basis: str = LEGAL_BASIS_DEPARTMENTS


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "so-ldtbxh", ("so-noi-vu",),
        "bình đẳng giới; lao động, tiền lương, việc làm; người có công; an toàn, vệ sinh lao "
        "động; bảo hiểm xã hội",
    ),
    Transition(
        "so-ldtbxh", ("so-y-te",),
        "bảo trợ xã hội; trẻ em; phòng, chống tệ nạn xã hội",
    ),
    Transition("so-ldtbxh", ("so-gddt",), "giáo dục nghề nghiệp"),
    Transition("so-ldtbxh", ("so-nnmt",), "giảm nghèo"),
    Transition(
        "so-tttt", ("so-khcn",),
        "công nghệ thông tin, chuyển đổi số; bưu chính, viễn thông",
    ),
    Transition(
        "so-tttt", ("so-vhttdl", "so-vhtt"),
        "báo chí, xuất bản; phát thanh, truyền hình; thông tin cơ sở, thông tin đối ngoại",
    ),
    Transition("so-khdt", ("so-tai-chinh",), "kế hoạch, đầu tư"),
    Transition("so-tnmt", ("so-nnmt",), "tài nguyên và môi trường"),
    Transition("so-nnptnt", ("so-nnmt",), "nông nghiệp và phát triển nông thôn"),
    Transition("so-gtvt", ("so-xay-dung",), "giao thông vận tải"),
    Transition("ban-dan-toc", ("so-dttg",), "công tác dân tộc"),
    Transition("so-vhtt", ("so-vhttdl",), "văn hóa, gia đình, thể dục, thể thao"),
    Transition("so-du-lich", ("so-vhttdl",), "du lịch"),
    Transition("so-ngoai-vu", ("van-phong-ubnd",), "ngoại vụ"),
    # Renames (same code, new name): the statistics office and the Party board.
    Transition(
        "thong-ke", ("thong-ke",), "thống kê (đổi tên)",
        legal_basis="Quyết định 384/QĐ-BTC ngày 26/02/2025",
    ),
    Transition(
        "ban-tuyen-giao", ("ban-tuyen-giao",), "tuyên giáo; dân vận (hợp nhất, đổi tên)",
        legal_basis="⚠ Quyết định của Ban Thường vụ Tỉnh ủy/Thành ủy (tháng 2/2025)",
    ),
    # Central level.
    Transition(
        "bo-ldtbxh", ("bo-noi-vu",),
        "bình đẳng giới; lao động, tiền lương, việc làm; người có công; bảo hiểm xã hội",
        legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "bo-ldtbxh", ("bo-y-te",), "bảo trợ xã hội; trẻ em; phòng, chống tệ nạn xã hội",
        legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "bo-ldtbxh", ("bo-gddt",), "giáo dục nghề nghiệp", legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "vu-bdg", ("vu-cttn-bdg",), "bình đẳng giới", legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "bo-tttt", ("bo-khcn",), "công nghệ thông tin, chuyển đổi số",
        legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "bo-tttt", ("bo-vhttdl",), "báo chí, xuất bản", legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    Transition(
        "bo-khdt", ("bo-tai-chinh",), "kế hoạch, đầu tư", legal_basis=LEGAL_BASIS_MINISTRIES,
    ),
    # District offices (catalogue level only: the loader creates no district offices).
    Transition("phong-ldtbxh", ("phong-noi-vu",), "bình đẳng giới; lao động, việc làm"),
)  # fmt: skip


# When an old province's body has no same-code body in the province it joined on
# 1/7/2025 (Bình Dương's Sở Văn hóa, Thể thao và Du lịch joining Hồ Chí Minh City, which
# keeps culture and tourism apart), its functions go to these.
MERGER_FALLBACKS: tuple[Transition, ...] = (
    Transition(
        "so-vhttdl", ("so-vhtt",), "văn hóa, gia đình, thể dục, thể thao; báo chí, xuất bản",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
    Transition(
        "so-vhttdl", ("so-du-lich",), "du lịch",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
    Transition(
        "so-vhtt", ("so-vhttdl",), "văn hóa, gia đình, thể dục, thể thao",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
    Transition(
        "so-du-lich", ("so-vhttdl",), "du lịch",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
    Transition(
        "so-ngoai-vu", ("van-phong-ubnd",), "ngoại vụ",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
    Transition(
        "so-dttg", ("so-noi-vu",), "công tác dân tộc, tôn giáo",
        effective=UNITS_REFORM, legal_basis=LEGAL_BASIS_PROVINCES,
    ),
)  # fmt: skip


# ---------------------------------------------------------------------------------------
# Group phrases
# ---------------------------------------------------------------------------------------


class GroupLevel:
    """Which units a group's members sit in, relative to the plan's unit."""

    SAME = "same"  # the plan's own level (province bodies of a province plan…)
    DISTRICT = "district"  # the districts under the plan's province (until 30/6/2025)
    COMMUNE = "commune"  # the communes under the plan's unit
    LOCAL = "local"  # the local governments below: districts until 30/6/2025, then communes


@dataclass(frozen=True)
class Group:
    code: str
    label: str
    phrases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    level: str = GroupLevel.SAME
    catch_all: bool = False


GROUPS: tuple[Group, ...] = (
    Group(
        "co-quan-bao-chi", "Các cơ quan báo chí, thông tin đại chúng",
        phrases=("cơ quan thông tin đại chúng", "phương tiện thông tin đại chúng",
                 "cơ quan báo chí", "cơ quan truyền thông", "cơ quan thông tin, truyền thông",
                 "cơ quan thông tin, báo chí", "cơ quan báo chí, truyền thông",
                 "cơ quan thông tin, tuyên truyền", "báo, đài"),
        tags=("media",),
    ),
    Group(
        "co-quan-thong-tin", "Các cơ quan thông tin (báo, đài, cổng thông tin điện tử)",
        phrases=("cơ quan thông tin",), tags=("information",),
    ),
    Group(
        "to-chuc-ctxh", "Các tổ chức chính trị - xã hội",
        phrases=("tổ chức chính trị - xã hội", "đoàn thể chính trị - xã hội",
                 "tổ chức chính trị xã hội"),
        tags=("socio_political",),
    ),
    Group(
        "mttq-thanh-vien", "Các tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam",
        phrases=("tổ chức thành viên của Ủy ban Mặt trận Tổ quốc Việt Nam",
                 "tổ chức thành viên của Ủy ban Mặt trận Tổ quốc",
                 "tổ chức thành viên khác của Ủy ban Mặt trận Tổ quốc Việt Nam",
                 "tổ chức thành viên khác của Ủy ban Mặt trận Tổ quốc",
                 "tổ chức thành viên của Mặt trận Tổ quốc Việt Nam",
                 "tổ chức thành viên của Mặt trận", "tổ chức thành viên"),
        tags=("mttq_member",),
    ),
    Group(
        "ubnd-cap-huyen", "Ủy ban nhân dân các quận, huyện, thị xã, thành phố (đến 30/6/2025)",
        tags=("district_pc",), level=GroupLevel.DISTRICT,
    ),
    Group(
        "ubnd-cap-xa", "Ủy ban nhân dân các xã, phường, thị trấn, đặc khu",
        tags=("commune_pc",), level=GroupLevel.COMMUNE,
    ),
    Group(
        "lien-quan", "Các cơ quan, tổ chức có liên quan (không nêu tên)",
        phrases=("cơ quan, đơn vị có liên quan", "cơ quan, tổ chức có liên quan",
                 "cơ quan có liên quan", "tổ chức có liên quan", "đơn vị có liên quan"),
        catch_all=True,
    ),
)  # fmt: skip

# The words the composed group phrases are made of, with the tags each one selects.
# "các sở, ban, ngành, đoàn thể thành phố" = departments ∪ boards ∪ sector bodies ∪ the
# Fatherland Front and mass organisations of the city. Empty tags: a vague word ("đơn vị",
# "cơ quan") that adds no member of its own; a phrase made of vague words only is a
# catch-all.
GROUP_WORDS: dict[str, tuple[str, ...]] = {
    "sở": ("department",),
    "ban": ("board",),
    "ngành": ("department", "board", "sector"),
    "đoàn thể": ("mttq", "mass_organisation"),
    "địa phương": ("@local",),
    "đơn vị": (),
    "cơ quan": (),
    "tổ chức": (),
    "doanh nghiệp": (),
    "cá nhân": (),
}
# Plural level words: "các quận, huyện" = the districts; "xã, phường, thị trấn" = communes.
DISTRICT_WORDS = ("quận", "huyện", "thị xã", "thành phố", "huyện đảo")
COMMUNE_WORDS = ("xã", "phường", "thị trấn", "đặc khu")
# The order in which the words of a composed group make its code.
GROUP_WORD_ORDER = ("sở", "ban", "ngành", "đoàn thể", "địa phương")
GROUP_WORD_SLUGS = {
    "sở": "so",
    "ban": "ban",
    "ngành": "nganh",
    "đoàn thể": "doan-the",
    "địa phương": "dia-phuong",
}


# ---------------------------------------------------------------------------------------
# Lookups
# ---------------------------------------------------------------------------------------


@cache
def entries_by_code() -> dict[str, Entry]:
    return {entry.code: entry for entry in ENTRIES}


def entry(code: str) -> Entry | None:
    return entries_by_code().get(code)


@cache
def groups_by_code() -> dict[str, Group]:
    return {group.code: group for group in GROUPS}


def transitions_from(code: str) -> tuple[Transition, ...]:
    return tuple(t for t in TRANSITIONS if t.predecessor == code)


def entries_with_tags(tags: tuple[str, ...] | frozenset[str], level: str) -> list[Entry]:
    wanted = set(tags)
    return [e for e in ENTRIES if level in e.levels and wanted.intersection(e.tags)]


def era_of(day: date, *, central: bool = False) -> str:
    if day < DEPARTMENTS_REFORM:
        return Era.BEFORE
    if central or day >= UNITS_REFORM:
        return Era.CURRENT
    return Era.INTERIM
