// util/cpu_list: the forms Redis's server_cpulist documents, and bad text.
#include "util/cpu_list.h"

#include <gtest/gtest.h>

namespace ringkv {
namespace {

using Cpus = std::vector<int>;

TEST(CpuList, SingleCpusRangesAndStrides) {
  EXPECT_EQ(parse_cpu_list("3"), Cpus({3}));
  EXPECT_EQ(parse_cpu_list("0,2,3"), Cpus({0, 2, 3}));
  EXPECT_EQ(parse_cpu_list("0,2-3"), Cpus({0, 2, 3}));
  EXPECT_EQ(parse_cpu_list("0-7:2"), Cpus({0, 2, 4, 6}));
  EXPECT_EQ(parse_cpu_list("0-20:4,1"), Cpus({0, 4, 8, 12, 16, 20, 1}));
  EXPECT_EQ(parse_cpu_list("5-5"), Cpus({5}));
}

TEST(CpuList, EmptyTextIsAnEmptyList) { EXPECT_EQ(parse_cpu_list(""), Cpus()); }

TEST(CpuList, RejectsWhatIsNotACpuList) {
  for (const char* bad : {"a", "1,", ",1", "1,,2", "-1", "3-1", "1-", "1-2:", "1-2:0", "1-2:x",
                          "1:2", "1 2", " 1", "1.5", "99999999", "0-99999999", "+1"}) {
    EXPECT_EQ(parse_cpu_list(bad), std::nullopt) << bad;
  }
}

}  // namespace
}  // namespace ringkv
