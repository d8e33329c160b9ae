#include "pipeline/json_write.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace winnow {
namespace {

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(s, &out);
  return out;
}

// Byte-at-a-time reference for the escaping rules.
std::string Reference(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') out += "\\\"";
    else if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (c == '\r') out += "\\r";
    else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

TEST(JsonWrite, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(Json("plain"), "\"plain\"");
  EXPECT_EQ(Json("say \"hi\"\\now\n\tx\r"), "\"say \\\"hi\\\"\\\\now\\n\\tx\\r\"");
  EXPECT_EQ(Json(std::string("a\x01" "b\x1f", 4)), "\"a\\u0001b\\u001f\"");
  EXPECT_EQ(Json(std::string("\0", 1)), "\"\\u0000\"");
}

TEST(JsonWrite, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(Json("caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80"),
            "\"caf\xC3\xA9 \xE2\x80\x9Cq\xE2\x80\x9D \xF0\x9F\x98\x80\"");
  EXPECT_EQ(Json("a\xFF" "b"), "\"a\xEF\xBF\xBD" "b\"");
  EXPECT_EQ(Json("\xE2\x82"), "\"\xEF\xBF\xBD\"");
}

TEST(JsonWrite, WordScanAgreesWithByteReferenceAtEveryAlignment) {
  std::mt19937 rng(7);
  const char alphabet[] = "abc \"\\\n\t\x01\x1f~ \x7f";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string s(rng() % 40, ' ');
    for (char& c : s) c = alphabet[rng() % (sizeof alphabet - 1)];
    EXPECT_EQ(Json(s), Reference(s)) << trial;
  }
}

// Long texts, from all-plain to all-control (6 output bytes per input byte),
// appended after existing output: the escaper grows its room as it goes.
TEST(JsonWrite, LongTextsOfAnyEscapeDensityAppend) {
  std::mt19937 rng(13);
  for (int trial = 0; trial < 300; ++trial) {
    const unsigned density = rng() % 101;  // percent of bytes that need escaping
    std::string s;
    for (size_t k = rng() % 3000; k > 0; --k) {
      if (rng() % 100 < density) s += "\"\\\n\x01\x1f"[rng() % 5];
      else s += (rng() % 8 == 0) ? "\xC3\xA9" : "ab ~";
    }
    std::string prefix(rng() % 100, 'p');
    std::string out = prefix, out_valid = prefix;
    AppendJsonString(s, &out);
    ASSERT_EQ(out, prefix + Reference(s)) << trial;
    AppendJsonEscapedValidUtf8(s, &out_valid);
    ASSERT_EQ("\"" + out_valid.substr(prefix.size()) + "\"", Reference(s)) << trial;
  }
}

TEST(JsonWrite, ValidUtf8VariantMatchesOnValidText) {
  std::mt19937 rng(11);
  const char* pieces[] = {"a", " ", "\"", "\\", "\n", "\x01", "\xC3\xA9", "\xE2\x80\x9C", "\xF0\x9F\x98\x80", "xyz"};
  for (int trial = 0; trial < 2000; ++trial) {
    std::string s;
    for (int k = rng() % 20; k > 0; --k) s += pieces[rng() % 10];
    std::string a, b;
    AppendJsonEscaped(s, &a);
    AppendJsonEscapedValidUtf8(s, &b);
    EXPECT_EQ(a, b) << trial;
  }
}

TEST(JsonWrite, Numbers) {
  std::string out;
  AppendUint(18446744073709551615ULL, &out);
  out += ' ';
  AppendFixed(0.5, &out);
  out += ' ';
  AppendFixed(1.0, &out);
  out += ' ';
  AppendFixed(0.81254, &out);
  EXPECT_EQ(out, "18446744073709551615 0.5 1.0 0.8125");
}

}  // namespace
}  // namespace winnow
