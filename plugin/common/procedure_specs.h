// The two procedures as scripts and menus see them, written once: names, menu labels, help
// texts and argument tables. plugin/gimp2 turns a table into GimpParamDefs, plugin/gimp3 into
// GimpProcedure arguments, and both read the arguments back into TranslateValues/TrainValues
// through an ArgumentReader, by name.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "plugin/common/train_values.h"
#include "plugin/common/translate_values.h"

namespace cyclegan::plugin {

enum class ArgumentType { Text, Integer, Real };

struct ArgumentSpec {
  ArgumentType type;
  const char* name;   // the PDB name ("source-a"), the same in both GIMPs
  const char* label;  // the dialog's label with a mnemonic (N_, translated where shown)
  const char* blurb;  // what a script passes (N_)
  double minimum = 0, maximum = 0, default_value = 0;
  // Kept with GIMP's last values but never a script's argument (GIMP 3's auxiliary arguments;
  // GIMP 2.10 keeps these in the last-values record).
  bool remembered_only = false;
};

struct ProcedureSpec {
  const char* name;
  const char* menu_label;  // N_
  const char* blurb;       // N_
  const char* help;        // N_
  const char* image_types;
  const char* help_id;
  // After the run mode, the image and the drawable(s), in the order GIMP 2.10 passes them.
  std::vector<ArgumentSpec> arguments;
};

const ProcedureSpec& translate_procedure_spec();
const ProcedureSpec& train_procedure_spec();

// Reads one argument by its name; the front end knows where its PDB keeps it.
struct ArgumentReader {
  std::function<std::string(const char* name)> text;
  std::function<int(const char* name)> integer;
  std::function<double(const char* name)> real;
};

TranslateValues translate_values_from(const ArgumentReader& arguments);
TrainValues train_values_from(const ArgumentReader& arguments);

}  // namespace cyclegan::plugin
