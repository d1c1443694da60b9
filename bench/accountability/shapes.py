"""What a building site looks like to the generator: places, the work done there, and when.

Pure Python, no database. A unit project (单位工程) is built in phases over its
construction window, expressed as a fraction t of that window (0 = start,
1 = completion): foundation (piles, caps, raft), basements, the structure floor
by floor (columns, beams, slabs, with infill masonry two floors behind), the
roof, then finishing floor by floor (wet-room waterproofing, windows,
electrical, plumbing) and the facade. `Site.work(rng, progress)` draws one
piece of work done by `progress`: where (a location path as the registry
stores it, `5F/柱/C-3`), when (t) and what kind; the kind decides the
materials used there, the inspection lots that accept it, their sub-item and
division, and the work category a defect there falls under.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

# --- the kinds of work -------------------------------------------------------------------------

#: kind -> (work category of a defect there, materials used (code, weight, usage quantity range),
#:          inspection lots (process, sub-item, division category), concealed before covering?)
KINDS: dict[str, tuple[str, tuple, tuple, bool]] = {
    "pile": (
        "foundation",
        (("rebar_hrb", 4, 1, 6), ("concrete_ready_mix", 4, 8, 60), ("concrete_test_block", 2, 1, 3)),
        (("钢筋笼制作安装", "灌注桩", "foundation"), ("桩身混凝土灌注", "灌注桩", "foundation")),
        True,
    ),
    "cap": (
        "foundation",
        (("rebar_hrb", 4, 1, 8), ("concrete_ready_mix", 4, 10, 80), ("concrete_test_block", 1, 1, 3)),
        (
            ("钢筋安装", "钢筋", "foundation"),
            ("模板安装", "模板", "foundation"),
            ("混凝土浇筑", "混凝土", "foundation"),
        ),
        True,
    ),
    "raft": (
        "foundation",
        (
            ("rebar_hrb", 3, 5, 40),
            ("concrete_ready_mix", 4, 40, 300),
            ("admixture_expansive", 1, 1, 5),
            ("waterproof_sbs", 2, 100, 900),
            ("concrete_test_block", 1, 2, 6),
        ),
        (
            ("钢筋安装", "钢筋", "foundation"),
            ("混凝土浇筑", "混凝土", "foundation"),
            ("卷材防水层", "地下防水", "foundation"),
        ),
        True,
    ),
    "bwall": (
        "foundation",
        (("rebar_hrb", 3, 1, 10), ("concrete_ready_mix", 3, 10, 90), ("waterproof_sbs", 2, 50, 400)),
        (
            ("钢筋安装", "钢筋", "foundation"),
            ("混凝土浇筑", "混凝土", "foundation"),
            ("卷材防水层", "地下防水", "foundation"),
        ),
        True,
    ),
    "bslab": (
        "foundation",
        (("rebar_hrb", 3, 2, 20), ("concrete_ready_mix", 4, 20, 150), ("concrete_test_block", 1, 1, 4)),
        (
            ("钢筋安装", "钢筋", "foundation"),
            ("模板安装", "模板", "foundation"),
            ("混凝土浇筑", "混凝土", "foundation"),
        ),
        True,
    ),
    "column": (
        "main_structure",
        (
            ("rebar_hrb", 4, 0.5, 4),
            ("rebar_coupler", 2, 2, 30),
            ("concrete_ready_mix", 3, 2, 20),
            ("concrete_test_block", 2, 1, 2),
        ),
        (
            ("钢筋安装", "钢筋", "main_structure"),
            ("钢筋连接", "钢筋", "main_structure"),
            ("模板安装", "模板", "main_structure"),
            ("混凝土浇筑", "混凝土", "main_structure"),
        ),
        True,
    ),
    "beam": (
        "main_structure",
        (("rebar_hrb", 5, 0.5, 5), ("concrete_ready_mix", 3, 2, 25), ("concrete_test_block", 1, 1, 2)),
        (
            ("钢筋安装", "钢筋", "main_structure"),
            ("模板安装", "模板", "main_structure"),
            ("混凝土浇筑", "混凝土", "main_structure"),
        ),
        True,
    ),
    "slab": (
        "main_structure",
        (
            ("rebar_hrb", 3, 2, 15),
            ("rebar_hpb", 1, 0.5, 3),
            ("concrete_ready_mix", 4, 20, 120),
            ("admixture_water_reducer", 1, 0.5, 3),
            ("concrete_test_block", 1, 1, 3),
        ),
        (
            ("钢筋安装", "钢筋", "main_structure"),
            ("模板安装", "模板", "main_structure"),
            ("混凝土浇筑", "混凝土", "main_structure"),
            ("现浇结构外观及尺寸偏差", "现浇结构", "main_structure"),
        ),
        True,
    ),
    "masonry": (
        "main_structure",
        (
            ("block_aac", 5, 5, 40),
            ("block_concrete", 1, 200, 2000),
            ("mortar_ready_mix", 3, 2, 15),
            ("mortar_test_block", 1, 1, 2),
        ),
        (("填充墙砌体", "填充墙砌体", "main_structure"),),
        False,
    ),
    "roof": (
        "roof_waterproofing",
        (("waterproof_sbs", 4, 100, 1200), ("waterproof_coating", 2, 0.5, 4), ("insulation_xps", 3, 10, 120)),
        (("卷材防水层", "卷材防水层", "roof"), ("保温层", "保温层", "roof"), ("找坡层", "找坡层和找平层", "roof")),
        True,
    ),
    "wetroom": (
        "wet_room_waterproofing",
        (("waterproof_coating", 7, 0.05, 0.6), ("waterproof_polymer", 3, 10, 60)),
        (("涂膜防水层", "涂膜防水", "decoration"),),
        True,
    ),
    "window": (
        "decoration",
        (("window_aluminium", 8, 1, 12), ("window_pvc", 2, 1, 12)),
        (("门窗安装", "金属门窗安装", "decoration"),),
        False,
    ),
    "electrical": (
        "electrical",
        (("cable_power", 4, 20, 300), ("wire_building", 6, 100, 1500)),
        (("导管敷设", "导管敷设", "electrical"), ("电线穿管", "管内穿线和槽盒内敷线", "electrical")),
        True,
    ),
    "plumbing": (
        "plumbing",
        (("pipe_ppr", 6, 20, 200), ("pipe_pvc_drain", 4, 10, 120)),
        (
            ("给水管道及配件安装", "室内给水管道", "plumbing_heating"),
            ("排水管道及配件安装", "室内排水管道", "plumbing_heating"),
        ),
        True,
    ),
    "exterior": (
        "exterior_wall_seepage",
        (("insulation_rock_wool", 6, 50, 600), ("mortar_ready_mix", 4, 2, 20)),
        (("外墙保温", "墙体节能", "energy"),),
        True,
    ),
}

#: Division categories in the order a unit finishes them, with the construction fraction at which
#: the division is complete (sub-items and divisions are recorded only after their work is done).
DIVISION_DONE_AT = {
    "foundation": 0.30,
    "main_structure": 0.78,
    "roof": 0.76,
    "decoration": 0.99,
    "electrical": 0.99,
    "plumbing_heating": 0.99,
    "energy": 0.99,
}
DIVISION_NAMES = {
    "foundation": "地基与基础",
    "main_structure": "主体结构",
    "roof": "屋面",
    "decoration": "建筑装饰装修",
    "electrical": "建筑电气",
    "plumbing_heating": "建筑给水排水及供暖",
    "energy": "建筑节能",
}
#: Side-station supervision of concreting (建市〔2002〕189号): kind -> key process.
SIDE_STATION = {
    "pile": "pile_concreting",
    "raft": "waterproof_concrete",
    "bwall": "waterproof_concrete",
    "bslab": "concreting",
    "cap": "concreting",
    "slab": "concreting",
    "beam": "concreting",
    "column": "concreting",
}
ELEMENT = {
    "pile": "桩",
    "cap": "承台",
    "raft": "底板",
    "bwall": "墙",
    "bslab": "顶板",
    "column": "柱",
    "beam": "梁",
    "slab": "板",
    "masonry": "填充墙",
    "roof": "屋面",
    "wetroom": "卫生间",
    "window": "门窗",
    "electrical": "电气",
    "plumbing": "给排水",
    "exterior": "外墙",
}
STRUCTURE_TYPES = ("框架-剪力墙", "剪力墙", "框架", "框架-核心筒", "砖混", "钢结构")
FACADES = ("东", "南", "西", "北")
AXIS_LETTERS = "ABCDEFGHJK"


class Picker:
    """Weighted choice from a fixed table, by bisecting the cumulative weights (fast)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = []
        total = 0.0
        for w in weights:
            total += w
            self.cum.append(total)
        self.total = total

    def pick(self, rng):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


