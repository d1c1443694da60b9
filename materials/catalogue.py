"""The shipped material catalogue: what is tested against which standard, and
which materials need witness sampling (建建〔2000〕211号 Art. 6).

Loaded by migration 0002 and `manage.py load_material_types` (update in place).
"""

from __future__ import annotations

# code, name, English name, category, standard, witness required (211号), default unit
CATALOGUE: list[tuple[str, str, str, str, str, bool, str]] = [
    ("rebar_hrb", "热轧带肋钢筋", "Hot-rolled ribbed rebar", "steel", "GB/T 1499.2-2018", True, "t"),
    ("rebar_hpb", "热轧光圆钢筋", "Hot-rolled plain rebar", "steel", "GB/T 1499.1-2017", True, "t"),
    ("rebar_coupler", "钢筋机械连接接头", "Rebar mechanical splices", "steel", "JGJ 107-2016", True, "group"),
    ("rebar_weld", "钢筋焊接接头", "Rebar welded joints", "steel", "JGJ 18-2012", True, "group"),
    ("structural_steel", "钢结构用钢材", "Structural steel", "steel", "GB/T 700-2006, GB/T 1591-2018", False, "t"),
    ("cement", "通用硅酸盐水泥", "Common Portland cement", "cement", "GB 175-2023", True, "t"),
    ("concrete_ready_mix", "预拌混凝土", "Ready-mixed concrete", "concrete", "GB/T 14902-2012", False, "m3"),
    ("mortar_ready_mix", "预拌砂浆", "Ready-mixed mortar", "concrete", "GB/T 25181-2019", False, "t"),
    (
        "concrete_test_block",
        "混凝土试块（承重结构）",
        "Concrete test cubes (load-bearing structure)",
        "test_block",
        "GB 50204-2015, GB/T 50107-2010",
        True,
        "group",
    ),
    (
        "mortar_test_block",
        "砂浆试块（承重墙）",
        "Mortar test cubes (load-bearing walls)",
        "test_block",
        "GB 50203-2011, JGJ/T 70-2009",
        True,
        "group",
    ),
    ("brick_fired", "烧结普通砖", "Fired common bricks", "masonry", "GB/T 5101-2017", True, "piece"),
    ("block_concrete", "普通混凝土小型砌块", "Small concrete blocks", "masonry", "GB/T 8239-2014", True, "piece"),
    (
        "block_aac",
        "蒸压加气混凝土砌块",
        "Autoclaved aerated concrete blocks",
        "masonry",
        "GB/T 11968-2020",
        False,
        "m3",
    ),
    ("sand", "建设用砂", "Sand for construction", "aggregate", "GB/T 14684-2022", False, "t"),
    ("gravel", "建设用卵石、碎石", "Gravel and crushed stone", "aggregate", "GB/T 14685-2022", False, "t"),
    (
        "admixture_water_reducer",
        "混凝土外加剂（减水剂）",
        "Concrete admixture (water reducer)",
        "admixture",
        "GB 8076-2008",
        True,
        "t",
    ),
    ("admixture_expansive", "混凝土膨胀剂", "Concrete expansive agent", "admixture", "GB/T 23439-2017", True, "t"),
    (
        "waterproof_sbs",
        "弹性体改性沥青防水卷材",
        "SBS modified bitumen membrane",
        "waterproofing",
        "GB 18242-2008",
        True,
        "m2",
    ),
    (
        "waterproof_polymer",
        "高分子防水卷材",
        "Polymer waterproofing sheet",
        "waterproofing",
        "GB/T 18173.1-2012",
        True,
        "m2",
    ),
    (
        "waterproof_coating",
        "聚氨酯防水涂料",
        "Polyurethane waterproof coating",
        "waterproofing",
        "GB/T 19250-2013",
        True,
        "t",
    ),
    (
        "insulation_xps",
        "挤塑聚苯板",
        "Extruded polystyrene board (XPS)",
        "insulation",
        "GB/T 10801.2-2018",
        False,
        "m3",
    ),
    ("insulation_rock_wool", "岩棉板", "Rock wool board", "insulation", "GB/T 25975-2018", False, "m2"),
    ("cable_power", "电力电缆", "Power cable", "electrical", "GB/T 12706-2020", False, "m"),
    ("wire_building", "建筑用绝缘电线", "Insulated building wire", "electrical", "GB/T 5023-2008", False, "m"),
    ("pipe_pvc_drain", "硬聚氯乙烯排水管", "PVC-U drainage pipe", "pipe", "GB/T 5836.1-2018", False, "m"),
    ("pipe_ppr", "冷热水用聚丙烯管", "PP-R hot and cold water pipe", "pipe", "GB/T 18742.2-2017", False, "m"),
    ("window_aluminium", "铝合金门窗", "Aluminium windows and doors", "window", "GB/T 8478-2020", False, "set"),
    ("window_pvc", "塑料门窗", "PVC-U windows and doors", "window", "GB/T 28886-2012, GB/T 28887-2012", False, "set"),
]


def load(material_type_model) -> int:
    """Create or update every catalogue entry; returns how many rows changed."""
    changed = 0
    for code, name, name_en, category, standard, witness, unit in CATALOGUE:
        _obj, created = material_type_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "category": category,
                "standard": standard,
                "witness_required": witness,
                "default_unit": unit,
            },
        )
        changed += 1 if created else 0
    return changed
