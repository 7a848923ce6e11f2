#include "labelstation/io/recovery.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "labelstation/io/atomic_file.h"
#include "labelstation/io/errors.h"

namespace labelstation::io {
namespace {
namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;

constexpr const char* kExtension = ".recovery";

std::int64_t secondsNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t modifiedSeconds(const fs::path& file) {
  struct stat st {};
  return ::stat(file.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0;
}

std::string newId() {
  std::random_device rd;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld-%08x", static_cast<long long>(secondsNow()), rd());
  return buf;
}

void removeProjectFiles(const fs::path& project) {
  std::error_code ec;
  for (const char* suffix : {"", ".journal", ".bak"}) fs::remove(fs::path(project.string() + suffix), ec);
}

// The registration, locked without waiting; -1 when another process holds it (or it is gone).
int lockRegistration(const fs::path& file, int flags) {
  const int fd = ::open(file.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::optional<RecoveryRecord> readRecord(const fs::path& registration) {
  try {
    const auto j = nlohmann::json::parse(readWholeFile(registration));
    RecoveryRecord r;
    r.registration = registration;
    r.title = j.at("title").get<std::string>();
    r.source = j.at("source").get<std::string>();
    r.project = j.at("project").get<std::string>();
    r.untitled = j.at("untitled").get<bool>();
    r.started = j.value("started", std::int64_t{0});
    return r;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::unique_ptr<RecoveryClaim> RecoveryClaim::create(const fs::path& folder, const std::string& title, const std::string& source,
                                                     const fs::path& project) {
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw IoError(folder.string(), "cannot create the recovery folder: " + ec.message());
  std::unique_ptr<RecoveryClaim> claim(new RecoveryClaim);
  const std::string id = newId();
  RecoveryRecord& r = claim->record_;
  r.registration = folder / (id + kExtension);
  r.title = title;
  r.source = source;
  r.untitled = project.empty();
  r.project = project.empty() ? folder / (id + ".lsproj") : fs::absolute(project).lexically_normal();
  r.started = secondsNow();
  // Written and locked under another name, then renamed (the lock stays with the file): a
  // start-up scan never meets a registration that is not yet complete.
  const fs::path staging = fs::path(r.registration.string() + ".new");
  claim->fd_ = lockRegistration(staging, O_RDWR | O_CREAT | O_EXCL);
  if (claim->fd_ < 0) throw IoError(staging.string(), std::string("cannot register the task for recovery: ") + std::strerror(errno));
  claim->write();
  fs::rename(staging, r.registration, ec);
  if (ec) {
    fs::remove(staging, ec);
    throw IoError(r.registration.string(), "cannot register the task for recovery: " + ec.message());
  }
  return claim;
}

std::unique_ptr<RecoveryClaim> RecoveryClaim::adopt(const RecoveryRecord& record) {
  const int fd = lockRegistration(record.registration, O_RDWR);
  if (fd < 0) return nullptr;
  std::unique_ptr<RecoveryClaim> claim(new RecoveryClaim);
  claim->fd_ = fd;
  claim->record_ = record;
  return claim;
}

RecoveryClaim::~RecoveryClaim() {
  if (fd_ >= 0) ::close(fd_);  // the lock goes with it; the files stay for the next start
}

// Rewritten in place through the locked descriptor (a new file renamed over it would not be
// locked). A crash halfway leaves a registration that reads as damaged; that happens only when the
// task becomes a project, whose own journal then holds the work.
void RecoveryClaim::write() {
  const std::string text = ojson{{"title", record_.title},
                                 {"source", record_.source},
                                 {"project", record_.project.string()},
                                 {"untitled", record_.untitled},
                                 {"started", record_.started}}
                               .dump() +
                           "\n";
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()) || ::fdatasync(fd_) != 0)
    throw IoError(record_.registration.string(), std::string("cannot write the recovery registration: ") + std::strerror(errno));
}

std::unique_ptr<ProjectJournal> RecoveryClaim::startUntitledJournal(Document& document, const std::string& source) {
  ProjectContents contents = projectContentsOf(document, source == kSyntheticSource ? fs::path() : fs::path(source), {});
  saveProject(record_.project, contents);
  return std::make_unique<ProjectJournal>(record_.project, document);
}

void RecoveryClaim::becomeProject(const fs::path& project) {
  const fs::path previous = record_.project;
  const bool wasUntitled = record_.untitled;
  record_.project = fs::absolute(project).lexically_normal();
  record_.source = record_.project.string();
  record_.untitled = false;
  write();
  if (wasUntitled) removeProjectFiles(previous);
}

void RecoveryClaim::release() {
  if (fd_ < 0) return;
  if (record_.untitled) removeProjectFiles(record_.project);
  std::error_code ec;
  fs::remove(record_.registration, ec);
  ::close(fd_);
  fd_ = -1;
}

std::vector<RecoveryRecord> findOrphanedWork(const fs::path& folder) {
  std::vector<RecoveryRecord> found;
  std::error_code ec;
  for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path file = it->path();
    if (file.extension() == ".new" && fs::path(file).replace_extension().extension() == kExtension) {
      // A registration a crash left before it was complete (no change was made yet).
      if (const int fd = lockRegistration(file, O_RDWR); fd >= 0) {
        fs::remove(file, ec);
        ::close(fd);
      }
      ec.clear();
      continue;
    }
    if (file.extension() != kExtension || !it->is_regular_file(ec)) continue;
    const int fd = lockRegistration(file, O_RDWR);
    if (fd < 0) continue;  // a running session's
    std::optional<RecoveryRecord> record = readRecord(file);
    if (record) {
      record->changes = journalledChanges(record->project);
      std::error_code exists;
      const bool hasWork = record->untitled ? fs::is_regular_file(record->project, exists) : record->changes > 0;
      if (!hasWork) record.reset();
    }
    if (record) {
      const std::int64_t journalled = modifiedSeconds(fs::path(record->project.string() + ".journal"));
      record->lastChange = journalled ? journalled : modifiedSeconds(record->project);
      found.push_back(*record);
    } else {
      // Nothing to offer: no change was made, or it was saved. A damaged registration (a crash
      // while it turned into a project's, which then holds the work) takes its untitled project along.
      if (!readRecord(file)) removeProjectFiles(fs::path(file).replace_extension(".lsproj"));
      fs::remove(file, ec);
      ec.clear();
    }
    ::close(fd);
  }
  std::sort(found.begin(), found.end(), [](const RecoveryRecord& a, const RecoveryRecord& b) { return a.lastChange > b.lastChange; });
  return found;
}

void discardOrphanedWork(const RecoveryRecord& record) {
  const int fd = lockRegistration(record.registration, O_RDWR);
  if (fd < 0) return;  // taken by a running session meanwhile
  if (record.untitled) {
    removeProjectFiles(record.project);
  } else if (journalledChanges(record.project) > 0) {
    discardJournal(record.project);
  }
  std::error_code ec;
  fs::remove(record.registration, ec);
  ::close(fd);
}

}  // namespace labelstation::io
