"""Rules that flag clauses of a village convention which may discriminate by sex.

An aid for the person reviewing a hương ước / quy ước, not a verdict: every flag names the
rule, says why in words (`reason`) and quotes the words that raised it (`excerpt`); the
reviewer confirms or dismisses it. Pure Python, no ORM.

How a clause is read:

* The text is folded (`binhdang.core.text.fold`: lower case, no diacritics, "đ" → "d"),
  character by character so that every match maps back to the original words. Patterns
  are written over the folded text, so "Phụ nữ", "PHỤ NỮ" and "phu nu" are one thing.
* It is cut into segments at the ends of sentences, semicolons and line breaks. A segment
  that opens a list ("Nghiêm cấm các hành vi sau:") leads every segment after it, and the
  clause's heading (the article's title, a list's lead-in) leads them all: patterns may
  run from the lead into the segment ("Phụ nữ không được: … vào nhà thờ họ").
* A match is dropped when the segment says the opposite:
  - an *equality* phrase of the rule ("không phân biệt", "con trai và con gái", "đều
    được", "bình đẳng", "cả vợ và chồng"…);
  - a *reform* cue anywhere before it, in the segment, its lead or the heading ("xóa bỏ",
    "bài trừ", "phê phán", "nghiêm cấm các hành vi", "không ai được ép"…): the clause
    condemns the practice;
  - for rules about a *practice* (bride price, child or forced marriage, sex selection,
    violence…), also a plain negation shortly before it ("không thách cưới", "nghiêm
    cấm tảo hôn") or a condemnation right after it ("… là vi phạm pháp luật").
* The catch-all rule `restriction` ("phụ nữ không được…", "chỉ nam giới mới được…") is
  reported only when no specific rule flagged the clause.

The figures of the rules on a labelled set are in tests/test_flagging.py.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import fold

EXCERPT_MAX = 240


def _gap(n: int) -> str:
    """Up to `n` words of any kind."""
    return rf"(?:\S+ ){{0,{n}}}"


def _gapx(n: int) -> str:
    """Up to `n` words, none of them a negation (so "phụ nữ không phải …" is not "phải")."""
    return rf"(?:(?!khong |chang |cha )\S+ ){{0,{n}}}"


# Vocabulary over folded text. "Phụ nữ" of the Women's Union ("Hội Phụ nữ", "Hội Liên hiệp
# Phụ nữ") and of Women's Day ("Ngày Phụ nữ") is an organisation or a day, not women.
_PHU_NU = r"(?<!hoi )(?<!hiep )(?<!ngay )phu nu"
WOMEN_STRICT = (  # without the bare "vợ", which folds like "võ", "vô", "vỏ"
    rf"(?:{_PHU_NU}|nu gioi|dan ba|chi em(?: phu nu)?|nguoi phu nu|con gai|con dau|co gai|"
    r"nguoi con gai|em gai|lao dong nu|nguoi vo)"
)
WOMEN = rf"(?:{WOMEN_STRICT}|vo)"
MEN = (
    r"(?:nam gioi|dan ong|nguoi dan ong|con trai(?: truong| ca| ut)?|truong nam|chau trai|"
    r"dinh nam|cu ong|cac cu ong|nguoi chong|chu ho nam)"
)
SACRED = (
    r"(?:nha tho(?: ho| to)?|tu duong|dinh lang|dinh chua|mieu|ban tho|gian tho|nha rong|"
    r"nha dai|le hoi|le gio|gio to|gio ho|hop ho|te le|cung gio|cung te|le te|le cung|"
    r"hau dong|khu vuc tho|noi tho|cung to|tho cung|an gio|du gio|gia pha|toc pha|"
    r"(?:vao|len|buoc vao|buoc len|den|ra) (?:dinh|chua|den|mieu|am|nha tho))"
)
ROLES = (
    r"(?:hop|du hop|di hop|tham du hop|hop thon|hop lang|hop ban|hoi nghi|bieu quyet|ung cu|"
    r"de cu|bau cu|phat bieu|truong thon|pho truong thon|truong ban|to truong|truong ap|"
    r"truong khu|gia lang|bi thu|ban dieu hanh|ban cong tac|"
    r"hoi dong|to hoa giai|chuc danh|lanh dao|dieu hanh|dai dien)"
)
CHORES = (
    r"(?:viec nha|viec noi tro|noi tro|viec bep|bep nuc|nau nuong|nau an|com nuoc|giat giu|"
    r"don dep|don rua|rua bat|cham soc con|nuoi day con|cham soc gia dinh|phuc vu|"
    r"viec gia dinh|cong viec gia dinh|lo viec nha|viec trong nha|lo bep|dung bep|"
    r"cham soc (?:chong|chong con|gia dinh|con cai|bo me chong|cha me chong))"
)
PUNISH = (
    r"(?:bi phat|phat tien|nop phat|xu phat|bi xu phat|bi phe binh|phe binh|bi nhac nho|"
    r"nhac nho|khien trach|canh cao|bi canh cao|le ta toi|ta toi|bi xu ly|bi the|"
    r"bi duoi|duoi ra khoi|phat vac|phat va|bi phat va|bi kiem diem|kiem diem|phat)"
)
BEHAVIOUR = (
    r"(?:mac|an mac|ve|ve nha|di choi|di|uong ruou|hut thuoc|ra duong|o ngoai|ngoi|noi|"
    r"cuoi|co thai|mang thai|chua hoang|co con|de con|nhuom toc|cat toc|xam|bo nha|"
    r"giao du|yeu|ngu lai|dung|o lai|tiep xuc)"
)
CHILD_AGE = r"(?:1[0-7]|[5-9]|muoi (?:lam|nam|sau|bay|bon|ba|hai|mot)|muoi)"
WIDOW = (
    r"(?:goa phu|vo goa|nguoi vo goa|phu nu goa chong|goa chong|ba goa|nguoi goa chong|"
    r"(?:co |khi |neu )?chong (?:chet|mat|qua doi|tu tran))"
)

# Phrases that say both sexes are meant, or equality: the match is not discrimination.
EQUALITY = (
    r"\bkhong phan biet\b",
    r"\bbinh dang\b",
    r"\bnhu nhau\b",
    r"\bngang nhau\b",
    r"\bngang bang\b",
    r"\bdeu (?:duoc|co|la|phai|co the|co quyen|co nghia vu|co trach nhiem)\b",
    r"\bca (?:nam|con trai|con gai|hai|nguoi)\b",
    r"\bnam (?:va|hoac|hay|lan) nu\b",
    r"\bnu (?:va|hoac|hay) nam\b",
    r"\bnam nu\b",
    r"\b(?:phu nu|nu gioi) (?:va|hoac|hay|lan) (?:nam gioi|dan ong)\b",
    r"\b(?:nam gioi|dan ong) (?:va|hoac|hay|lan) (?:phu nu|nu gioi)\b",
    r"\bcon trai (?:va |hoac |hay |lan |cung nhu |voi )?con gai\b(?! (?:khong|chi|thi|lai|bi))",
    r"\bcon gai (?:va |hoac |hay |lan |cung nhu |voi )?con trai\b(?! (?:khong|chi|thi|lai|bi))",
    r"\bke ca (?:con dau|phu nu|con gai|nu)\b",
)
SPOUSES = (
    r"\b(?:ca )?vo (?:va|hoac|hay|lan) chong\b",
    r"\bchong (?:va|hoac|hay) vo\b",
    r"\b(?:ca )?vo chong cung\b",
    r"\bcung (?:dung ten|nhau|chia se)\b",
)

# Cues that the clause condemns what follows (anywhere before the match).
REFORM = (
    r"\bxoa bo\b",
    r"\bbai tru\b",
    r"\bloai bo\b",
    r"\bbai bo\b",
    r"\bphe phan\b",
    r"\blen an\b",
    r"\btu bo\b",
    r"\bdau tranh\b",
    r"\bngan chan\b",
    r"\bkhac phuc\b",
    r"\bphong chong\b",
    r"\bphong ngua\b",
    r"\bkhong ai duoc\b",
    r"\bkhong (?:nhat thiet|bat buoc|chi)\b",
    r"\bkhong (?:duoc )?(?:ep|ep buoc|bat|bat ep|bat buoc|cuong ep|ngan can|can tro|"
    r"phan biet|doi xu|danh|xuc pham|ngoc dai|duoi|tuoc)\b",
    r"\b(?:nghiem )?cam (?:cac |moi |tat ca )?(?:hanh vi|viec|tinh trang|hinh thuc|thoi|tuc|"
    r"hu tuc|ep|ep buoc|bat|bat ep|cuong ep|ngan can|can tro|phan biet|lua chon|danh)\b",
    r"\bkhong (?:de|cho) (?:xay ra|dien ra|ton tai)\b",
)
# For practices: a plain negation or ban shortly before the match.
PRACTICE_BEFORE = re.compile(r"\b(?:khong|chang|nghiem cam|cam|han che|tranh|ngan cam|xoa|bo)\b")
PRACTICE_WINDOW = 8  # words before the match searched for PRACTICE_BEFORE
# A ban that opens an enumeration ("Nghiêm cấm tảo hôn, …, cưỡng ép kết hôn") covers all
# of it, however long.
PRACTICE_BAN = re.compile(
    r"\b(?:nghiem cam|bi cam|xoa bo|bai tru|loai bo|phong chong|ngan chan|chong lai)\b"
)
# …or a condemnation right after it.
PRACTICE_AFTER = re.compile(
    r"^(?:\S+ ){0,6}?(?:la )?(?:vi pham|trai (?:voi )?(?:phap luat|quy dinh)|bi (?:nghiem )?cam|"
    r"bi xu ly|bi len an|la hu tuc|hu tuc|can (?:xoa bo|loai bo|bai tru)|phai (?:xoa bo|loai bo)|"
    r"khong bat buoc|tuy (?:tam|dieu kien|kha nang))\b"
)


@dataclass(frozen=True)
class Rule:
    """One kind of discrimination: its code, the reason shown, the patterns (over folded
    text) and the phrases that rule it out."""

    code: str
    reason: Promise
    patterns: tuple[str, ...]
    unless: tuple[str, ...] = EQUALITY
    practice: bool = False
    compiled: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    compiled_unless: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled", tuple(re.compile(p) for p in self.patterns))
        object.__setattr__(self, "compiled_unless", tuple(re.compile(p) for p in self.unless))


RULES: tuple[Rule, ...] = (
    Rule(
        "head_of_household",
        _("Only men may be the head of the household or make the family's decisions."),
        (
            rf"\bchu (?:ho|gia dinh) {_gap(2)}(?:phai |chi |se |mac nhien |deu )?(?:la|do) "
            rf"{_gap(1)}(?:nam gioi|dan ong|nguoi dan ong|nguoi chong|chong|con trai|truong nam)\b",
            r"\b(?:nguoi chong|chong|dan ong|nam gioi|nguoi dan ong|con trai truong|truong nam) "
            r"(?:la|lam|phai la|duoc lam|moi la) (?:chu (?:ho|gia dinh|nha)|tru cot|"
            r"nguoi quyet dinh)",
            rf"\bchi (?:co |nhung |cac |nguoi )*{MEN} (?:moi )?(?:duoc |co quyen )?"
            r"(?:dung ten |lam |la )?"
            r"(?:chu (?:ho|gia dinh)|tru cot)",
            rf"\b(?:moi |cac )?viec (?:lon|he trong|quan trong) {_gap(4)}(?:do|la cua|thuoc ve|"
            r"do nguoi) (?:nguoi chong|chong|dan ong|nam gioi)\b",
            rf"\b(?:nguoi chong|chong|dan ong) {_gap(3)}(?:co )?quyen quyet dinh "
            r"(?:moi|tat ca|cac|toan bo)\b",
        ),
        unless=EQUALITY + SPOUSES + (r"\bthoa thuan\b",),
    ),
    Rule(
        "inheritance",
        _("Inheritance of land or property is reserved to sons or men."),
        (
            rf"\b(?:thua ke|thua huong|huong thua ke|di san|chia (?:tai san|dat|ruong|nha)|"
            rf"de lai|giao lai|truyen lai|ke thua|giao) {_gap(6)}(?:chi |duy nhat |rieng )?"
            rf"(?:cho |thuoc ve |danh cho |thuoc quyen )(?:cac )?(?:con trai|truong nam|"
            rf"chau trai|dinh nam|nam gioi)\b",
            rf"\b(?:con trai|truong nam|chau trai|cac con trai) {_gap(6)}(?:duoc |se )?"
            r"(?:thua ke|thua huong|huong (?:thua ke|dat|tai san|nha|phan|di san)|chia nhau|"
            r"giu (?:dat|nha(?! tho)|tai san)|chia (?:ruong|dat) (?:gap doi|nhieu hon))",
            rf"\b(?:con gai|phu nu|nu gioi) {_gap(4)}(?:chi )?(?:duoc )?(?:chia|huong|nhan) "
            rf"{_gap(3)}(?:mot nua|nua phan|it hon|bang mot nua)\b",
            rf"\b(?:con gai|phu nu|nu gioi|con gai da (?:di )?lay chong) {_gapx(6)}"
            r"(?:khong (?:duoc |co quyen |the )|bi tuoc (?:quyen )?|mat quyen |chang duoc )"
            r"(?:duoc )?(?:thua ke|thua huong|huong|chia|nhan)",
            rf"\bcon gai {_gap(4)}chi duoc (?:nhan|huong|chia)\b",
        ),
    ),
    Rule(
        "ritual_lead",
        _("Worship, lineage or ritual roles are reserved to sons or men."),
        (
            rf"\b(?:tho cung|tho phung|cung gio|huong khoi|chu te|chu tri (?:le|viec cung|nghi le)|"
            rf"te le|dang huong|thap huong|giu (?:nha tho|tu duong|ban tho)|truong ho|truong toc|"
            rf"tho tu) {_gap(10)}(?:do |la |giao cho |phai la |chi |thuoc ve |danh cho |cho )"
            rf"{_gap(1)}(?:con trai|truong nam|chau trai|dinh nam|nam gioi|dan ong|cu ong|"
            rf"nguoi dan ong)\b",
            rf"\b(?:con trai|truong nam|chau trai|dinh nam|nam gioi|dan ong|nguoi dan ong) "
            rf"{_gap(6)}(?:duoc |moi duoc |co trach nhiem |co nghia vu |phai |dam nhan |lo |"
            r"giu viec )(?:len )?(?:tho cung|tho phung|cung gio|huong khoi|noi doi|noi giong|"
            r"chu te|thap huong|dang huong|te le|giu (?:nha tho|tu duong|ban tho)|"
            r"cham lo mo ma|(?:ghi ten )?vao (?:gia pha|toc pha))",
        ),
        unless=EQUALITY + (r"\bcac con khac\b", r"\bthoa thuan\b", r"\bcon gai cung\b"),
    ),
    Rule(
        "obedience",
        _("Women are required to obey their husband or his family."),
        (
            rf"\b{WOMEN} {_gapx(2)}(?:phai|can|nen|co bon phan) {_gap(1)}(?:nghe loi|vang loi|"
            r"vang theo|tuan theo|nghe theo|phuc tung|theo y|chiu su sai bao|an loi|chieu theo)\b",
            rf"\b{WOMEN} {_gapx(6)}(?:phai|co bon phan) {_gap(6)}(?:hau ha|phuc vu|phuc tung) "
            r"(?:chong|nha chong|gia dinh (?:nha )?chong|bo me chong|cha me chong)\b",
            rf"\b{WOMEN} {_gapx(4)}phai (?:xin phep|duoc su dong y cua|hoi y kien) "
            r"(?:chong|nha chong|bo me chong|cha me chong)\b",
            rf"\b(?:nguoi chong|chong) (?:co quyen|duoc quyen) (?:quyet dinh|dinh doat|cho phep|"
            rf"cam|ngan) {_gap(8)}(?:cua )?(?:vo|nguoi vo)\b",
            r"\btam tong\b",
            r"\bxuat gia tong phu\b",
            r"\bphu xuong phu tuy\b",
            r"\bchong chua vo toi\b",
            r"\bcong dung ngon hanh\b",
        ),
        practice=True,
    ),
    Rule(
        "ritual_exclusion",
        _("Women or daughters-in-law are barred from ceremonies or places of worship."),
        (
            rf"\b{WOMEN_STRICT} {_gapx(8)}(?:khong duoc phep|khong duoc|bi cam|cam|khong the|"
            rf"kieng|khong) (?:tham du |du |vao |buoc vao |len |den |tham gia |ve |"
            rf"cham vao |dung vao |ngoi |lai gan )?{_gap(3)}{SACRED}",
            rf"\b(?:cam|khong cho|khong de|khong cho phep) {WOMEN} {_gap(3)}{SACRED}",
        ),
        unless=EQUALITY + (r"\bmoi thanh vien\b",),
    ),
    Rule(
        "public_roles",
        _("Women are kept out of village meetings, votes or leadership roles."),
        (
            rf"\bchi (?:co |nhung |cac |nguoi )*(?:{MEN}) {_gap(6)}(?:moi )?(?:duoc )?"
            rf"(?:tham gia )?{ROLES}",
            rf"\b{WOMEN_STRICT} {_gapx(4)}(?:khong duoc phep|khong duoc|bi cam|khong the|"
            rf"khong can|khong|cam) (?:tham gia |lam |ung cu (?:lam |vao )?|du |di |vao |"
            rf"giu (?:chuc )?|dam nhan )?{_gap(2)}{ROLES}",
            rf"\b(?:{ROLES}|dai dien (?:ho|gia dinh|ho gia dinh)|nguoi di hop|nguoi du hop) "
            rf"{_gap(6)}(?:phai la|chi la|deu la|la|do|gom|chi gom) {_gap(1)}"
            rf"(?:nam gioi|dan ong|nguoi dan ong|con trai|cu ong|cac cu ong|dinh nam)\b",
            rf"\b(?:{ROLES}) {_gap(10)}(?:phu nu|nu gioi|dan ba|chi em) (?:khong (?:duoc )?"
            r"(?:tham gia|du|vao|lam)|bi cam)",
            rf"\bcu {_gap(2)}(?:nguoi dan ong|nam gioi|dan ong|con trai) {_gap(2)}"
            r"(?:di hop|du hop|dai dien|lam dai dien|tham du)",
        ),
        unless=EQUALITY + (r"\bit nhat\b", r"\bco ca\b", r"\bty le\b", r"\bkhuyen khich\b"),
    ),
    Rule(
        "property_name",
        _("Land or property is registered in the husband's or a son's name only."),
        (
            rf"\b(?:so do|so hong|giay chung nhan|quyen su dung dat|nha o|dat o|dat dai|"
            rf"tai san|nha dat|ruong dat|dat)\b {_gap(8)}(?:chi |deu |phai |duoc )?"
            rf"(?:ghi ten|dung ten|mang ten|dang ky ten) {_gap(1)}(?:nguoi chong|chong|con trai|"
            rf"truong nam|nam gioi|chu ho nam|dan ong)\b",
        ),
        unless=EQUALITY + SPOUSES + (r"\bhoac vo\b", r"\bvo hoac\b"),
    ),
    Rule(
        "bride_price",
        _("Requires or allows bride price, dowry or other marriage payments."),
        (
            r"\bthach cuoi\b",
            r"\bsinh le\b",
            r"\b(?:cua )?hoi mon\b",
            r"\b(?:tien cheo|nop cheo|lam cheo|cheo cuoi)\b",
            rf"\b(?:nha trai|chu re|ben trai|nguoi con trai) {_gap(3)}(?:phai |bat buoc )"
            rf"(?:nop|dua|mang|dan|chiu|lo|tra|dan cuoi|chuan bi|co) {_gap(8)}"
            r"(?:trau|bo|lon|heo|ruou|bac trang|dong bac|vang|tien|gao|le vat|gia suc)\b",
            rf"\b(?:nha gai|bo me co dau) (?:doi|thach|yeu cau|bat) {_gap(4)}"
            r"(?:tien|vang|bac|trau|bo|lon|heo)\b",
        ),
        practice=True,
    ),
    Rule(
        "child_marriage",
        _("Allows marriage before the legal age (child or early marriage)."),
        (
            rf"\b(?:con gai|co gai|nu|em gai|trai gai|con|chau gai|con trai|thanh nien|trai|gai)"
            rf" {_gap(6)}(?:(?:du|tu|tron|den|o tuoi|khi|dat|nam|moi) {_gap(1)}{CHILD_AGE} "
            rf"(?:\S+ )?tuoi|(?:den|o|du|tron) tuoi {CHILD_AGE}\b) {_gap(8)}"
            r"(?:lay chong|lay vo|ket hon|cuoi|ga|lay nhau|an hoi|le hoi|lam dau|ve nha chong|"
            r"thanh hon|dinh hon)",
            rf"\b(?:lay chong|lay vo|ket hon|cuoi vo|cuoi chong|ga chong|ga con|lay nhau|"
            rf"hua hon|dinh hon|an hoi) {_gap(6)}(?:tu|khi|o tuoi|luc|nam|du|moi) {_gap(1)}"
            rf"{CHILD_AGE}\b(?: \S+)? tuoi",
            rf"\b(?:cho phep|duoc phep|duoc|co the|chap nhan) {_gap(6)}(?:cuoi|ket hon|"
            rf"lay chong|lay vo|ga|to chuc (?:dam )?cuoi) {_gap(4)}(?:chua du tuoi|"
            r"chua den tuoi|tuoi vi thanh nien|tre em)",
            r"\btao hon\b",
            r"\bhua hon tu (?:nho|be)\b",
        ),
        practice=True,
    ),
    Rule(
        "forced_marriage",
        _("Allows forced or arranged marriage, or bride kidnapping."),
        (
            rf"\b(?:cuong ep|ep buoc|ep|bat ep|bat buoc) {_gap(4)}(?:ket hon|lay chong|lay vo|"
            r"cuoi|lam vo|lam dau|ve nha chong|ve lam dau)\b",
            r"\b(?:keo vo|bat vo|cuop vo|bat chong|cuop dau|bat co dau)\b",
            rf"\b(?:hon nhan|viec lay chong|viec lay vo|viec cuoi xin|viec dung vo ga chong|"
            rf"viec ket hon) {_gap(6)}(?:do|la quyen cua|theo y|phai theo|phai nghe) "
            rf"(?:cha me|bo me|gia dinh|ong ba|dong ho|truong ho|nha trai) {_gap(2)}"
            r"(?:quyet dinh|sap dat|dinh doat|dat dau|chon|gan ghep)\b",
            rf"\b(?:cha me|bo me|gia dinh|dong ho) (?:sap dat|quyet dinh|dinh doat|gan ghep|"
            rf"hua ga) {_gap(3)}(?:hon nhan|viec cuoi|viec lay chong|lay chong|lay vo|ga)\b",
        ),
        unless=EQUALITY + (r"\btu nguyen\b", r"\btu quyet dinh\b", r"\btu do\b"),
        practice=True,
    ),
    Rule(
        "widow",
        _("Restricts widows from remarrying or binds them to the husband's family."),
        (
            rf"\b{WIDOW} {_gap(8)}(?:khong duoc phep|khong duoc|bi cam|cam|khong nen|"
            rf"(?<!khong )phai|chi duoc|bat buoc) {_gap(4)}(?:tai gia|tai hon|di buoc nua|"
            r"lay chong|ket hon|o vay|o lai|thu tiet|lay (?:anh|em)|de lai|tra lai|giao lai|"
            r"ve nha|ra khoi)",
            r"\b(?:tuc )?noi day\b",
            r"\bthu tiet\b",
            rf"\b(?:neu|khi) {_gap(2)}(?:tai gia|di buoc nua|lay chong khac|tai hon) "
            rf"(?:thi )?{_gap(2)}(?:phai|mat|bi|khong duoc)\b",
        ),
        unless=EQUALITY
        + (r"\btu do\b", r"\bco quyen\b", r"\bngan can\b", r"\bcan tro\b", r"\bton trong\b"),
        practice=True,
    ),
    Rule(
        "son_preference",
        _("Favours sons over daughters (son preference)."),
        (
            rf"\b(?:phai|co gang|bang moi gia|nhat dinh phai|can) {_gap(2)}(?:sinh|de|co) "
            r"(?:duoc |them )?(?:mot )?(?:con trai|chau trai|dua con trai)\b",
            rf"\b(?:sinh|de|co) (?:duoc )?(?:con trai|chau trai) {_gap(3)}(?:de |moi |thi )?"
            rf"{_gap(2)}(?:noi doi|noi giong|tho cung|huong khoi|noi nghiep)",
            r"\bnoi doi(?: tong duong)?\b",
            r"\bnoi giong\b",
            rf"\b(?:khong co|khong sinh duoc|chi co|chi sinh|sinh toan|toan) "
            rf"(?:con trai|con gai)\b {_gap(4)}(?:thi|phai|se|bi|khong duoc|la)\b",
            rf"\b(?:phat|xu phat|nop phat|phe binh|khong (?:duoc )?cong nhan|khong (?:duoc )?xet|"
            rf"tru diem|cat) {_gap(8)}(?:sinh|de|co) (?:them )?(?:con gai|toan con gai)\b",
            rf"\b(?:sinh|de) (?:them )?(?:con gai|toan con gai)(?: thu \S+)? {_gap(6)}"
            r"(?:phat|nop phat|bi phat|phe binh|khong duoc|bi tru|bi cat)\b",
            rf"\b(?:thuong|khen thuong|tang qua|tang thuong|mung) {_gap(8)}(?:sinh|de) "
            r"(?:duoc )?(?:con trai|chau trai)\b",
            rf"\b(?:sinh|de) (?:duoc )?(?:con trai|chau trai) {_gap(6)}(?:duoc )?(?:thuong|"
            r"khen thuong|tang qua|tang|mung|ho tro|uu tien)\b",
            r"\b(?:lua chon|chon|chon lua) gioi tinh\b",
            rf"\b(?:con trai|chau trai|con trai truong|truong nam) {_gap(3)}(?:duoc )?uu tien\b",
            r"\btrong nam khinh nu\b",
        ),
        practice=True,
    ),
    Rule(
        "domestic_roles",
        _("Assigns housework and care to women because of their sex."),
        (
            rf"\b{CHORES} {_gap(4)}(?:la|thuoc ve|la viec cua|la trach nhiem cua|la bon phan cua|"
            rf"do|giao cho|danh cho|phai do) {_gap(2)}(?:phu nu|dan ba|chi em|nguoi vo|vo|"
            r"con gai|con dau|nu gioi)\b",
            rf"\b{WOMEN} {_gapx(8)}(?:phai|co trach nhiem|co nhiem vu|chiu trach nhiem|"
            rf"co bon phan|lo|chi lo|dam nhan|dam nhiem|o nha) {_gap(4)}{CHORES}",
            r"\b(?:dan ong|nam gioi|chong) (?:lo|lam|quyet) (?:nhung )?viec lon\b",
            r"\bnam ngoai nu trong\b",
        ),
        unless=EQUALITY
        + SPOUSES
        + (r"\bchia se\b", r"\bkhuyen khich nam gioi\b", r"\bnam gioi (?:tham gia|cung)\b"),
    ),
    Rule(
        "women_penalty",
        _("Penalises women alone for their dress or behaviour."),
        (
            rf"\b{WOMEN_STRICT} {_gapx(4)}{BEHAVIOUR}\b {_gap(10)}{PUNISH}\b",
            rf"\b(?:phat|xu phat|phe binh) {_gap(2)}(?:nhung |cac )?{WOMEN_STRICT} {_gap(6)}"
            rf"{BEHAVIOUR}\b",
            rf"\b(?:chua hoang|co thai (?:ngoai gia thu|khi chua (?:co )?chong)|"
            rf"chua chong ma co (?:thai|con)) {_gap(10)}(?:{PUNISH}|phai)\b",
        ),
        unless=EQUALITY
        + (
            r"\bmoi nguoi\b",
            r"\bbat ky ai\b",
            r"\b(?:danh|bao luc|nguoc dai|hanh ha|xam hai|ep|ep buoc|ngan can|can tro)\b",
        ),
    ),
    Rule(
        "violence",
        _("Condones violence against wives or treats it as a private family matter."),
        (
            rf"\b(?:chong|nguoi chong|dan ong) {_gap(2)}(?:co quyen|duoc phep|duoc) {_gap(2)}"
            rf"(?:danh|day bao|day do|day vo|tru phat|rang de|xu phat|phat) {_gap(3)}"
            r"(?:vo|nguoi vo)\b",
            rf"\b(?:danh vo|danh nhau|bao luc gia dinh|xo xat|mau thuan|cai nhau|bao luc) "
            rf"{_gap(10)}(?:la )?(?:chuyen|viec) (?:rieng|noi bo|trong nha)\b",
            rf"\b(?:khong duoc|khong nen|cam) (?:bao|trinh bao|to cao|tri ho|keu) {_gap(6)}"
            r"(?:chong danh|bi danh|bao luc)\b",
            rf"\b(?:vo|nguoi vo|phu nu) (?:bi )?(?:chong )?danh {_gap(4)}(?:khong duoc|khong nen|"
            r"cam) (?:bao|trinh bao|to cao|keu|noi)\b",
            rf"\b(?:vo chong|chong) {_gap(12)}(?:khong duoc|khong nen|khong) "
            r"(?:can thiep|xen vao)\b",
        ),
        unless=(r"\bkhong phan biet\b", r"\bbinh dang\b"),
        practice=True,
    ),
)
# The catch-all, reported only when no rule above flagged the clause.
RESTRICTION = Rule(
    "restriction",
    _("Restricts women, or reserves a right to men, because of their sex."),
    (
        rf"\b{WOMEN_STRICT}\b {_gapx(6)}(?:khong duoc phep|khong duoc|bi cam|khong the|khong nen|"
        r"khong co quyen|cam) (?!bi |de bi )\S+",
        rf"\bchi (?:co |nhung |cac |nguoi )*(?:nam gioi|dan ong|nguoi dan ong|con trai|dinh nam|"
        rf"cu ong) {_gap(6)}(?:moi )?(?:duoc|co quyen|duoc phep)\b",
        r"\b(?:danh rieng|chi danh) cho (?:nam gioi|dan ong|con trai)\b",
        rf"\b(?:khong cho|khong de|khong cho phep) {WOMEN} (?:di hoc|hoc|tham gia|di lam|"
        r"ra ngoai|lam|ve|di)\b",
    ),
    unless=EQUALITY
    + (
        r"\b(?:phan biet|doi xu|xam pham|xuc pham|ngoc dai|danh dap|bao luc|xam hai)\b",
        r"\b(?:mang thai|co thai|nuoi con nho|thai san|cho con bu)\b",
    ),
)
ALL_RULES: tuple[Rule, ...] = (*RULES, RESTRICTION)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

_REFORM = tuple(re.compile(p) for p in REFORM)


def rule_reason(code: str) -> str:
    """The reason of a rule in the active language (the code itself for an unknown rule)."""
    rule = RULES_BY_CODE.get(code)
    return str(rule.reason) if rule is not None else code


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, str(rule.reason)) for rule in ALL_RULES]


# ---------------------------------------------------------------------------------------
# Folding with a map back to the original text
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[:1] if folded else " "


@dataclass(frozen=True)
class Folded:
    """Folded text (single spaces) and, for each of its characters, the index of the
    original character it came from."""

    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded[start:end]."""
        return self.origin[start], self.origin[end - 1] + 1

    def __add__(self, other: Folded) -> Folded:
        if not self.text:
            return other
        if not other.text:
            return self
        joint = other.origin[0]
        return Folded(f"{self.text} {other.text}", (*self.origin, joint, *other.origin))


