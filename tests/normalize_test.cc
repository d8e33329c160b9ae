#include "stages/normalize.h"

#include <gtest/gtest.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "tests/utf8_check.h"

namespace winnow {
namespace {

// ---------------------------------------------------------------------------
// Reference: the contract of normalize.h implemented the slow, obvious way,
// with the whole text going through ICU (no fast path, no shortcuts).

std::string IcuNormalize(const icu::Normalizer2* n, const std::string& s) {
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  UErrorCode ec = U_ZERO_ERROR;
  n->normalizeUTF8(0, icu::StringPiece(s), sink, nullptr, ec);
  EXPECT_TRUE(U_SUCCESS(ec));
  return out;
}

std::string RefCleanText(std::string_view in, bool nfkc, size_t* bad) {
  *bad = 0;
  std::string tmp;
  const auto* s = reinterpret_cast<const uint8_t*>(in.data());
  const int32_t n = static_cast<int32_t>(in.size());
  int32_t i = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) {
      ++*bad;
      c = 0xFFFD;
    }
    if (c == '\r') {
      if (i < n && s[i] == '\n') continue;
      c = '\n';
    }
    if (c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F ||
        c == 0x3000) {
      c = ' ';
    }
    if ((c < 0x20 && c != '\n' && c != ' ') || (c >= 0x7F && c <= 0x9F)) continue;
    if ((c >= 0x200B && c <= 0x200D) || c == 0x2060 || c == 0xFEFF) continue;
    char buf[4];
    int32_t k = 0;
    U8_APPEND_UNSAFE(buf, k, c);
    tmp.append(buf, k);
  }
  UErrorCode ec = U_ZERO_ERROR;
  const std::string normed = IcuNormalize(
      nfkc ? icu::Normalizer2::getNFKCInstance(ec) : icu::Normalizer2::getNFCInstance(ec), tmp);
  // Lines: collapse spaces, trim, at most one blank line between lines, none
  // at either end.
  std::string out;
  size_t blank_run = 0;
  size_t pos = 0;
  while (pos <= normed.size()) {
    size_t e = normed.find('\n', pos);
    if (e == std::string::npos) e = normed.size();
    std::string line;
    bool space = false;
    for (size_t k = pos; k < e; ++k) {
      if (normed[k] == ' ') {
        space = true;
        continue;
      }
      if (space && !line.empty()) line.push_back(' ');
      space = false;
      line.push_back(normed[k]);
    }
    if (line.empty()) {
      ++blank_run;
    } else {
      if (!out.empty()) out += blank_run > 0 ? "\n\n" : "\n";
      out += line;
      blank_run = 0;
    }
    pos = e + 1;
  }
  return out;
}

std::string RefMatchKey(std::string_view in, size_t* tokens) {
  UErrorCode ec = U_ZERO_ERROR;
  const std::string folded =
      IcuNormalize(icu::Normalizer2::getNFKCCasefoldInstance(ec), std::string(in));
  std::string out;
  *tokens = 0;
  bool in_token = false;
  const auto* s = reinterpret_cast<const uint8_t*>(folded.data());
  const int32_t n = static_cast<int32_t>(folded.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool word = c >= 0 && (u_isalnum(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK));
    if (!word) {
      in_token = false;
      continue;
    }
    UErrorCode sec = U_ZERO_ERROR;
    const UScriptCode sc = uscript_getScript(c, &sec);
    const bool single = sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
                        sc == USCRIPT_THAI || sc == USCRIPT_LAO || sc == USCRIPT_KHMER ||
                        sc == USCRIPT_MYANMAR;
    if (!in_token || single) {
      if (!out.empty()) out.push_back(' ');
      ++*tokens;
    }
    out.append(folded, start, i - start);
    in_token = !single;
  }
  return out;
}

// ---------------------------------------------------------------------------
// Helpers over the implementation under test.

std::string Clean(std::string_view in, bool nfkc = false, size_t* bad = nullptr) {
  Normalizer n(NormalizeOptions{.nfkc = nfkc});
  std::string out;
  const size_t b = n.CleanText(in, &out);
  if (bad != nullptr) *bad = b;
  return out;
}

