// Placeholder: filled in by the readers.
#include "pipeline/reader.h"
