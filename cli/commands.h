// The `cyclegan` command's subcommands, one file each (cli/cmd_*.cpp). Each returns the
// process exit status: 0 success, 1 failure (message printed), 2 usage error, 130 Ctrl-C.
#pragma once

namespace cyclegan::cli {

int run_info(int argc, char** argv);       // cyclegan info MODEL
int run_import(int argc, char** argv);     // cyclegan import --g-a G_A.pth --g-b G_B.pth ... -o M
int run_train(int argc, char** argv);      // cyclegan train --a DIR --b DIR -o MODEL ...
int run_translate(int argc, char** argv);  // cyclegan translate -m MODEL IN OUT

}  // namespace cyclegan::cli
