"""The real entities named on the university's 2019 GBA page, with their text in three languages.

The English and Traditional Chinese text follows the page; Simplified Chinese is written for
mainland readers. Dates the page does not give (when an agreement was signed, say) are
illustrative and say so in the agreement's notes.
"""

from datetime import date

HOME_ROR = "0030zas98"

# Chinese names ROR lacks or gives in one script only; ROR ids -> (Traditional, Simplified).
CHINESE_NAMES: dict[str, tuple[str, str]] = {
    "0030zas98": ("香港理工大學", "香港理工大学"),
    "01vy4gh70": ("深圳大學", "深圳大学"),
    "0064kty71": ("中山大學", "中山大学"),
    "03jqs2n27": ("澳門科技大學", "澳门科技大学"),
    "0499dwk57": ("羅斯威爾帕克綜合癌症中心", "罗斯威尔帕克综合癌症中心"),
    "01y64my43": ("紐約州立大學水牛城分校", "纽约州立大学布法罗分校"),
    "03qdqbt06": ("鵬城實驗室", "鹏城实验室"),
    "02jkmyk67": ("中國科學院數學與系統科學研究院", "中国科学院数学与系统科学研究院"),
    "0356cst02": ("中國科學院廣州地球化學研究所", "中国科学院广州地球化学研究所"),
    "034t30j35": ("中國科學院", "中国科学院"),
    "02zhqgq86": ("香港大學", "香港大学"),
    "00t33hh48": ("香港中文大學", "香港中文大学"),
    "00q4vv597": ("香港科技大學", "香港科技大学"),
    "03q8dnn23": ("香港城市大學", "香港城市大学"),
    "0145fw131": ("香港浸會大學", "香港浸会大学"),
    "0563pg902": ("嶺南大學", "岭南大学"),
    "01r4q9n85": ("澳門大學", "澳门大学"),
    "049tv2d57": ("南方科技大學", "南方科技大学"),
    "0530pts50": ("華南理工大學", "华南理工大学"),
    "02xe5ns62": ("暨南大學", "暨南大学"),
    "04gh4er46": ("中國科學院深圳先進技術研究院", "中国科学院深圳先进技术研究院"),
    "01h0zpd94": ("國家自然科學基金委員會", "国家自然科学基金委员会"),
    "04vf9tr09": ("創新科技署", "创新科技署"),
}

# PolyU's faculties and the departments the demo uses: (code, kind, parent code, en, zh-Hant).
UNITS: list[tuple[str, str, str, str, str]] = [
    ("FENG", "faculty", "", "Faculty of Engineering", "工程學院"),
    ("FCE", "faculty", "", "Faculty of Construction and Environment", "建設及環境學院"),
    ("FAST", "faculty", "", "Faculty of Science", "理學院"),
    ("FHSS", "faculty", "", "Faculty of Health and Social Sciences", "醫療及社會科學院"),
    ("FB", "faculty", "", "Faculty of Business", "工商管理學院"),
    ("SHTM", "school", "", "School of Hotel and Tourism Management", "酒店及旅遊業管理學院"),
    ("SD", "school", "", "School of Design", "設計學院"),
    ("COMP", "department", "FENG", "Department of Computing", "電子計算學系"),
    (
        "EEE",
        "department",
        "FENG",
        "Department of Electrical and Electronic Engineering",
        "電機及電子工程學系",
    ),
    ("ME", "department", "FENG", "Department of Mechanical Engineering", "機械工程學系"),
    (
        "ISE",
        "department",
        "FENG",
        "Department of Industrial and Systems Engineering",
        "工業及系統工程學系",
    ),
    (
        "AAE",
        "department",
        "FENG",
        "Department of Aeronautical and Aviation Engineering",
        "航空及民航工程學系",
    ),
    (
        "CEE",
        "department",
        "FCE",
        "Department of Civil and Environmental Engineering",
        "土木及環境工程學系",
    ),
    (
        "BEEE",
        "department",
        "FCE",
        "Department of Building Environment and Energy Engineering",
        "建築環境及能源工程學系",
    ),
    (
        "LSGI",
        "department",
        "FCE",
        "Department of Land Surveying and Geo-Informatics",
        "土地測量及地理資訊學系",
    ),
    ("AMA", "department", "FAST", "Department of Applied Mathematics", "應用數學系"),
    ("AP", "department", "FAST", "Department of Applied Physics", "應用物理學系"),
    (
        "ABCT",
        "department",
        "FAST",
        "Department of Applied Biology and Chemical Technology",
        "應用生物及化學科技學系",
    ),
    ("RS", "department", "FHSS", "Department of Rehabilitation Sciences", "康復治療科學系"),
    (
        "HTI",
        "department",
        "FHSS",
        "Department of Health Technology and Informatics",
        "醫療科技及資訊學系",
    ),
    ("SN", "school", "FHSS", "School of Nursing", "護理學院"),
    ("LMS", "department", "FB", "Department of Logistics and Maritime Studies", "物流及航運學系"),
    ("GEO", "office", "", "Global Engagement Office", "環球事務處"),
    ("RIO", "office", "", "Research and Innovation Office", "研究及創新事務處"),
    ("CAPS", "office", "", "Careers and Placement Section", "就業及實習組"),
]

