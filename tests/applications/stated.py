"""What a test reply states for its outcome (the structured fields of ``particulars.py``)."""

from gongkai.applications.particulars import GROUNDS
from gongkai.applications.states import Outcome

#: Hand-written, one per outcome that needs fields; the letter tests assert these words.
STATED = {
    Outcome.ALREADY_PUBLIC: {"obtain_how": "登录甲市交通运输局门户网站“政策文件”栏目查阅"},
    Outcome.DISCLOSED: {"obtain_how": "随本告知书以电子邮件提供"},
    Outcome.PARTIAL: {
        "withheld_ground": "art16_2_process_info",
        "refusal_reason": "线路调整的内部讨论记录属于过程性信息",
        "obtain_how": "随本告知书以电子邮件提供其余部分",
    },
    Outcome.DENIED_ADMIN_QUERY: {
        "other_procedure": "《机动车登记规定》规定的机动车登记信息查询程序，向车辆管理所申请查询"
    },
    Outcome.UNABLE_NOT_THIS_AGENCY: {
        "responsible_agency": "甲市公共交通集团有限公司的主管部门甲市城市管理局",
        "responsible_contact": "0792-8123456",
    },
    Outcome.NP_PETITION: {"turn_to": "向甲市信访局（甲市人民路1号）提出信访事项"},
    Outcome.NP_PUBLICATION: {"turn_to": "向出版单位或者新华书店购买《甲市年鉴》"},
    **{code: {"refusal_reason": "经审查，所申请信息属于该项情形"} for code in GROUNDS},
}


def stated_for(outcome) -> dict:
    return dict(STATED.get(Outcome(outcome), {}))
