"""Places of Liaoning used by the demo: companies, counties, towns and region codes (ID-1)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class County:
    name: str  # 昌图县
    towns: tuple[str, ...]  # seats of the rural supply stations (供电所)


@dataclass(frozen=True)
class CompanyInfo:
    company_name: str  # 国网铁岭供电公司
    city: str  # 铁岭市
    counties: tuple[County, ...]
    regions: tuple[str, ...]  # 6-digit region codes of identity numbers, most common first


_TIELING = CompanyInfo(
    company_name="国网铁岭供电公司",
    city="铁岭市",
    counties=(
        County("昌图县", ("昌图镇", "八面城", "老城", "亮中桥", "宝力", "金家", "泉头", "双庙子",
                          "曲家店", "鴜鹭树", "两家子", "头道", "毛家店", "傅家", "大洼", "四面城",
                          "七家子", "古榆树", "此路树", "马仲河", "平安堡", "通江口")),
        County("开原市", ("老城", "中固", "八宝", "威远堡", "庆云堡", "莲花", "靠山", "业民",
                          "金沟子", "黄旗寨", "城东", "下肥地", "松山", "林丰")),
        County("西丰县", ("西丰镇", "平岗", "郜家店", "振兴", "安民", "天德", "房木", "柏榆",
                          "陶然", "钓鱼", "更刻", "明德")),
        County("铁岭县", ("新台子", "阿吉", "平顶堡", "大甸子", "凡河", "腰堡", "镇西堡", "蔡牛",
                          "李千户", "熊官屯", "催阵堡", "双井子")),
        County("调兵山市", ("调兵山", "晓南", "大明", "晓明")),
    ),
    regions=("211202", "211204", "211221", "211223", "211224", "211281", "211282", "211201"),
)  # fmt: skip

_CITIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("沈阳", "2101", ("新民市", "辽中区", "康平县", "法库县")),
    ("大连", "2102", ("瓦房店市", "庄河市", "普兰店区", "长海县")),
    ("鞍山", "2103", ("海城市", "台安县", "岫岩县")),
    ("抚顺", "2104", ("新宾县", "清原县", "抚顺县")),
    ("本溪", "2105", ("桓仁县", "本溪县")),
    ("丹东", "2106", ("凤城市", "东港市", "宽甸县")),
    ("锦州", "2107", ("凌海市", "北镇市", "黑山县", "义县")),
    ("营口", "2108", ("盖州市", "大石桥市")),
    ("阜新", "2109", ("彰武县", "阜新县")),
    ("辽阳", "2110", ("灯塔市", "辽阳县")),
    ("盘锦", "2111", ("盘山县", "大洼区")),
    ("朝阳", "2113", ("北票市", "凌源市", "建平县", "喀左县")),
    ("葫芦岛", "2114", ("兴城市", "绥中县", "建昌县")),
)  # fmt: skip

# Town names for the stations of the other companies (enough variety for tens of thousands).
_GENERIC_TOWNS = (
    "城关", "新城", "东关", "西关", "南关", "北关", "河东", "河西", "前进", "胜利", "红旗", "光明",
    "太平", "长安", "永安", "兴隆", "福安", "新华", "和平", "建设", "民主", "团结", "向阳", "东风",
    "黄土坎", "大营子", "三家子", "五道沟", "二道河", "石佛寺", "高台子", "杨树林", "柳河", "榆树",
    "沙河", "马家", "李家", "王家", "张家", "孙家", "前屯", "后屯", "腰屯", "东岗", "西岗", "南台",
)  # fmt: skip

CN_NUMBERS = "一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 -> 一, 12 -> 十二, 23 -> 二十三 (up to 99)."""
    tens, ones = divmod(n, 10)
    if n <= 10:
        return CN_NUMBERS[n - 1]
    head = "" if tens == 1 else CN_NUMBERS[tens - 1]
    return head + "十" + (CN_NUMBERS[ones - 1] if ones else "")


def company(index: int) -> CompanyInfo:
    """The company of a plan: 0 is 国网铁岭供电公司; the others cycle through the other cities."""
    if index == 0:
        return _TIELING
    city, prefix, counties = _CITIES[(index - 1) % len(_CITIES)]
    lap = (index - 1) // len(_CITIES)
    name = (
        f"国网{city}供电公司"
        if lap == 0
        else f"国网{city}供电公司第{cn_number(lap % 99 + 1)}分公司"
    )
    towns = tuple(_GENERIC_TOWNS[(index * 7 + k) % len(_GENERIC_TOWNS)] for k in range(12))
    regions = (f"{prefix}02", f"{prefix}03", f"{prefix}04", f"{prefix}81", f"{prefix}22")
    return CompanyInfo(
        company_name=name,
        city=f"{city}市",
        counties=tuple(County(c, towns) for c in counties),
        regions=regions,
    )


# Where floating members work (MEM-3).
FLOATING_DESTINATIONS = (
    "大连市（外派参加海上风电工程建设）",
    "沈阳市（借调至省公司工作）",
    "北京市（援派国家电网有限公司）",
    "内蒙古自治区通辽市（特高压工程现场）",
    "西藏自治区拉萨市（援藏电网建设）",
    "江苏省苏州市（子女处长期居住）",
    "海南省三亚市（长期异地居住）",
)
