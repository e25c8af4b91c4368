"""Chinese names for generated members: surnames by frequency, given names by generation."""

from __future__ import annotations

import random

# The most common surnames with rough weights (per mille of the population), leaning north-east:
# 于, 孙, 赵 and 关 are more frequent in Liaoning than nationally.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 72), ("李", 72), ("张", 70), ("刘", 55), ("赵", 30), ("杨", 30), ("孙", 24),
    ("陈", 24), ("于", 18), ("高", 14), ("马", 12), ("周", 12), ("吴", 10), ("徐", 12),
    ("郭", 11), ("朱", 9), ("胡", 9), ("林", 7), ("何", 6), ("宋", 8), ("韩", 9), ("郑", 6),
    ("梁", 6), ("谢", 4), ("唐", 5), ("许", 6), ("冯", 6), ("董", 7), ("曹", 6), ("田", 6),
    ("袁", 4), ("姜", 8), ("崔", 7), ("白", 5), ("孟", 6), ("吕", 5), ("丁", 4), ("任", 4),
    ("沈", 3), ("姚", 3), ("卢", 3), ("付", 5), ("邵", 3), ("石", 4), ("贾", 4), ("范", 3),
    ("魏", 5), ("薛", 3), ("邓", 3), ("史", 3), ("侯", 4), ("闫", 4), ("段", 3), ("程", 3),
    ("苏", 3), ("金", 4), ("关", 4), ("常", 3), ("殷", 2), ("尹", 3), ("庞", 2), ("隋", 2),
    ("佟", 2), ("鲁", 2), ("葛", 2), ("曲", 3), ("谷", 2), ("齐", 2), ("邢", 2), ("温", 2),
)  # fmt: skip

# Surnames that are more common in each minority of Liaoning (drawn from half of the time).
MINORITY_SURNAMES: dict[str, tuple[str, ...]] = {
    "满族": ("关", "佟", "那", "富", "赵", "金", "白", "郎", "伊", "何"),
    "蒙古族": ("包", "白", "宝", "韩", "吴", "鲍"),
    "回族": ("马", "杨", "丁", "沙", "海", "白"),
    "朝鲜族": ("金", "朴", "崔", "李", "郑", "姜"),
    "锡伯族": ("关", "吴", "何", "韩", "佟"),
}

_MALE_CHARS = (
    "伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林阳建国成东海峰志文亮春立新"
    "晨博轩睿哲铭然彬洋宏斌庆福德生永金岩松柏"
)
_FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲燕婷雪慧颖琳晶洁红梅莉倩欣悦萍丹薇佳月璐瑶怡婧蕾琪嘉梦雨萌晓菲"
# Names typical of people born before about 1965.
_OLD_MALE = ("建国", "国庆", "卫东", "振华", "德明", "志刚", "长海", "玉林", "宝山", "凤山",
             "树林", "福生", "永祥", "连成", "广才", "继武", "庆祥", "国良")  # fmt: skip
_OLD_FEMALE = ("淑珍", "桂兰", "秀英", "玉兰", "凤琴", "淑芬", "桂芝", "秀兰", "玉珍",
               "凤英", "淑华", "丽华", "素梅", "桂荣")  # fmt: skip

_SURNAME_LIST = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, w in SURNAMES]


def make_name(rng: random.Random, gender: str, birth_year: int, ethnicity: str) -> str:
    """A plausible full name for a person of this gender, generation and ethnicity."""
    return _surname(rng, ethnicity) + _given_name(rng, gender, birth_year)


def _surname(rng: random.Random, ethnicity: str) -> str:
    pool = MINORITY_SURNAMES.get(ethnicity)
    if pool and rng.random() < 0.5:
        return rng.choice(pool)
    return rng.choices(_SURNAME_LIST, _SURNAME_WEIGHTS)[0]


def _given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    if birth_year < 1965 and rng.random() < 0.6:
        return rng.choice(_OLD_MALE if gender == "M" else _OLD_FEMALE)
    chars = _MALE_CHARS if gender == "M" else _FEMALE_CHARS
    # Single-character given names peaked with people born in the 1970s and 1980s.
    single = 0.35 if 1970 <= birth_year < 1990 else 0.15
    if rng.random() < single:
        return rng.choice(chars)
    return rng.choice(chars) + rng.choice(chars)


def make_phone(rng: random.Random) -> str:
    """An 11-digit mobile number with a real carrier prefix."""
    prefix = rng.choice(("130", "131", "132", "133", "135", "136", "137", "138", "139",
                         "150", "151", "152", "155", "157", "158", "159", "177", "180",
                         "182", "186", "187", "188", "189", "199"))  # fmt: skip
    return f"{prefix}{rng.randrange(10**8):08d}"