std::string Key(std::string_view in, size_t* tokens = nullptr) {
  Normalizer n;
  std::string out;
  const size_t t = n.MatchKey(in, &out);
  if (tokens != nullptr) *tokens = t;
  return out;
}

size_t BadCount(std::string_view in) {
  size_t bad = 0;
  Clean(in, false, &bad);
  return bad;
}

// ---------------------------------------------------------------------------
// Hand-written cases.

TEST(Normalize, LigatureKeptInNfcFoldedInNfkcAndKey) {
  EXPECT_EQ(Clean("\uFB01ne"), "\uFB01ne");
  EXPECT_EQ(Clean("\uFB01ne", /*nfkc=*/true), "fine");
  EXPECT_EQ(Key("\uFB01ne"), "fine");
  EXPECT_EQ(Key("The of\uFB01ce"), "the office");
}

TEST(Normalize, FullwidthFoldsInKey) {
  size_t tokens = 0;
  EXPECT_EQ(Key("\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", &tokens), "abc123");
  EXPECT_EQ(tokens, 1u);
  EXPECT_EQ(Clean("\uFF21\uFF22\uFF23", true), "ABC");
}

TEST(Normalize, CombiningMarksCompose) {
  EXPECT_EQ(Clean("caf" "e\u0301"), "caf\u00E9");
  EXPECT_EQ(Clean("e\u0301"), "\u00E9");
  EXPECT_EQ(Key("caf" "e\u0301"), Key("caf\u00E9"));
  EXPECT_EQ(Key("CAF" "E\u0301"), "caf\u00E9");
  // A mark after a removed control or zero-width char still composes.
  EXPECT_EQ(Clean("e\x01\u0301"), "\u00E9");
  EXPECT_EQ(Clean("e\u200B\u0301"), "\u00E9");
  EXPECT_EQ(Clean("a\u0308\x01\u0304"), "\u01DF");
  // Not across a space.
  EXPECT_EQ(Clean("e \u0301"), "e \u0301");
  // '=' + U+0338 is U+2260, a symbol: it separates tokens in the key.
  EXPECT_EQ(Clean("a=\u0338b"), "a\u2260b");
  EXPECT_EQ(Key("a=\u0338b"), "a b");
  EXPECT_EQ(Key("a \u0301b"), "a \u0301b");
}

TEST(Normalize, SpacesBecomeOneAsciiSpace) {
  EXPECT_EQ(Clean("a\u00A0b"), "a b");
  EXPECT_EQ(Clean("a\t\u2003\u3000\u202F\u205F b"), "a b");
  EXPECT_EQ(Clean("a\u2000b\u200Ac"), "a b c");
  EXPECT_EQ(Key("a\u00A0b"), "a b");
}

TEST(Normalize, ZeroWidthRemoved) {
  EXPECT_EQ(Clean("a\u200Bb\u200Cc\u200Dd\u2060e\uFEFFf"), "abcdef");
  EXPECT_EQ(Clean("\uFEFFHello"), "Hello");
  EXPECT_EQ(Key("a\u200Bb"), "ab");
}

TEST(Normalize, SoftHyphenOnlyRemovedInKey) {
  EXPECT_EQ(Clean("co\u00ADoperate"), "co\u00ADoperate");
  EXPECT_EQ(Clean("co\u00ADoperate", true), "co\u00ADoperate");
  size_t tokens = 0;
  EXPECT_EQ(Key("co\u00ADoperate", &tokens), "cooperate");
  EXPECT_EQ(tokens, 1u);
}

TEST(Normalize, LineBreaks) {
  EXPECT_EQ(Clean("a\r\nb\rc\nd"), "a\nb\nc\nd");
  EXPECT_EQ(Clean("a\r\rb"), "a\n\nb");
  EXPECT_EQ(Clean("a\n\rb"), "a\n\nb");
  EXPECT_EQ(Clean("a\r"), "a");
}

