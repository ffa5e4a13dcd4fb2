#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "host/fs_host.h"

namespace dengbao::host {
namespace {

namespace fs = std::filesystem;

class RootfsHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("dengbao_rootfs_" + std::to_string(getpid()));
    fs::create_directories(root_ / "etc/ssh");
    std::ofstream(root_ / "etc/ssh/sshd_config") << "PermitRootLogin no\n";
    std::ofstream(outside_ = fs::temp_directory_path() / ("dengbao_outside_" + std::to_string(getpid())))
        << "secret";
    fs::create_symlink("/etc/ssh/sshd_config", root_ / "etc/abs_link");  // absolute: inside the root
    fs::create_symlink("../../../../../../" + outside_.string(), root_ / "etc/escape");  // tries to escape
    fs::create_symlink(outside_, root_ / "etc/abs_escape");  // absolute outside path
    fs::create_symlink("loop2", root_ / "etc/loop1");
    fs::create_symlink("loop1", root_ / "etc/loop2");
    mkfifo((root_ / "etc/fifo").c_str(), 0644);
    auto h = NewRootfsHost(root_.string());
    ASSERT_TRUE(h.has_value());
    host_ = std::move(*h);
  }
  void TearDown() override {
    fs::remove_all(root_);
    fs::remove(outside_);
  }
  fs::path root_, outside_;
  std::unique_ptr<Host> host_;
};

TEST_F(RootfsHostTest, ReadsInsideTheRoot) {
  EXPECT_FALSE(host_->IsLive());
  EXPECT_EQ(*host_->ReadFile("/etc/ssh/sshd_config"), "PermitRootLogin no\n");
  EXPECT_EQ(*host_->ReadFile("/etc/abs_link"), "PermitRootLogin no\n");
  EXPECT_EQ(*host_->ReadFile("/etc/../etc/./ssh/sshd_config"), "PermitRootLogin no\n");
  EXPECT_EQ(*host_->ReadFile("/../../etc/ssh/sshd_config"), "PermitRootLogin no\n");
}

TEST_F(RootfsHostTest, SymlinksNeverEscape) {
  auto rel = host_->ReadFile("/etc/escape");
  ASSERT_FALSE(rel.has_value());
  EXPECT_EQ(rel.error().code, ErrorCode::kNotFound);
  auto abs = host_->ReadFile("/etc/abs_escape");
  ASSERT_FALSE(abs.has_value());
  EXPECT_EQ(abs.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*host_->ReadLink("/etc/abs_escape"), outside_.string());
}

TEST_F(RootfsHostTest, LoopsAndFifosAreErrorsNotHangs) {
  auto loop = host_->ReadFile("/etc/loop1");
  ASSERT_FALSE(loop.has_value());
  EXPECT_EQ(loop.error().code, ErrorCode::kIo);
  auto fifo = host_->ReadFile("/etc/fifo");
  ASSERT_FALSE(fifo.has_value());
  EXPECT_EQ(fifo.error().code, ErrorCode::kIo);
  EXPECT_EQ(host_->ReadFile("/etc/ssh").error().code, ErrorCode::kIo);
}

TEST_F(RootfsHostTest, ListsStatsAndRefusesLiveOperations) {
  auto entries = host_->ListDir("/etc");
  ASSERT_TRUE(entries.has_value());
  ASSERT_FALSE(entries->empty());
  EXPECT_EQ(entries->front().name, "abs_escape");
  auto st = host_->Stat("/etc/ssh/sshd_config");
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->type, FileType::kRegular);
  EXPECT_EQ(host_->Lstat("/etc/abs_link")->type, FileType::kSymlink);
  EXPECT_EQ(host_->ListProcesses().error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(host_->ListListeningSockets().error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(host_->Run({"true"}, std::chrono::seconds(1)).error().code, ErrorCode::kUnsupported);
  EXPECT_FALSE(NewRootfsHost("/nonexistent/dir").has_value());
}

}  // namespace
}  // namespace dengbao::host
