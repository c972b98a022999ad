// SPDX-License-Identifier: GPL-3.0-or-later
// mobilenet-lab-cli: the core without a window — cost tables, classification, benchmarks,
// teaching your own classes.
#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "command.h"
#include "bench_command.h"
#include "classify_command.h"
#include "calibrate_command.h"
#include "convert_command.h"
#include "cost_command.h"
#include "sweep_command.h"
#include "explain_command.h"
#ifdef MNL_HAVE_OPENCV
#include "evaluate_command.h"
#include "teach_command.h"
#endif
#include "mnl/process_setup.h"
#include "version_text.h"

int main(int argc, char** argv) {
  // bench --batch 8: no page faults per run (heap_policy.h). The OpenMP wait stays libgomp's
  // unless bench --openmp-wait asks (it restarts the program then).
  mnl::configureProcess(argv, {.keepLargeBlocksInHeap = true});
  // Named, so that usage lines say mobilenet-lab-cli and not the path it was started by.
  CLI::App app{"MobileNet Lab command-line tool: MobileNet v1 cost, classification and speed",
               "mobilenet-lab-cli"};
  app.set_version_flag("--version,-V", [] { return mnl::cli::versionText(); },
                       "Print the version, the LibTorch in use and whether CUDA is available");
  app.require_subcommand(1);
  mnl::cli::addCostCommand(app);
  mnl::cli::addBenchCommand(app);
  mnl::cli::addClassifyCommand(app);
  mnl::cli::addSweepCommand(app);
  mnl::cli::addExplainCommand(app);
  mnl::cli::addConvertCommand(app);
  mnl::cli::addCalibrateCommand(app);
#ifdef MNL_HAVE_OPENCV
  mnl::cli::addTeachCommand(app);
  mnl::cli::addEvaluateCommand(app);
#endif

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11 has its own codes; this tool promises 2 for every argument error.
    std::cerr << "mobilenet-lab-cli: " << e.what() << " (see --help)\n";
    return mnl::cli::kExitUsageError;
  } catch (const mnl::cli::UsageError& e) {
    std::cerr << "mobilenet-lab-cli: " << e.what() << ".\n";
    return mnl::cli::kExitUsageError;
  } catch (const mnl::cli::InputError& e) {
    std::cerr << "mobilenet-lab-cli: " << e.what() << "\n";
    return mnl::cli::kExitInputError;
  } catch (const std::exception& e) {
    // Anything else (LibTorch out of memory, …) is one line and exit 1, not an abort with a
    // backtrace: c10::Error's text goes on with LibTorch's stack frames, which say nothing to
    // the person.
    const std::string what = e.what();
    std::cerr << "mobilenet-lab-cli: failed: " << what.substr(0, what.find('\n')) << "\n";
    return mnl::cli::kExitInputError;
  } catch (...) {
    std::cerr << "mobilenet-lab-cli: failed: an error of an unknown kind\n";
    return mnl::cli::kExitInputError;
  }
  return 0;
}