# Local organisations (no ROR record): key -> (en, zh-Hant, zh-Hans, city code, types).
LOCAL_ORGANISATIONS: dict[str, tuple[str, str, str, str, list[str]]] = {
    "ghmua": (
        "Guangdong-Hong Kong-Macao University Alliance",
        "粵港澳高校聯盟",
        "粤港澳高校联盟",
        "GZ",
        ["nonprofit"],
    ),
    "usrn": (
        "University Social Responsibility Network",
        "大學社會責任網絡",
        "大学社会责任网络",
        "HK",
        ["nonprofit"],
    ),
    "uasr": (
        "University Alliance of the Silk Road",
        "絲綢之路大學聯盟",
        "丝绸之路大学联盟",
        "",
        ["nonprofit"],
    ),
    "sz-hk-zone": (
        "Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone",
        "深港科技創新合作區",
        "深港科技创新合作区",
        "SZ",
        ["government"],
    ),
}

THEME_SLUGS_PENG_CHENG = ["big-data", "networks-iot", "ai-robotics", "blockchain", "smart-health"]

# Initiatives: slug -> fields. Partners are (ROR id or local key, role).
INITIATIVES: dict[str, dict[str, object]] = {
    "gba-i3": {
        "kind": "institute",
        "acronym": "GBA I3",
        "city": "SZ",
        "lead_unit": "RIO",
        "starts_on": date(2019, 1, 16),
        "themes": ["entrepreneurship"],
        "partners": [("01vy4gh70", "co_founder")],
        "name": (
            "Greater Bay Area International Institute for Innovation",
            "大灣區國際創新學院",
            "大湾区国际创新学院",
        ),
        "description": (
            "PolyU and Shenzhen University (SZU) jointly set up the Greater Bay Area International "
            "Institute for Innovation (GBA I3) to develop the Guangdong-Hong Kong-Macau Greater "
            "Bay Area into a world-class innovation hub. In collaboration with renowned "
            "institutions and enterprises worldwide, the Institute provides a platform for "
            "nurturing innovative technology talents, advancing technology and innovation "
            "development, and incubating high-tech entrepreneurs.\n\n"
            "PolyU and SZU use the Institute as a platform for joint entrepreneurship education "
            "programmes and international exchanges with innovation communities worldwide. By "
            "bringing in global talents, post-doctoral researchers and investors, the Institute "
            "helps promote the internationalisation of the Greater Bay Area.",
            "香港理工大學和深圳大學簽署合作備忘錄，共同建設「大灣區國際創新學院」，促進大灣區發展。"
            "該學院善用兩所大學的優勢，培育高科技創業家，並推動技術和創新發展，提升大灣區的競爭力，"
            "銳意把粵港澳大灣區發展成為世界級的創意樞紐。",
            "香港理工大学和深圳大学签署合作备忘录，共同建设“大湾区国际创新学院”，促进大湾区发展。"
            "学院发挥两校优势，培养高科技创业人才，推动技术和创新发展，提升大湾区竞争力，"
            "致力把粤港澳大湾区建设成为世界级创新枢纽。",
        ),
    },
    "gba-i3-immersion-2019": {
        "kind": "programme",
        "parent": "gba-i3",
        "city": "SZ",
        "lead_unit": "RIO",
        "starts_on": date(2019, 6, 24),
        "ends_on": date(2019, 8, 12),
        "status": "closed",
        "themes": ["entrepreneurship"],
        "partners": [("01vy4gh70", "co_founder")],
        "name": (
            "GBA I3 Immersive Entrepreneurship Programme 2019",
            "大灣區國際創新學院浸沉式創業活動 2019",
            "大湾区国际创新学院沉浸式创业活动 2019",
        ),
        "description": (
            "In the summer of 2019 the Institute ran an immersive entrepreneurship programme for "
            "nearly 80 tertiary students, deepening their understanding of the start-up and "
            "innovation culture of the Greater Bay Area.",
            "2019 年暑假期間，學院為近八十名大專學生舉辦了浸沉式創業活動，"
            "藉此加深他們對大灣區創業和創新文化的認識。",
            "2019 年暑期，学院为近八十名高校学生举办了沉浸式创业活动，"
            "加深他们对大湾区创业和创新文化的认识。",
        ),
    },
    "cas-amss-polyu-joint-lab": {
        "kind": "joint_lab",
        "city": "HK",
        "lead_unit": "AMA",
        "starts_on": date(2018, 11, 1),
        "themes": ["applied-mathematics"],
        "partners": [("02jkmyk67", "co_founder")],
        "name": (
            "CAS AMSS-PolyU Joint Laboratory of Applied Mathematics",
            "中科院數學與系統科學研究院—香港理工大學應用數學聯合實驗室",
            "中国科学院数学与系统科学研究院—香港理工大学应用数学联合实验室",
        ),
        "description": (
            "Set up by PolyU with the Academy of Mathematics and Systems Science of the Chinese "
            "Academy of Sciences (CAS), the joint laboratory brings together the complementary "
            "strengths of PolyU and CAS in applied mathematics, focusing on research and "
            "knowledge transfer for the development of the Greater Bay Area and society.",
            "理大與中國科學院（中科院）數學與系統科學研究院合作成立聯合實驗室，讓理大與中科院互補優勢，"
            "聚焦科研與知識轉移，為大灣區及社會的發展作出貢獻。",
            "香港理工大学与中国科学院数学与系统科学研究院合作成立联合实验室，发挥双方互补优势，"
            "聚焦科研与知识转移，为大湾区及社会发展作出贡献。",
        ),
    },
    "cas-gig-polyu-joint-lab": {
        "kind": "joint_lab",
        "city": "GZ",
        "lead_unit": "CEE",
        "starts_on": date(2019, 3, 1),
        "themes": ["environment"],
        "partners": [("0356cst02", "co_founder")],
        "name": (
            "CAS GIG-PolyU Joint Laboratory for Environmental Pollution Processes and Control in "
            "the Guangdong-Hong Kong-Macao Greater Bay Area",
            "中科院廣州地球化學研究所—香港理工大學粵港澳大灣區環境污染過程與控制聯合實驗室",
            "中国科学院广州地球化学研究所—香港理工大学粤港澳大湾区环境污染过程与控制联合实验室",
        ),
        "description": (
            "Set up by PolyU with the Guangzhou Institute of Geochemistry of the Chinese Academy "
            "of Sciences, the joint laboratory studies how pollutants move and change in the "
            "Greater Bay Area's air, water and soil, and how to control them, combining the "
            "strengths of both institutions in research and knowledge transfer.",
            "理大與中科院廣州地球化學研究所合作成立聯合實驗室，研究粵港澳大灣區環境污染物的遷移、"
            "轉化及控制，讓理大與中科院互補優勢，聚焦科研與知識轉移，為大灣區及社會的發展作出貢獻。",
            "香港理工大学与中国科学院广州地球化学研究所合作成立联合实验室，研究粤港澳大湾区环境污染物的"
            "迁移、转化及控制，发挥双方互补优势，聚焦科研与知识转移，为大湾区及社会发展作出贡献。",
        ),
    },
    "polyu-futian-institute": {
        "kind": "research_institute",
        "acronym": "PolyU-STIRI (Futian)",
        "city": "SZ",
        "lead_unit": "RIO",
        "starts_on": date(2020, 1, 1),
        "themes": ["ai-robotics", "smart-cities"],
        "partners": [("sz-hk-zone", "host")],
        "name": (
            "PolyU-Shenzhen Technology and Innovation Research Institute (Futian)",
            "理大–深圳技術創新研究院（福田）",
            "香港理工大学深圳技术创新研究院（福田）",
        ),
        "description": (
            "PolyU launched a research institute in Futian to leverage the opportunities offered "
            "by the Greater Bay Area development. The Institute runs research projects supported "
            "by the Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone (Pilot "
            "Scheme), adding impetus to the impactful research produced by PolyU.",
            "理大於福田區開設研究院，抓緊大灣區發展中的機遇作出貢獻。研究院進行由深港科技創新合作區"
            "（先導計劃）支持的研究計劃，進一步推動理大影響深遠的研究。",
            "香港理工大学在福田区开设研究院，把握大湾区发展机遇作出贡献。研究院开展由深港科技创新合作区"
            "（先导计划）支持的研究项目，进一步推动理大具有深远影响的研究。",
        ),
    },
    "gba-campus": {
        "kind": "branch_campus",
        "status": "planned",
        "themes": [],
        "partners": [],
        "name": ("PolyU Greater Bay Area campus", "理大大灣區分校", "香港理工大学大湾区校区"),
        "description": (
            "To keep pace with the development of the Greater Bay Area, PolyU plans a campus in "
            "the region. It will nurture more talent, give Hong Kong students more opportunities "
            "for internships and service-learning in the Greater Bay Area, and provide ample "
            "space for leading research facilities.",
            "為配合大灣區發展步伐，理大正計劃在大灣區設立分校。透過分校，理大將培育更多人才，"
            "並為香港學生提供更多到大灣區實習及進行服務學習的機會。此外，分校將有充足空間以設置頂尖的"
            "研究設施，有助大學追求科研的卓越。",
            "为配合大湾区发展步伐，香港理工大学正计划在大湾区设立校区，培养更多人才，"
            "为香港学生提供更多到大湾区实习及开展服务学习的机会，并提供充足空间建设一流科研设施。",
        ),
    },
    "peng-cheng-cooperation": {
        "kind": "cooperation",
        "city": "SZ",
        "lead_unit": "RIO",
        "starts_on": date(2019, 5, 1),
        "themes": THEME_SLUGS_PENG_CHENG,
        "partners": [("03qdqbt06", "partner")],
        "name": (
            "Research cooperation with Peng Cheng Laboratory on big data and artificial "
            "intelligence",
            "與鵬城實驗室的大數據及人工智能研究合作",
            "与鹏城实验室的大数据及人工智能研究合作",
        ),
        "description": (
            "PolyU and Peng Cheng Laboratory (PCL) conduct research cooperation for the benefit of "
            "national and social development. Apart from scientific research projects, they "
            "construct and share research facilities, commercialise research findings, engage in "
            "academic exchange and promote talent cultivation, bringing new opportunities to the "
            "Greater Bay Area and strengthening the connection with industrial partners.",
            "理大與鵬城實驗室開展研究合作，服務國家及社會發展。除科研項目外，雙方共建共享研究設施、"
            "推動科研成果商品化、進行學術交流及培育人才，為大灣區帶來新機遇，並加強與業界夥伴的聯繫。",
            "香港理工大学与鹏城实验室开展科研合作，服务国家和社会发展。除科研项目外，双方共建共享科研设施、"
            "推动科研成果转化、开展学术交流及人才培养，为大湾区带来新机遇，并加强与产业伙伴的联系。",
        ),
    },
    "biotech-platform": {
        "kind": "platform",
        "city": "HK",
        "lead_unit": "ABCT",
        "starts_on": date(2019, 4, 1),
        "themes": ["biotechnology"],
        "partners": [
            ("01vy4gh70", "partner"),
            ("0064kty71", "partner"),
            ("03jqs2n27", "partner"),
            ("0499dwk57", "partner"),
            ("01y64my43", "partner"),
        ],
        "name": (
            "Biotechnology and Translational Medicine Collaborative Research Platform",
            "生物科技及轉化醫學合作研究平台",
            "生物技术及转化医学合作研究平台",
        ),
        "description": (
            "The first biotechnology and translational medicine collaborative research platform "
            "among the United States and the Guangdong-Hong Kong-Macau Greater Bay Area. Drawing "
            "on the expertise of the collaborating parties and their networks, the partnership "
            "fosters research in biotechnology and brings innovative technology to cancer drug "
            "development, genomics, translational medicine and related areas.",
            "首個連繫美國與粵港澳大灣區的生物科技及轉化醫學合作研究平台。平台匯聚合作各方及其網絡的"
            "專長，把握大灣區的機遇，推動生物科技研究，並將創新技術應用於抗癌藥物研發、基因組學、"
            "轉化醫學及其他相關範疇。",
            "首个连接美国与粤港澳大湾区的生物技术及转化医学合作研究平台。平台汇聚合作各方及其网络的"
            "专长，把握大湾区机遇，推动生物技术研究，并将创新技术应用于抗癌药物研发、基因组学、"
            "转化医学及其他相关领域。",
        ),
    },
    "ghmua": {
        "kind": "alliance",
        "city": "GZ",
        "starts_on": date(2016, 11, 15),
        "themes": [],
        "partners": [
            ("ghmua", "host"),
            ("0064kty71", "member"),
            ("02zhqgq86", "member"),
            ("01r4q9n85", "member"),
            ("01vy4gh70", "member"),
            ("0530pts50", "member"),
        ],
        "name": (
            "Guangdong-Hong Kong-Macao University Alliance",
            "粵港澳高校聯盟",
            "粤港澳高校联盟",
        ),
        "description": (
            "An alliance of universities in Guangdong, Hong Kong and Macao that PolyU actively "
            "engages with, sharing education, research and talent-training resources across the "
            "Greater Bay Area.",
            "理大積極結連的粵港澳高校聯盟，聯繫廣東、香港及澳門的高校，"
            "在大灣區共享教育、科研及人才培訓資源。",
            "香港理工大学积极参与的粤港澳高校联盟，联系广东、香港和澳门的高校，"
            "在大湾区共享教育、科研及人才培养资源。",
        ),
    },
    "usrn": {
        "kind": "alliance",
        "city": "HK",
        "starts_on": date(2015, 7, 1),
        "themes": ["social-responsibility"],
        "partners": [("usrn", "host")],
        "name": (
            "University Social Responsibility Network",
            "大學社會責任網絡",
            "大学社会责任网络",
        ),
        "description": (
            "An international network of universities committed to university social "
            "responsibility, in which PolyU takes part to build global connections.",
            "一個致力推動大學社會責任的國際大學網絡，理大參與其中，促進全球連繫。",
            "一个致力推动大学社会责任的国际大学网络，香港理工大学参与其中，促进全球联系。",
        ),
    },
    "uasr": {
        "kind": "alliance",
        "starts_on": date(2015, 5, 22),
        "themes": [],
        "partners": [("uasr", "host")],
        "name": ("University Alliance of the Silk Road", "絲綢之路大學聯盟", "丝绸之路大学联盟"),
        "description": (
            "An international alliance of universities along the Silk Road, through which PolyU "
            "develops collaborative projects and strategic platforms with industry.",
            "一個連繫絲綢之路沿線大學的國際聯盟，理大藉此發展協作項目，並與業界合作構建策略平台。",
            "一个连接丝绸之路沿线大学的国际联盟，香港理工大学借此发展合作项目，并与业界共建战略平台。",
        ),
    },
}