TEST(Normalize, InvalidBytesFollowMaximalSubpartRule) {
  size_t bad = 0;
  EXPECT_EQ(Clean("a\xC0\xAF" "b", false, &bad), "a\uFFFD\uFFFDb");  // overlong: 2
  EXPECT_EQ(bad, 2u);
  EXPECT_EQ(Clean("\xED\xA0\x80", false, &bad), "\uFFFD\uFFFD\uFFFD");  // surrogate: 3
  EXPECT_EQ(bad, 3u);
  EXPECT_EQ(Clean("x\xE2\x82", false, &bad), "x\uFFFD");  // truncated: 1
  EXPECT_EQ(bad, 1u);
  EXPECT_EQ(Clean("x\xE2\x82y", false, &bad), "x\uFFFDy");
  EXPECT_EQ(bad, 1u);
  EXPECT_EQ(Clean("\x80", false, &bad), "\uFFFD");  // lone continuation
  EXPECT_EQ(bad, 1u);
  EXPECT_EQ(Clean("a\xFF" "b", false, &bad), "a\uFFFDb");
  EXPECT_EQ(bad, 1u);
  EXPECT_EQ(Clean("a\xFF\xC3\xA9\xE2\x82", false, &bad), "a\uFFFD\u00E9\uFFFD");
  EXPECT_EQ(bad, 2u);
  EXPECT_EQ(BadCount("\xF0\x9F\x98"), 1u);            // truncated 4-byte
  EXPECT_EQ(BadCount("\xF4\x90\x80\x80"), 4u);        // above U+10FFFF
  EXPECT_EQ(BadCount("\xF0\x9F\x98\x80"), 0u);        // U+1F600 is fine
  EXPECT_EQ(BadCount("plain ascii text, long enough"), 0u);
  // Many in a row: output grows to 3x the input.
  const std::string junk(10000, '\xFF');
  EXPECT_EQ(Clean(junk, false, &bad).size(), 30000u);
  EXPECT_EQ(bad, 10000u);
}

TEST(Normalize, ControlsRemoved) {
  static const char kIn[] = "a\0b\x01" "c\x7F" "d\u0085e\u009Ff\x0Bg\x0Ch";
  EXPECT_EQ(Clean(std::string_view(kIn, sizeof(kIn) - 1)), "abcdefgh");
  EXPECT_EQ(Clean("a\tb"), "a b");
}

TEST(Normalize, WhitespaceAndBlankLinesCollapse) {
  EXPECT_EQ(Clean("  a   b  \n\n\n\n  c  \n  \n"), "a b\n\nc");
  EXPECT_EQ(Clean("\n\n \n a"), "a");
  EXPECT_EQ(Clean("a\n \t \nb"), "a\n\nb");
  EXPECT_EQ(Clean(" \n \t\r\n"), "");
  EXPECT_EQ(Clean(""), "");
  EXPECT_EQ(Clean("one two  three   four    five     six      seven"),
            "one two three four five six seven");
}

TEST(Normalize, AppendsToOutput) {
  Normalizer n;
  std::string out = "keep ";
  EXPECT_EQ(n.CleanText("  x\xFF  ", &out), 1u);
  EXPECT_EQ(out, "keep x\uFFFD");
  out = "k ";
  EXPECT_EQ(n.MatchKey(", Hello!", &out), 1u);
  EXPECT_EQ(out, "k hello");
}

TEST(Normalize, QuotesAndDashesFoldedOutOfKey) {
  size_t tokens = 0;
  EXPECT_EQ(Key("The \u201CBackdoor\u201D \u2014 Claims!", &tokens), "the backdoor claims");
  EXPECT_EQ(tokens, 3u);
  EXPECT_EQ(Key("it\u2019s \u2018x\u2019\u2013y \u2026 z"), "it s x y z");
  EXPECT_EQ(Key("it's 'x'-y ... z"), "it s x y z");
  EXPECT_EQ(Key("  ,.;  "), "");
  EXPECT_EQ(Key("Year 2024: 3.5%"), "year 2024 3 5");
}

TEST(Normalize, NoSpaceScriptsAreSingleCharTokens) {
  size_t tokens = 0;
  EXPECT_EQ(Key("\u65E5\u672C\u8A9E\u30C6\u30AD\u30B9\u30C8", &tokens),
            "\u65E5 \u672C \u8A9E \u30C6 \u30AD \u30B9 \u30C8");
  EXPECT_EQ(tokens, 7u);
  EXPECT_EQ(Key("\u6F22\u5B57abc\u3002Def"), "\u6F22 \u5B57 abc def");
  EXPECT_EQ(Key("\u0E20\u0E32\u0E29\u0E32", &tokens), "\u0E20 \u0E32 \u0E29 \u0E32");
  EXPECT_EQ(tokens, 4u);
}

