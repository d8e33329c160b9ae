#include "stages/html_blocks.h"
#include "stages/html_raw_text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace winnow {
namespace {

struct Got {
  std::vector<std::string> texts;   // "\n" prefix when blank_before
  HtmlPage page;
};

Got Extract(std::string_view html, HtmlOptions o = HtmlOptions()) {
  Got g;
  HtmlExtractor(o).Extract(html, &g.page);
  for (const HtmlBlock& b : g.page.blocks) {
    g.texts.push_back((b.blank_before ? "\n" : "") + std::string(b.text.in(g.page.text)));
  }
  return g;
}

const HtmlBlock* Find(const Got& g, std::string_view text) {
  for (const HtmlBlock& b : g.page.blocks) {
    if (b.text.in(g.page.text) == text) return &b;
  }
  return nullptr;
}

using V = std::vector<std::string>;

TEST(HtmlBlocks, ParagraphsHeadingsAndLists) {
  Got g = Extract(
      "<html><head><title> The  title </title><script>var x=1;</script></head><body>"
      "<h1>Head line</h1><p>First <b>para</b>\n graph.</p><p>Second &amp; last.</p>"
      "<ul><li>one</li><li>two</li></ul></body></html>");
  EXPECT_EQ(g.texts, (V{"Head line", "\nFirst para graph.", "\nSecond & last.", "\none", "two"}));
  EXPECT_EQ(g.page.title, "The title");
  EXPECT_EQ(Find(g, "Head line")->f.heading, 1);
  EXPECT_EQ(HtmlTagName(Find(g, "one")->f.tag), "li");
  EXPECT_TRUE(Find(g, "two")->f.ancestors & kInList);
}

TEST(HtmlBlocks, InvisibleContentNeverBecomesText) {
  Got g = Extract(
      "<body><p>shown</p><script>a()</script><style>p{}</style><noscript>ns</noscript>"
      "<template>tpl</template><!-- comment --><div hidden>h1</div>"
      "<div aria-hidden=\"true\">h2</div><div style=\"color:red; DISPLAY: none\">h3</div>"
      "<span style=\"visibility:hidden\">h4</span><p>end</p></body>");
  EXPECT_EQ(g.texts, (V{"shown", "\nend"}));
}

TEST(HtmlBlocks, DivDirectTextAndDoubleBreak) {
  Got g = Extract("<div>lead text<p>inner</p>tail text</div><p>a<br>b<br><br>c</p>");
  EXPECT_EQ(g.texts, (V{"lead text", "\ninner", "\ntail text", "\na b", "\nc"}));
}

TEST(HtmlBlocks, DomFeatures) {
  Got g = Extract(
      "<body><nav class=\"top\"><a href=/>Home</a> <a href=/x>News</a></nav>"
      "<article><p>Body text with <a href=#>one link</a> inside it.</p></article>"
      "<div class=\"share-buttons\"><p>Share this</p></div><footer>(c) 2024</footer>"
      "<div role=\"navigation\"><p>Menu</p></div></body>");
  const HtmlBlock* nav = Find(g, "Home News");
  ASSERT_NE(nav, nullptr);
  EXPECT_TRUE(nav->f.ancestors & kInNav);
  EXPECT_GT(nav->f.link_density(), 0.9f);
  const HtmlBlock* body = Find(g, "Body text with one link inside it.");
  ASSERT_NE(body, nullptr);
  EXPECT_TRUE(body->f.ancestors & kInArticle);
  EXPECT_FALSE(body->f.ancestors & kInNav);
  EXPECT_GT(body->f.link_density(), 0.1f);
  EXPECT_LT(body->f.link_density(), 0.5f);
  EXPECT_EQ(body->f.words, 7u);
  EXPECT_TRUE(Find(g, "Share this")->f.class_words & kClsShare);
  EXPECT_EQ(Find(g, "Share this")->path.in(g.page.paths), "html>body>div!>p");
  EXPECT_TRUE(Find(g, "(c) 2024")->f.ancestors & kInFooter);
  EXPECT_TRUE(Find(g, "Menu")->f.ancestors & kInNav);
}

TEST(HtmlBlocks, Metadata) {
  Got g = Extract(
      "<html lang=\"de\"><head><meta name=\"author\" content=\"A. Writer\">"
      "<link rel=\"canonical\" href=\"https://x.example/a\">"
      "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
      "\"datePublished\": \"2024-05-01T10:00:00Z\"}</script></head>"
      "<body><p>x</p><time datetime=\"2020-01-01\">then</time></body></html>");
  EXPECT_EQ(g.page.lang, "de");
  EXPECT_EQ(g.page.author, "A. Writer");
  EXPECT_EQ(g.page.canonical, "https://x.example/a");
  EXPECT_EQ(g.page.published, "2024-05-01T10:00:00Z");
  Got t = Extract("<body><p>x</p><time datetime=\"2020-01-01\">then</time></body>");
  EXPECT_EQ(t.page.published, "2020-01-01");
}

TEST(HtmlBlocks, BodyInsideAnUnclosedHeadIsText) {
  // An unknown element in <head> keeps libxml2's head open around the body.
  Got g = Extract("<html><head><title>T</title><cms:include x=1></cms:include></head>"
                  "<body><p>body text</p></body></html>");
  EXPECT_EQ(g.texts, (V{"body text"}));
  EXPECT_EQ(g.page.title, "T");
}

TEST(HtmlBlocks, PreLinesAreUnits) {
  Got g = Extract("<pre>line one\nline two\n</pre>");
  EXPECT_EQ(g.texts, (V{"line one", "line two"}));
}

TEST(HtmlBlocks, BrokenMarkupKeepsText) {
  Got g = Extract("<p>unclosed <b>bold <i>both</b> after</i><p>next<div>in div</p></span>end");
  std::string all;
  for (const auto& t : g.texts) all += t + "|";
  EXPECT_NE(all.find("unclosed bold both after"), std::string::npos) << all;
  EXPECT_NE(all.find("next"), std::string::npos);
  EXPECT_NE(all.find("in div"), std::string::npos);
  EXPECT_NE(all.find("end"), std::string::npos);
}

TEST(HtmlBlocks, DeepNestingIsBounded) {
  std::string html = "<body>";
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "<p>after</p>";
  HtmlOptions o;
  o.max_depth = 64;
  Got g = Extract(html, o);
  EXPECT_EQ(g.texts, (V{"deep", "\nafter"}));
  EXPECT_GE(g.page.max_depth_seen, 100000u);
  EXPECT_LT(g.page.paths.size(), 200u);
}

TEST(HtmlBlocks, LongTextAndAttributesAndNul) {
  HtmlOptions o;
  o.max_block_bytes = 1000;
  std::string html = "<p title=\"" + std::string(1 << 20, 'a') + "\">";
  for (int i = 0; i < 1000; ++i) html += "word ";
  html += "</p><p>x";
  html.push_back('\0');
  html += "y</p>";
  Got g = Extract(html, o);
  ASSERT_GE(g.texts.size(), 5u);
  for (const HtmlBlock& b : g.page.blocks) EXPECT_LE(b.text.len, 1000u);
}

TEST(HtmlBlocks, MaxBlocksClipsTheRest) {
  HtmlOptions o;
  o.max_blocks = 3;
  Got g = Extract("<p>a</p><p>b</p><p>c</p><p>dd</p><p>ee</p>", o);
  EXPECT_EQ(g.texts.size(), 3u);
  EXPECT_EQ(g.page.clipped, 4u);
}

TEST(HtmlBlocks, MetaCharsetInPageIsIgnored) {
  // The caller decoded the page to UTF-8; a stale declaration must not make
  // the parser decode it again.
  Got g = Extract("<meta charset=\"iso-8859-1\"><p>caf\xC3\xA9</p>");
  EXPECT_EQ(g.texts, (V{"caf\xC3\xA9"}));
}

// Blocks, paths, features and metadata, for comparing two extractions.
std::string Dump(const HtmlPage& p) {
  std::string d = p.title + "|" + p.published + "|" + p.author + "|" + p.lang + "|" + p.canonical + "|" +
                   std::to_string(p.clipped) + "|" + std::to_string(p.max_depth_seen) + "\n";
  for (const HtmlBlock& b : p.blocks) {
    const DomFeatures& f = b.f;
    for (uint32_t v : {uint32_t{b.blank_before}, f.chars, f.link_chars, f.words, uint32_t{f.ancestors},
                       f.class_words, uint32_t{f.depth}, uint32_t{f.heading}, uint32_t{f.tag}, f.index,
                       f.container}) {
      d += std::to_string(v) + " ";
    }
    d += std::string(b.path.in(p.paths)) + " " + std::string(b.text.in(p.text)) + "\n";
  }
  return d;
}

TEST(HtmlRawText, PlainPrefixStopsWhereLibxml2Does) {
  using html_raw_text::PlainRawTextPrefix;
  EXPECT_EQ(PlainRawTextPrefix("var a = 1;</script>", "script"), 10u);
  EXPECT_EQ(PlainRawTextPrefix("a</SCRIPT >", "script"), 1u);
  EXPECT_EQ(PlainRawTextPrefix("a</scripts>", "script"), 1u);  // a prefix match ends it too
  EXPECT_EQ(PlainRawTextPrefix("'</scr' + 'ipt>' <\\/script> </div> i<n</script>", "script"), 38u);
  EXPECT_EQ(PlainRawTextPrefix("p{} </script></style>", "style"), 13u);
  EXPECT_EQ(PlainRawTextPrefix("a\tb\r\nc \xC3\xA9 \xE2\x80\x94 \xF0\x9F\x98\x80", "script"), 18u);
  EXPECT_EQ(PlainRawTextPrefix("abcdefghij\x01</script>", "script"), 10u);   // C0 control
  EXPECT_EQ(PlainRawTextPrefix(std::string_view("abc\0</script>", 13), "script"), 3u);
  EXPECT_EQ(PlainRawTextPrefix("ab\xEF\xBF\xBE" "c", "script"), 2u);           // U+FFFE
  EXPECT_EQ(PlainRawTextPrefix("abcdefgh\xC3(", "script"), 8u);              // ill-formed
  EXPECT_EQ(PlainRawTextPrefix("no end in sight <", "script"), 17u);
  EXPECT_EQ(PlainRawTextPrefix("</scrip", "script"), 7u);
}

TEST(HtmlRawText, SkippedBodiesGiveTheSameBlocks) {
  const std::string js = [] {
    std::string s;
    for (int i = 0; s.size() < 5000; ++i) {
      s += "var x" + std::to_string(i) + " = '</scr' + 'ipt>' + \"<\\/script>\"; if (i<n) { f(\"</div><p>no</p>\"); }\n";
      s += "\t// caf\xC3\xA9 \xE2\x80\x94 <!-- <script> -->\r\n";
    }
    return s;
  }();
  const std::string ld = "{\"@type\":\"NewsArticle\",\"x\":\"" + std::string(3000, 'x') +
                         "\",\"datePublished\":\"2024-05-01\",\"author\":{\"name\":\"A. Writer\"}}";
  const std::vector<std::string> pages = {
      "<html><head><title>T</title><script>" + js + "</script><style>" + js + "</STYLE ></head>"
      "<body><p>before</p><script>" + js + "</SCRIPT><p>after</p></body></html>",
      // "</scripts" ends the text but not the element: the rest is script.
      "<body><script>" + js + "</scripts><p>in the script</p>" + js + "</script><p>z</p>",
      // JSON-LD past the first chunk is still read.
      "<head><script type=\"application/ld+json\">" + ld + "</script></head><body><p>x</p>",
      // A control character, U+FFFF and ill-formed UTF-8 inside a long body.
      "<body><script>" + js + "\x01" + js + "\xEF\xBF\xBF" + js + "</script><p>a</p><script>" + js +
          "\xC3(" + js + "</script><p>b</p>",
      "<body><script>" + js,  // no end tag
      "<!-- <script> " + js + " --><p>after the comment</p><script>" + js + "<!-- </script> --><p>c</p>",
      "<title>T<script>" + js + "</script></title><body><p>x</p>",  // script text inside a captured title
      "<div><div><div><script>" + js + "</script><p>deep</p></div></div></div>",
      "<textarea><script>" + js + "</script></textarea><p>y</p><svg><style>" + js + "</style></svg>",
  };
  for (size_t i = 0; i < pages.size(); ++i) {
    HtmlOptions read_all;
    read_all.skip_raw_text = false;
    HtmlOptions shallow = read_all;
    shallow.max_depth = 3;  // the script in pages[7] is not tracked: its text is text
    for (HtmlOptions o : {read_all, shallow}) {
      const Got all = Extract(pages[i], o);
      o.skip_raw_text = true;
      const Got skipped = Extract(pages[i], o);
      EXPECT_EQ(Dump(skipped.page), Dump(all.page)) << "page " << i << " max_depth " << o.max_depth;
    }
  }
  const Got ld_page = Extract(pages[2]);
  EXPECT_EQ(ld_page.page.published, "2024-05-01");
  EXPECT_EQ(ld_page.page.author, "A. Writer");
  EXPECT_EQ(Extract(pages[0]).texts, (V{"before", "\nafter"}));
  EXPECT_EQ(Extract(pages[1]).texts, (V{"z"}));
}

}  // namespace
}  // namespace winnow