FUTIAN_SCHEME = {
    "slug": "sz-hk-cooperation-zone-pilot",
    "name": (
        "Shenzhen-Hong Kong Science and Technology Innovation Cooperation Zone (Pilot Scheme)",
        "深港科技創新合作區（先導計劃）",
        "深港科技创新合作区（先导计划）",
    ),
    "funder": "sz-hk-zone",
    "initiatives": ["polyu-futian-institute"],
}

# Funding schemes for generated projects: slug -> (en, zh-Hant, zh-Hans, funder ROR or "").
FUNDING_SCHEMES: dict[str, tuple[str, str, str, str]] = {
    "grf": ("General Research Fund", "優配研究金", "优配研究金", ""),
    "crf": ("Collaborative Research Fund", "協作研究金", "协作研究金", ""),
    "itf": ("Innovation and Technology Fund", "創新及科技基金", "创新及科技基金", "04vf9tr09"),
    "nsfc-rgc": (
        "NSFC/RGC Joint Research Scheme",
        "國家自然科學基金委員會／研究資助局聯合科研資助基金",
        "国家自然科学基金委员会／研究资助局联合科研资助基金",
        "01h0zpd94",
    ),
    "gz-sti": (
        "Guangzhou Science and Technology Programme",
        "廣州市科技計劃",
        "广州市科技计划",
        "05t4nb462",
    ),
    "industry": ("Industry-sponsored research", "業界資助研究", "业界资助研究", ""),
    "internal": ("University research grants", "大學內部研究資助", "大学内部研究资助", ""),
}