TEST(Normalize, CaseFolding) {
  EXPECT_EQ(Key("\u03A3\u038A\u03A3\u03A5\u03A6\u039F\u03A3"),
            Key("\u03C3\u03AF\u03C3\u03C5\u03C6\u03BF\u03C2"));
  EXPECT_EQ(Key("\u041F\u0420\u0418\u0412\u0415\u0422"), "\u043F\u0440\u0438\u0432\u0435\u0442");
  EXPECT_EQ(Key("STRASSE"), Key("stra\u00DFe"));
  EXPECT_EQ(Key("stra\u00DFe"), "strasse");
}

TEST(Normalize, LongRunsAcrossWordBoundaries) {
  // Non-ASCII at every offset of an 8-byte block, after letters and '='.
  for (int pad = 0; pad < 20; ++pad) {
    const std::string a(pad, 'x');
    EXPECT_EQ(Clean(a + "e\u0301" + a), a + "\u00E9" + a) << pad;
    EXPECT_EQ(Key(a + "E\u0301 " + a), a + "\u00E9" + (pad ? " " : "") + a) << pad;
    EXPECT_EQ(Clean(a + "=\u0338"), a + "\u2260") << pad;
  }
}

// ---------------------------------------------------------------------------
// Differential test: the fast paths against the reference on random mixes.

const std::vector<std::string>& Pieces() {
  static const std::vector<std::string> pieces = {
      // ASCII words and punctuation
      "the", "The", "NEWS", "a", "e", "o", "A", "I", "x", "=", "<", ">", "1999", "3.5%", ",", ".",
      "!", "?", "-", "--", "'", "\"", "(", ")", "foo_bar", "O'Brien", "e-mail", "Hello,",
      "a longer stretch of plain ascii words that spans several blocks", "<=>",
      // whitespace and line breaks
      " ", " ", " ", "  ", "   ", "\t", "\n", "\n", "\n\n", "\r\n", "\r", "\n \n", " \r\n ",
      // quotes, dashes, ellipsis, bullets
      "\u201C", "\u201D", "\u2018", "\u2019", "\u2014", "\u2013", "\u2026", "\u00AB", "\u00BB",
      "\u2022", "\u00A9", "\u20AC",
      // combining marks right after ASCII letters and symbols
      "\u0301", "\u0308", "\u0338", "\u0327", "\u0304", "\u030A", "a\u0301", "=\u0338",
      "<\u0338", "e\u0308\u0304", "A\u030A", "a\u0301\u0327", "\u0301\u0301",
      // precomposed letters, case pairs
      "caf\u00E9", "na\u00EFve", "\u00DCber", "\u00C9T\u00C9", "\u00DF", "\u1E9E", "\u0130",
      "\u01F0", "\u00C5", "\u212B", "\u03A3", "\u03C2", "\u038A", "\u041F\u0420\u0418",
      // Hangul syllables and jamo
      "\u1100\u1161\u11A8", "\uAC00\u11A8", "\u1100", "\u1161", "\uD55C\uAD6D\uC5B4",
      // fullwidth, halfwidth, compatibility
      "\uFF21\uFF22\uFF23\uFF11\uFF12\uFF13", "\uFF76\uFF9E", "\uFF0C", "\uFB01", "\uFB02",
      "\uFB00", "\u01C5", "\u216B", "\u00BD", "\u338F", "\u00A8", "\u00B4", "\u2122", "\u00B9",
      "\u2460", "\uFDFA", "\u3000",
      // spaces, zero-width, soft hyphen, controls
      "\u00A0", "\u2002", "\u2009", "\u200A", "\u202F", "\u205F", "\u200B", "\u200C", "\u200D",
      "\u2060", "\uFEFF", "\u00AD", "\u034F", "\uFE0F", "\u200E", "\u2028", "\u0085", "\u009F",
      std::string(1, '\0'), "\x01", "\x07", "\x0B", "\x0C", "\x1B", "\x7F",
      // scripts without spaces, others
      "\u65E5\u672C\u8A9E", "\u30C6\u30AD\u30B9\u30C8", "\u3072\u3089\u304C\u306A",
      "\u304B\u3099", "\u30FC", "\u0E20\u0E32\u0E29\u0E32\u0E44\u0E17\u0E22", "\u0E9E\u0EB2",
      "\u1780\u17B6", "\u1019\u103C", "\u0639\u0631\u0628\u064A", "\u05E9\u05DC\u05D5\u05DD",
      "\u0928\u092E\u0938\u094D\u0924\u0947",
      // supplementary
      "\U0001F600", "\U0001D400", "\U00020000", "\U0001D15E", "\U000E0041", "\U0001F1FA",
      // invalid UTF-8
      "\xC0\xAF", "\xED\xA0\x80", "\xE2\x82", "\x80", "\xFF", "\xF0\x9F\x98", "\xF4\x90\x80\x80",
      "\xC3", "\xE0\x80\x80", "\xBF\xBF",
  };
  return pieces;
}


