// The live progress line, on a fake clock: running loss and accuracy, elapsed time, the epoch's
// and the run's ETA (from the time per batch, then from measured epochs), resumed epochs.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "framework/train/progress.h"

namespace dendrite {
namespace {

using ::testing::HasSubstr;

// A Progress drawing into memory, on a clock the test moves.
struct Fixture {
  double now = 100.0;
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  Progress progress{true, out, [this] { return now; }};

  ~Fixture() {
    std::fclose(out);
    std::free(buffer);
  }
  // The last line drawn.
  std::string last() {
    std::fflush(out);
    const std::string all(buffer, size);
    const auto at = all.rfind("\r\033[K");
    return at == std::string::npos ? all : all.substr(at + 4);
  }
};

TEST(Progress, FormatDuration) {
  EXPECT_EQ(format_duration(0), "0:00");
  EXPECT_EQ(format_duration(7.9), "0:07");
  EXPECT_EQ(format_duration(725), "12:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
  EXPECT_EQ(format_duration(-5), "0:00");
}

TEST(Progress, LineShowsRunningMetricsElapsedAndBothEtas) {
  Fixture f;
  f.progress.start_run(5);
  f.progress.start_epoch(0, 10);
  f.now += 4;  // 4 batches of 1 s, 32 samples each
  f.progress.update(3, 0.5, 0.625, 128);
  EXPECT_EQ(f.last(), "epoch 1/5  batch 4/10  loss 0.5000  acc 0.6250  32 samples/s  elapsed 0:04  ETA epoch 0:06, "
                      "run 0:46");  // 6 s left in this epoch + 4 epochs x 10 batches x 1 s
}

TEST(Progress, RunEtaUsesMeasuredEpochs) {
  Fixture f;
  f.progress.start_run(3);
  f.progress.start_epoch(0, 10);
  f.now += 10;
  f.progress.update(9, 1, 0.5, 100);
  f.progress.finish_epoch();
  f.now += 20;  // validation and checkpoint: the first epoch took 30 s in all
  f.progress.start_epoch(1, 10);
  f.now += 5;
  f.progress.update(4, 1, 0.5, 50);
  // 5 s left in this epoch + 1 epoch x 30 s; elapsed 35 s.
  EXPECT_THAT(f.last(), HasSubstr("elapsed 0:35  ETA epoch 0:05, run 0:35"));
}

TEST(Progress, ResumedEpochCountsOnlyItsOwnBatches) {
  Fixture f;
  f.progress.start_run(2, /*seconds_before=*/60);
  f.progress.start_epoch(0, 10, /*first_batch=*/6, /*samples_before=*/600);
  f.now += 2;  // batches 6 and 7 in 2 s
  f.progress.update(7, 0.25, 0.75, 800);
  EXPECT_EQ(f.last(), "epoch 1/2  batch 8/10  loss 0.2500  acc 0.7500  100 samples/s  elapsed 1:02  ETA epoch 0:02, "
                      "run 0:12");
  // A resumed epoch is not a full one: the next epoch's estimate is still per batch.
  f.progress.finish_epoch();
  f.now += 100;
  f.progress.start_epoch(1, 10);
  f.now += 1;
  f.progress.update(0, 0.25, 0.75, 100);
  EXPECT_THAT(f.last(), HasSubstr("ETA epoch 0:09, run 0:09"));
}

TEST(Progress, RedrawsAtMostTenTimesASecondButAlwaysTheLastBatch) {
  Fixture f;
  f.progress.start_run(1);
  f.progress.start_epoch(0, 3);
  f.now += 0.5;
  f.progress.update(0, 1, 0, 10);
  f.now += 0.01;
  f.progress.update(1, 1, 0, 20);  // too soon: not drawn
  EXPECT_THAT(f.last(), HasSubstr("batch 1/3"));
  f.now += 0.01;
  f.progress.update(2, 1, 0, 30);  // the last batch is always drawn
  EXPECT_THAT(f.last(), HasSubstr("batch 3/3"));
}

TEST(Progress, DisabledDrawsNothing) {
  double now = 0;
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  {
    Progress p(false, out, [&] { return now; });
    p.start_run(1);
    p.start_epoch(0, 1);
    p.update(0, 1, 1, 1);
    p.finish_epoch();
  }
  std::fclose(out);
  EXPECT_EQ(size, 0u);
  std::free(buffer);
}

}  // namespace
}  // namespace dendrite
