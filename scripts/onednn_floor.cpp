// SPDX-License-Identifier: GPL-3.0-or-later
// A measurement, not part of the product: MobileNet v1 (TensorFlow SAME padding, ReLU6, random
// weights) run directly on oneDNN, with what issue 17 lists for a direct path: primitives
// created once, blocked layouts chosen by oneDNN, weights packed once, every buffer allocated
// once, one stream, no ATen call per layer. It times the whole network and each primitive, to
// show how low the per-layer cost can go on this machine. Results: docs/benchmarks.md, "The
// small end". LibTorch's library does not export oneDNN's API, so this links Debian's:
//   sudo apt install libdnnl-dev
//   g++ -O2 -std=c++20 scripts/onednn_floor.cpp -o build/onednn_floor -ldnnl
//   OMP_NUM_THREADS=2 build/onednn_floor [ALPHA=0.25] [RESOLUTION=128] [ITERS=1000]
#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace dnnl;
using tag = memory::format_tag;
using dt = memory::data_type;

struct Step {
  primitive prim;
  std::unordered_map<int, memory> args;
  std::string name;
};

static void fill(memory& m, float scale) {
  static std::mt19937 rng(1);
  std::uniform_real_distribution<float> u(-scale, scale);
  float* p = static_cast<float*>(m.get_data_handle());
  const size_t n = m.get_desc().get_size() / sizeof(float);
  for (size_t i = 0; i < n; ++i) p[i] = u(rng);
}

