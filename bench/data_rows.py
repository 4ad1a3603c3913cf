"""Rows for ``bench/data.py``: treebeard path steps, COPY tables that fill every column the
generator does not give from the model field's default, and the generated Chinese text."""

import random
import uuid

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's, as Wagtail's Page uses it
STEPLEN = 4
KINDS = ["工作动态", "通知", "公告", "意见", "办法", "通报", "报告", "方案"]
TOPICS = [
    "安全生产", "道路运输", "农村公路", "政府信息公开", "行政许可", "行政处罚", "政府采购",
    "财政预算", "重大建设项目", "防汛抗旱", "营商环境", "乡村振兴", "食品安全", "森林防火",
]  # fmt: skip
PLACES = ["甲市", "乙县", "丙区", "丁镇", "庐山市", "德安县", "永修县", "共青城市", "濂溪区"]
AGENCY_NAMES = [
    "交通运输局", "农业农村局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
    "应急管理局", "市场监督管理局", "卫生健康委员会", "教育体育局", "水利局", "民政局",
]  # fmt: skip
SENTENCES = [
    "为深入贯彻落实{topic}工作要求，经研究决定，现将有关事项通知如下。",
    "各单位要高度重视，加强组织领导，明确责任分工，确保各项措施落到实处。",
    "{year}年以来，{agency}围绕{topic}目标任务，扎实开展各项工作，取得明显成效。",
    "根据《中华人民共和国政府信息公开条例》第二十条规定，现将有关情况公开如下。",
    "会议指出，要坚持以人民为中心的发展思想，统筹发展和安全，全力推进{topic}。",
]


def step(n: int) -> str:
    """The path step of the n-th child (1-based), as treebeard numbers it."""
    digits = ""
    while n:
        n, d = divmod(n, len(ALPHABET))
        digits = ALPHABET[d] + digits
    if len(digits) > STEPLEN:
        raise ValueError("too many children for one page")
    return digits.rjust(STEPLEN, "0")


def step_number(path_step: str) -> int:
    return int(path_step, len(ALPHABET))


class Table:
    """COPY rows of one model's own table; columns not given get the field's default."""

    def __init__(self, model, exclude=()):
        template = model()
        self.model = model
        self.fields = [f for f in model._meta.local_concrete_fields if f.column not in set(exclude)]
        self.columns = [f.column for f in self.fields]
        self.defaults = [self._plain(getattr(template, f.attname)) for f in self.fields]
        self.index = {f.name: i for i, f in enumerate(self.fields)}
        self.index.update({f.attname: i for i, f in enumerate(self.fields)})
        self.rows: list[list] = []

    @staticmethod
    def _plain(value):
        # TextChoices members are str subclasses; give psycopg the plain value.
        return value.value if hasattr(value, "value") and isinstance(value, str) else value

    def has(self, name: str) -> bool:
        return name in self.index

    def add(self, **values) -> None:
        row = list(self.defaults)
        for name, value in values.items():
            row[self.index[name]] = self._plain(value)
        self.rows.append(row)

    def write(self, cursor) -> int:
        names = ", ".join(f'"{c}"' for c in self.columns)
        with cursor.copy(f"COPY {self.model._meta.db_table} ({names}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        written = len(self.rows)
        self.rows = []
        return written


class Pages:
    """wagtailcore_page rows with ids and paths handed out in order."""

    def __init__(self, next_id: int, locale_id: int):
        from wagtail.models import Page

        self.table = Table(Page)
        self.next_id = next_id
        self.locale_id = locale_id

    def add(self, *, path, title, slug, url_path, content_type, published, numchild=0, **more):
        page_id = self.next_id
        self.next_id += 1
        self.table.add(
            id=page_id,
            path=path,
            depth=len(path) // STEPLEN,
            numchild=numchild,
            title=title,
            draft_title=title,
            slug=slug,
            url_path=url_path,
            live=True,
            content_type_id=content_type,
            first_published_at=published,
            last_published_at=published,
            latest_revision_created_at=published,
            translation_key=uuid.UUID(int=random.getrandbits(128)),
            locale_id=self.locale_id,
            **more,
        )
        return page_id


def credit_code(number: int) -> str:
    from gongkai.agencies.models import credit_code_check_character

    first17 = f"11360400MB{number:07d}"
    return first17 + credit_code_check_character(first17)


def item_text(rng: random.Random, agency_name: str, year: int) -> tuple[str, str, str, str]:
    topic = rng.choice(TOPICS)
    kind = rng.choice(KINDS)
    title = f"{agency_name}关于{topic}工作的{kind}"
    values = {"topic": topic, "year": year, "agency": agency_name}
    body = "".join(
        f"<p>{rng.choice(SENTENCES).format(**values)}</p>" for _ in range(rng.randint(2, 5))
    )
    return title, f"{topic}有关情况。", body, topic
