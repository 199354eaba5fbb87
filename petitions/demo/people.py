"""Synthetic petitioners and cases for the demo and the tests (no real person behind any of them)."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from petitions.rules.ids import ID_CHECK_CHARS, ID_WEIGHTS

SURNAMES = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文德民永福海林春生"
SUMMARIES = ("反映土地征收补偿款未发放", "反映拖欠工资", "反映医疗纠纷处理不公", "反映房屋拆迁安置问题",
             "反映村务不公开", "反映环境污染", "反映社保待遇", "反映涉法涉诉案件")


def id_number(county: str, born: date, seq: int, valid: bool = True) -> str:
    body = f"{county}{born:%Y%m%d}{seq % 1000:03d}"
    check = ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11]
    if not valid:
        check = ID_CHECK_CHARS[(ID_CHECK_CHARS.index(check) + 1) % 11]
    return body + check


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str | None
    phone: str


@dataclass(frozen=True)
class Case:
    county: str
    case_id: str
    visit_date: date
    visit_kind: str
    persons: int
    level: str
    category: str
    reception_mode: str
    handling: str | None
    accepted_date: date | None
    closed_date: date | None
    extended: bool
    entry_date: date
    person: Person
    id_valid: bool = True
    leader: str | None = None

    def with_(self, **changes: object) -> Case:
        return replace(self, **changes)


def make_person(county: str, rng: random.Random, seq: int) -> Person:
    born = date(1950, 1, 1) + timedelta(days=rng.randint(0, 365 * 50))
    name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2)))
    phone = "1" + str(rng.choice([3, 5, 7, 8, 9])) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    return Person(name, id_number(county, born, seq), phone)


def make_case(county: str, month: date, seq: int, person: Person, rng: random.Random,
              categories: tuple[str, ...]) -> Case:
    last_day = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    visit = month + timedelta(days=rng.randint(0, last_day.day - 1))
    group = rng.random() < 0.2
    accepted = visit + timedelta(days=rng.randint(0, 5)) if rng.random() < 0.7 else None
    extended = accepted is not None and rng.random() < 0.1
    closed = accepted + timedelta(days=rng.randint(3, 35)) if accepted and rng.random() < 0.9 else None
    return Case(
        county=county, case_id=f"XF{county}{month:%Y%m}{seq:04d}", visit_date=visit,
        visit_kind="集体访" if group else "个人访", persons=rng.randint(5, 40) if group else rng.randint(1, 4),
        level=rng.choices(["赴京", "到省", "来市", "到县"], weights=[1, 2, 4, 6])[0],
        category=rng.choice(categories),
        reception_mode=rng.choices(["日常接待", "领导接访", "联合接访"], weights=[8, 2, 1])[0],
        handling=rng.choice(["直接受理", "转送", "交办", "导入法定途径", None]),
        accepted_date=accepted, closed_date=closed, extended=extended,
        entry_date=visit + timedelta(days=rng.choices([0, 1, 3, 7, 12], weights=[5, 4, 3, 2, 1])[0]),
        person=person,
    )