# Agreements from the page: reference -> fields. Parties: (ROR id, role).
AGREEMENTS: dict[str, dict[str, object]] = {
    "MOU-2019-GBAI3": {
        "kind": "mou",
        "signed_on": date(2019, 1, 16),
        "ends_on": date(2024, 1, 15),
        "renewed_until": date(2029, 1, 15),
        "owner_unit": "GEO",
        "initiatives": ["gba-i3"],
        "parties": [(HOME_ROR, "home"), ("01vy4gh70", "partner")],
        "title": (
            "Memorandum of Understanding on the Greater Bay Area International Institute for "
            "Innovation",
            "共同建設大灣區國際創新學院合作備忘錄",
            "共同建设大湾区国际创新学院合作备忘录",
        ),
    },
    "MOU-2019-BIOTECH": {
        "kind": "mou",
        "signed_on": date(2019, 4, 1),
        "ends_on": date(2024, 3, 31),
        "renewed_until": date(2029, 3, 31),
        "owner_unit": "GEO",
        "initiatives": ["biotech-platform"],
        "parties": [
            (HOME_ROR, "lead"),
            ("01vy4gh70", "partner"),
            ("0064kty71", "partner"),
            ("03jqs2n27", "partner"),
            ("0499dwk57", "partner"),
            ("01y64my43", "partner"),
        ],
        "title": (
            "Memorandum of Understanding on a Biotechnology and Translational Medicine "
            "Collaborative Research Platform",
            "建立生物科技及轉化醫學合作研究平台合作備忘錄",
            "建立生物技术及转化医学合作研究平台合作备忘录",
        ),
    },
    "JL-2018-AMSS": {
        "kind": "joint_lab",
        "signed_on": date(2018, 11, 1),
        "ends_on": date(2023, 10, 31),
        "renewed_until": date(2028, 10, 31),
        "owner_unit": "AMA",
        "initiatives": ["cas-amss-polyu-joint-lab"],
        "parties": [(HOME_ROR, "home"), ("02jkmyk67", "partner")],
        "title": (
            "Agreement on the CAS AMSS-PolyU Joint Laboratory of Applied Mathematics",
            "成立中科院數學與系統科學研究院—香港理工大學應用數學聯合實驗室協議",
            "成立中国科学院数学与系统科学研究院—香港理工大学应用数学联合实验室协议",
        ),
    },
    "JL-2019-GIG": {
        "kind": "joint_lab",
        "signed_on": date(2019, 3, 1),
        "ends_on": date(2024, 2, 29),
        "renewed_until": date(2029, 2, 28),
        "owner_unit": "CEE",
        "initiatives": ["cas-gig-polyu-joint-lab"],
        "parties": [(HOME_ROR, "home"), ("0356cst02", "partner")],
        "title": (
            "Agreement on the CAS GIG-PolyU Joint Laboratory for Environmental Pollution "
            "Processes and Control",
            "成立中科院廣州地球化學研究所—香港理工大學環境污染過程與控制聯合實驗室協議",
            "成立中国科学院广州地球化学研究所—香港理工大学环境污染过程与控制联合实验室协议",
        ),
    },
    "RC-2019-PCL": {
        "kind": "research",
        "signed_on": date(2019, 5, 1),
        "ends_on": date(2024, 4, 30),
        "renewed_until": date(2029, 4, 30),
        "owner_unit": "RIO",
        "initiatives": ["peng-cheng-cooperation"],
        "parties": [(HOME_ROR, "home"), ("03qdqbt06", "partner")],
        "title": (
            "Research Cooperation Agreement with Peng Cheng Laboratory",
            "與鵬城實驗室研究合作協議",
            "与鹏城实验室科研合作协议",
        ),
    },
}

