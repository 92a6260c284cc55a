"""A generated trilingual corpus of researcher profiles, for bench/expertise.py at scale.

Deterministic for a seed. Each profile writes in one language (English 45 %, Traditional
Chinese 30 %, Simplified Chinese 25 %, as in the development set) about one or two of 30
topics, drawing keywords, project titles and statement sentences from per-topic vocabularies.
Chinese vocabulary is written in Simplified Chinese and converted to Hong Kong Traditional with
OpenCC (s2hk plus Baylink's phrase table), as a Hong Kong researcher would write it.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass

from baylink.core.chinese import to_traditional

# topic: (English terms, Simplified Chinese terms)
TOPICS: dict[str, tuple[list[str], list[str]]] = {
    "robotics": (
        [
            "warehouse robots",
            "path planning",
            "multi-robot coordination",
            "grasping",
            "autonomous navigation",
            "fleet management",
            "collision avoidance",
        ],
        ["仓储机器人", "路径规划", "多机器人协同", "机械臂抓取", "自主导航", "车队调度", "避障"],
    ),
    "cold-chain": (
        [
            "cold chain",
            "temperature monitoring",
            "shelf life prediction",
            "fresh food",
            "refrigerated transport",
            "spoilage",
        ],
        ["冷链物流", "温度监测", "保质期预测", "生鲜食品", "冷藏运输", "变质损耗"],
    ),
    "stroke": (
        [
            "stroke rehabilitation",
            "hand function",
            "home exercise",
            "telerehabilitation",
            "motor recovery",
            "therapist follow-up",
        ],
        ["中风康复", "手部功能", "居家训练", "远程康复", "运动功能恢复", "治疗师随访"],
    ),
    "bridges": (
        [
            "structural health monitoring",
            "bridge inspection",
            "typhoon damage",
            "vibration sensors",
            "fatigue cracks",
        ],
        ["结构健康监测", "桥梁检测", "台风损伤", "振动传感器", "疲劳裂缝"],
    ),
    "fintech": (
        [
            "supply chain finance",
            "receivables financing",
            "blockchain",
            "credit risk",
            "small suppliers",
        ],
        ["供应链金融", "应收账款融资", "区块链", "信用风险", "中小供应商"],
    ),
    "air": (
        [
            "air pollution",
            "fine particles",
            "roadside emissions",
            "exposure assessment",
            "low-cost sensors",
        ],
        ["空气污染", "细颗粒物", "路边排放", "暴露评估", "低成本传感器"],
    ),
    "heat": (
        [
            "urban heat island",
            "heat stress",
            "outdoor workers",
            "cooling garments",
            "heatwave warning",
        ],
        ["城市热岛", "热应激", "户外工人", "降温服装", "热浪预警"],
    ),
    "energy": (
        [
            "building energy",
            "chiller optimisation",
            "demand response",
            "smart meters",
            "HVAC control",
        ],
        ["建筑能耗", "冷水机组优化", "需求响应", "智能电表", "空调控制"],
    ),
    "batteries": (
        [
            "lithium batteries",
            "battery recycling",
            "state of health",
            "solid electrolyte",
            "fast charging",
        ],
        ["锂电池", "电池回收", "健康状态", "固态电解质", "快速充电"],
    ),
    "water": (
        [
            "wastewater treatment",
            "membrane filtration",
            "microplastics",
            "desalination",
            "water quality",
        ],
        ["污水处理", "膜过滤", "微塑料", "海水淡化", "水质"],
    ),
    "aquaculture": (
        ["fish ponds", "dissolved oxygen", "aquaculture", "water sensors", "disease outbreaks"],
        ["鱼塘", "溶解氧", "水产养殖", "水质传感器", "病害暴发"],
    ),
    "elderly": (
        ["elderly care", "fall detection", "home care services", "dementia", "caregiver burden"],
        ["长者照护", "跌倒检测", "居家养老服务", "认知障碍", "照顾者负担"],
    ),
    "wearables": (
        [
            "wearable sensors",
            "ECG patch",
            "arrhythmia",
            "continuous monitoring",
            "flexible electronics",
        ],
        ["可穿戴传感器", "心电贴片", "心律失常", "连续监测", "柔性电子"],
    ),
    "nlp": (
        [
            "natural language processing",
            "Cantonese speech",
            "customer service chatbots",
            "sentiment analysis",
            "information extraction",
        ],
        ["自然语言处理", "粤语语音", "智能客服", "情感分析", "信息抽取"],
    ),
    "vision": (
        [
            "computer vision",
            "video analytics",
            "safety helmet detection",
            "person re-identification",
            "object detection",
        ],
        ["计算机视觉", "视频分析", "安全帽检测", "行人重识别", "目标检测"],
    ),
    "security": (
        [
            "industrial control security",
            "intrusion detection",
            "PLC",
            "vulnerabilities",
            "anomaly detection",
        ],
        ["工控安全", "入侵检测", "可编程逻辑控制器", "安全漏洞", "异常检测"],
    ),
    "transport": (
        [
            "bus scheduling",
            "passenger demand",
            "smart card data",
            "traffic congestion",
            "timetable optimisation",
        ],
        ["公交排班", "客流需求", "智能卡数据", "交通拥堵", "时刻表优化"],
    ),
    "drones": (
        [
            "drone delivery",
            "last-mile logistics",
            "airspace management",
            "parcel lockers",
            "route optimisation",
        ],
        ["无人机配送", "最后一公里", "空域管理", "智能快递柜", "路径优化"],
    ),
    "food-safety": (
        ["food safety", "foodborne pathogens", "rapid detection", "food fraud", "traceability"],
        ["食品安全", "食源性致病菌", "快速检测", "食品掺假", "溯源"],
    ),
    "tourism": (
        [
            "hotel management",
            "staff turnover",
            "service quality",
            "integrated resorts",
            "visitor spending",
        ],
        ["酒店管理", "员工流失", "服务质量", "综合度假村", "旅客消费"],
    ),
    "retail": (
        [
            "demand forecasting",
            "inventory management",
            "omnichannel retail",
            "recommendation systems",
            "customer churn",
        ],
        ["需求预测", "库存管理", "全渠道零售", "推荐系统", "客户流失"],
    ),
    "construction": (
        ["construction safety", "falls from height", "BIM", "prefabrication", "site monitoring"],
        ["施工安全", "高处坠落", "建筑信息模型", "装配式建筑", "工地监控"],
    ),
    "chips": (
        [
            "chip cooling",
            "thermal management",
            "power electronics",
            "semiconductor devices",
            "deep learning accelerators",
        ],
        ["芯片散热", "热管理", "电力电子", "半导体器件", "深度学习加速器"],
    ),
    "epidemiology": (
        [
            "infectious disease",
            "wastewater surveillance",
            "transmission modelling",
            "influenza",
            "early warning",
        ],
        ["传染病", "污水监测", "传播建模", "流感", "早期预警"],
    ),
    "nursing": (
        [
            "nursing workforce",
            "burnout",
            "simulation training",
            "patient safety",
            "staff retention",
        ],
        ["护理人力", "职业倦怠", "模拟培训", "患者安全", "人员留任"],
    ),
    "materials": (
        ["textile materials", "functional fabrics", "recycled fibres", "dyeing", "smart textiles"],
        ["纺织材料", "功能性面料", "再生纤维", "染色", "智能纺织品"],
    ),
    "optimisation": (
        [
            "vehicle routing",
            "integer programming",
            "scheduling",
            "staff rostering",
            "large-scale optimisation",
        ],
        ["车辆路径", "整数规划", "排程", "人员排班", "大规模优化"],
    ),
    "wireless": (
        [
            "indoor coverage",
            "5G networks",
            "reflective surfaces",
            "network planning",
            "millimetre wave",
        ],
        ["室内覆盖", "5G网络", "智能反射面", "网络规划", "毫米波"],
    ),
    "climate": (
        [
            "extreme rainfall",
            "flood risk",
            "storm surge",
            "climate adaptation",
            "regional climate models",
        ],
        ["极端降雨", "洪水风险", "风暴潮", "气候适应", "区域气候模式"],
    ),
    "education": (
        [
            "online learning",
            "learning analytics",
            "teacher training",
            "STEM education",
            "assessment",
        ],
        ["在线学习", "学习分析", "教师培训", "STEM教育", "学业评估"],
    ),
}

EN_PROJECTS = [
    "{a} for {b} in the Greater Bay Area",
    "Improving {a} with {b}",
    "A study of {a} and {b}",
    "Data-driven {a}: towards better {b}",
]
ZH_PROJECTS = ["基于{a}的{b}研究", "粤港澳大湾区{a}与{b}", "{a}在{b}中的应用", "面向{b}的{a}方法"]
EN_SENTENCES = [
    "My group works on {a} and {b}.",
    "We develop methods for {a} that industry partners can use.",
    "Our recent projects study {a}, {b} and {c} with partners in Hong Kong and Shenzhen.",
    "We are especially interested in {a} when data are scarce.",
    "Applications include {b} and {c}.",
]
ZH_SENTENCES = [
    "本团队研究{a}及{b}。",
    "我们开发{a}的新方法，协助业界解决实际问题。",
    "近年与香港及深圳的伙伴合作，研究{a}、{b}和{c}。",
    "课题组特别关注数据不足时的{a}。",
    "应用包括{b}及{c}。",
]
ORGANISATIONS = [
    "The Hong Kong Polytechnic University",
    "The University of Hong Kong",
    "香港中文大學",
    "深圳大学",
    "澳門大學",
    "中山大学",
    "Hong Kong University of Science and Technology",
    "华南理工大学",
]


@dataclass(frozen=True)
class GeneratedProfile:
    key: str
    language: str
    keywords: list[str]
    projects: list[str]
    statement: str
    department: str


def _render(language: str, text: str) -> str:
    return to_traditional(text) if language == "zh-Hant" else text


def generate(count: int, *, seed: int = 20261125) -> Iterator[GeneratedProfile]:
    rng = random.Random(seed)
    names = sorted(TOPICS)
    for number in range(count):
        draw = rng.random()
        language = "en" if draw < 0.45 else "zh-Hant" if draw < 0.75 else "zh-Hans"
        topics = rng.sample(names, rng.choice((1, 1, 2)))
        pool = [term for topic in topics for term in TOPICS[topic][0 if language == "en" else 1]]
        keywords = rng.sample(pool, min(len(pool), rng.randint(3, 6)))

        def terms(k: int, pool: list[str] = pool) -> dict[str, str]:
            chosen = [rng.choice(pool) for _ in range(k)]
            return dict(zip("abc", chosen, strict=False))

        templates = EN_PROJECTS if language == "en" else ZH_PROJECTS
        projects = [rng.choice(templates).format(**terms(2)) for _ in range(rng.randint(2, 4))]
        sentences = EN_SENTENCES if language == "en" else ZH_SENTENCES
        chosen = rng.sample(sentences, rng.randint(3, 5))
        joiner = " " if language == "en" else ""
        statement = joiner.join(sentence.format(**terms(3)) for sentence in chosen)
        yield GeneratedProfile(
            key=f"g{number:06d}",
            language=language,
            keywords=[_render(language, keyword) for keyword in keywords],
            projects=[_render(language, project) for project in projects],
            statement=_render(language, statement),
            department=rng.choice(ORGANISATIONS),
        )
