"""What offices call the archive's columns and values: the one table to edit when a roster uses
a word the import does not know yet.

``HEADER_SYNONYMS``: field -> the headers that mean it (the template's own header is always
known too). ``VALUE_SYNONYMS``: field -> written value -> the code stored. ``AMBIGUOUS_VALUES``:
field -> a written value -> the codes it may mean; such a value is never guessed: the person
importing says what it means for that file. Texts are compared after ``normalize`` (full-width
folded, spaces dropped) and, for Latin letters, in upper case.
"""

from __future__ import annotations

HEADER_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "党员姓名", "名字"),
    "gender": ("性别",),
    "ethnicity": ("民族",),
    "birth_date": ("出生日期", "出生年月", "出生年月日", "生日"),
    "id_number": (
        "公民身份号码",
        "身份证号",
        "身份证号码",
        "身份证",
        "证件号码",
        "居民身份证号码",
    ),
    "phone": ("手机号码", "手机", "手机号", "联系电话", "电话", "联系方式", "电话号码"),
    "native_place": ("籍贯",),
    "education": ("学历", "文化程度", "最高学历", "全日制学历"),
    "occupation": ("工作岗位类别", "岗位类别", "工作岗位", "人员岗位类别"),
    "job_title": ("职务/职称", "职务", "职称", "行政职务"),
    "work_unit": ("工作单位", "单位", "所在单位", "工作单位及职务"),
    "address": ("家庭住址", "住址", "现居住地", "家庭地址"),
    "applied_on": ("申请入党日期", "申请入党时间", "入党申请日期"),
    "joined_on": (
        "入党时间",
        "入党日期",
        "加入党组织日期",
        "参加党组织时间",
        "参加党组织日期",
        "入党年月",
    ),
    "confirmed_on": ("转正时间", "转正日期", "转为正式党员日期", "转正年月"),
    "stage": ("党员类别", "人员类别", "党员身份", "党籍", "党员类型"),
    "dues_category": ("党费类别", "党费交纳类别", "缴费类别"),
    "organization_id": (
        "所在党组织",
        "党支部",
        "所在支部",
        "所在党支部",
        "支部",
        "党组织",
        "所在党组织名称",
        "支部名称",
    ),
    "party_group_id": ("党小组", "所在党小组"),
    "is_floating": ("流动党员", "是否流动党员", "是否流动", "是否为流动党员"),
    "floating_to": ("流动去向",),
    "lost_contact_since": ("失联起始日期", "失联日期"),
    "in_difficulty": ("困难党员", "是否困难党员"),
    "is_leading_cadre": ("领导干部", "是否领导干部"),
}

VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "gender": {"男": "M", "男性": "M", "M": "M", "MALE": "M", "女": "F", "女性": "F", "F": "F"},
    "education": {
        "研究生": "postgraduate",
        "硕士": "postgraduate",
        "硕士研究生": "postgraduate",
        "博士": "postgraduate",
        "博士研究生": "postgraduate",
        "研究生毕业": "postgraduate",
        "本科": "bachelor",
        "大学本科": "bachelor",
        "大本": "bachelor",
        "学士": "bachelor",
        "大专": "college",
        "专科": "college",
        "大学专科": "college",
        "高职": "college",
        "中专": "secondary_vocational",
        "中等专科": "secondary_vocational",
        "中师": "secondary_vocational",
        "高中": "high_school",
        "技校": "high_school",
        "中技": "high_school",
        "职高": "high_school",
        "高中/中技": "high_school",
        "初中": "junior_or_below",
        "小学": "junior_or_below",
        "初中及以下": "junior_or_below",
        "文盲": "junior_or_below",
    },
    "stage": {
        "正式": "full",
        "正式党员": "full",
        "党员": "full",
        "预备": "probationary",
        "预备党员": "probationary",
    },
    "occupation": {
        "工人": "worker",
        "工勤技能人员": "worker",
        "农民": "farmer",
        "农牧渔民": "farmer",
        "专业技术人员": "professional",
        "专技": "professional",
        "技术人员": "professional",
        "管理人员": "manager",
        "企业管理人员": "manager",
        "党政机关工作人员": "civil_servant",
        "公务员": "civil_servant",
        "学生": "student",
        "其他": "other",
        "其他职业人员": "other",
        "离退休": "retired",
        "离退休人员": "retired",
        "退休": "retired",
        "离休": "retired",
    },
    "dues_category": {
        "在职": "salaried",
        "在职职工": "salaried",
        "年薪制": "annual_salary",
        "灵活就业": "self_employed",
        "个体经营": "self_employed",
        "离退休": "retired",
        "退休": "retired",
        "离休": "retired",
        "农民": "farmer",
        "学生": "student",
        "失业": "unemployed",
        "低保": "relief",
        "救济": "relief",
    },
}

# A value that honestly means more than one thing: the person importing decides per file.
AMBIGUOUS_VALUES: dict[str, dict[str, tuple[str, ...]]] = {
    "education": {
        "大学": ("bachelor", "college"),
        "大学毕业": ("bachelor", "college"),
        "中专及以上": ("secondary_vocational", "high_school"),
    },
}