def fold_with_map(text: str, offset: int = 0) -> Folded:
    """`fold(text)` character by character, remembering where each character came from."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        f = _fold_char(ch)
        if f == " " and (not chars or chars[-1] == " "):
            continue
        chars.append(f)
        origin.append(offset + i)
    if chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return Folded("".join(chars), tuple(origin))


# ---------------------------------------------------------------------------------------
# Segments
# ---------------------------------------------------------------------------------------

# A sentence ends at . ! ? followed by a space or the end (not "500.000", "15/3/2019"),
# at a semicolon or at a line break.
_BOUNDARY = re.compile(r"[.!?…]+(?=\s|$)|;|\n")


@dataclass(frozen=True)
class Segment:
    start: int  # in the combined text (heading + "\n" + text)
    end: int


def _segments(text: str) -> list[Segment]:
    segments = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if text[start:end].strip():
            segments.append(Segment(start, end))
        start = end
    if text[start:].strip():
        segments.append(Segment(start, len(text)))
    return segments


# ---------------------------------------------------------------------------------------
# Flags
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """One rule raised on one clause: the rule, its reason, the words that raised it.

    `start`/`end` are offsets of the matched words in the clause text; None when they lie
    in the heading (the article's title or a list's lead-in)."""

    rule: str
    reason: str
    excerpt: str
    start: int | None
    end: int | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "reason": self.reason,
            "excerpt": self.excerpt,
            "start": self.start,
            "end": self.end,
        }


def _any(patterns: Iterable[re.Pattern[str]], text: str) -> bool:
    return any(p.search(text) for p in patterns)


def _negated_practice(before: str, after: str) -> bool:
    words = before.split()[-PRACTICE_WINDOW:]
    if PRACTICE_BEFORE.search(" ".join(words)) or PRACTICE_BAN.search(before):
        return True
    return bool(PRACTICE_AFTER.search(after.lstrip()))


def _excerpt(combined: str, seg: Segment, start: int, end: int, lead: str) -> str:
    """The sentence the match lies in (clipped around the match), after its lead when the
    match begins there."""
    sentence = combined[seg.start : seg.end].strip(" \n;")
    if len(sentence) > EXCERPT_MAX:
        left = max(seg.start, start - EXCERPT_MAX // 3)
        right = min(seg.end, max(end, left + EXCERPT_MAX))
        sentence = (
            ("…" if left > seg.start else "")
            + combined[left:right].strip()
            + ("…" if right < seg.end else "")
        )
    if lead and start < seg.start:
        return f"{lead.strip(' :')}: … {sentence}"
    return sentence


def _match_segment(rule: Rule, folded: Folded, seg_from: int) -> re.Match[str] | None:
    """The first match of the rule that ends inside the segment and survives its
    exceptions (`folded` is the leads then the segment, which starts at `seg_from`)."""
    if _any(rule.compiled_unless, folded.text):
        return None
    for pattern in rule.compiled:
        for match in pattern.finditer(folded.text):
            if match.end() <= seg_from:
                continue  # in the lead alone: flagged where the lead itself is read
            before = folded.text[: match.start()]
            if _any(_REFORM, before):
                continue
            if rule.practice and _negated_practice(before, folded.text[match.end() :]):
                continue
            return match
    return None


def _run(
    combined: str, shift: int, segments: list[Segment], rules: Sequence[Rule], reasons: dict
) -> list[Flag]:
    flags: list[Flag] = []
    heading_lead: Segment | None = None  # the heading as a whole
    list_lead: Segment | None = None  # the text before the last ":" of the clause
    for seg in segments:
        is_heading = seg.end <= shift
        leads = [] if is_heading else [s for s in (heading_lead, list_lead) if s is not None]
        folded = Folded("", ())
        for lead in leads:
            folded = folded + fold_with_map(combined[lead.start : lead.end], lead.start)
        seg_from = len(folded.text) + (1 if folded.text else 0)
        folded = folded + fold_with_map(combined[seg.start : seg.end], seg.start)
        lead_text = " ".join(combined[s.start : s.end].strip() for s in leads)
        for rule in rules:
            match = _match_segment(rule, folded, seg_from)
            if match is None:
                continue
            start, end = folded.span(match.start(), match.end())
            # Offsets in the clause's text: the part of the match that lies in it.
            in_text = end > shift
            flags.append(
                Flag(
                    rule=rule.code,
                    reason=reasons[rule.code],
                    excerpt=_excerpt(combined, seg, start, end, lead_text),
                    start=max(start, shift) - shift if in_text else None,
                    end=end - shift if in_text else None,
                )
            )
        seg_text = combined[seg.start : seg.end]
        if is_heading:
            first = heading_lead.start if heading_lead is not None else seg.start
            heading_lead = Segment(first, seg.end)
        elif ":" in seg_text:
            list_lead = Segment(seg.start, seg.start + seg_text.rindex(":") + 1)
    return flags


def flag_text(text: str, *, heading: str = "", rules: Sequence[Rule] | None = None) -> list[Flag]:
    """The flags of one clause. `heading` is what leads it (the title of its article, the
    lead-in of its list); it is read with the clause but is not part of its text."""
    from django.utils import translation

    text = unicodedata.normalize("NFC", text or "")
    heading = unicodedata.normalize("NFC", heading or "").strip()
    prefix = heading + "\n" if heading else ""
    combined = prefix + text
    shift = len(prefix)
    chosen = ALL_RULES if rules is None else tuple(rules)
    specific = [r for r in chosen if r is not RESTRICTION]
    segments = _segments(combined)
    with translation.override("vi"):
        reasons = {rule.code: str(rule.reason) for rule in ALL_RULES}
    flags = _run(combined, shift, segments, specific, reasons)
    if not flags and RESTRICTION in chosen:
        flags = _run(combined, shift, segments, [RESTRICTION], reasons)
    return _dedupe(flags)


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per rule and excerpt (a heading raises a rule once, not once per line)."""
    kept: list[Flag] = []
    keys: set[tuple[str, str]] = set()
    for flag in flags:
        key = (flag.rule, flag.excerpt)
        if key in keys:
            continue
        keys.add(key)
        kept.append(flag)
    return kept


def flagged_rules(text: str, *, heading: str = "") -> set[str]:
    """The codes of the rules a clause raises (for tests and figures)."""
    return {flag.rule for flag in flag_text(text, heading=heading)}


__all__ = [
    "ALL_RULES",
    "RESTRICTION",
    "RULES",
    "RULES_BY_CODE",
    "Flag",
    "Rule",
    "flag_text",
    "flagged_rules",
    "fold_with_map",
    "rule_choices",
    "rule_reason",
]
