"""Words that say nothing about expertise, in English and in folded (Simplified) Chinese.

Besides grammar words, the lists hold the phrasing of requests ("we hope to", "our company"),
which appears in nearly every challenge and would otherwise pull towards profiles that happen
to use it.
"""

_ENGLISH = """
    a about above after again against all almost also although always am among an and any are
    around as at be because been before being below between both but by can cannot could did do
    does doing done down during each either else enough etc even ever every few for from further
    get gets getting got had has have having he her here hers herself him himself his how however
    i if in into is it its itself just least less let like likely lot lots many may me might more
    most much must my myself need needs neither no nor not now of off often on once one only onto
    or other others our ours ourselves out over own per perhaps quite rather really same she
    should since so some such than that the their theirs them themselves then there therefore
    these they this those though through thus to too toward towards under until up upon us use
    used uses using very via was we well were what whatever when where whether which while who
    whom whose why will with within without would yet you your yours yourself yourselves
    want wants wanted would like looking look help helps hope hoping find finding way ways
    currently today every day new better make makes making know knowing sure also able
    company companies firm our team staff
    """

_CHINESE = """
    的 了 和 与 及 以及 或 或者 而 而且 并 并且 也 又 还 都 就 才 只 在 于 对 对于 从 自 由 把 被 让
    给 向 到 为 为了 因为 所以 但 但是 然而 如果 虽然 因此 是 有 没有 没 不 无 这 那 这些 那些 此 其
    之 等 等等 个 种 些 各 每 该 本 其他 其它 我 我们 你 你们 他 他们 她 她们 它 它们 自己 本人 大家
    吗 呢 吧 啊 呀 哦 得 地 着 过 会 能 可 可以 可能 要 需要 想 希望 应 应该 将 已 已经 正 正在
    很 非常 更 最 较 比较 十分 太 都是 就是 还是 以 以便 以及 之后 之前 以后 以前 目前 现在 时 时候
    如何 怎样 怎么 怎么样 什么 哪些 为什么 是否 能否 多少 多 少 一 一些 一个 一种 一直 一起 一样
    上 下 中 内 外 里 后 前 间 方面 方法 情况 问题 公司 本公司 本会 我司 贵 团队 有关 相关 了解
    进行 通过 利用 使用 提供 帮助 协助 找到 寻找 合作 研究 开展 关于 包括 例如 比如 其中 同时 另外
    然后 之间 所 所有 任何 已有 现有 经常 往往 不少 很多 许多 大量 一般 主要 特别 尤其 只是 只有
    """

ENGLISH_STOPWORDS = frozenset(_ENGLISH.split())
CHINESE_STOPWORDS = frozenset(_CHINESE.split())
