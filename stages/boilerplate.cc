// Placeholder implementation: keeps every unit.
#include "stages/boilerplate.h"

namespace winnow {

struct BoilerplateClassifier::Impl {
  BoilerplateOptions options;
};
struct BoilerplateClassifier::Scratch {};

BoilerplateClassifier::BoilerplateClassifier() : impl_(new Impl) {}
BoilerplateClassifier::~BoilerplateClassifier() = default;

std::unique_ptr<BoilerplateClassifier> BoilerplateClassifier::Create(
    const BoilerplateOptions& options, std::string* /*error*/) {
  std::unique_ptr<BoilerplateClassifier> c(new BoilerplateClassifier());
  c->impl_->options = options;
  return c;
}

void BoilerplateClassifier::ScratchDeleter::operator()(Scratch* s) const { delete s; }

BoilerplateClassifier::ScratchPtr BoilerplateClassifier::NewScratch() const {
  return ScratchPtr(new Scratch());
}

void BoilerplateClassifier::Classify(std::span<const UnitInput> units, std::span<UnitDecision> out,
                                     Scratch*) const {
  for (size_t i = 0; i < units.size(); ++i) out[i] = UnitDecision{};
}

void BoilerplateClassifier::AppendExplainJson(const UnitInput& unit, const UnitDecision&,
                                              std::string* out) const {
  out->append("{\"words\":");
  out->append(std::to_string(unit.words));
  out->push_back('}');
}

}  // namespace winnow
