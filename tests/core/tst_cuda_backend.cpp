// SPDX-License-Identifier: GPL-3.0-or-later
// mnl/cuda_backend.h on a machine without NVIDIA's driver: the plugin is not loaded, LibTorch's
// CUDA half and NVIDIA's libraries are never mapped (what a CPU machine saves, README
// "Installing"), even after a forward pass and a seeded generator, and asking for CUDA gives the
// CPU with the usual notice. tst_cli checks the loading itself (forced, turned off) in fresh
// processes. Built with QT_NO_KEYWORDS: it includes torch.
#include <QtTest>
#include <dlfcn.h>
#include <link.h>
#include <torch/torch.h>

#include <string>
#include <vector>

#include "mnl/compute_device.h"
#include "mnl/cuda_backend.h"
#include "mnl/mobilenet_v1.h"
#include "mnl/torch_device.h"

namespace {

// The file names of every object mapped into this process.
std::vector<std::string> loadedObjects() {
  std::vector<std::string> names;
  ::dl_iterate_phdr(
      [](dl_phdr_info* object, std::size_t, void* out) -> int {
        const std::string name = object->dlpi_name ? object->dlpi_name : "";
        const std::size_t slash = name.rfind('/');
        static_cast<std::vector<std::string>*>(out)->push_back(
            slash == std::string::npos ? name : name.substr(slash + 1));
        return 0;
      },
      &names);
  return names;
}

bool loaded(const std::string& prefix) {
  for (const std::string& name : loadedObjects())
    if (name.rfind(prefix, 0) == 0) return true;
  return false;
}

bool driverInstalled() {
  void* driver = ::dlopen("libcuda.so.1", RTLD_LAZY | RTLD_LOCAL);
  if (driver) ::dlclose(driver);
  return driver != nullptr;
}

}  // namespace

class TestCudaBackend : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void initTestCase() {
    if (driverInstalled()) QSKIP("NVIDIA's driver is installed: the back end loads here");
  }

  void notLoadedWithoutDriver() {
    QVERIFY(mnl::cudaBackend() == nullptr);
    QCOMPARE(QString::fromStdString(mnl::cudaBackendStatus()),
             QString("no NVIDIA driver (libcuda.so.1)"));
    QVERIFY(!mnl::cudaAvailable());
    const mnl::DeviceChoice choice = mnl::chooseDevice(mnl::DeviceKind::Cuda);
    QVERIFY(choice.device.is_cpu());
    QCOMPARE(QString::fromStdString(choice.notice),
             QString("no CUDA device found; running on the CPU"));
  }

  void cpuRunMapsNoCudaLibrary_data() {
    QTest::addColumn<QString>("library");  // a file name's start
    QTest::newRow("LibTorch's CUDA half") << "libtorch_cuda.so";
    QTest::newRow("c10's CUDA half") << "libc10_cuda.so";
    QTest::newRow("cuBLAS") << "libcublas";
    QTest::newRow("cuDNN") << "libcudnn";
    QTest::newRow("NVRTC") << "libnvrtc";
    QTest::newRow("cuSPARSELt") << "libcusparseLt";
    QTest::newRow("the plugin") << "libmnl-cuda.so";
  }

  void cpuRunMapsNoCudaLibrary() {
    QFETCH(QString, library);
    // What a CPU run does: seed, build, run a pass; none of it may pull CUDA in.
    torch::manual_seed(1);
    mnl::ModelOptions options;
    options.network.alpha = 0.25;
    options.network.resolution = 96;
    mnl::MobileNetV1 model(options);
    model->eval();
    torch::NoGradGuard noGrad;
    const torch::Tensor logits = model->forward(torch::rand({1, 3, 96, 96}));
    QCOMPARE(logits.size(1), 1000);
    QVERIFY(loaded("libtorch_cpu.so"));  // the check can see LibTorch at all
    QVERIFY2(!loaded(library.toStdString()), qPrintable(library + " is mapped"));
  }
};

QTEST_GUILESS_MAIN(TestCudaBackend)
#include "tst_cuda_backend.moc"
