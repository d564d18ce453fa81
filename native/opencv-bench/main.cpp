// Times OpenCV's own kernels on tiny single-channel uint8 images, single-threaded, without any interop layer,
// so the .NET numbers in bench/ (which go through OpenCvSharp's P/Invoke) can be read against OpenCV's real speed.
// The operations and their parameters mirror bench/Kernels/*Bench.cs one for one.
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Nominal TSC of the development host; the measured core clock is printed beside it.
constexpr double kNominalGhz = 2.1;

// A chain of dependent 64-bit multiplies: 3 cycles latency each on every recent x86 core (Zen 2..5, Skylake..
// Sapphire Rapids), so elapsed time / (3 * multiplies) is one core cycle, whatever the VM reports. (A chain of
// 1-cycle adds, used before, reads 8 GHz on Golden Cove cores, whose renamer folds add-immediate chains.)
// The same probe as bench/Infrastructure/ClockProbe.cs, so both tables use one clock.
double MeasureCoreGhz() {
    // Many short (~1.5 ms) runs, best kept: on a loaded host some of them still run unpreempted.
    constexpr std::int64_t kIters = 200'000;
    constexpr int kMultipliesPerIter = 8;
    constexpr double kLatencyCycles = 3;
    double best = 1e30;
    for (int rep = 0; rep < 300; ++rep) {
        std::uint64_t x = static_cast<std::uint64_t>(rep) | 1;
        std::uint64_t factor = 0x9E3779B97F4A7C15ULL;
        auto t0 = Clock::now();
        for (std::int64_t i = 0; i < kIters; ++i) {
            asm volatile(
                "imul %1, %0\n\timul %1, %0\n\timul %1, %0\n\timul %1, %0\n\t"
                "imul %1, %0\n\timul %1, %0\n\timul %1, %0\n\timul %1, %0"
                : "+r"(x)
                : "r"(factor));
        }
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return kIters * kMultipliesPerIter * kLatencyCycles / best / 1e9;
}

struct Timing {
    double median;
    double min;
};

struct Result {
    std::string op;
    int size;
    Timing ns;
};

// Median and minimum of several timed blocks; each block runs the operation enough times to last ~20 ms. The
// minimum is the figure to trust on a shared, loaded machine; the median shows how much load there was.
Timing TimeNs(const std::function<void()>& op) {
    for (int i = 0; i < 2000; ++i) op();  // warm caches, lazy tables and OpenCV's dispatch
    auto t0 = Clock::now();
    int calib = 0;
    while (std::chrono::duration<double>(Clock::now() - t0).count() < 0.02) {
        op();
        ++calib;
    }
    std::vector<double> blocks;
    for (int b = 0; b < 15; ++b) {
        auto s = Clock::now();
        for (int i = 0; i < calib; ++i) op();
        blocks.push_back(std::chrono::duration<double, std::nano>(Clock::now() - s).count() / calib);
    }
    std::sort(blocks.begin(), blocks.end());
    return {blocks[blocks.size() / 2], blocks.front()};
}

cv::Mat RandomImage(int size, unsigned seed) {
    cv::Mat m(size, size, CV_8UC1);
    std::mt19937 rng(seed);
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) m.at<std::uint8_t>(y, x) = static_cast<std::uint8_t>(rng() & 0xFF);
    return m;
}

// Same parameters as the C# benchmarks (bench/Kernels/BenchParams.cs).
constexpr double kAngle = 15.0;
constexpr double kShearX = 0.2, kShearY = 0.1;
constexpr double kScale = 0.8;
constexpr double kSineAmplitude = 3.0, kSineFrequency = 1.0 / 32;
constexpr double kGaussSigma = 1.0;