std::string RandomText(std::mt19937_64& rng) {
  const auto& pieces = Pieces();
  std::string s;
  const int parts = std::uniform_int_distribution<int>(0, 40)(rng);
  for (int k = 0; k < parts; ++k) {
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
    if (kind == 0) {
      s.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 0x7F)(rng)));
    } else if (kind == 1) {
      s.push_back(static_cast<char>(std::uniform_int_distribution<int>(0, 0xFF)(rng)));
    } else if (kind <= 3) {
      s += "word ";  // keep plain ASCII common, as on the web
    } else {
      s += pieces[std::uniform_int_distribution<size_t>(0, pieces.size() - 1)(rng)];
    }
  }
  return s;
}

TEST(NormalizeDifferential, MatchesWholeTextIcu) {
  std::mt19937_64 rng(20240611);
  const Normalizer nfc;
  const Normalizer nfkc(NormalizeOptions{.nfkc = true});
  int valid_raw = 0;
  for (int iter = 0; iter < 6000; ++iter) {
    const std::string in = RandomText(rng);
    const std::string prefix = iter % 3 == 0 ? "prefix\n" : "";
    SCOPED_TRACE(::testing::PrintToString(in));
    for (const Normalizer* n : {&nfc, &nfkc}) {
      size_t ref_bad = 0;
      const std::string ref = RefCleanText(in, n->options().nfkc, &ref_bad);
      std::string got = prefix;
      const size_t bad = n->CleanText(in, &got);
      ASSERT_EQ(got.substr(0, prefix.size()), prefix);
      ASSERT_EQ(got.substr(prefix.size()), ref) << "nfkc=" << n->options().nfkc;
      ASSERT_EQ(bad, ref_bad);

      size_t ref_tokens = 0;
      const std::string ref_key = RefMatchKey(ref, &ref_tokens);
      std::string key = prefix;
      const size_t tokens = n->MatchKey(ref, &key);
      ASSERT_EQ(key.substr(prefix.size()), ref_key) << "key of " << ::testing::PrintToString(ref);
      ASSERT_EQ(tokens, ref_tokens);
    }
    if (testing::ValidUtf8(in)) {  // the key of raw text, controls and all
      ++valid_raw;
      size_t ref_tokens = 0;
      const std::string ref_key = RefMatchKey(in, &ref_tokens);
      std::string key;
      ASSERT_EQ(nfc.MatchKey(in, &key), ref_tokens);
      ASSERT_EQ(key, ref_key);
    }
  }
  EXPECT_GT(valid_raw, 1000);
}