# Home page sections: (key, block, initiatives or agreements, heading x3, text x3).
SECTIONS: list[tuple[str, str, list[str], tuple[str, str, str], tuple[str, str, str]]] = [
    (
        "intro",
        "text",
        [],
        ("Embracing Greater Bay Area Opportunities", "把握大灣區發展機遇", "把握大湾区发展机遇"),
        (
            "PolyU embraces Greater Bay Area opportunities and actively engages in supporting "
            "the research and academic collaborations between Hong Kong and other GBA cities. "
            "Enhancing our role in the development of the Greater Bay Area is one of our "
            "strategic initiatives.",
            "香港理工大學把握大灣區發展機遇，積極結連「粵港澳高校聯盟」，成立大灣區國際創新學院及"
            "大灣區合作平台，透過與夥伴建立合作計劃、開放式創新、培訓項目和創業支援等活動，"
            "加強發展區內的人才培訓、科研和知識轉移。",
            "香港理工大学把握大湾区发展机遇，积极参与“粤港澳高校联盟”，成立大湾区国际创新学院及"
            "大湾区合作平台，通过与伙伴建立合作项目、开放式创新、培训项目和创业支持等活动，"
            "加强区内的人才培养、科研和知识转移。",
        ),
    ),
    (
        "figures",
        "figures",
        [],
        ("Our engagement in figures", "合作成果一覽", "合作成果一览"),
        ("", "", ""),
    ),
    (
        "gba",
        "gba_map",
        [],
        ("The Greater Bay Area", "粵港澳大灣區", "粤港澳大湾区"),
        (
            "The Greater Bay Area refers to the nation's scheme to link the cities on the map "
            "into an integrated economic and business hub. The Central and HKSAR Governments' "
            "initiatives to develop the Greater Bay Area provide many opportunities for education "
            "and research collaborations between the University and mainland institutions.",
            "中央政府和香港特區政府的大灣區發展計劃及就促進大灣區的創新科技發展推行的新措施，"
            "為大學與內地機構之間的教育和研究合作提供更多機遇。我們近年一直抓緊大灣區發展帶來的機遇，"
            "配合理大以至大灣區的長遠發展目標，加強大學在大灣區的角色。",
            "中央政府和香港特区政府的大湾区发展规划及促进大湾区创新科技发展的新措施，"
            "为大学与内地机构之间的教育和科研合作带来更多机遇。我们近年一直把握大湾区发展机遇，"
            "配合学校以至大湾区的长远发展目标，加强大学在大湾区的角色。",
        ),
    ),
    (
        "partnering",
        "initiatives",
        ["gba-i3", "gba-i3-immersion-2019", "cas-amss-polyu-joint-lab", "cas-gig-polyu-joint-lab"],
        (
            "Partnering to support GBA development",
            "與夥伴攜手支持大灣區發展",
            "与伙伴携手支持大湾区发展",
        ),
        (
            "PolyU works with partners in the Greater Bay Area and the Mainland to integrate its "
            "expertise with industry efforts and government support, turning research into "
            "applications for society.",
            "理大與大灣區及內地夥伴攜手合作，結合大學專長、業界力量及政府支持，把研究成果轉化為"
            "惠及社會的應用。",
            "香港理工大学与大湾区及内地伙伴携手合作，结合大学专长、产业力量及政府支持，"
            "把科研成果转化为惠及社会的应用。",
        ),
    ),
    (
        "institutes",
        "initiatives",
        ["polyu-futian-institute", "gba-campus"],
        (
            "A research institute and a campus in the GBA",
            "設立分校及研究院 貢獻大灣區",
            "设立校区及研究院 贡献大湾区",
        ),
        ("", "", ""),
    ),
    (
        "peng-cheng",
        "initiatives",
        ["peng-cheng-cooperation"],
        (
            "Peng Cheng Laboratory: big data and artificial intelligence research",
            "鵬城實驗室：大數據及人工智能研究",
            "鹏城实验室：大数据及人工智能研究",
        ),
        ("", "", ""),
    ),
    (
        "biotech",
        "agreements",
        ["MOU-2019-BIOTECH"],
        (
            "Joint research platform drives biotechnology and translational medicine",
            "聯合研究平台推動生物科技及轉化醫學發展",
            "联合研究平台推动生物技术及转化医学发展",
        ),
        (
            "PolyU and its alliance partners from the Guangdong-Hong Kong-Macau Greater Bay Area "
            "signed a Memorandum of Understanding with partners in the United States to "
            "establish a collaborative research platform in biotechnology and translational "
            "medicine.",
            "理大聯同粵港澳大灣區的聯盟夥伴，與美國的合作夥伴簽署合作備忘錄，"
            "建立生物科技及轉化醫學合作研究平台。",
            "香港理工大学联同粤港澳大湾区的联盟伙伴，与美国的合作伙伴签署合作备忘录，"
            "建立生物技术及转化医学合作研究平台。",
        ),
    ),
    (
        "internships",
        "placements",
        [],
        ("Internship opportunities in the Greater Bay Area", "大灣區實習機會", "大湾区实习机会"),
        (
            "Greater Bay Area opportunities are not confined to research: students can join "
            "internships and work in GBA cities as well. A unique feature of the University's "
            "undergraduate curriculum is the mandatory Work-Integrated Education (WIE) "
            "programme, under which students take part in projects or work as interns in an "
            "organisation. Offshore internships are available worldwide, including placements "
            "in the Greater Bay Area.",
            "大灣區的機遇不限於科研，學生亦可到大灣區城市實習及工作。理大本科課程的一大特色是必修的"
            "「工作整合教育」（WIE），學生參與機構的項目或擔任實習生。境外實習機會遍及全球，"
            "包括大灣區的實習崗位。",
            "大湾区的机遇不限于科研，学生也可以到大湾区城市实习和工作。香港理工大学本科课程的一大特色是"
            "必修的“工作整合教育”（WIE），学生参与机构的项目或担任实习生。境外实习机会遍及全球，"
            "包括大湾区的实习岗位。",
        ),
    ),
    (
        "staff",
        "text",
        [],
        ("International faculty", "國際化教員", "国际化教师队伍"),
        (
            "PolyU actively internationalises its faculty, recruiting and retaining talent from "
            "many countries. Our staff from around the world take part in multicultural "
            "activities on campus and, through research, education and knowledge transfer, "
            "strengthen the University's network of partners worldwide.",
            "理大積極推動教職員團隊國際化，主動招募和延聘不同國家的人才。本校來自世界各地的教職員積極"
            "參與校內多元文化活動，並通過研究、教育和知識轉移，加強與世界各地的夥伴網絡與聯繫。",
            "香港理工大学积极推动教职员队伍国际化，主动招聘和留住来自不同国家的人才。来自世界各地的教职员"
            "积极参与校内多元文化活动，并通过科研、教育和知识转移，加强与世界各地伙伴的联系。",
        ),
    ),
    (
        "partnerships",
        "initiatives",
        ["ghmua", "usrn", "uasr"],
        ("International partnerships and collaborations", "國際夥伴和合作", "国际伙伴和合作"),
        (
            "As one of the world's top 100 universities, PolyU leads in specialised fields. We "
            "invest in people and resources, take part in international alliances, develop "
            "collaborative projects and build strategic platforms with industry to foster "
            "global connections, with a particular focus on interdisciplinary research in "
            "emerging areas such as artificial intelligence and robotics.",
            "作為世界百強大學之一，理大在不同的專門範疇均領導全球。我們投放資源與人才，參與國際聯盟、"
            "發展協作項目，並與業界合作構建策略平台，促進全球連繫。理大悉力以赴，推動跨學科研究，"
            "尤以人工智能及機械人科技等新興領域為然，冀以創新發明解決全球及社會各種挑戰。",
            "作为世界百强大学之一，香港理工大学在多个专业领域处于全球领先地位。我们投入资源与人才，"
            "参与国际联盟、发展合作项目，并与业界共建战略平台，促进全球联系。学校全力推动跨学科研究，"
            "尤其是人工智能及机器人技术等新兴领域，以创新应对全球及社会的各种挑战。",
        ),
    ),
]