void RunSize(int n, std::vector<Result>& out) {
    cv::Mat src = RandomImage(n, 42u + static_cast<unsigned>(n));
    cv::Mat dst(n, n, CV_8UC1);
    const cv::Point2f centre(n / 2.0f, n / 2.0f);
    cv::Mat rot = cv::getRotationMatrix2D(centre, kAngle, 1.0);
    cv::Mat shear = (cv::Mat_<double>(2, 3) << 1, kShearX, 0, kShearY, 1, 0);
    auto add = [&](const char* name, const std::function<void()>& op) { out.push_back({name, n, TimeNs(op)}); };

    add("warpAffine rotate nearest", [&] {
        cv::warpAffine(src, dst, rot, dst.size(), cv::INTER_NEAREST, cv::BORDER_CONSTANT, cv::Scalar(0));
    });
    add("warpAffine rotate bilinear", [&] {
        cv::warpAffine(src, dst, rot, dst.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    });
    add("warpAffine shear bilinear", [&] {
        cv::warpAffine(src, dst, shear, dst.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_CONSTANT,
                       cv::Scalar(0));
    });

    const int scaled = static_cast<int>(std::lround(n * kScale));
    const int offset = (n - scaled) / 2;
    cv::Mat small(scaled, scaled, CV_8UC1);
    cv::Mat canvas = cv::Mat::zeros(n, n, CV_8UC1);
    cv::Mat roi = canvas(cv::Rect(offset, offset, scaled, scaled));
    add("resize cubic + paste", [&] {
        cv::resize(src, small, small.size(), 0, 0, cv::INTER_CUBIC);
        canvas.setTo(0);
        small.copyTo(roi);
    });

    // The sine warp as a remap: each column rolled by an integer shift, wrap-around, nearest.
    cv::Mat mapX(n, n, CV_32FC1), mapY(n, n, CV_32FC1);
    for (int x = 0; x < n; ++x) {
        int shift = static_cast<int>(kSineAmplitude * std::sin(-2 * M_PI * x * kSineFrequency));
        for (int y = 0; y < n; ++y) {
            mapX.at<float>(y, x) = static_cast<float>(x);
            mapY.at<float>(y, x) = static_cast<float>(((y - shift) % n + n) % n);
        }
    }
    cv::Mat map1, map2;
    cv::convertMaps(mapX, mapY, map1, map2, CV_16SC2, true);
    add("remap sine (16SC2 nearest)", [&] { cv::remap(src, dst, map1, cv::noArray(), cv::INTER_NEAREST); });

    add("GaussianBlur sigma 1 (7x7)", [&] {
        cv::GaussianBlur(src, dst, cv::Size(0, 0), kGaussSigma, kGaussSigma, cv::BORDER_REPLICATE);
    });
    // The other two radii of the blur benchmark (the policy's range is 0.5-1.2); OpenCV sizes 8U kernels as round(6 sigma + 1) | 1.
    add("GaussianBlur sigma 0.8 (7x7)", [&] { cv::GaussianBlur(src, dst, cv::Size(0, 0), 0.8, 0.8, cv::BORDER_REPLICATE); });
    add("GaussianBlur sigma 0.6 (5x5)", [&] { cv::GaussianBlur(src, dst, cv::Size(0, 0), 0.6, 0.6, cv::BORDER_REPLICATE); });
    cv::Mat sharpen = (cv::Mat_<float>(3, 3) << -2, -2, -2, -2, 32, -2, -2, -2, -2) / 16.0f;
    cv::Mat smooth = (cv::Mat_<float>(3, 3) << 1, 1, 1, 1, 5, 1, 1, 1, 1) / 13.0f;
    add("filter2D sharpen 3x3", [&] { cv::filter2D(src, dst, CV_8U, sharpen, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE); });
    add("filter2D smooth 3x3", [&] { cv::filter2D(src, dst, CV_8U, smooth, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE); });

    cv::Mat f32(n, n, CV_32FC1), f16(n, n, CV_16FC1);
    add("convertTo f32 (x/255)", [&] { src.convertTo(f32, CV_32F, 1.0 / 255.0); });
    add("convertTo f16 (x/255)", [&] { src.convertTo(f16, CV_16F, 1.0 / 255.0); });

    // One geometric op + one filter + f16, chosen per image from a fixed seed: the full distortion as OpenCV
    // would do it, for comparison with FullDistortionBench.
    std::mt19937 rng(7);
    add("full: geometric + filter + f16", [&] {
        const unsigned g = rng() % 4, f = rng() % 3;
        switch (g) {
            case 0: cv::warpAffine(src, dst, rot, dst.size(), cv::INTER_NEAREST); break;
            case 1: cv::warpAffine(src, dst, shear, dst.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP); break;
            case 2:
                cv::resize(src, small, small.size(), 0, 0, cv::INTER_CUBIC);
                dst.setTo(0);
                small.copyTo(dst(cv::Rect(offset, offset, scaled, scaled)));
                break;
            default: cv::remap(src, dst, map1, cv::noArray(), cv::INTER_NEAREST); break;
        }
        cv::Mat& tmp = canvas;
        switch (f) {
            case 0: cv::GaussianBlur(dst, tmp, cv::Size(0, 0), kGaussSigma, kGaussSigma, cv::BORDER_REPLICATE); break;
            case 1: cv::filter2D(dst, tmp, CV_8U, sharpen, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE); break;
            default: cv::filter2D(dst, tmp, CV_8U, smooth, cv::Point(-1, -1), 0, cv::BORDER_REPLICATE); break;
        }
        tmp.convertTo(f16, CV_16F, 1.0 / 255.0);
    });
}

}  // namespace

int main(int argc, char** argv) {
    cv::setNumThreads(1);
    std::vector<int> sizes{28, 64};
    if (argc > 1) {
        sizes.clear();
        for (int i = 1; i < argc; ++i) {
            int s = std::atoi(argv[i]);
            if (s < 8) {
                std::fprintf(stderr, "size must be an integer >= 8, got '%s'\n", argv[i]);
                return 2;
            }
            sizes.push_back(s);
        }
    }

    const double ghz = MeasureCoreGhz();
    // IPP matters: the official OpenCvSharp runtime bundles it and on a VM its per-call CPUID costs microseconds.
    std::printf("OpenCV %s, threads=%d, AVX-512 (SKX): %s, IPP: %s\n", CV_VERSION, cv::getNumThreads(),
                cv::checkHardwareSupport(CV_CPU_AVX512_SKX) ? "yes" : "no",
                cv::ipp::useIPP() ? cv::ipp::getIppVersion().c_str() : "off");
    std::printf("measured core clock %.2f GHz (dependent-multiply chain); nominal TSC %.1f GHz\n\n", ghz, kNominalGhz);

    std::vector<Result> results;
    for (int n : sizes) RunSize(n, results);

    std::printf("| op | size | ns/op (min) | ns/op (median) | images/s (min) | cycles/px (measured clock) | cycles/px (2.1 GHz) |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& r : results) {
        const double px = static_cast<double>(r.size) * r.size;
        std::printf("| %s | %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n", r.op.c_str(), r.size, r.ns.min, r.ns.median,
                    1e9 / r.ns.min, r.ns.min * ghz / px, r.ns.min * kNominalGhz / px);
    }
    return 0;
}
