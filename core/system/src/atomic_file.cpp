// SPDX-License-Identifier: GPL-3.0-or-later
#include "mnl/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace mnl {
namespace {

[[noreturn]] void fail(int error, const std::filesystem::path& file, const char* what) {
  throw std::system_error(error, std::generic_category(),
                          "cannot write \"" + file.string() + "\" (" + what + ")");
}

mode_t newFileMode() {
  const mode_t mask = ::umask(0);  // the only way to read it
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

void writeFileAtomically(const std::filesystem::path& file, std::string_view bytes) {
  const std::filesystem::path dir = file.has_parent_path() ? file.parent_path() : ".";
  std::string hidden = ".";  // beside it, on the same file system, hidden from listings
  hidden += file.filename().string();
  hidden += ".XXXXXX";
  std::string temporary = (dir / hidden).string();
  const int fd = ::mkstemp(temporary.data());
  if (fd < 0) fail(errno, file, "creating a temporary file beside it");
  // From here on, any failure removes the temporary and leaves `file` alone.
  const auto abandon = [&](int error, const char* what) {
    ::close(fd);
    ::unlink(temporary.c_str());
    fail(error, file, what);
  };
  struct stat existing {};
  const mode_t mode = ::stat(file.c_str(), &existing) == 0 ? existing.st_mode & 07777 : newFileMode();
  if (::fchmod(fd, mode) != 0) abandon(errno, "setting its permissions");
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) abandon(n < 0 ? errno : EIO, "writing");
    done += static_cast<std::size_t>(n);
  }
  // On the disk before the rename: otherwise a crash soon after could leave the new name
  // pointing at a file whose data never arrived.
  if (::fsync(fd) != 0) abandon(errno, "flushing to the disk");
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(error, file, "closing");
  }
  if (::rename(temporary.c_str(), file.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    fail(error, file, "renaming the temporary file over it");
  }
  // The rename itself on the disk. Nothing is lost if this fails: the file is whole either way.
  if (const int d = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); d >= 0) {
    ::fsync(d);
    ::close(d);
  }
}

}  // namespace mnl
