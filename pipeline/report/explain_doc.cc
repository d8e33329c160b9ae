#include "pipeline/report/explain_doc.h"

#include <charconv>
#include <cstdio>

namespace winnow {
namespace {

// Every link to another document starts with this, then its anchor; user
// text is escaped, so it cannot contain it.
constexpr std::string_view kLinkStart = "<a class=\"of\" href=\"#";
constexpr std::string_view kLinkEnd = "</a>";

void AppendLink(uint64_t ordinal, int64_t unit, std::string_view label, std::string* out) {
  *out += kLinkStart;
  AppendAnchor(ordinal, unit, out);
  *out += "\">";
  AppendEscapedHtml(label, out);
  *out += kLinkEnd;
}

// " · score 1.25 · s2.p_win10 +0.80, s1.stop -0.35" for a title attribute
// (shown on hover): the model's score and the features that moved it most
// (nothing without the model). Feature names need no HTML escaping.
void AppendModelTitle(const UnitDecision& d, std::string* out) {
  if (d.top_feature[0] == 0xFF) return;
  char buf[96];
  std::snprintf(buf, sizeof buf, " \xC2\xB7 score %.2f \xC2\xB7", d.score);
  *out += buf;
  for (int t = 0; t < 3 && d.top_feature[t] != 0xFF; ++t) {
    std::snprintf(buf, sizeof buf, "%s %s %+.2f", t ? "," : "", ModelFeatureName(d.top_feature[t]).c_str(),
                  d.top_contrib[t] / 20.0);
    *out += buf;
  }
}

// An HTML unit's element path and DOM features, as a muted line under its
// text, then the DOM evidence about it: "DOM removed: class-word cls-share"
// when it changed the text classifier's verdict, "DOM agrees: ..." when the
// text classifier had removed the unit already.
void AppendDomLine(const DomUnit& d, const Batch& batch, std::string* out) {
  const DomFeatures& f = d.f;
  *out += "<span class=\"dom\">";
  AppendEscapedHtml(d.path.in(batch.dom_paths), out);
  char buf[128];
  std::snprintf(buf, sizeof buf, " \xC2\xB7 %u words \xC2\xB7 links %.2f \xC2\xB7 text density %.1f", f.words,
                f.link_density(), f.text_density());
  *out += buf;
  if (f.ancestors || f.class_words) {
    *out += " \xC2\xB7 ";
    AppendDomFlagNames(f, out, /*json=*/false);
  }
  if (d.cue != DomCue::kNone) {
    const bool removed = d.cue != DomCue::kShortProse && d.cue != DomCue::kMainContainer && d.cue != DomCue::kTitle;
    *out += !d.decided ? " \xC2\xB7 <b>DOM agrees: " : removed ? " \xC2\xB7 <b>DOM removed: " : " \xC2\xB7 <b>DOM kept: ";
    *out += DomCueName(d.cue);
    switch (d.cue) {
      case DomCue::kClassWord:
        *out += ' ';
        AppendDomFlagNames(f, out, /*json=*/false, kClsNegative, /*ancestors=*/false);
        break;
      case DomCue::kLinkDensity:
        std::snprintf(buf, sizeof buf, " %.2f", f.link_density());
        *out += buf;
        break;
      case DomCue::kShortProse:
      case DomCue::kMainContainer:
      case DomCue::kTitle:
        *out += " (text classifier: ";
        *out += ReasonName(d.overruled);
        *out += ')';
        break;
      default: break;
    }
    *out += "</b>";
  }
  *out += "</span>";
}

}  // namespace

void AppendEscapedHtml(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '&': out->append("&amp;"); break;
      case '"': out->append("&quot;"); break;
      default: out->push_back(c);
    }
  }
}

void AppendAnchor(uint64_t ordinal, int64_t unit, std::string* out) {
  *out += "d-";
  *out += std::to_string(ordinal);
  if (unit < 0) return;
  *out += "-u";
  *out += std::to_string(unit);
}

uint32_t RemovedUnits(const Batch& batch, const Document& doc) {
  if (doc.fate == Fate::kRejected) return 0;
  if (doc.fate != Fate::kEmitted && doc.fate != Fate::kPending) return doc.unit_count;
  uint32_t n = 0;
  for (uint32_t i = 0; i < doc.unit_count; ++i) n += batch.units[doc.first_unit + i].verdict != Verdict::kKeep;
  return n;
}

void AppendDocReasons(const Batch& batch, const Document& doc, std::string* out) {
  if (doc.fate == Fate::kRejected) {
    *out += "rejected ";
    *out += ReasonName(doc.reason);
    return;
  }
  bool seen[static_cast<size_t>(Reason::kReasonCount)] = {};
  bool first = true;
  auto add = [&](Reason r) {
    if (r == Reason::kNone || seen[static_cast<size_t>(r)]) return;
    seen[static_cast<size_t>(r)] = true;
    if (!first) *out += ' ';
    first = false;
    *out += ReasonName(r);
  };
  if (doc.fate == Fate::kDropped) add(doc.reason);
  for (uint32_t i = 0; i < doc.unit_count; ++i) add(batch.units[doc.first_unit + i].reason);
}