TEST(NormalizeDifferential, MinKeyTokensBoundsTheKey) {
  std::mt19937_64 rng(20261122);
  const Normalizer nfc;
  int exact = 0;
  for (int iter = 0; iter < 4000; ++iter) {
    std::string text;
    nfc.CleanText(RandomText(rng), &text);
    SCOPED_TRACE(::testing::PrintToString(text));
    std::string key;
    const size_t tokens = nfc.MatchKey(text, &key);
    const size_t bound = Normalizer::MinKeyTokens(text, SIZE_MAX);
    ASSERT_LE(bound, tokens);
    if (testing::ValidUtf8(text) &&
        std::all_of(text.begin(), text.end(), [](char c) { return static_cast<uint8_t>(c) < 0x80; })) {
      ASSERT_EQ(bound, tokens);  // exact on ASCII
      ++exact;
    }
    // On raw text (controls, CR, bad bytes, marks) it bounds the cleaned key.
    const std::string raw = RandomText(rng);
    std::string raw_clean, raw_key;
    nfc.CleanText(raw, &raw_clean);
    ASSERT_LE(Normalizer::MinKeyTokens(raw, SIZE_MAX), nfc.MatchKey(raw_clean, &raw_key))
        << ::testing::PrintToString(raw);
    // A limit stops the count early, but never below the limit itself.
    const size_t capped = Normalizer::MinKeyTokens(text, 3);
    ASSERT_EQ(capped > 3, bound > 3);
    ASSERT_LE(capped, bound);
  }
  EXPECT_GT(exact, 200);
  // The key has 7 tokens; "Big" follows a non-ASCII quote, so the bound is 6.
  EXPECT_EQ(Normalizer::MinKeyTokens("Don't miss: the 2026 \u201CBig\u201D show!", 100), 6u);
}

TEST(NormalizeDifferential, EveryAsciiCharBeforeEveryMark) {
  // The boundary rule over the whole ASCII range, at several block offsets.
  const char* marks[] = {"\u0301", "\u0338", "\u0308\u0304", "\u0327", "\u0345", "\u3099"};
  const Normalizer nfc;
  const Normalizer nfkc(NormalizeOptions{.nfkc = true});
  for (int b = 0; b < 128; ++b) {
    for (const char* mark : marks) {
      for (int pad : {0, 3, 7, 8}) {
        const std::string in = std::string(pad, 'q') + static_cast<char>(b) + mark + "z";
        for (const Normalizer* n : {&nfc, &nfkc}) {
          size_t ref_bad = 0;
          std::string got;
          n->CleanText(in, &got);
          ASSERT_EQ(got, RefCleanText(in, n->options().nfkc, &ref_bad)) << b << " " << pad;
        }
        size_t ref_tokens = 0;
        std::string key;
        ASSERT_EQ(nfc.MatchKey(in, &key), (RefMatchKey(in, &ref_tokens), ref_tokens)) << b;
        ASSERT_EQ(key, RefMatchKey(in, &ref_tokens)) << b << " " << pad;
      }
    }
  }
}

TEST(NormalizeDifferential, LargeExpansion) {
  // U+FDFA expands to 18 characters under NFKC: the output outgrows the input.
  std::string in;
  for (int k = 0; k < 500; ++k) in += "ab \uFDFA\u00A8";
  const Normalizer nfkc(NormalizeOptions{.nfkc = true});
  size_t bad = 0;
  std::string got;
  nfkc.CleanText(in, &got);
  EXPECT_EQ(got, RefCleanText(in, true, &bad));
  size_t ref_tokens = 0;
  std::string key;
  EXPECT_EQ(nfkc.MatchKey(in, &key), (RefMatchKey(in, &ref_tokens), ref_tokens));
  EXPECT_EQ(key, RefMatchKey(in, &ref_tokens));
}

TEST(NormalizeDifferential, SharedBetweenThreads) {
  // One Normalizer used from several threads gives what it gives serially.
  std::mt19937_64 rng(99);
  std::vector<std::string> inputs;
  for (int k = 0; k < 400; ++k) inputs.push_back(RandomText(rng));
  const Normalizer norm;
  auto run = [&](std::string* clean, std::string* keys) {
    for (const std::string& in : inputs) {
      const size_t off = clean->size();
      norm.CleanText(in, clean);
      norm.MatchKey(std::string_view(*clean).substr(off), keys);
      clean->push_back('|');
      keys->push_back('|');
    }
  };
  std::string want_clean, want_keys;
  run(&want_clean, &want_keys);
  std::vector<std::string> clean(4), keys(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(run, &clean[t], &keys[t]);
  for (std::thread& t : threads) t.join();
  for (int t = 0; t < 4; ++t) {
    EXPECT_EQ(clean[t], want_clean);
    EXPECT_EQ(keys[t], want_keys);
  }
}

}  // namespace
}  // namespace winnow
