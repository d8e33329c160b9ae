// DOM rule parameters (stages/dom_rules.h): reading them, the shipped file,
// what each rule removes or keeps again; and --dom-rules through the binary.
#include "stages/dom_rules.h"

#include <gtest/gtest.h>

#include <string>

#include "stages/embedded.h"
#include "tests/test_util.h"

namespace winnow {
namespace {

DomFeatures Prose(uint32_t words) {
  DomFeatures f;
  f.words = words;
  f.chars = words * 6;
  f.ancestors = kInArticle;
  return f;
}

TEST(DomRules, ParsesOverDefaultsAndRoundTrips) {
  DomRuleParams p;
  std::string error;
  ASSERT_TRUE(DomRuleParams::Parse("# comment\nfooter 0\nclass.share 0\nclass.tag 1\nlink_density 0.35  # x\n"
                                   "restore_short_words 0\n",
                                   &p, &error))
      << error;
  EXPECT_FALSE(p.footer);
  EXPECT_TRUE(p.aside);
  EXPECT_EQ(p.class_words & kClsShare, 0u);
  EXPECT_NE(p.class_words & kClsTag, 0u);
  EXPECT_NE(p.class_words & kClsComment, 0u);
  EXPECT_FLOAT_EQ(p.link_density, 0.35f);
  EXPECT_EQ(p.restore_short_words, 0u);
  DomRuleParams q;
  ASSERT_TRUE(DomRuleParams::Parse(p.ToString(), &q, &error)) << error;
  EXPECT_EQ(q.ToString(), p.ToString());
}

TEST(DomRules, BadLinesAreErrorsWithTheLineNumber) {
  DomRuleParams p;
  std::string error;
  EXPECT_FALSE(DomRuleParams::Parse("footer 1\nfooter 2\n", &p, &error));
  EXPECT_EQ(error, "line 2: cannot read 'footer 2'");
  EXPECT_FALSE(DomRuleParams::Parse("class.banner 1\n", &p, &error));
  EXPECT_FALSE(DomRuleParams::Parse("link_density lots\n", &p, &error));
  EXPECT_FALSE(DomRuleParams::Parse("colour 1\n", &p, &error));
}

// The shipped file reads, and says what it was fitted on.
TEST(DomRules, ShippedParametersAreTheFittedFile) {
  const std::string_view text = EmbeddedFile("dom_rules.txt");
  ASSERT_FALSE(text.empty());
  EXPECT_NE(text.find("Fitted on realpages sets: readability,cwced-zh"), std::string_view::npos);
  DomRuleParams p;
  std::string error;
  ASSERT_TRUE(DomRuleParams::Parse(text, &p, &error)) << error;
  EXPECT_EQ(p.ToString(), DomRuleParams::Shipped().ToString());
}

TEST(DomRules, RemovalRulesAndTheirCues) {
  DomRuleParams p;
  DomCue cue;
  DomFeatures f = Prose(20);
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kNone);
  EXPECT_EQ(cue, DomCue::kNone);
  f.ancestors = kInFooter;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kCopyright);
  EXPECT_EQ(cue, DomCue::kFooter);
  f.ancestors = kInFooter | kInArticle;  // an article's own footer is not page chrome
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kNone);
  f.ancestors = kInAside;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kRelated);
  EXPECT_EQ(cue, DomCue::kAside);
  p.aside = false;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kNone);
  f = Prose(20);
  f.class_words = kClsComment | kClsShare;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kComments);
  EXPECT_EQ(cue, DomCue::kClassWord);
  p.class_words &= ~kClsComment;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kShare);
  f = Prose(4);
  f.link_chars = f.chars * 6 / 10;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kNav);
  EXPECT_EQ(cue, DomCue::kLinkDensity);
  p.link_density = 0.65f;
  EXPECT_EQ(DomReason(f, p, &cue), Reason::kNone);
}

TEST(DomRules, RestoreNeedsWordsCleanLinksAndTheRightReason) {
  DomRuleParams p;  // restore_short_words 5, restore_main_words 3
  EXPECT_EQ(DomRestore(Prose(5), Reason::kShort, false, p), DomCue::kShortProse);
  EXPECT_EQ(DomRestore(Prose(4), Reason::kShort, false, p), DomCue::kNone);
  EXPECT_EQ(DomRestore(Prose(3), Reason::kShort, true, p), DomCue::kShortProse);
  EXPECT_EQ(DomRestore(Prose(3), Reason::kDate, true, p), DomCue::kMainContainer);
  EXPECT_EQ(DomRestore(Prose(30), Reason::kDate, false, p), DomCue::kNone);
  EXPECT_EQ(DomRestore(Prose(30), Reason::kNav, true, p), DomCue::kNone);
  DomFeatures linky = Prose(30);
  linky.link_chars = linky.chars / 2;
  EXPECT_EQ(DomRestore(linky, Reason::kShort, true, p), DomCue::kNone);
  p.restore_short_words = 0;
  p.restore_main_words = 0;
  EXPECT_EQ(DomRestore(Prose(30), Reason::kShort, true, p), DomCue::kNone);
}

// --dom-rules replaces the shipped parameters; a bad file is a usage error.
TEST(DomRules, CliFlagChangesVerdictsAndRejectsBadFiles) {
  const std::string dir = testing::MakeTempDir("dom_rules");
  const std::string comment =
      "I have been waiting for this terminal for years and I am glad that the council finally listened to "
      "the people who live here.";
  testing::WriteFile(dir + "/page.html",
                     "<html><body><article><p>" + testing::MadeUpWords(2, 40) + ".</p></article>"
                     "<div class=\"comments\"><p>" + comment + "</p></div></body></html>");
  testing::WriteFile(dir + "/keep_comments.txt", "class.comment 0\n");
  testing::WriteFile(dir + "/bad.txt", "class.comment maybe\n");
  auto shipped = testing::RunWinnow({dir + "/page.html", "-q"});
  ASSERT_EQ(shipped.exit_code, 0) << shipped.err;
  EXPECT_EQ(shipped.out.find(comment), std::string::npos);
  auto changed = testing::RunWinnow({dir + "/page.html", "-q", "--dom-rules", dir + "/keep_comments.txt"});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  EXPECT_NE(changed.out.find(comment), std::string::npos);
  auto bad = testing::RunWinnow({dir + "/page.html", "-q", "--dom-rules", dir + "/bad.txt"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find(dir + "/bad.txt: line 1: cannot read 'class.comment maybe'"), std::string::npos) << bad.err;
  auto missing = testing::RunWinnow({dir + "/page.html", "-q", "--dom-rules", dir + "/none.txt"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find(dir + "/none.txt: cannot read"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace winnow