MATERIALS = {kind: Picker([m[0] for m in spec[1]], [m[1] for m in spec[1]]) for kind, spec in KINDS.items()}
QUANTITY = {(kind, m[0]): (m[2], m[3]) for kind, spec in KINDS.items() for m in spec[1]}
LOTS = {kind: spec[2] for kind, spec in KINDS.items()}
CATEGORY = {kind: spec[0] for kind, spec in KINDS.items()}
CONCEALED = {kind for kind, spec in KINDS.items() if spec[3]}


@dataclass(frozen=True, slots=True)
class Work:
    t: float
    kind: str
    floor: str  # "5F", "B1", "基础", "屋面", "外墙"
    element: str  # "5F/柱"
    path: str  # "5F/柱/C-3"


class Site:
    """One unit project's geometry: floors, basements, grid axes, piles, rooms."""

    __slots__ = ("_live", "_progress", "_total", "axes", "basements", "floors", "piles", "rooms", "s0", "segments")

    def __init__(self, rng, floors: int, basements: int):
        self.floors = floors
        self.basements = basements
        cols, rows = rng.randint(4, 10), rng.randint(5, 14)
        self.axes = [f"{AXIS_LETTERS[c]}-{r + 1}" for c in range(cols) for r in range(rows)]
        self.piles = max(12, int(len(self.axes) * rng.uniform(0.8, 2.0)))
        self.rooms = rng.randint(2, 8)
        # Phases as (t0, t1, weight of work, name); the structure phase is the busiest.
        self.s0 = min(0.15 + 0.05 * basements, 0.3)
        self.segments = [
            (0.0, 0.15, 0.12, "foundation"),
            (0.15, self.s0, 0.05 * basements, "basement"),
            (self.s0, 0.68, 0.50, "structure"),
            (0.68, 0.75, 0.04, "roof"),
            (0.72, 0.98, 0.29, "finishing"),
        ]
        self._progress = None

    def _segments_by(self, progress: float) -> None:
        self._progress = progress
        self._live = []
        for t0, t1, w, name in self.segments:
            end = min(t1, progress)
            if end > t0 and w > 0:
                self._live.append((t0, end, w * (end - t0) / (t1 - t0), name))
        self._total = sum(seg[2] for seg in self._live)

    def work(self, rng, progress: float = 1.0) -> Work:
        """One piece of work done by `progress` (fraction of the construction window)."""
        if progress != self._progress:
            self._segments_by(progress)
        x = rng.random() * self._total
        seg = self._live[-1]
        for candidate in self._live:
            if x <= candidate[2]:
                seg = candidate
                break
            x -= candidate[2]
        t0, t1 = seg[0], seg[1]
        t = rng.uniform(t0, t1)
        name = seg[3]
        r = rng.random()
        if name == "foundation":
            kind = "pile" if t < 0.08 else ("cap" if r < 0.55 else "raft")
            floor = "基础"
            leaf = (
                f"ZH-{rng.randint(1, self.piles)}"
                if kind == "pile"
                else (f"CT-{rng.randint(1, self.piles // 3 + 1)}" if kind == "cap" else f"{rng.randint(1, 4)}区")
            )
        elif name == "basement":
            b = self.basements - min(int((t - 0.15) / (self.s0 - 0.15) * self.basements), self.basements - 1)
            kind = "bwall" if r < 0.5 else "bslab"
            floor = f"B{b}"
            leaf = rng.choice(self.axes) if kind == "bwall" else f"{rng.randint(1, 4)}区"
        elif name == "structure":
            f = min(int((t - self.s0) / (0.68 - self.s0) * self.floors), self.floors - 1) + 1
            if r < 0.14 and f > 2:
                kind, f = "masonry", f - 2
            else:
                kind = "column" if r < 0.42 else ("beam" if r < 0.70 else "slab")
            floor = f"{f}F"
            leaf = f"{rng.randint(1, 4)}区" if kind == "slab" else rng.choice(self.axes)
        elif name == "roof":
            kind, floor = "roof", "屋面"
            leaf = f"{rng.randint(1, 4)}区"
            layer = "防水层" if r < 0.5 else ("保温层" if r < 0.8 else "找坡层")
            return Work(t, kind, floor, f"屋面/{layer}", f"屋面/{layer}/{leaf}")
        else:
            f = min(int((t - 0.72) / 0.26 * self.floors), self.floors - 1) + 1
            if r < 0.12:
                facade = FACADES[int(r * 100) % 4]
                return Work(t, "exterior", "外墙", f"外墙/{facade}立面", f"外墙/{facade}立面/{f}F")
            kind = "wetroom" if r < 0.32 else ("window" if r < 0.52 else ("electrical" if r < 0.78 else "plumbing"))
            floor = f"{f}F"
            if kind == "wetroom":
                leaf = f"{f}{rng.randint(1, self.rooms):02d}"
            elif kind == "electrical":
                leaf = f"WL{rng.randint(1, 12)}"
            elif kind == "plumbing":
                leaf = f"JL-{rng.randint(1, 6)}"
            else:
                leaf = rng.choice(self.axes)
        element = f"{floor}/{ELEMENT[kind]}"
        return Work(t, kind, floor, element, f"{element}/{leaf}")