int main(int argc, char** argv) {
  const double alpha = argc > 1 ? std::atof(argv[1]) : 0.25;
  const int res = argc > 2 ? std::atoi(argv[2]) : 128;
  const int iters = argc > 3 ? std::atoi(argv[3]) : 1000;
  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  std::vector<Step> steps;
  auto scaled = [&](int c) { return std::max(8, int(alpha * c)); };

  memory input({{1, 3, res, res}, dt::f32, tag::nchw}, eng);
  fill(input, 1.f);
  memory cur = input;
  int C = 3, H = res;
  auto conv = [&](int cout, int k, int stride, bool dw, const std::string& name) {
    const int out = (H + stride - 1) / stride;  // TensorFlow SAME
    const int total = std::max((out - 1) * stride + k - H, 0);
    const memory::dim pl = total / 2, pr = total - total / 2;
    const memory::dims src{1, C, H, H}, dst{1, cout, out, out}, bias{cout};
    const memory::dims w = dw ? memory::dims{C, 1, 1, k, k} : memory::dims{cout, C, k, k};
    post_ops po;
    po.append_eltwise(1.f, algorithm::eltwise_clip, 0.f, 6.f);  // ReLU6
    primitive_attr attr;
    attr.set_post_ops(po);
    convolution_forward::desc d(prop_kind::forward_inference, algorithm::convolution_direct,
                                {src, dt::f32, tag::any}, {w, dt::f32, tag::any},
                                {bias, dt::f32, tag::x}, {dst, dt::f32, tag::any},
                                {stride, stride}, {pl, pl}, {pr, pr});
    convolution_forward::primitive_desc pd(d, attr, eng);
    if (pd.src_desc() != cur.get_desc()) {
      memory r(pd.src_desc(), eng);
      steps.push_back({reorder(cur, r), {{DNNL_ARG_FROM, cur}, {DNNL_ARG_TO, r}}, name + "<reorder"});
      cur = r;
    }
    memory wUser({w, dt::f32, dw ? tag::goihw : tag::oihw}, eng);
    fill(wUser, 0.2f);
    memory wPacked(pd.weights_desc(), eng);
    reorder(wUser, wPacked).execute(s, wUser, wPacked);
    s.wait();
    memory b({bias, dt::f32, tag::x}, eng);
    fill(b, 0.1f);
    memory out_m(pd.dst_desc(), eng);
    steps.push_back({convolution_forward(pd),
                     {{DNNL_ARG_SRC, cur}, {DNNL_ARG_WEIGHTS, wPacked}, {DNNL_ARG_BIAS, b},
                      {DNNL_ARG_DST, out_m}},
                     name});
    cur = out_m;
    C = cout;
    H = out;
  };
  conv(scaled(32), 3, 2, false, "conv0");
  const int blocks[13][2] = {{1, 64}, {2, 128}, {1, 128}, {2, 256}, {1, 256}, {2, 512}, {1, 512},
                             {1, 512}, {1, 512}, {1, 512}, {1, 512}, {2, 1024}, {1, 1024}};
  for (int i = 0; i < 13; ++i) {
    conv(C, 3, blocks[i][0], true, "dw" + std::to_string(i + 1));
    conv(scaled(blocks[i][1]), 1, 1, false, "pw" + std::to_string(i + 1));
  }
  {  // global average pool
    pooling_forward::desc d(prop_kind::forward_inference, algorithm::pooling_avg_exclude_padding,
                            cur.get_desc(), {{1, C, 1, 1}, dt::f32, tag::any}, {1, 1}, {H, H},
                            {0, 0}, {0, 0});
    pooling_forward::primitive_desc pd(d, eng);
    memory out_m(pd.dst_desc(), eng);
    steps.push_back({pooling_forward(pd), {{DNNL_ARG_SRC, cur}, {DNNL_ARG_DST, out_m}}, "pool"});
    cur = out_m;
  }
  {  // fully connected, 1001 classes
    inner_product_forward::desc d(prop_kind::forward_inference, cur.get_desc(),
                                  {{1001, C, 1, 1}, dt::f32, tag::any}, {{1001}, dt::f32, tag::x},
                                  {{1, 1001}, dt::f32, tag::nc});
    inner_product_forward::primitive_desc pd(d, eng);
    memory wUser({{1001, C, 1, 1}, dt::f32, tag::oihw}, eng);
    fill(wUser, 0.1f);
    memory wPacked(pd.weights_desc(), eng);
    reorder(wUser, wPacked).execute(s, wUser, wPacked);
    memory b({{1001}, dt::f32, tag::x}, eng);
    fill(b, 0.1f);
    memory out_m(pd.dst_desc(), eng);
    steps.push_back({inner_product_forward(pd),
                     {{DNNL_ARG_SRC, cur}, {DNNL_ARG_WEIGHTS, wPacked}, {DNNL_ARG_BIAS, b},
                      {DNNL_ARG_DST, out_m}},
                     "fc"});
  }
  s.wait();
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::time_point a) {
    return std::chrono::duration<double, std::milli>(Clock::now() - a).count();
  };
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  for (int i = 0; i < 50; ++i) {
    for (auto& st : steps) st.prim.execute(s, st.args);
    s.wait();
  }
  std::vector<double> whole;
  for (int i = 0; i < iters; ++i) {
    const auto t = Clock::now();
    for (auto& st : steps) st.prim.execute(s, st.args);
    s.wait();
    whole.push_back(ms(t));
  }
  std::vector<std::vector<double>> per(steps.size());
  for (int i = 0; i < std::max(50, iters / 5); ++i)
    for (size_t k = 0; k < steps.size(); ++k) {
      const auto t = Clock::now();
      steps[k].prim.execute(s, steps[k].args);
      s.wait();
      per[k].push_back(ms(t));
    }
  std::printf("oneDNN %d.%d.%d direct, MobileNet v1 %g/%d, %zu primitives: median %.3f ms\n",
              dnnl_version()->major, dnnl_version()->minor, dnnl_version()->patch, alpha, res,
              steps.size(), median(whole));
  double sum = 0;
  for (size_t k = 0; k < steps.size(); ++k) {
    const double m = median(per[k]);
    sum += m;
    std::printf("  %-14s %.4f ms\n", steps[k].name.c_str(), m);
  }
  std::printf("  sum of layers  %.3f ms\n", sum);
}
