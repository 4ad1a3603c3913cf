"""Text normalisation shared by every reader: one canonical form to match labels against.

Published reports mix full- and half-width digits and brackets, put stray spaces inside
labels ("本 年 度 办 理 结 果"), and some mirror sites convert the page to traditional
characters with inline pinyin ("區(qū)"). Matching is done on the canonical form only;
evidence quoted back to the user keeps the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Traditional → simplified for the characters that occur in report headings, table labels
# and the phrases the checker looks for. Pairs are written "繁简" so a wrong pairing shows.
_TRAD_PAIRS = """
總总 體体 況况 開开 動动 條条 項项 內内 數数 規规 範范 許许 處处 罰罚 強强 費费 業业 採采
購购 額额 關关 係系 為为 請请 與与 問问 題题 進进 報报 務务 複复 復复 議议 訟讼 訴诉 維维
糾纠 審审 結结 計计 門门 機机 構构 織织 組组 會会 於于 國国 華华 區区 縣县 鎮镇 鄉乡 廳厅
辦办 衛卫 財财 稅税 統统 層层 實实 據据 經经 濟济 廣广 東东 網网 級级 單单 們们 個个 這这
發发 佈布 來来 時时 間间 並并 對对 將将 應应 監监 險险 權权 準准 確确 證证 較较 劃划 釋释
讀读 獲获 礎础 標标 書书 號号 導导 領领 長长 轉转 當当 製制 廢废 現现 決决 萬万 舉举 訪访
顯显 寫写 詢询 檢检 傳传 無无 認认 補补 產产 資资 護护 節节 態态 爭争 執执 過过 閱阅 屬属
穩稳 見见 參参 絡络 紀纪 錄录 歸归 類类 預预 醫医 療疗 環环 質质 勢势 團团 隊队 設设 備备
線线 圖图 貫贯 徹彻 黨党 習习 屆届 興兴 聯联 繫系 擴扩 彙汇 匯汇 編编 說说 載载 優优 檔档
選选 擇择 響响 職职 責责 嚴严 訊讯 諮咨 訂订 論论 評评 價价 語语 頁页 點点 寶宝 雞鸡 戶户
狀状 專专 術术 歷历 雙双 稱称 獨独 啟启 視视 頻频 訓训 練练 納纳 綜综 員员 幫帮 協协 調调
擔担 負负 滿满 龍龙 鄰邻 豐丰 園园 陽阳 記记 該该 詳详 誤误 謝谢 變变 讓让 貨货 貧贫 貼贴
賬账 趙赵 躍跃 車车 軍军 軟软 輕轻 輸输 農农 運运 遠远 違违 遺遗 適适 還还 郵邮 針针 鑒鉴
閉闭 闡阐 際际 陸陆 隱隐 雜杂 雲云 電电 靈灵 頂顶 順顺 須须 頒颁 頭头 顧顾 風风 養养 餘余
館馆 驗验 麼么 黃黄 齡龄 約约 規规 際际 義义 務务 勞劳 動动 險险 係系 護护 廠厂 檢检 測测
計计 劃划 屬属 託托 緊紧 張张 細细 緻致 純纯 紙纸 線线 續续 綫线 總总 縣县 級级 營营 銷销
鄭郑 勵励 獎奖 懲惩 審审 認认 識识 證证 詞词 譯译 讀读 議议 諾诺 謀谋 講讲 課课 誠诚 託托
違违 這这 週周 進进 遞递 邊边 鏈链 鍵键 錯错 鐘钟 錢钱 鋼钢 陣阵 陳陈 險险 隨随 隸隶 雖虽
難难 韋韦 頒颁 顆颗 風风 飛飞 馬马 駐驻 驟骤 鬥斗 鳳凤 麗丽 齊齐 龐庞 龜龟 傷伤 償偿 儲储
兒儿 兩两 冊册 劑剂 勁劲 區区 協协 厲厉 參参 員员 啓启 喪丧 嚴严 圍围 報报 場场 壞坏 壓压
奪夺 奮奋 婦妇 孫孙 寧宁 寬宽 尋寻 導导 層层 帶带 幹干 廬庐 彈弹 徑径 徵征 憑凭 憲宪 戰战
掃扫 揚扬 換换 損损 搖摇 攜携 敗败 敵敌 斷断 於于 昇升 暫暂 曆历 朧胧 條条 楊杨 槍枪 樂乐
樣样 橋桥 檢检 權权 歡欢 歲岁 殘残 氣气 減减 測测 湯汤 溫温 滅灭 漢汉 潔洁 潛潜 澤泽 濟济
灣湾 災灾 烏乌 熱热 燈灯 爐炉 獄狱 獻献 現现 畫画 當当 盡尽 盤盘 礦矿 禮礼 禍祸 種种 穀谷
積积 穩稳 窮穷 競竞 筆笔 範范 築筑 簡简 糧粮 紅红 級级 紛纷 紹绍 終终 絕绝 給给 絡络 統统
絲丝 綱纲 網网 緩缓 編编 緣缘 縮缩 績绩 繼继 纏缠 罷罢 聖圣 聲声 職职 膽胆 臨临 與与 興兴
舊旧 艱艰 莊庄 薦荐 藥药 蘇苏 蘭兰 處处 號号 蟲虫 衛卫 補补 裝装 複复 襲袭 覺觉 規规 視视
覽览 觀观 計计 訊讯 託托 記记 設设 詐诈 評评 詢询 試试 話话 誌志 說说 課课 調调 談谈 請请
論论 證证 識识 譜谱 護护 讓让 豐丰 貝贝 責责 貸贷 費费 貿贸 賃赁 資资 賠赔 質质 購购 贊赞
趨趋 跡迹 踐践 軌轨 較较 載载 輔辅 輛辆 輯辑 轄辖 辦办 辭辞 農农 迴回 這这 連连 週周 遊游
運运 過过 達达 違违 遞递 選选 遷迁 遼辽 還还 邊边 鄉乡 醫医 釋释 鈔钞 鎮镇 長长 門门 閒闲
間间 閣阁 闊阔 隊队 階阶 隨随 險险 雖虽 雙双 雞鸡 離离 電电 靜静 韓韩 響响 頁页 頂顶 項项
順顺 預预 頓顿 領领 頻频 題题 額额 類类 顯显 飄飘 餐餐 騰腾 驗验 體体 髮发 魯鲁 鮮鲜 鹽盐
麥麦 黨党 點点 齡龄 係系 儘尽 劃划 勢势 歸归 準准 滙汇 彙汇 註注 祕秘 衆众 鉅巨 鑑鉴
"""
_TRAD = str.maketrans({pair[0]: pair[1] for pair in _TRAD_PAIRS.split()})

# Inline pinyin is one syllable in brackets right after the character it reads ("區(qū)"):
# an optional initial, one to three vowels, an optional n/ng/r. A bracketed word that is not
# a syllable ("政务(app)", "(pdf)") is text of the report and stays.
_VOWEL = "aeiouüāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff])\((?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[{_VOWEL}]{{1,3}}(?:ng|n|r)?\)"
)
_SPACE = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
# Characters NFKC leaves alone but that reports use as brackets or separators.
_EXTRA = str.maketrans(
    {
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "﹝": "[",
        "﹞": "]",
        "—": "-",
        "–": "-",
        "－": "-",
        "―": "-",
        "\u2212": "-",  # MINUS SIGN
        "、": "、",
        "．": ".",
    }
)


# A pure function of short strings that recur in every report (labels, "0", headers):
# cached, which changes no result.
@lru_cache(maxsize=16384)
def canon(text: str) -> str:
    """Canonical matching form: NFKC (half-width digits and brackets), simplified, no
    inline pinyin, no whitespace at all."""
    text = unicodedata.normalize("NFKC", text).translate(_TRAD).translate(_EXTRA)
    text = _PINYIN.sub("", text)
    return _SPACE.sub("", text)


def canon_keep_spaces(text: str) -> str:
    """Like :func:`canon` but keeps (collapsed) spaces, for splitting a line into tokens."""
    text = unicodedata.normalize("NFKC", text).translate(_TRAD).translate(_EXTRA)
    text = _PINYIN.sub("", text)
    return _SPACE.sub(" ", text).strip()


_CN_DIGITS = {
    "〇": "0",
    "零": "0",
    "○": "0",
    "O": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_CN_YEAR = re.compile(r"([〇零○一二三四五六七八九]{4})年")


def arabic_years(text: str) -> str:
    """Write years spelt in Chinese numerals ("二〇二〇年") with digits ("2020年")."""
    return _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)) + "年", text)


# A table cell holding a number: optional sign, digits with thousands separators, decimals,
# and an optional unit. "〇"/"零" alone mean zero.
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(万元|元|件|个|条|项|次|%)?$")
_BLANK_MARKS = {"", "-", "--", "/", "\\", "无", "空", "×", "x", "X", "*", "…", "...", "_"}
UNITS = {"元", "万元"}


@lru_cache(maxsize=16384)
def parse_number(cell: str) -> tuple[str, int | float | None, str | None]:
    """Classify one canonical cell: ("num", value, unit) | ("blank", None, mark) |
    ("unit", None, unit) | ("text", None, None)."""
    if cell in ("〇", "零", "○"):
        return "num", 0, None
    if cell in _BLANK_MARKS or set(cell) <= {"-", "/"}:
        return "blank", None, cell
    if cell in UNITS:
        return "unit", None, cell
    m = _NUMBER.match(cell)
    if not m:
        return "text", None, None
    sign, whole, frac, unit = m.groups()
    whole = whole.replace(",", "")
    value: int | float = float(f"{whole}.{frac}") if frac else int(whole)
    if sign == "-":
        value = -value
    return "num", value, unit