#: Specifications / grades per material (what the delivery note says).
SPECS = {
    "rebar_hrb": tuple(f"HRB400E Φ{d}" for d in (10, 12, 14, 16, 18, 20, 22, 25, 28)),
    "rebar_hpb": ("HPB300 Φ6", "HPB300 Φ8", "HPB300 Φ10"),
    "rebar_coupler": ("直螺纹套筒 Φ20", "直螺纹套筒 Φ25", "直螺纹套筒 Φ28"),
    "concrete_ready_mix": ("C30", "C35", "C40", "C30 P6", "C35 P8", "C50"),
    "concrete_test_block": ("C30 标养", "C35 标养", "C30 P6 抗渗"),
    "admixture_expansive": ("HEA 膨胀剂",),
    "admixture_water_reducer": ("聚羧酸高性能减水剂",),
    "waterproof_sbs": ("SBS I PY PE PE 3mm", "SBS II PY S 4mm"),
    "waterproof_coating": ("单组分聚氨酯 I型",),
    "waterproof_polymer": ("TPO 1.5mm", "PVC 1.2mm"),
    "block_aac": ("A3.5 B06 600×240×200",),
    "block_concrete": ("MU10 390×190×190",),
    "mortar_ready_mix": ("DM M7.5", "DM M10", "DP M15"),
    "mortar_test_block": ("M7.5 标养", "M10 标养"),
    "insulation_xps": ("XPS 40mm B1",),
    "insulation_rock_wool": ("岩棉板 100mm A级",),
    "cable_power": ("YJV-0.6/1kV 4×25+1×16", "YJV-0.6/1kV 5×10"),
    "wire_building": ("BV 2.5mm²", "BV 4mm²", "BYJ 2.5mm²"),
    "pipe_ppr": ("PP-R dn25 S4", "PP-R dn32 S4"),
    "pipe_pvc_drain": ("PVC-U dn110", "PVC-U dn75"),
    "window_aluminium": ("断桥铝合金窗 1500×1500",),
    "window_pvc": ("塑钢窗 1200×1500",),
}
#: Which manufacturers make what (the manufacturer pool is split by these lines).
MAKER_LINE = {
    "rebar_hrb": "steel",
    "rebar_hpb": "steel",
    "rebar_coupler": "steel",
    "concrete_ready_mix": "concrete",
    "concrete_test_block": "concrete",
    "mortar_ready_mix": "concrete",
    "mortar_test_block": "concrete",
    "admixture_expansive": "chemical",
    "admixture_water_reducer": "chemical",
    "waterproof_sbs": "waterproofing",
    "waterproof_coating": "waterproofing",
    "waterproof_polymer": "waterproofing",
    "block_aac": "blocks",
    "block_concrete": "blocks",
    "insulation_xps": "insulation",
    "insulation_rock_wool": "insulation",
    "cable_power": "cable",
    "wire_building": "cable",
    "pipe_ppr": "pipe",
    "pipe_pvc_drain": "pipe",
    "window_aluminium": "window",
    "window_pvc": "window",
}
#: Share of the manufacturer pool in each line (concrete stations are many and local).
MAKER_SHARE = {
    "steel": 0.04,
    "concrete": 0.40,
    "chemical": 0.05,
    "waterproofing": 0.10,
    "blocks": 0.15,
    "insulation": 0.07,
    "cable": 0.07,
    "pipe": 0.06,
    "window": 0.06,
}

