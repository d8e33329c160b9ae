// Measures candidate HTML parsers on real pages, one core: libxml2's SAX
// interface (no tree) and myhtml (libmodest, a tree). Each parser does the
// same work after parsing: it counts the text bytes outside script/style,
// the elements and the maximal depth, so that its callbacks or its tree walk
// are part of the cost.
//
// usage: parser_compare libxml2-sax|myhtml PAGES [ROUNDS]
// PAGES is bench/realpages_html.py's output: 8-byte little-endian length,
// then the page's bytes, repeated. Pages are passed as they are (their own
// charsets); both parsers are told UTF-8. Prints MB/s and peak RSS.
#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include <libxml/HTMLparser.h>
#include <myhtml/api.h>

namespace {

struct Counts {
  uint64_t text = 0, elements = 0;
  int depth = 0, max_depth = 0, skip = 0;
};

bool Skipped(const char* name) {
  return strcmp(name, "script") == 0 || strcmp(name, "style") == 0;
}

void SaxStart(void* ctx, const xmlChar* name, const xmlChar**) {
  auto* c = static_cast<Counts*>(static_cast<htmlParserCtxtPtr>(ctx)->_private);
  ++c->elements;
  if (++c->depth > c->max_depth) c->max_depth = c->depth;
  if (Skipped(reinterpret_cast<const char*>(name))) ++c->skip;
}
void SaxEnd(void* ctx, const xmlChar* name) {
  auto* c = static_cast<Counts*>(static_cast<htmlParserCtxtPtr>(ctx)->_private);
  --c->depth;
  if (Skipped(reinterpret_cast<const char*>(name)) && c->skip > 0) --c->skip;
}
void SaxText(void* ctx, const xmlChar*, int len) {
  auto* c = static_cast<Counts*>(static_cast<htmlParserCtxtPtr>(ctx)->_private);
  if (c->skip == 0) c->text += static_cast<uint64_t>(len);
}

void ParseLibxml2(std::string_view page, Counts* c) {
  htmlSAXHandler sax;
  memset(&sax, 0, sizeof sax);
  sax.startElement = SaxStart;
  sax.endElement = SaxEnd;
  sax.characters = SaxText;
  sax.cdataBlock = SaxText;
  htmlParserCtxtPtr ctxt = htmlCreatePushParserCtxt(&sax, nullptr, nullptr, 0, nullptr,
                                                    XML_CHAR_ENCODING_UTF8);
  htmlCtxtUseOptions(ctxt, HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                               HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
  ctxt->_private = c;
  htmlParseChunk(ctxt, page.data(), static_cast<int>(page.size()), 1);
  htmlFreeParserCtxt(ctxt);
}

void Walk(myhtml_tree_node_t* node, Counts* c) {
  // Iterative walk: real pages nest deeply.
  int depth = 0;
  while (node) {
    myhtml_tag_id_t tag = myhtml_node_tag_id(node);
    bool skip = tag == MyHTML_TAG_SCRIPT || tag == MyHTML_TAG_STYLE;
    if (tag == MyHTML_TAG__TEXT) {
      size_t len = 0;
      myhtml_node_text(node, &len);
      c->text += len;
    } else {
      ++c->elements;
    }
    myhtml_tree_node_t* child = skip ? nullptr : myhtml_node_child(node);
    if (child) {
      node = child;
      if (++depth > c->max_depth) c->max_depth = depth;
      continue;
    }
    while (node && !myhtml_node_next(node)) {
      node = myhtml_node_parent(node);
      --depth;
    }
    if (node) node = myhtml_node_next(node);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s libxml2-sax|myhtml PAGES [ROUNDS]\n", argv[0]);
    return 2;
  }
  const std::string which = argv[1];
  std::ifstream f(argv[2], std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  std::vector<std::string_view> pages;
  for (size_t p = 0; p + 8 <= all.size();) {
    uint64_t n;
    memcpy(&n, all.data() + p, 8);
    pages.emplace_back(all.data() + p + 8, n);
    p += 8 + n;
  }
  const int rounds = argc > 3 ? atoi(argv[3]) : 1;
  uint64_t bytes = 0;
  for (auto p : pages) bytes += p.size();

  Counts c;
  myhtml_t* mh = nullptr;
  myhtml_tree_t* tree = nullptr;
  if (which == "myhtml") {
    mh = myhtml_create();
    myhtml_init(mh, MyHTML_OPTIONS_PARSE_MODE_SINGLE, 1, 0);
    tree = myhtml_tree_create();
    myhtml_tree_init(tree, mh);
  }
  struct rusage ru0;
  getrusage(RUSAGE_SELF, &ru0);
  const double cpu0 = ru0.ru_utime.tv_sec + ru0.ru_utime.tv_usec / 1e6 + ru0.ru_stime.tv_sec +
                      ru0.ru_stime.tv_usec / 1e6;
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r) {
    for (auto p : pages) {
      if (mh) {
        myhtml_parse(tree, MyENCODING_UTF_8, p.data(), p.size());
        Walk(myhtml_tree_get_document(tree), &c);
        myhtml_tree_clean(tree);
      } else {
        ParseLibxml2(p, &c);
      }
    }
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  // CPU seconds of the parse loop (the machine is shared: wall time varies
  // with load, CPU time much less). Reading the file is before t0.
  const double s = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                   ru.ru_stime.tv_usec / 1e6 - cpu0;
  printf("%s: %zu pages, %.1f MB x %d in %.2f CPU s (%.2f wall) = %.1f MB/s; text %.1f MB, %llu elements, "
         "max depth %d, peak RSS %ld MB (input %.0f MB)\n",
         which.c_str(), pages.size(), bytes / 1e6, rounds, s, wall, bytes * rounds / 1e6 / s,
         c.text / 1e6 / rounds, static_cast<unsigned long long>(c.elements / rounds), c.max_depth,
         ru.ru_maxrss / 1024, all.size() / 1e6);
  if (mh) {
    myhtml_tree_destroy(tree);
    myhtml_destroy(mh);
  }
  return 0;
}