const UnitRecord* DuplicatedMost(const Batch& batch, const Document& doc) {
  if (doc.fate != Fate::kDropped || doc.reason != Reason::kDuplicateDocument) return nullptr;
  const UnitRecord* best = nullptr;
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    const UnitRecord& u = batch.units[doc.first_unit + i];
    if (u.verdict == Verdict::kDuplicate && (!best || u.text.len > best->text.len)) best = &u;
  }
  return best;
}

void AppendDocHtml(const Batch& batch, const Document& doc, std::string* out) {
  const std::string_view id = batch.View(doc.id);
  *out += "<section class=\"doc ";
  *out += FateName(doc.fate);
  *out += "\" id=\"";
  AppendAnchor(doc.ordinal, -1, out);
  *out += "\" data-reasons=\"";
  AppendDocReasons(batch, doc, out);
  *out += "\" data-id=\"";
  AppendEscapedHtml(id, out);
  *out += "\"><h2>";
  AppendEscapedHtml(id, out);
  *out += " <span class=\"fate\">";
  *out += FateName(doc.fate);
  *out += "</span>";
  if (doc.fate == Fate::kDropped || doc.fate == Fate::kRejected) {
    *out += " <span class=\"tag r-";
    *out += ReasonName(doc.reason);
    *out += "\">";
    *out += ReasonName(doc.reason);
    *out += "</span>";
    if (const UnitRecord* u = DuplicatedMost(batch, doc)) {
      *out += " <span class=\"fate\">mostly a copy of</span> ";
      AppendLink(u->dup_of.doc, -1, batch.View(u->dup_of_id), out);
    }
  }
  *out += "</h2>";
  if (!doc.url.empty()) {
    *out += "<div class=\"url\">";
    AppendEscapedHtml(batch.View(doc.url), out);
    *out += "</div>";
  }
  if (doc.fate == Fate::kRejected) {
    *out += "<p class=\"error\">";
    AppendEscapedHtml(batch.View(doc.error), out);
    *out += "</p></section>\n";
    return;
  }
  const UnitRecord* units = batch.units.data() + doc.first_unit;
  const DomUnit* dom = doc.html() && doc.first_dom + doc.unit_count <= batch.dom.size()
                           ? batch.dom.data() + doc.first_dom : nullptr;
  for (uint32_t i = 0; i < doc.unit_count; ++i) {
    const UnitRecord& u = units[i];
    *out += "<p id=\"";
    AppendAnchor(doc.ordinal, i, out);
    if (u.verdict == Verdict::kKeep) {
      *out += "\" class=\"k\" title=\"keep";
      AppendModelTitle(u.decision, out);
      *out += "\">";
      AppendEscapedHtml(u.text.in(batch.clean), out);
      if (dom) AppendDomLine(dom[i], batch, out);
      *out += "</p>";
      continue;
    }
    const std::string_view reason = ReasonName(u.reason);
    *out += "\" class=\"x r-";
    *out += reason;
    *out += "\" title=\"";
    *out += reason;
    AppendModelTitle(u.decision, out);
    *out += "\"><span class=\"tag\">";
    *out += reason;
    *out += "</span><span class=\"t\">";
    AppendEscapedHtml(u.text.in(batch.clean), out);
    *out += "</span>";
    if (u.verdict == Verdict::kDuplicate) {
      char label[64];
      std::snprintf(label, sizeof label, " unit %u (similarity %.2f)", u.dup_of.unit, u.similarity);
      std::string text = "copy of ";
      text.append(batch.View(u.dup_of_id));
      text += label;
      AppendLink(u.dup_of.doc, u.dup_of.unit, text, out);
    }
    if (dom) AppendDomLine(dom[i], batch, out);
    *out += "</p>";
  }
  *out += "</section>\n";
}

void ResolveDocLinks(std::string_view html, const std::function<bool(uint64_t)>& on_page, std::string* out) {
  size_t pos = 0;
  while (true) {
    const size_t at = html.find(kLinkStart, pos);
    if (at == std::string_view::npos) break;
    const size_t num = at + kLinkStart.size() + 2;  // past "d-"
    uint64_t ordinal = 0;
    std::from_chars(html.data() + num, html.data() + html.size(), ordinal);
    const size_t label_at = html.find("\">", num);
    const size_t end = label_at == std::string_view::npos ? label_at : html.find(kLinkEnd, label_at);
    if (end == std::string_view::npos) break;  // not a link AppendLink wrote
    const size_t label = label_at + 2;
    if (on_page(ordinal)) {
      out->append(html.substr(pos, end + kLinkEnd.size() - pos));
    } else {
      out->append(html.substr(pos, at - pos));
      *out += "<span class=\"gone\">";
      out->append(html.substr(label, end - label));
      *out += " (not on this page: sampled out)</span>";
    }
    pos = end + kLinkEnd.size();
  }
  out->append(html.substr(pos));
}

}  // namespace winnow