DEFECT_TEXT = {
    "foundation": ("基础不均匀沉降，首层墙体出现斜向裂缝", "承台混凝土蜂窝麻面，局部露筋", "地下室底板渗水"),
    "main_structure": ("柱根部混凝土开裂，裂缝宽度约0.3mm", "梁底出现贯通裂缝", "楼板开裂渗水", "钢筋保护层厚度不足"),
    "roof_waterproofing": ("屋面防水层起鼓，雨后顶层渗漏", "屋面女儿墙根部渗水"),
    "wet_room_waterproofing": ("卫生间地面渗水至楼下", "卫生间墙根返潮"),
    "exterior_wall_seepage": ("外墙窗边渗水", "外墙保温层空鼓脱落"),
    "electrical": ("配电箱接线端子过热", "线管内导线绝缘层破损"),
    "plumbing": ("给水立管接口漏水", "排水管道堵塞返水"),
    "decoration": ("门窗框与墙体间渗水", "墙面空鼓开裂"),
    "heating_cooling": ("空调冷凝水管渗漏",),
    "equipment": ("电梯运行异响",),
    "other": ("小区道路沉陷", "围墙开裂"),
}


# --- names ---------------------------------------------------------------------------------------

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文斌志明海燕宇鹏浩亮俊峰晨阳婷雪琳慧颖佳欣怡博宁凯"
WORDS = "宏达华建中联恒信永盛东方鼎新博远天成金城安泰长兴锦程嘉禾瑞丰诚信立德广厦汇通国泰明珠宝业滨江城建绿源众合"


def person_name(n: int) -> str:
    s = SURNAMES[n % len(SURNAMES)]
    g1 = GIVEN[(n // len(SURNAMES)) % len(GIVEN)]
    if (n >> 3) % 3 == 0:
        return s + g1
    return s + g1 + GIVEN[(n * 7 + 3) % len(GIVEN)]


ORG_SUFFIX = {
    "owner": (
        "置业有限公司",
        "房地产开发有限公司",
        "城市建设投资集团有限公司",
        "教育局",
        "人民医院",
        "开发建设有限公司",
    ),
    "contractor": ("建设集团有限公司", "建工集团有限公司", "建筑工程有限公司", "建设有限公司"),
    "supervisor": ("工程管理有限公司", "建设监理有限公司", "工程咨询有限公司"),
    "designer": ("建筑设计研究院有限公司", "建筑设计有限公司", "城乡规划设计研究院有限公司"),
    "surveyor": ("岩土工程勘察有限公司", "勘察设计院有限公司", "综合勘察院有限公司"),
    "lab": ("建设工程检测有限公司", "工程质量检测中心有限公司", "建材检测研究院有限公司"),
    "manufacturer": ("钢铁有限公司", "水泥有限公司", "商品混凝土有限公司", "新型建材有限公司", "防水材料有限公司"),
    "regulator": ("建设工程质量安全监督站",),
}


def org_name(kind: str, n: int, place: str) -> str:
    a = WORDS[(n * 2) % len(WORDS)] + WORDS[(n * 2 + 1 + n // len(WORDS)) % len(WORDS)]
    suffixes = ORG_SUFFIX[kind]
    return f"{place}{a}{suffixes[n % len(suffixes)]}"


ESTATES = [
    "云栖",
    "钱江",
    "西溪",
    "湖畔",
    "滨湖",
    "翠苑",
    "望江",
    "锦绣",
    "紫金",
    "春晓",
    "海棠",
    "桂语",
    "悦府",
    "江南",
    "兰亭",
    "枫林",
    "天元",
    "星河",
    "未来",
    "梧桐",
]
ESTATE_KINDS = ("花园", "府", "苑", "学校", "医院", "产业园", "安置房", "商务中心", "公寓", "综合体")


def project_name(n: int, district: str) -> str:
    estate = ESTATES[n % len(ESTATES)] + ESTATE_KINDS[(n // len(ESTATES)) % len(ESTATE_KINDS)]
    return f"{district}{estate}{n % 7 + 1}期工程"


def lognormal_int(rng, median: float, sigma: float, low: int, high: int) -> int:
    return max(low, min(high, round(median * math.exp(rng.gauss(0, sigma)))))
